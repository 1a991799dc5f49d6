"""Filters: a FilterState says what to show; EventFilter turns it into a boolean mask.

Within a category the choices are OR (M23/AFC or FARDC); across categories AND (and in North
Kivu). Masks are numpy operations over the columns: no Python loop per event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from timeline_app.core.columns import EventColumns
from timeline_app.core.dates import day_text, localize, ordinal_seconds
from timeline_app.core.pair_index import offsets, ranges
from timeline_app.core.words import QT_TR_NOOP

Place = tuple[str, ...]  # (country,), (country, admin1) or (country, admin1, place)


@dataclass(frozen=True)
class FilterState:
    actors: frozenset[str] = frozenset()
    places: frozenset[Place] = frozenset()
    types: frozenset[str] = frozenset()
    start: date | None = None  # keep events that overlap [start, end], both days included
    end: date | None = None
    text: str = ""
    key_only: bool = False
    changed_only: bool = False  # new or changed by the last import

    def with_(self, **changes: Any) -> FilterState:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for settings."""
        return {
            "actors": sorted(self.actors),
            "places": sorted(list(p) for p in self.places),
            "types": sorted(self.types),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "text": self.text,
            "key_only": self.key_only,
            "changed_only": self.changed_only,
        }

    @classmethod
    def from_dict(cls, data: Any) -> FilterState:
        """Read `to_dict` output; anything malformed is dropped rather than trusted."""
        if not isinstance(data, dict):
            return cls()

        def texts(key: str) -> frozenset[str]:
            value = data.get(key)
            return (
                frozenset(v for v in value if isinstance(v, str))
                if isinstance(value, list)
                else frozenset()
            )

        def day(key: str) -> date | None:
            try:
                return date.fromisoformat(data.get(key) or "")
            except (TypeError, ValueError):
                return None

        places = data.get("places")
        return cls(
            actors=texts("actors"),
            places=frozenset(
                tuple(p)
                for p in (places if isinstance(places, list) else [])
                if isinstance(p, list) and 0 < len(p) <= 3 and all(isinstance(s, str) for s in p)
            ),
            types=texts("types"),
            start=day("start"),
            end=day("end"),
            text=text if isinstance(text := data.get("text"), str) else "",
            key_only=data.get("key_only") is True,
            changed_only=data.get("changed_only") is True,
        )

    def describe(self, translate: Callable[[str], str] = str, language: str = "en") -> str:
        """The filters in words: "Actors: M23/AFC · Places: North Kivu · 1 Jan – 30 Apr 2025".
        The window passes its `tr` and language, for the words and the dates."""
        parts = []
        for label, values in (
            (QT_TR_NOOP("Actors: {names}"), sorted(self.actors)),
            (QT_TR_NOOP("Places: {names}"), sorted(p[-1] for p in self.places)),
            (QT_TR_NOOP("Types: {names}"), sorted(self.types)),
        ):
            if values:
                parts.append(translate(label).format(names=", ".join(values)))
        if self.start or self.end:

            def fmt(d: date | None) -> str:
                return localize(day_text(d), language) if d else "…"

            parts.append(f"{fmt(self.start)} – {fmt(self.end)}")
        if self.text:
            parts.append(translate(QT_TR_NOOP("Text: “{text}”")).format(text=self.text))
        if self.key_only:
            parts.append(translate(QT_TR_NOOP("Key events only")))
        if self.changed_only:
            parts.append(translate(QT_TR_NOOP("Changed in the last import")))
        return " · ".join(parts)


@dataclass
class FacetCounts:
    """How many events each choice would show, given the other categories' filters."""

    actors: np.ndarray  # per actor code
    types: dict[str, int]
    places: dict[Place, int] = field(default_factory=dict)  # every node of the place tree


