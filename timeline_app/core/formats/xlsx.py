"""The first sheet of an Excel workbook as a table, its size checked before it is read.

A workbook is a zip of XML parts, and a few kilobytes can stand for a sheet of billions of
cells (one cell at XFD1048576) or parts of gigabytes. So, before openpyxl reads anything:
the parts' unzipped sizes (which zipfile enforces) are capped, and the cells and shared
strings are counted in the raw XML. The rows are then read as written (read-only mode),
not padded out to the sheet's stated dimension, which may lie.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from timeline_app.core.errors import InputError
from timeline_app.core.formats.tabular import Table

MAX_CELLS = 3_000_000  # cells of the sheet, empty ones between values included
MAX_COLUMNS = 16_384  # Excel's own limits
MAX_ROWS = 1_048_576
MAX_PART = 1 << 30  # bytes of a sheet or the shared strings, unzipped
MAX_OTHER_PART = 64 << 20  # bytes of any other part (styles, workbook), unzipped
_TOKEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s/>]")
_CHUNK = 1 << 20


def read_xlsx(path: Path) -> Table:
    """The first sheet: the header (first non-empty row) and the rows after it, with the
    sheet's row numbers. Raises InputError for a damaged or too large workbook."""
    from openpyxl import load_workbook  # slow to import: only when a workbook comes

    try:
        archive = zipfile.ZipFile(path)
    # NotImplementedError: an entry that needs a newer zip version than Python reads
    except (OSError, zipfile.BadZipFile, ValueError, NotImplementedError) as exc:
        raise InputError(path, f"not readable as an Excel workbook ({exc})") from None
    with archive:
        try:
            _check_parts(path, archive)
            # every sheet: openpyxl reads each to its end at load when it states no dimension
            _count_cells(path, archive)
        except InputError:
            raise
        except Exception as exc:  # a damaged zip fails in many ways (BadZipFile, zlib.error)
            raise InputError(path, f"not readable as an Excel workbook ({exc})") from None
        try:
            book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise InputError(path, f"not readable as an Excel workbook ({exc})") from None
        try:
            if not book.worksheets:
                raise InputError(path, "the workbook has no sheet")
            sheet = book.worksheets[0]
            _check_dimension(path, sheet)
            rows = _rows(path, sheet)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(path, f"not readable as an Excel workbook ({exc})") from None
        finally:
            book.close()
    if not rows:
        raise InputError(path, "the first sheet is empty")
    (_, first), rest = rows[0], rows[1:]
    at = [0]  # rows handed out, for progress

    def handed() -> Iterator[tuple[int, list[str]]]:
        for at[0], row in enumerate(rest, 1):
            yield row

    return Table(path, _header(first), handed(), done=lambda: at[0] / max(len(rest), 1))


def _check_parts(path: Path, archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        big = info.filename.startswith("xl/worksheets/") or info.filename.endswith(
            "sharedStrings.xml"
        )
        limit = MAX_PART if big else MAX_OTHER_PART
        if info.file_size > limit:
            raise InputError(path, f"its part {info.filename} unzips to {info.file_size:,} bytes "
                             f"(at most {limit:,} are read): not a sheet of events")  # fmt: skip
        if info.filename.endswith("sharedStrings.xml"):
            strings = _count(archive, info.filename, b"si", MAX_CELLS)
            if strings > MAX_CELLS:
                raise InputError(path, f"more than {MAX_CELLS:,} distinct texts in the workbook "
                                 "(at most that many cells are read)")  # fmt: skip


def _check_dimension(path: Path, sheet: Any) -> None:
    """The dimension the sheet states ("A1:XFD1048576"), if it states one."""
    rows, columns = sheet.max_row, sheet.max_column
    if rows and columns and rows * columns > MAX_CELLS:
        raise InputError(
            path,
            f"the first sheet spans {columns:,} columns and {rows:,} rows, "
            f"more than the {MAX_CELLS:,} cells that can be read: clear the cells "
            "beyond the table (Ctrl+End shows the last one), or save it as CSV",
        )


def _count_cells(path: Path, archive: zipfile.ZipFile) -> None:
    """Count the sheets' cells in their XML (and those of a row), without parsing it."""
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            _count(archive, name, b"c", MAX_CELLS, per_row=MAX_COLUMNS, path=path)


def _count(
    archive: zipfile.ZipFile,
    name: str,
    tag: bytes,
    limit: int,
    *,
    per_row: int | None = None,
    path: Path | None = None,
) -> int:
    """How many `tag` elements the part holds, stopping past `limit`; with `per_row`,
    raises InputError if a row holds more than that many."""
    total = in_row = 0
    tail = b""
    with archive.open(name) as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            # a token cut by the chunk's end is left for the next round (tokens are short)
            cut = data.rfind(b"<", max(0, len(data) - 64))
            cut = len(data) if cut < 0 else cut
            for match in _TOKEN.finditer(data, 0, cut):
                kind = match.group(1)
                if kind == tag:
                    total += 1
                    in_row += 1
                    if per_row and in_row > per_row:
                        raise InputError(path or Path(name), f"a row of more than {per_row:,} "
                                         "cells: not a sheet of events")  # fmt: skip
                elif kind == b"row":
                    in_row = 0
            if total > limit:
                if path is not None:
                    raise InputError(path, f"a sheet holds more than {limit:,} cells "
                                     "(at most that many are read): split it, or clear the "
                                     "cells beyond the table")  # fmt: skip
                return total
            tail = data[cut:]
    return total


def _rows(path: Path, sheet: Any) -> list[tuple[int, list[str]]]:
    """The non-empty rows, as text, with their numbers, trailing empty cells left out."""
    sheet.reset_dimensions()  # as written: a stated dimension may lie
    out = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        if number > MAX_ROWS:
            raise InputError(path, f"more than {MAX_ROWS:,} rows: not an Excel sheet")
        last = len(values)
        while last and values[last - 1] in (None, ""):
            last -= 1
        if last:
            out.append((number, [_text(v) for v in values[:last]]))
    return out


def _text(value: Any) -> str:
    """A cell as pandas' read_excel(dtype=str) gave it: whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)  # a date: "2025-03-19 00:00:00", as loose dates read it


def _header(cells: list[str]) -> list[str]:
    """Column names: an empty one is "Unnamed: N", a repeated one "name.1" (as pandas)."""
    names: list[str] = []
    for i, cell in enumerate(cells):
        name = cell.strip() or f"Unnamed: {i}"
        base, k = name, 0
        while name in names:
            k += 1
            name = f"{base}.{k}"
        names.append(name)
    return names
