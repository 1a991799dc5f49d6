"""The event model: plain, immutable values that validate themselves on construction."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from timeline_app.core.dates import When, parse_date
from timeline_app.core.errors import FieldError

MAX_ID = 200
MAX_TITLE = 1_000
MAX_TEXT = 100_000  # a description or note; far above any real one, far below a runaway cell
MAX_SHORT = 2_000  # names, places, URLs
MAX_COUNT = 2**63 - 1  # what SQLite can store as an integer


class Role(StrEnum):
    """What part an actor plays in an event."""

    PRIMARY = "primary"
    OPPOSING = "opposing"
    ASSOCIATED = "associated"

    @classmethod
    def parse(cls, text: str, field: str = "role") -> Role:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise FieldError(field, f"'{text}' is not a role (one of {names})") from None


class LocationPrecision(StrEnum):
    """What the coordinates stand for."""

    UNKNOWN = ""
    SITE = "site"  # a specific site: an airport, a mine, a building
    TOWN = "town"  # the town itself, at its centre
    NEAR = "near"  # near a town, or a part of a region coded to one
    REGION = "region"  # a larger region or natural feature
    COUNTRY = "country"

    @classmethod
    def parse(cls, text: str, field: str = "location.precision") -> LocationPrecision:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(p.value for p in cls if p.value)
            raise FieldError(field, f"'{text}' is not a location precision ({names})") from None


def check_text(field_name: str, value: str, limit: int = MAX_SHORT) -> None:
    if not isinstance(value, str):
        raise FieldError(field_name, f"expected text, found {type(value).__name__}")
    if len(value) > limit:
        raise FieldError(field_name, f"{len(value):,} characters, more than the {limit:,} allowed")


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor of a dataset, with the other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise FieldError("actors.name", "an actor needs a name")
        check_text("actors.name", self.name)
        for alias in self.aliases:
            check_text("actors.aliases", alias)
        check_text("actors.kind", self.kind)


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as it takes part in one event."""

    name: str
    role: Role = Role.PRIMARY

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise FieldError("actors", "an actor name is empty")
        check_text("actors", self.name)
        object.__setattr__(self, "role", Role.parse(self.role, "actors.role"))


@dataclass(frozen=True, slots=True)
class Location:
    place: str = ""
    admin2: str = ""  # territory, district
    admin1: str = ""  # province, state
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    precision: LocationPrecision = LocationPrecision.UNKNOWN

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", LocationPrecision.parse(self.precision))
        for name in ("place", "admin2", "admin1", "country"):
            check_text(f"location.{name}", getattr(self, name))
        lat, lon = self.latitude, self.longitude
        if (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            raise FieldError(f"location.{missing}", "latitude and longitude go together")
        if lat is not None and lon is not None:
            if not (math.isfinite(lat) and -90 <= lat <= 90):
                raise FieldError("location.latitude", f"{lat} is outside -90..90")
            if not (math.isfinite(lon) and -180 <= lon <= 180):
                raise FieldError("location.longitude", f"{lon} is outside -180..180")

    @property
    def label(self) -> str:
        """ "Goma, North Kivu, Democratic Republic of Congo" with the empty parts left out."""
        parts: list[str] = []
        for part in (self.place, self.admin1, self.country):
            if part and part not in parts:
                parts.append(part)
        return ", ".join(parts)


def place_label(place: str, admin1: str, country: str) -> str:
    """A short place for lists: "Goma, North Kivu"; "Doha, Qatar" where the province is the city."""
    region = admin1 if admin1 and admin1 != place else country
    return ", ".join(p for p in (place, region) if p and p != "nan")


@dataclass(frozen=True, slots=True)
class Source:
    name: str = ""
    url: str = ""
    date: str = ""  # ISO, as precise as known: "2025-03", "2025-03-18"

    def __post_init__(self) -> None:
        if not (self.name.strip() or self.url.strip()):
            raise FieldError("sources", "a source needs a name or a URL")
        check_text("sources.name", self.name)
        check_text("sources.url", self.url)
        if self.date:
            parse_date(self.date, "sources.date")


@dataclass(frozen=True, slots=True)
class Event:
    """One event. `id` is stable: re-importing a source updates the event with the same id."""

    id: str
    when: When
    title: str
    description: str = ""
    event_type: str = ""
    actors: tuple[ActorRef, ...] = ()
    location: Location = field(default_factory=Location)
    fatalities: int | None = None
    sources: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    key: bool = False
    date_note: str = ""  # why a date is uncertain, what the sources disagree on
    extra: dict[str, str] = field(default_factory=dict)  # fields of the source format we keep

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise FieldError("id", "an event needs an id")
        check_text("id", self.id, MAX_ID)
        if not self.title.strip():
            raise FieldError("title", "an event needs a title")
        check_text("title", self.title, MAX_TITLE)
        check_text("description", self.description, MAX_TEXT)
        check_text("date_note", self.date_note, MAX_TEXT)
        check_text("event_type", self.event_type)
        for tag in self.tags:
            check_text("tags", tag)
        for key, value in self.extra.items():
            if not key.isprintable():  # a NUL in a key breaks SQLite's JSON paths
                raise FieldError("extra", f"the name {key!r} holds a control character")
            check_text(f"extra.{key}", value, MAX_TEXT)
        if self.fatalities is not None and (
            isinstance(self.fatalities, bool)
            or not isinstance(self.fatalities, int)
            or self.fatalities < 0
        ):
            raise FieldError("fatalities", f"{self.fatalities!r} is not a count (0 or more)")
        if self.fatalities is not None and self.fatalities > MAX_COUNT:
            raise FieldError("fatalities", f"{self.fatalities:,} is more than can be stored")
        # One order for actors, by role, so that every format gives back the same event.
        order = list(Role)
        ordered = tuple(sorted(self.actors, key=lambda a: order.index(a.role)))
        object.__setattr__(self, "actors", ordered)
        names = [a.name for a in ordered]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise FieldError("actors", f"'{dup}' is named twice")


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """A named collection of events in the store."""

    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class StoryStep:
    event_id: str
    note: str = ""  # what to say at this step

    def __post_init__(self) -> None:
        if not self.event_id.strip():
            raise FieldError("stories.steps.event", "a step names an event id")
        check_text("stories.steps.note", self.note, MAX_TEXT)


@dataclass(frozen=True, slots=True)
class Story:
    """An ordered walk through some events, for a presentation or a briefing."""

    name: str
    steps: tuple[StoryStep, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise FieldError("stories.name", "a story needs a name")
        check_text("stories.name", self.name)
