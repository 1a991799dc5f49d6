"""Reading delimited files the way real exports come: a BOM or not, commas or semicolons
or tabs, UTF-8 or Windows-1252 (even mixed, line by line), quoted newlines, blank lines;
and turning their rows into events, refusing bad rows with the line, field and value."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile, RefusedRow, check_unique_ids, repeated_ids
from timeline_app.core.formats.cells import swapped_rows
from timeline_app.core.model import MAX_TEXT, Event

Progress = Callable[[float], None]  # told the share done (0..1); may raise ImportCancelled
PARSE_SHARE = 0.6  # of an import's progress: reading the file; the rest is writing it
STEP = 2000  # rows between progress reports
# A cell, a line and a row are capped while they are read, so that a runaway one (a quote
# left open, a file that is one line) is refused before it takes the memory. The cell cap
# is above the model's own limits (MAX_TEXT), which speak first with a clearer message.
CSV_FIELD_LIMIT = 10 * MAX_TEXT  # characters
LINE_LIMIT = 8 << 20  # characters of one line
ROW_LIMIT = 16 << 20  # characters of one row (its lines, if quoted cells hold newlines)
DELIMITERS = ",;\t|"


@dataclass
class Table:
    path: Path
    header: list[str]  # as written (stripped)
    rows: Iterator[tuple[int, list[str]]]  # (line where the row starts, cells)
    delimiter: str = ","
    done: Callable[[], float] = lambda: 0.0  # the share of the file read so far, for progress
    warnings: list[str] = field(default_factory=list)  # filled as the rows are read


def sniff_delimiter(first_line: str, suffix: str = "") -> str:
    """The delimiter of a header line: the candidate that splits it most."""
    if suffix == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Lines:
    """The file's lines as text, read with a bounded readline: UTF-8 where they are,
    Windows-1252 line by line where they are not. Lines end as in the file (`\\n`, `\\r\\n`
    or `\\r`), as the csv module wants them; a line or a row longer than allowed is refused
    as soon as it is seen, before it takes the memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.size = max(path.stat().st_size, 1)
            raw = path.open("rb")
        except OSError as exc:
            raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
        # surrogateescape keeps the bytes of a line that is not UTF-8, to decode it again
        self.file = io.TextIOWrapper(raw, "utf-8-sig", errors="surrogateescape", newline="")
        self.number = 0  # lines read
        self.row_start = 1  # the line the row being read starts on
        self.row_chars = 0  # characters of that row read so far
        self.not_utf8 = 0
        self.pushed: list[str] = []
        self.error: _TooLong | None = None
        self.row: list[str] = []  # the lines of the row being read, to tell a cell too long

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if not self.pushed and self.error:
            raise self.error
        line = self.pushed.pop() if self.pushed else self.readline()
        if not line:
            raise StopIteration
        self.row.append(line)
        return line

    def readline(self) -> str:
        try:
            line = self.file.readline(LINE_LIMIT + 1)
        except (OSError, ValueError) as exc:  # ValueError: closed
            raise InputError(self.path, f"cannot read the file ({exc})") from None
        if not line:
            return line
        self.number += 1
        if len(line) > LINE_LIMIT:
            raise _TooLong(f"a line longer than {LINE_LIMIT:,} characters", self.number, line)
        self.row_chars += len(line)
        if self.row_chars > ROW_LIMIT:
            raise _TooLong(f"a row longer than {ROW_LIMIT:,} characters", self.row_start, line)
        if not line.isascii():
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:  # bytes kept as surrogates: not UTF-8, so Windows-1252
                self.not_utf8 += 1
                line = line.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
        return line

    def peek(self, n: int) -> list[str]:
        """The next `n` lines (fewer at the end), left to be read again."""
        ahead: list[str] = []
        try:
            while len(ahead) < n and (line := self.readline()):
                ahead.append(line)
        except _TooLong as exc:  # raised when that line is read
            self.error = exc
        self.pushed = ahead[::-1] + self.pushed
        return ahead

    def done(self) -> float:
        try:
            return min(self.file.buffer.tell() / self.size, 1.0)
        except (OSError, ValueError):  # closed
            return 1.0


class _TooLong(Exception):
    def __init__(self, message: str, line: int, text: str) -> None:
        super().__init__(message)
        self.message, self.line, self.text = message, line, text


def _too_long(
    path: Path, what: str, line: int, text: list[str], delimiter: str, header: list[str]
) -> InputError:
    """The error for a cell, line or row cut off while it was read; it names the cell's
    column when the part read tells it."""
    field = _cell_of(text, delimiter, header)
    if field is None:
        return InputError(path, f"{what}: not a table of events, or a quote left open", line=line)
    return InputError(path, f"{what}, more than the {MAX_TEXT:,} allowed in a cell (a quote "
                      "left open?)", line=line, field=field)  # fmt: skip


