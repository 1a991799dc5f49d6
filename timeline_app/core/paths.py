"""Where things live: the store, the bundled resources."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "timeline-app"
STORE_ENV = "TIMELINE_APP_STORE"
STORE_FILE = "timeline.sqlite"


def default_store_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / STORE_FILE


def resolve_store_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--store PATH` first, then $TIMELINE_APP_STORE, then the user's data directory."""
    chosen = explicit or os.environ.get(STORE_ENV) or default_store_path()
    return Path(chosen).expanduser()


def resources_dir() -> Path:
    """Installed, resources/ sits inside the package; in a source checkout, beside it."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no resources directory near {package}")
