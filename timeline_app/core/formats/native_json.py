"""Our own JSON: a lossless form of every field of a dataset's events and actors.

{"format": "timeline-app", "version": 1,
 "dataset": {"name": "...", "description": "..."},
 "actors": [{"name": "M23/AFC", "aliases": ["M23"], "kind": "Rebel group"}],
 "events": [{"id": "...", "start": "2025-01-27", "precision": "day", "title": "...", ...}],
 "history": [{"event": "...", "at": "2025-03-05T09:12:00+00:00", "who": "amina",
              "origin": "window", "action": "changed", "changes": {"title": ["old", "new"]}}]}

"history" (each event's changes, deleted events' included, oldest first) is optional: files
without it, and older readers, which ignore it, are still version 1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from timeline_app.core import history
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import (
    ParsedFile,
    RefusedRow,
    check_unique_ids,
    load_json,
    read_text,
    repeated_ids,
)
from timeline_app.core.serialize import (
    actor_from_dict,
    actor_to_dict,
    event_from_dict,
    event_to_dict,
    story_from_dict,
    story_to_dict,
)

FORMAT_NAME = "timeline-app"
FORMAT_VERSION = 1


def read_native_json(path: Path, *, skip_bad: bool = False, progress=None) -> ParsedFile:
    text = read_text(path)
    doc = load_json(path, text)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise InputError(path, f'not a Timeline App JSON file (no "format": "{FORMAT_NAME}")')
    version = doc.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(
            path,
            f"format version {version!r}; this version of Timeline App reads up to "
            f"{FORMAT_VERSION}",
            field="version",
        )
    raw_events = doc.get("events")
    if not isinstance(raw_events, list):
        raise InputError(path, "expected a list of events", field="events")
    dataset = doc.get("dataset") or {}
    if not isinstance(dataset, dict):
        raise InputError(path, "expected an object with a name", field="dataset")

    for key in ("actors", "stories", "history"):
        if not isinstance(doc.get(key) or [], list):
            raise InputError(path, f"expected a list of {key}", field=key)
    try:
        actors = [actor_from_dict(a) for a in doc.get("actors") or []]
        stories = [story_from_dict(st) for st in doc.get("stories") or []]
    except FieldError as exc:
        raise InputError(path, exc.message, field=exc.field) from None
    refused = []
    changes = []
    for i, raw in enumerate(doc.get("history") or []):
        try:
            changes.append(history.from_dict(raw))
        except FieldError as exc:
            if skip_bad:  # what a change is about is kept; a bad one is said and left out
                refused.append(RefusedRow(None, exc.field, f"history entry {i + 1}: {exc.message}"))
                continue
            raise InputError(path, exc.message, record=f"history entry {i + 1}",
                             field=exc.field) from None  # fmt: skip
    events = []
    index = []  # each event's place in the file's list
    for i, raw in enumerate(raw_events):
        try:
            events.append(event_from_dict(raw))
            index.append(i)
        except FieldError as exc:
            rid = raw.get("id") if isinstance(raw, dict) else None
            record = f"event {i + 1}" + (f" (id '{rid}')" if isinstance(rid, str) else "")
            if skip_bad:
                refused.append(RefusedRow(None, exc.field, f"{record}: {exc.message}"))
                continue
            line = _event_lines(text)[i]
            raise InputError(path, exc.message, line=line, record=record, field=exc.field) from None
    if skip_bad:  # a repeated id is a bad record like any other: the first use is kept
        repeats = repeated_ids([e.id for e in events])
        for i, j in repeats:
            again_at, first_at = index[i] + 1, index[j] + 1
            message = (
                f"event {again_at}: id '{events[i].id}' is used again (first at event {first_at})"
            )
            refused.append(RefusedRow(None, "id", message))
        again = {i for i, _ in repeats}
        events = [e for i, e in enumerate(events) if i not in again]
    lines: list[int | None] = [None] * len(events)
    try:
        check_unique_ids(path, events, lines)
    except InputError:
        at = _event_lines(text)
        lines = [at[i] for i in index]
        check_unique_ids(path, events, lines)
    name = dataset.get("name", "")
    description = dataset.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise InputError(path, "dataset name and description must be text", field="dataset")
    parsed = ParsedFile(path, "json", events, lines, actors, name, description)
    parsed.label, parsed.refused, parsed.stories = "Timeline App JSON", refused, stories
    parsed.history = changes
    ids = {e.id for e in events}
    for story in stories:
        for step in story.steps:
            if step.event_id not in ids and not skip_bad:
                raise InputError(path, f"story '{story.name}' names no event of this file: "
                                 f"'{step.event_id}'", field="stories.steps.event")  # fmt: skip
    return parsed


def write_native_json(parsed: ParsedFile, path: Path) -> None:
    doc: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    dataset = {"name": parsed.dataset_name}
    if parsed.dataset_description:
        dataset["description"] = parsed.dataset_description
    doc["dataset"] = dataset
    doc["actors"] = [actor_to_dict(a) for a in parsed.actors]
    doc["events"] = [event_to_dict(e) for e in parsed.events]
    if parsed.stories:
        doc["stories"] = [story_to_dict(st) for st in parsed.stories]
    if parsed.history:
        doc["history"] = [
            history.to_dict(history.Change(0, *entry[:7]))  # (uid, at, who, ..., doc)
            for entry in parsed.history
        ]
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


# -- line numbers, computed only when an error needs them ----------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")


def _event_lines(text: str) -> list[int]:
    """The line on which each element of the top-level "events" list starts, in one pass:
    the C decoder skips over each value (the document is known to be valid JSON), and the
    lines are counted between one element and the next."""
    decoder = json.JSONDecoder()
    starts: list[int] = []

    def space(i: int) -> int:
        m = _SPACE.match(text, i)
        assert m is not None  # (it matches the empty string too)
        return m.end()

    i = space(0)
    if text[i] != "{":
        return []
    i = space(i + 1)
    while text[i] != "}":
        # typeshed does not declare json.decoder.scanstring, the decoder's own string reader
        key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
        i = space(space(i) + 1)  # past the colon
        if key == "events" and text[i] == "[":  # the last "events" is the one read
            starts, i = [], space(i + 1)
            while text[i] != "]":
                starts.append(i)
                i = space(decoder.raw_decode(text, i)[1])
                if text[i] == ",":
                    i = space(i + 1)
            i += 1
        else:
            i = decoder.raw_decode(text, i)[1]
        i = space(i)
        if text[i] == ",":
            i = space(i + 1)
    lines, line, previous = [], 1, 0
    for start in starts:
        line += text.count("\n", previous, start)
        lines.append(line)
        previous = start
    return lines