def _cell_of(lines: list[str], delimiter: str, header: list[str]) -> str | None:
    """The column of the last cell begun in `lines` (where reading stopped), if known."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, sum(map(len, lines)) + 1))
    try:
        cells = next(csv.reader(lines, delimiter=delimiter), [])
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(limit)
    return header[len(cells) - 1] if 0 < len(cells) <= len(header) else None


def open_table(path: Path, *, header: bool = True) -> Table:
    """The file as a table, read as its rows are asked for. Raises InputError for an empty
    file or a header cut by a stray carriage return, and, while reading, for a bad row."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    lines = _Lines(path)
    first_two = lines.peek(2)
    first_line = first_two[0] if first_two else ""
    _check_header_line(path, first_two)
    delimiter = sniff_delimiter(first_line, path.suffix.lower())
    reader = csv.reader(lines, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[str]]]:
        with lines.file:
            while True:
                line = reader.line_num + 1
                lines.row_start, lines.row_chars, lines.row = line, 0, []
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except _TooLong as exc:
                    raise _too_long(path, exc.message, exc.line, [*lines.row, exc.text],
                                    delimiter, table.header) from None  # fmt: skip
                except csv.Error as exc:
                    if "field larger than field limit" not in str(exc):
                        raise InputError(path, f"not readable as CSV ({exc})", line=line) from None
                    raise _too_long(path, f"a cell longer than {CSV_FIELD_LIMIT:,} characters",
                                    line, lines.row, delimiter, table.header) from None  # fmt: skip
                if any(c.strip() for c in cells):
                    yield line, cells
        if lines.not_utf8:
            table.warnings.append(f"{lines.not_utf8} line(s) were not UTF-8 and were read as "
                                  "Windows-1252 (Latin-1)")  # fmt: skip

    table = Table(path, [], rows(), delimiter, done=lines.done)
    if header:
        first = next(table.rows, None)
        if first is None:
            raise InputError(path, "the file is empty")
        table.header = [h.strip() for h in first[1]]
    return table


def _check_header_line(path: Path, first_two: list[str]) -> None:
    """A carriage return alone inside the header line (the next line ends as the rest of the
    file does, with a line feed) cuts the header in two: the columns after it would be read
    as a row of data. A file whose lines all end with a lone CR (old Macs) is fine."""
    if len(first_two) < 2:
        return
    first, second = first_two
    if first.endswith("\r") and second.endswith("\n") and second.strip():
        cell = re.split("[,;\t|]", first.rstrip("\r"))[-1]
        raise InputError(path, "a stray carriage return (CR) in the header, after "
                         f"'{cell[:40]}': the columns after it would be lost", line=1)  # fmt: skip


def read_header(path: Path) -> list[str]:
    """The header of a delimited file, as the readers read it."""
    return open_table(path).header


def convert_rows(
    table: Table,
    names: list[str],
    convert: Callable[[dict[str, str]], Event],
    *,
    fmt: str,
    skip_bad: bool = False,
    complete: bool = False,
    progress: Progress | None = None,
) -> ParsedFile:
    """Events from a table's rows. `names` are the column names `convert` reads. A bad row
    stops the import (InputError) unless `skip_bad`, which refuses it with its reason.
    `complete`: every row must have every column (a short row means a truncated file)."""
    path = table.path
    events: list[Event] = []
    lines: list[int | None] = []
    refused: list[RefusedRow] = []
    for n, (line, cells) in enumerate(table.rows):
        if progress is not None and n % STEP == 0:
            progress(PARSE_SHARE * table.done())
        try:
            if len(cells) > len(names):
                raise FieldError("", f"{len(cells)} cells but the header names {len(names)}")
            if complete and len(cells) < len(names):
                raise FieldError(
                    names[len(cells)],
                    f"the row has {len(cells)} of {len(names)} columns (a truncated file?)",
                )
            event = convert(dict(zip(names, cells, strict=False)))
        except FieldError as exc:
            if not skip_bad:
                raise InputError(path, exc.message, line=line, field=exc.field or None) from None
            refused.append(RefusedRow(line, exc.field, exc.message, cells))
            continue
        events.append(event)
        lines.append(line)
    swapped = swapped_rows(events, lines)
    if swapped and not skip_bad:
        at, message = swapped[0]
        raise InputError(path, message, line=at, field="latitude")
    if swapped:
        bad = {line for line, _ in swapped}
        refused += [RefusedRow(line, "latitude", message) for line, message in swapped]
        kept = [(e, ln) for e, ln in zip(events, lines, strict=True) if ln not in bad]
        events, lines = [e for e, _ in kept], [ln for _, ln in kept]
    if skip_bad:  # a repeated id is a bad row like any other: the first use is kept
        repeats = repeated_ids([e.id for e in events])
        refused += [RefusedRow(lines[i], "id", f"id '{events[i].id}' is used again (first at "
                               f"line {lines[j]})") for i, j in repeats]  # fmt: skip
        again = {i for i, _ in repeats}
        events = [e for i, e in enumerate(events) if i not in again]
        lines = [ln for i, ln in enumerate(lines) if i not in again]
    check_unique_ids(path, events, lines)
    return ParsedFile(
        path, fmt, events, lines,
        refused=sorted(refused, key=lambda r: r.line or 0), warnings=list(table.warnings),
    )  # fmt: skip


def write_refused(refused: Sequence[RefusedRow], header: Sequence[str], target: Path) -> None:
    """The refused rows as they were, with the reason in a first column."""
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["refused_line", "refused_field", "refused_reason", *header])
        for r in refused:
            writer.writerow(["" if r.line is None else r.line, r.field, r.message, *r.cells])
