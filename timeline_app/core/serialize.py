"""Events and actors to and from plain dicts: the native JSON form, also hashed by the store.

Empty and default fields are left out, so a dict is as short as its event; reading fills
them back in, so `event_from_dict(event_to_dict(e)) == e` for every event.
"""

from __future__ import annotations

import math
from typing import Any

from timeline_app.core.dates import When
from timeline_app.core.errors import FieldError
from timeline_app.core.model import (
    Actor,
    ActorRef,
    Event,
    Location,
    LocationPrecision,
    Role,
    Source,
    Story,
    StoryStep,
)

EVENT_KEYS = {
    "id", "start", "end", "precision", "date_note", "title", "description", "event_type",
    "actors", "location", "fatalities", "sources", "tags", "key", "extra",
}  # fmt: skip
LOCATION_KEYS = {"place", "admin2", "admin1", "country", "latitude", "longitude", "precision"}


def event_to_dict(event: Event) -> dict[str, Any]:
    w = event.when
    out: dict[str, Any] = {"id": event.id, "start": w.start_text}
    if w.end is not None:
        out["end"] = w.end_text
    out["precision"] = w.precision.label
    if event.date_note:
        out["date_note"] = event.date_note
    out["title"] = event.title
    for name in ("description", "event_type"):
        if value := getattr(event, name):
            out[name] = value
    if event.actors:
        out["actors"] = actors_to_list(event.actors)
    if loc := location_to_dict(event.location):
        out["location"] = loc
    if event.fatalities is not None:
        out["fatalities"] = event.fatalities
    if event.sources:
        out["sources"] = sources_to_list(event.sources)
    if event.tags:
        out["tags"] = list(event.tags)
    if event.key:
        out["key"] = True
    if event.extra:
        out["extra"] = dict(sorted(event.extra.items()))
    return out


def actors_to_list(actors: tuple[ActorRef, ...]) -> list[dict[str, str]]:
    return [{"name": a.name, "role": a.role.value} for a in actors]


def location_to_dict(loc: Location) -> dict[str, Any]:
    """The location's fields that are set."""
    fields = {
        "place": loc.place,
        "admin2": loc.admin2,
        "admin1": loc.admin1,
        "country": loc.country,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "precision": loc.precision.value,
    }
    return {k: v for k, v in fields.items() if v not in ("", None)}


def sources_to_list(sources: tuple[Source, ...]) -> list[dict[str, str]]:
    return [
        {k: v for k, v in (("name", s.name), ("url", s.url), ("date", s.date)) if v}
        for s in sources
    ]


def event_from_dict(data: Any) -> Event:
    """Build an Event from its dict form; raises FieldError naming the bad field."""
    if not isinstance(data, dict):
        raise FieldError("event", f"expected an object, found {type(data).__name__}")
    _no_unknown(data, EVENT_KEYS, "")
    when = When.parse(
        _text(data, "start", required=True),
        _text(data, "end"),
        _text(data, "precision"),
    )
    actors = tuple(
        ActorRef(
            _text(a, "name", "actors", required=True),
            Role.parse(_text(a, "role", "actors") or "primary", "actors.role"),
        )
        for a in _list(data, "actors", dict)
    )
    sources = tuple(
        Source(_text(s, "name", "sources"), _text(s, "url", "sources"), _text(s, "date", "sources"))
        for s in _list(data, "sources", dict)
    )
    extra = data.get("extra") or {}
    if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
        raise FieldError("extra", "expected an object of text values")
    return Event(
        id=_text(data, "id", required=True),
        when=when,
        title=_text(data, "title", required=True),
        description=_text(data, "description"),
        event_type=_text(data, "event_type"),
        actors=actors,
        location=location_from_dict(data.get("location") or {}),
        fatalities=_count(data.get("fatalities"), "fatalities"),
        sources=sources,
        tags=tuple(_list(data, "tags", str)),
        key=_flag(data.get("key", False), "key"),
        date_note=_text(data, "date_note"),
        extra=dict(extra),
    )


def location_from_dict(data: Any) -> Location:
    if not isinstance(data, dict):
        raise FieldError("location", f"expected an object, found {type(data).__name__}")
    _no_unknown(data, LOCATION_KEYS, "location.")
    return Location(
        place=_text(data, "place", "location"),
        admin2=_text(data, "admin2", "location"),
        admin1=_text(data, "admin1", "location"),
        country=_text(data, "country", "location"),
        latitude=_number(data.get("latitude"), "location.latitude"),
        longitude=_number(data.get("longitude"), "location.longitude"),
        precision=LocationPrecision.parse(_text(data, "precision", "location")),
    )


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"name": actor.name}
    if actor.aliases:
        out["aliases"] = list(actor.aliases)
    if actor.kind:
        out["kind"] = actor.kind
    return out


def actor_from_dict(data: Any) -> Actor:
    if not isinstance(data, dict):
        raise FieldError("actors", f"expected an object, found {type(data).__name__}")
    _no_unknown(data, {"name", "aliases", "kind"}, "actors.")
    return Actor(
        name=_text(data, "name", "actors", required=True),
        aliases=tuple(_list(data, "aliases", str, "actors.")),
        kind=_text(data, "kind", "actors"),
    )


# -- field readers: each names the field it complains about ------------------------------


def _no_unknown(data: dict, known: set[str], prefix: str) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise FieldError(prefix + unknown[0], "unknown field (a typo?)")


def _text(data: dict, key: str, parent: str = "", *, required: bool = False) -> str:
    name = f"{parent}.{key}" if parent else key
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise FieldError(name, "missing")
        return ""
    if not isinstance(value, str):
        raise FieldError(name, f"expected text, found {value!r}")
    return value


def _list(data: dict, key: str, kind: type, prefix: str = "") -> list:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        want = "objects" if kind is dict else "texts"
        raise FieldError(prefix + key, f"expected a list of {want}")
    return value


def _number(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(name, f"expected a number, found {value!r}")
    if not math.isfinite(value):
        raise FieldError(name, f"{value} is not a finite number")
    return float(value)


def _count(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(name, f"expected a whole number, found {value!r}")
    return value


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise FieldError(name, f"expected true or false, found {value!r}")
    return value


def story_to_dict(story: Story) -> dict[str, Any]:
    return {
        "name": story.name,
        "steps": [
            {"event": s.event_id, **({"note": s.note} if s.note else {})} for s in story.steps
        ],
    }


def story_from_dict(data: Any) -> Story:
    if not isinstance(data, dict):
        raise FieldError("stories", f"expected an object, found {type(data).__name__}")
    _no_unknown(data, {"name", "steps"}, "stories.")
    steps = []
    for step in _list(data, "steps", dict, "stories."):
        _no_unknown(step, {"event", "note"}, "stories.steps.")
        steps.append(StoryStep(_text(step, "event", "stories.steps", required=True),
                               _text(step, "note", "stories.steps")))  # fmt: skip
    return Story(_text(data, "name", "stories", required=True), tuple(steps))
