"""What every reader shares: the parsed result, strict text decoding, id checks."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline_app.core.errors import InputError
from timeline_app.core.model import Actor, Event, Story


@dataclass
class RefusedRow:
    """A row (or JSON record) refused with --skip-bad-rows, and why."""

    line: int | None
    field: str
    message: str
    cells: list[str] = dataclasses.field(default_factory=list)  # (`field` is a field here)


@dataclass
class ParsedFile:
    """The events of one file, validated, with where each came from."""

    path: Path
    format: str
    events: list[Event]
    lines: list[int | None] = field(default_factory=list)  # line of each event in the file
    actors: list[Actor] = field(default_factory=list)
    dataset_name: str = ""  # the dataset the file names, if it names one
    dataset_description: str = ""
    label: str = ""  # what the file was read as, for people: "ACLED (current export)"
    warnings: list[str] = field(default_factory=list)  # things read, but worth saying
    refused: list[RefusedRow] = field(default_factory=list)  # with --skip-bad-rows
    header: list[str] = field(default_factory=list)  # a table's columns, for the refused file
    stories: list[Story] = field(default_factory=list)  # our JSON carries them
    history: list[tuple] = field(default_factory=list)  # and the events' changes (history.py)

    def where(self, index: int) -> dict:
        """Keyword arguments for an InputError about event `index`."""
        line = self.lines[index] if index < len(self.lines) else None
        return {"line": line, "record": None if line else f"event {index + 1}"}


def read_text(path: Path) -> str:
    """The file as UTF-8 text (a BOM is allowed); errors say where the bad bytes are."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line=line,
        ) from None
    if not text.strip():
        raise InputError(path, "the file is empty")
    return text


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


def load_json(path: Path, text: str) -> Any:
    """The JSON document of a file; every way decoding fails is an InputError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise InputError(path, TOO_DEEP) from None
    except ValueError:  # the only other: an integer longer than int() takes
        raise InputError(path, "a number of more than 4,300 digits: not a file of events") from None


TOO_DEEP = "lists or objects nested too deeply (hundreds of levels): not a file of events"


def repeated_ids(ids: Sequence[str]) -> list[tuple[int, int]]:
    """(index, index of its first use) of each id used again, in order."""
    first: dict[str, int] = {}
    repeats = []
    for i, one in enumerate(ids):
        if one in first:
            repeats.append((i, first[one]))
        else:
            first[one] = i
    return repeats


def check_unique_ids(path: Path, events: Sequence[Event], lines: Sequence[int | None]) -> None:
    first: dict[str, int] = {}
    for i, event in enumerate(events):
        if event.id in first:
            j = first[event.id]
            was = f"line {lines[j]}" if lines[j] else f"event {j + 1}"
            raise InputError(
                path,
                f"id '{event.id}' is used again (first at {was})",
                line=lines[i],
                record=None if lines[i] else f"event {i + 1}",
                field="id",
            )
        first[event.id] = i
