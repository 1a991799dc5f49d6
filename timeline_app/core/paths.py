"""Where things live: the store, settings and logs, and the bundled resources.

Normally under the user's directories (platformdirs). In portable mode (`--portable`, or a
file `timeline-app.portable` beside the program) all three live in folders beside the
program, so that a USB stick carries the app and its data together.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "timeline-app"
STORE_ENV = "TIMELINE_APP_STORE"
PORTABLE_ENV = "TIMELINE_APP_PORTABLE"  # the folder of a portable install, when in that mode
PORTABLE_MARKER = "timeline-app.portable"
STORE_FILE = "timeline.sqlite"


def program_dir() -> Path:
    """The folder of the program: the bundle's, or the installed script's."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent


def portable_root() -> Path | None:
    """The folder everything lives in, in portable mode; None otherwise."""
    if chosen := os.environ.get(PORTABLE_ENV):
        return Path(chosen)
    marker = program_dir() / PORTABLE_MARKER
    return marker.parent if marker.exists() else None


def _dir(kind: str) -> Path:
    root = portable_root()
    if root is not None:
        return root / kind
    finders: dict[str, Callable[..., str]] = {
        "data": platformdirs.user_data_dir,
        "settings": platformdirs.user_config_dir,
        "logs": platformdirs.user_log_dir,
    }
    return Path(finders[kind](APP_NAME, appauthor=False))


def default_store_path() -> Path:
    return _dir("data") / STORE_FILE


def settings_path() -> Path:
    return _dir("settings") / "settings.ini"


def log_dir() -> Path:
    return _dir("logs")


def resolve_store_path(explicit: str | os.PathLike | None = None) -> Path | str:
    """`--store PATH` first, then $TIMELINE_APP_STORE, then the data directory. A
    postgresql:// URL (a team's store) is given back as it is."""
    from timeline_app.core.backend import is_server_url

    chosen = explicit or os.environ.get(STORE_ENV) or default_store_path()
    if is_server_url(chosen):
        return str(chosen)
    return Path(chosen).expanduser()


def resources_dir() -> Path:
    """Installed, resources/ sits inside the package; in a source checkout, beside it."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no resources directory near {package}")
