"""Memory given back to the system after a large dataset is loaded.

Loading a million events makes hundreds of MB of temporaries. glibc keeps much of what is
freed for later use instead of returning it (its threshold for returning large blocks rises as
they are freed), so the process stays ~100 MB bigger than what it holds. `malloc_trim` returns
it. Other platforms' allocators do this themselves; there it does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys


def release_free_memory() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl, say)
        ctypes.CDLL("libc.so.6").malloc_trim(0)
