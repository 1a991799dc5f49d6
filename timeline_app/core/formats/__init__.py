"""Readers and writers of event files. Every reader gives a ParsedFile or raises InputError."""

from __future__ import annotations

import re
from pathlib import Path

from timeline_app.core.errors import InputError
from timeline_app.core.formats.acled import is_acled, read_acled
from timeline_app.core.formats.base import TOO_DEEP, ParsedFile, load_json, read_lenient_text
from timeline_app.core.formats.column_guess import NeedsMapping, guess_mapping
from timeline_app.core.formats.native_csv import REQUIRED as NATIVE_REQUIRED
from timeline_app.core.formats.native_csv import read_native_csv, write_native_csv
from timeline_app.core.formats.native_json import FORMAT_NAME, read_native_json, write_native_json
from timeline_app.core.formats.spreadsheet import (
    SHEET_SUFFIXES,
    ColumnMap,
    missing_fields,
    read_spreadsheet,
    sample,
)
from timeline_app.core.formats.tabular import Progress, read_header
from timeline_app.core.formats.timelinejs import (
    is_timelinejs_sheet,
    read_timelinejs,
    read_timelinejs_sheet,
)
from timeline_app.core.formats.ucdp import is_headerless_ucdp, is_ucdp, read_ucdp

READERS = {
    "csv": read_native_csv,
    "json": read_native_json,
    "acled": read_acled,
    "ucdp": read_ucdp,
    "timelinejs": read_timelinejs,
    "timelinejs-csv": read_timelinejs_sheet,
}
WRITERS = {"csv": write_native_csv, "json": write_native_json}
FORMATS = ("auto", *READERS, "spreadsheet")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
SAMPLE_ROWS = 200  # rows read to guess a mapping and settle the day/month order

__all__ = [
    "FORMATS",
    "ColumnMap",
    "NeedsMapping",
    "ParsedFile",
    "auto_mapping",
    "detect_format",
    "read_file",
    "write_file",
]


def detect_format(path: Path) -> str:
    """Which reader fits the file, from its structure (JSON) or its header (tables)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        doc = load_json(path, read_lenient_text(path)[0])
        if isinstance(doc, dict) and doc.get("format") == FORMAT_NAME:
            return "json"
        if isinstance(doc, dict) and isinstance(doc.get("events"), list):
            return "timelinejs"
        raise InputError(path, "a JSON file neither Timeline App's nor TimelineJS's")
    if suffix in TABLE_SUFFIXES:
        header = read_header(path)
        names = {h.strip().lower() for h in header}
        if is_acled(header):
            return "acled"
        if is_ucdp(header) or is_headerless_ucdp(header):
            return "ucdp"
        if is_timelinejs_sheet(header):
            return "timelinejs-csv"
        if names >= set(NATIVE_REQUIRED):  # ours only if it has all we need
            return "csv"
        if not any(re.search(r"[^\W\d_]", h) for h in header):  # dates, numbers: data
            raise InputError(
                path, "the first line holds no column names: a table needs a header", line=1
            )
        return "spreadsheet"  # any other table: its columns need mapping
    if suffix in SHEET_SUFFIXES:
        return "spreadsheet"
    known = ", ".join((".json", *TABLE_SUFFIXES))
    raise InputError(path, f"cannot tell the format from '{path.suffix}' ({known}); use --format")


def read_file(
    path: Path | str,
    fmt: str = "auto",
    *,
    skip_bad_rows: bool = False,
    date_order: str | None = None,
    progress: Progress | None = None,
    mapping: ColumnMap | None = None,
) -> ParsedFile:
    """Read a file as `fmt` (or the format detected). `skip_bad_rows` refuses bad rows into
    `ParsedFile.refused` instead of failing; `date_order` ("dmy"/"mdy") settles slashed dates;
    `progress` is told how far reading has come, and may cancel by raising ImportCancelled;
    `mapping` reads any other table (CSV, TSV, XLSX) with its columns mapped to our fields."""
    path = Path(path)
    try:
        return _read(path, fmt, skip_bad_rows, date_order, progress, mapping)
    except RecursionError:  # a value nested deeply, if decoding left enough stack for it
        raise InputError(path, TOO_DEEP) from None


def _read(
    path: Path,
    fmt: str,
    skip_bad_rows: bool,
    date_order: str | None,
    progress: Progress | None,
    mapping: ColumnMap | None,
) -> ParsedFile:
    if fmt == "auto" and mapping is None:
        fmt = detect_format(path)
    if mapping is not None or fmt == "spreadsheet":
        if mapping is None:
            raise NeedsMapping.unknown(path, sample(path, SAMPLE_ROWS), _native_note(path))
        if date_order and not mapping.date_order:
            mapping = ColumnMap(mapping.columns, date_order)
        return read_spreadsheet(path, mapping, skip_bad=skip_bad_rows, progress=progress)
    if fmt not in READERS:
        raise InputError(path, f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
    if fmt == "acled":
        return read_acled(path, skip_bad=skip_bad_rows, date_order=date_order, progress=progress)
    return READERS[fmt](path, skip_bad=skip_bad_rows, progress=progress)


def auto_mapping(path: Path | str, fmt: str = "auto") -> ColumnMap | None:
    """The mapping guessed from the file's column names if it needs one (a table of no
    known format, or `fmt` "spreadsheet"); None for a file of a known format. Raises
    NeedsMapping if no column's name says which holds a required field."""
    path = Path(path)
    if (detect_format(path) if fmt == "auto" else fmt) != "spreadsheet":
        return None
    found = sample(path, SAMPLE_ROWS)
    guess = guess_mapping(found.header, (cells for _, cells in found.rows))
    if missing := missing_fields(guess):
        raise NeedsMapping(
            path, found, "no column's name says which holds it, so the guess cannot be taken: "
            "give a mapping that names it (--map FILE.json)", line=1, field=missing[0],
        )  # fmt: skip
    return guess


def _native_note(path: Path) -> str:
    """For a table that looks like ours but lacks a required column: which."""
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return ""
    names = {h.strip().lower() for h in sample(path, 0).header}
    missing = [c for c in NATIVE_REQUIRED if c not in names]
    if len(missing) < len(NATIVE_REQUIRED):
        return "as Timeline App CSV it lacks the column " + ", ".join(f"'{c}'" for c in missing)
    return ""


def write_file(parsed: ParsedFile, path: Path | str) -> None:
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in WRITERS:
        known = ", ".join(f".{f}" for f in WRITERS)
        raise InputError(path, f"cannot write '{path.suffix}' files (only {known})")
    WRITERS[fmt](parsed, path)
