"""How an event maps to the store's rows: its canonical JSON, its queryable columns, and the
safe form of a user's search (the text it searches is the view `events_search`, schema.py)."""

from __future__ import annotations

import json
import re

from timeline_app.core.model import Event
from timeline_app.core.serialize import event_to_dict


def canonical_json(value: object) -> str:
    """JSON with sorted keys and no spaces: one text for one value."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_doc(event: Event) -> str:
    """The canonical JSON text of an event: stored, and hashed to spot changes."""
    return canonical_json(event_to_dict(event))


def fts_query(text: str) -> str | None:
    """A safe FTS5 query: "quoted phrases" stay phrases, other words match as prefixes."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        words = re.findall(r"\w+", phrase or word)
        if not words:
            continue
        terms.append('"' + " ".join(words) + '"' + ("" if phrase else "*"))
    return " ".join(terms) or None


DERIVED = (
    "uid", "start_ts", "end_ts", "precision", "date_label", "title", "event_type",
    "place", "admin2", "admin1", "country", "latitude", "longitude", "fatalities", "key",
)  # fmt: skip


def derived_columns(e: Event) -> tuple:
    """The queryable columns of an event, in the order of DERIVED."""
    lo, hi = e.when.bounds()
    loc = e.location
    return (
        e.id, lo, hi, int(e.when.precision), e.when.describe(), e.title, e.event_type,
        loc.place, loc.admin2, loc.admin1, loc.country, loc.latitude, loc.longitude,
        e.fatalities, int(e.key),
    )  # fmt: skip