class EventFilter:
    """Masks over one dataset's columns. Build once per dataset; `mask` is cheap."""

    def __init__(self, columns: EventColumns) -> None:
        self.columns = columns
        ev = columns.events
        self.n = len(ev)
        self._start = ev["start_ts"].to_numpy()
        self._end = ev["end_ts"].to_numpy()
        self._key = ev["key"].to_numpy()
        self._changed = ev["changed"].to_numpy() if "changed" in ev else np.zeros(self.n, bool)
        self._ids = ev["id"].to_numpy()
        self._last_text: tuple[np.ndarray | None, np.ndarray] = (None, np.zeros(0, bool))
        self._last_parts: tuple[FilterState | None, np.ndarray | None, dict] = (None, None, {})
        self._type_codes = ev["event_type"].cat.codes.to_numpy()
        self._type_names = list(ev["event_type"].cat.categories)
        small = np.int16 if len(self._type_names) < 2**15 - 1 else np.int32
        self._type_slot = self._type_codes.astype(small) + 1  # 0: no type (code -1)
        self._pair_event = columns.pairs["event"].to_numpy()
        self._pair_actor = columns.pairs["actor"].to_numpy()
        self._actor_code = {name: i for i, name in enumerate(columns.actors["name"])}
        # for the faceted counts, made when first asked for (see counts)
        self._full: dict[str, np.ndarray] = {}
        self._by_event: tuple[np.ndarray, np.ndarray] | None = None
        self._by_actor: tuple[np.ndarray, np.ndarray] | None = None
        self._nodes: tuple[list[Place], np.ndarray] | None = None
        # Each distinct (country, admin1, place) gets a code; a tree node is a set of codes.
        levels = [ev[c].cat for c in ("country", "admin1", "place")]
        combined = np.zeros(self.n, dtype=np.int64)
        for level in levels:
            combined = combined * (len(level.categories) + 1) + level.codes.to_numpy() + 1
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        self._loc_code = inverse.reshape(-1)
        names = [np.append(level.categories.astype(str).to_numpy(), "") for level in levels]
        codes = [level.codes.to_numpy() for level in levels]  # -1 (missing) picks the ""
        self.locations: list[tuple[str, str, str]] = [
            (names[0][codes[0][r]], names[1][codes[1][r]], names[2][codes[2][r]]) for r in first
        ]

    def prepare(self) -> None:
        """Build now what the first filter change would build (the pairs by actor and by
        event, the dataset's own counts, the place tree's nodes: ~0.1 s for a million
        events), e.g. while the window is idle after the dataset is shown."""
        self._events_by_actor()
        self._actors_by_event()
        self._tree_counts(self._full_counts("places"))
        self._full_counts("actors")
        self._full_counts("types")

    def find_places(self, name: str) -> set[Place]:
        """Tree nodes called `name` at any level (a country, a province or a place)."""
        key = name.strip().casefold()
        return {
            loc[:depth]
            for loc in self.locations
            for depth in (1, 2, 3)
            if loc[depth - 1] and loc[depth - 1].casefold() == key
        }

    def _place_codes(self, places: frozenset[Place]) -> np.ndarray:
        return np.array(
            [i for i, loc in enumerate(self.locations) if any(loc[: len(p)] == p for p in places)],
            dtype=np.int64,
        )

    def mask(
        self, state: FilterState, text_ids: np.ndarray | None = None, *, skip: str = ""
    ) -> np.ndarray:
        """Events that pass every filter (but the category named by `skip`).

        `text_ids` are the store ids that match `state.text` (from Store.search).
        """
        keep = np.ones(self.n, dtype=bool)
        for name, part in self._parts(state, text_ids).items():
            if name != skip:
                keep &= part
        return keep

    def _parts(self, state: FilterState, text_ids: np.ndarray | None) -> dict[str, np.ndarray]:
        """Each category's own mask, for the categories the state constrains. The last state's
        are kept: a change of filters asks for the mask and for three faceted counts."""
        if self._last_parts[0] == state and self._last_parts[1] is text_ids:
            return self._last_parts[2]
        parts: dict[str, np.ndarray] = {}
        if state.actors:
            codes = sorted(self._actor_code[a] for a in state.actors if a in self._actor_code)
            events, starts = self._events_by_actor()
            hit = np.zeros(self.n, dtype=bool)
            hit[events[ranges(starts, np.array(codes, dtype=np.int64))]] = True
            parts["actors"] = hit
        if state.places:
            allowed = np.zeros(len(self.locations), dtype=bool)
            allowed[self._place_codes(state.places)] = True
            parts["places"] = allowed[self._loc_code]
        if state.types:
            allowed = np.zeros(len(self._type_names) + 1, dtype=bool)  # the last: no type
            allowed[[i for i, t in enumerate(self._type_names) if t in state.types]] = True
            parts["types"] = allowed[self._type_codes]
        rest = np.ones(self.n, dtype=bool)
        if state.start is not None:
            rest &= self._end > ordinal_seconds(state.start.toordinal())
        if state.end is not None:
            rest &= self._start < ordinal_seconds(state.end.toordinal() + 1)
        if state.text.strip() and text_ids is not None:
            rest &= self._text_mask(text_ids)
        if state.key_only:
            rest &= self._key
        if state.changed_only:
            rest &= self._changed
        parts["rest"] = rest
        self._last_parts = (state, text_ids, parts)
        return parts

    def _text_mask(self, text_ids: np.ndarray) -> np.ndarray:
        """Events among `text_ids`, through a table indexed by id: O(n), where np.isin sorts.
        The last one is kept: a change of filters asks for it up to four times."""
        cached_ids, cached = self._last_text
        if cached_ids is text_ids:
            return cached
        top = int(self._ids.max(initial=0)) + 1
        found = np.zeros(top, dtype=bool)
        found[text_ids[(text_ids >= 0) & (text_ids < top)]] = True
        hit = found[self._ids]
        self._last_text = (text_ids, hit)
        return hit

    def counts(self, state: FilterState, text_ids: np.ndarray | None = None) -> FacetCounts:
        """Each facet's counts under the other facets' filters. A pass over the events (or
        the pairs) that a facet's mask keeps, or over those it leaves out when they are
        fewer (the dataset's own counts less theirs); with nothing left out, the dataset's
        counts, worked out once."""
        by_actor = self.mask(state, text_ids, skip="actors")
        by_type = self.mask(state, text_ids, skip="types")
        by_place = self.mask(state, text_ids, skip="places")
        actors = self._counted(by_actor, "actors")
        type_counts = self._counted(by_type, "types")
        loc_counts = self._counted(by_place, "places")
        return FacetCounts(
            actors=actors,
            types={t: int(c) for t, c in zip(self._type_names, type_counts.tolist(), strict=True)},
            places=self._tree_counts(loc_counts),
        )

    def _counted(self, keep: np.ndarray, facet: str) -> np.ndarray:
        kept = int(np.count_nonzero(keep))
        full = self._full_counts(facet)
        if kept == self.n:
            return full.copy()
        if kept <= self.n // 2:
            return self._count_rows(np.flatnonzero(keep), facet)
        return full - self._count_rows(np.flatnonzero(~keep), facet)

    def _full_counts(self, facet: str) -> np.ndarray:
        if facet not in self._full:
            self._full[facet] = self._count_rows(np.arange(self.n), facet)
        return self._full[facet]

    def _count_rows(self, rows: np.ndarray, facet: str) -> np.ndarray:
        """How many of the events `rows` each choice of `facet` has (int64)."""
        if facet == "actors":
            by_event, offsets = self._actors_by_event()
            picked = by_event[ranges(offsets, rows)] if len(rows) < self.n else by_event
            return np.bincount(picked, minlength=len(self._actor_code))
        if facet == "types":  # code -1 (no type) counts nowhere
            found = np.bincount(self._type_slot[rows], minlength=len(self._type_names) + 1)
            return found[1:]
        return np.bincount(self._loc_code[rows], minlength=len(self.locations))

    def _actors_by_event(self) -> tuple[np.ndarray, np.ndarray]:
        """The pairs' actors in event order, and where each event's start (pair_index)."""
        if self._by_event is None:
            events = self._pair_event
            order = None
            if len(events) > 1 and (events[1:] < events[:-1]).any():
                order = np.argsort(events, kind="stable")
                events = events[order]
            actors = self._pair_actor if order is None else self._pair_actor[order]
            self._by_event = (actors, offsets(events, self.n))
        return self._by_event

    def _events_by_actor(self) -> tuple[np.ndarray, np.ndarray]:
        """The pairs' events grouped by actor, and where each actor's start: an actor filter
        reads its own pairs, not a mask over all of them (~4 ms for a million events)."""
        if self._by_actor is None:
            small = np.int16 if len(self._actor_code) < 2**15 else np.int64  # a radix sort
            order = np.argsort(self._pair_actor.astype(small), kind="stable")
            starts = offsets(self._pair_actor[order], len(self._actor_code))
            self._by_actor = (self._pair_event[order], starts)
        return self._by_actor

    def _tree_counts(self, loc_counts: np.ndarray) -> dict[Place, int]:
        """Every node of the place tree: the sum of its places' counts."""
        if self._nodes is None:
            index: dict[Place, int] = {}
            of = np.empty((3, len(self.locations)), dtype=np.int64)
            for i, loc in enumerate(self.locations):
                for depth in (1, 2, 3):
                    of[depth - 1, i] = index.setdefault(loc[:depth], len(index))
            self._nodes = (list(index), of)
        nodes, of = self._nodes
        total = np.zeros(len(nodes), dtype=np.int64)
        for depth in range(3):
            np.add.at(total, of[depth], loc_counts)
        return dict(zip(nodes, total.tolist(), strict=True))
