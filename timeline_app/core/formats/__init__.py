"""Readers and writers of event files. Every reader gives a ParsedFile or raises InputError."""

from __future__ import annotations

from pathlib import Path

from timeline_app.core.errors import InputError
from timeline_app.core.formats.base import ParsedFile
from timeline_app.core.formats.native_csv import read_native_csv, write_native_csv
from timeline_app.core.formats.native_json import read_native_json, write_native_json

READERS = {"csv": read_native_csv, "json": read_native_json}
WRITERS = {"csv": write_native_csv, "json": write_native_json}
FORMATS = ("auto", *READERS)

__all__ = ["FORMATS", "ParsedFile", "detect_format", "read_file", "write_file"]


def detect_format(path: Path) -> str:
    """The format of a file, from its extension."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt in ("tsv", "txt"):
        fmt = "csv"
    if fmt not in READERS:
        known = ", ".join(f".{f}" for f in READERS)
        raise InputError(
            path, f"cannot tell the format from '{path.suffix}' ({known}); use --format"
        )
    return fmt


def read_file(path: Path | str, fmt: str = "auto") -> ParsedFile:
    path = Path(path)
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt not in READERS:
        raise InputError(path, f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
    return READERS[fmt](path)


def write_file(parsed: ParsedFile, path: Path | str) -> None:
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in WRITERS:
        known = ", ".join(f".{f}" for f in WRITERS)
        raise InputError(path, f"cannot write '{path.suffix}' files (only {known})")
    WRITERS[fmt](parsed, path)
