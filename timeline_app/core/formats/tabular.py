"""Reading delimited files the way real exports come: a BOM or not, commas or semicolons
or tabs, UTF-8 or Windows-1252 (even mixed, line by line), quoted newlines, blank lines;
and turning their rows into events, refusing bad rows with the line, field and value."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile, RefusedRow, check_unique_ids, repeated_ids
from timeline_app.core.formats.cells import swapped_rows
from timeline_app.core.model import Event

Progress = Callable[[float], None]  # told the share done (0..1); may raise ImportCancelled
PARSE_SHARE = 0.6  # of an import's progress: reading the file; the rest is writing it
STEP = 2000  # rows between progress reports
CSV_FIELD_LIMIT = 64 * 1024 * 1024  # the model's own limits speak first, with a clearer message
DELIMITERS = ",;\t|"


@dataclass
class Table:
    path: Path
    header: list[str]  # as written (stripped)
    rows: Iterator[tuple[int, list[str]]]  # (line where the row starts, cells)
    delimiter: str = ","
    lines: int = 1  # in the whole file, to tell progress
    warnings: list[str] = field(default_factory=list)


def read_lenient_text(path: Path) -> tuple[str, list[str]]:
    """The file as text: UTF-8 where it is, Windows-1252 line by line where it is not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        warnings: list[str] = []
    except UnicodeDecodeError:
        fixed, bad = [], 0
        for raw in data.split(b"\n"):
            try:
                fixed.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                fixed.append(raw.decode("cp1252", errors="replace"))
                bad += 1
        text = "\n".join(fixed)
        warnings = [f"{bad} line(s) were not UTF-8 and were read as Windows-1252 (Latin-1)"]
    if not text.strip():
        raise InputError(path, "the file is empty")
    return text, warnings


def sniff_delimiter(first_line: str, suffix: str = "") -> str:
    """The delimiter of a header line: the candidate that splits it most."""
    if suffix == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_table(path: Path, text: str, *, header: bool = True) -> Table:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line, path.suffix.lower())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[str]]]:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(path, f"not readable as CSV ({exc})", line=line) from None
            if any(c.strip() for c in cells):
                yield line, cells

    it = rows()
    names: list[str] = []
    if header:
        first = next(it, None)
        if first is None:
            raise InputError(path, "the file is empty")
        names = [h.strip() for h in first[1]]
    return Table(path, names, it, delimiter, lines=text.count("\n") + 1)


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
            progress(PARSE_SHARE * line / table.lines)
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
        line, message = swapped[0]
        raise InputError(path, message, line=line, field="latitude")
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
