"""One view of a dataset, with no Qt: what the window, the image exports, the briefing and the
command line all show, and the one place that works out what that is.

Data flows one way: store -> columns -> filter mask -> lane layout -> views. A ViewState
holds the choices (dataset, filters, lane mode, lane control and budget, time range,
selection) and yields the derived arrays (the mask, the lane layout); views observe it
through plain callbacks (`subscribe`), as napari's Qt-free models are observed by their Qt
views. `ViewSettings` is the part a user names in a saved view: filters, lanes, time range,
as versioned JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np

from timeline_app.core.columns import EventColumns
from timeline_app.core.dates import DAY_SECONDS, ordinal_seconds
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.lane_control import LaneControl
from timeline_app.core.lanes import LaneLayout, LaneMode, lane_labels_of, layout_lanes

AUTO, ALL = "auto", "all"  # a lane budget besides a number: as the room allows, or every lane
Budget = int | str
VIEW_FORMAT = 1  # the JSON's version: raised when a key changes meaning
KEPT_LAYOUTS = 3
EMPTY_SHARE = 0.5  # a date filter's days past the events shown, at most (share of the rest)
PAD_SHARE = 0.02  # the margin around the events shown, each side, as a share of their span


class Change(StrEnum):
    """What a listener is told changed (the derived arrays follow)."""

    DATASET = "dataset"  # new columns: everything else changed too
    FILTERS = "filters"  # the mask (and so the layout)
    LANES = "lanes"  # lane mode, control, budget or room: the layout
    SELECTION = "selection"
    RANGE = "range"


def padded(lo: float, hi: float) -> tuple[float, float]:
    """A stretch of time with the margin every view and export gives it: small, symmetric."""
    pad = max(PAD_SHARE * (hi - lo), float(DAY_SECONDS))
    return lo - pad, hi + pad


def date_range(extent: tuple[float, float], start: date | None, end: date | None
               ) -> tuple[float, float]:  # fmt: skip
    """The range a date filter gives the view: its days (`end` whole), each clamped to
    `extent` (the events shown, padded) where the days beyond it would take more than a third
    of the view (a From of 1 Mar with the first event on the 9th stays 1 Mar; a From ten
    years before the data does not)."""
    x0, x1 = extent
    a = float(ordinal_seconds(start.toordinal())) if start else x0
    b = float(ordinal_seconds(end.toordinal() + 1)) if end else x1
    width = min(b, x1) - max(a, x0)
    if x0 - a > EMPTY_SHARE * width:
        a = x0
    if b - x1 > EMPTY_SHARE * width:
        b = x1
    return (a, b) if a < b else extent


def budget_from(value: object) -> Budget:
    """A budget read from settings or JSON: "auto", "all" or a positive number; "auto" for
    anything else."""
    if value in (AUTO, ALL):
        return str(value)
    text = str(value)
    return int(text) if text.isdigit() and int(text) > 0 else AUTO


@dataclass(frozen=True)
class ViewSettings:
    """What a saved view names: the filters, the lanes and the time range."""

    filters: FilterState = field(default_factory=FilterState)
    lane_mode: LaneMode = LaneMode.ACTOR
    control: LaneControl = field(default_factory=LaneControl)  # its budget unused: see below
    budget: Budget = AUTO
    time_range: tuple[float, float] | None = None  # Unix seconds; None: the events shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VIEW_FORMAT,
            "filters": self.filters.to_dict(),
            "lane_mode": self.lane_mode.value,
            "lanes": json.loads(self.control.to_json()),
            "budget": self.budget,
            "time_range": list(self.time_range) if self.time_range else None,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: object) -> ViewSettings:
        """Read `to_dict`'s output, from this or another version: unknown keys are ignored,
        a malformed part is left at its default and the rest still read."""
        if not isinstance(data, dict):
            raise ValueError("a saved view is a JSON object")
        mode = data.get("lane_mode")
        lanes = data.get("lanes")
        span = data.get("time_range")
        time_range = None
        if (isinstance(span, list) and len(span) == 2
                and all(isinstance(x, int | float) and not isinstance(x, bool)
                        and math.isfinite(x) for x in span)
                and span[0] < span[1]):  # fmt: skip
            time_range = (float(span[0]), float(span[1]))
        return cls(
            filters=FilterState.from_dict(data.get("filters")),
            lane_mode=LaneMode(mode) if mode in set(LaneMode) else LaneMode.ACTOR,
            control=LaneControl.from_json(json.dumps(lanes) if isinstance(lanes, dict) else None),
            budget=budget_from(data.get("budget", AUTO)),
            time_range=time_range,
        )

    @classmethod
    def from_json(cls, text: str) -> ViewSettings:
        """ValueError if `text` is not a JSON object."""
        return cls.from_dict(json.loads(text))


def known_filters(filters: FilterState, flt: EventFilter) -> tuple[FilterState, list[str]]:
    """`filters` without the actors, places and types the dataset no longer has (a saved view
    outlives a re-import), and the names left out: the rest of the view still applies."""
    actors = set(str(x) for x in flt.columns.actors["name"])
    types = {str(t) for t in flt.columns.events["event_type"].cat.categories}
    places = {loc[:depth] for loc in flt.locations for depth in (1, 2, 3)}
    gone = sorted(filters.actors - actors) + sorted(filters.types - types)
    gone += sorted(p[-1] for p in filters.places - places)
    kept = filters.with_(actors=filters.actors & actors, types=filters.types & types,
                         places=filters.places & places)  # fmt: skip
    return kept, gone


class ViewState:
    """The view of one dataset: choices in, mask and lane layout out. `search(dataset, text)`
    gives the store ids matching a text filter (Store.search)."""

    def __init__(self, search: Callable[[str, str], np.ndarray] | None = None) -> None:
        self._search = search
        self.dataset: str | None = None
        self.columns: EventColumns | None = None
        self.filter: EventFilter | None = None
        self.filters = FilterState()
        self.mask = np.zeros(0, dtype=bool)
        self.selected: int | None = None
        self.lane_mode = LaneMode.ACTOR
        self.control = LaneControl()
        self.budget: Budget = AUTO
        self.room: int | None = None  # lanes the window's height holds (for the AUTO budget)
        self.time_range: tuple[float, float] | None = None
        self._text_ids: tuple[str, np.ndarray | None] = ("", None)
        self._layouts: dict[tuple, LaneLayout] = {}
        self._listeners: list[Callable[[Change], None]] = []

    # -- observing -----------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def _tell(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- choices -------------------------------------------------------------------------

    def open(self, dataset: str | None, columns: EventColumns | None,
             filters: FilterState | None = None) -> None:  # fmt: skip
        """Show `columns` (dataset `dataset`) through `filters`; nothing selected."""
        self.dataset, self.columns = dataset, columns
        self.filter = EventFilter(columns) if columns is not None else None
        self.selected = None
        self._text_ids = ("", None)
        self.filters = filters or FilterState()
        if self.filters.changed_only and not (columns is not None and columns.last_import):
            self.filters = self.filters.with_(changed_only=False)  # nothing shows as changed
        self._refilter()
        self._tell(Change.DATASET)
        self._tell(Change.FILTERS)
        self._tell(Change.SELECTION)

    def set_filters(self, filters: FilterState) -> None:
        if filters == self.filters:
            return
        self.filters = filters
        self._refilter()
        self._tell(Change.FILTERS)
        if self.selected is not None and not self.mask[self.selected]:
            self.select(None)

    def refresh_search(self) -> None:
        """Search again (the index now covers more of the dataset)."""
        self._text_ids = ("", None)
        if self.filters.text.strip():
            self._refilter()
            self._tell(Change.FILTERS)

    def set_lanes(self, mode: LaneMode | str | None = None, control: LaneControl | None = None,
                  budget: Budget | None = None) -> None:  # fmt: skip
        """The lane mode, the lane control (its own budget field is ignored: `budget` is the
        view's) and the budget; those not given stay."""
        new = (LaneMode(mode) if mode is not None else self.lane_mode,
               replace(control, budget=None) if control is not None else self.control,
               budget_from(budget) if budget is not None else self.budget)  # fmt: skip
        if new != (self.lane_mode, self.control, self.budget):
            self.lane_mode, self.control, self.budget = new
            self._tell(Change.LANES)

    def set_room(self, lanes: int | None) -> None:
        """How many lanes ("Others" among them) the window's height holds."""
        if lanes != self.room:
            self.room = lanes
            if self.budget == AUTO:
                self._tell(Change.LANES)

    def select(self, row: int | None) -> None:
        if row != self.selected:
            self.selected = row
            self._tell(Change.SELECTION)

    def set_time_range(self, time_range: tuple[float, float] | None) -> None:
        if time_range != self.time_range:
            self.time_range = time_range
            self._tell(Change.RANGE)

    @property
    def settings(self) -> ViewSettings:
        return ViewSettings(self.filters, self.lane_mode, self.control, self.budget,
                            self.time_range)  # fmt: skip

    def apply(self, settings: ViewSettings) -> list[str]:
        """A saved view: its lanes, its filters (less the names this dataset lacks, which
        are returned) and its time range."""
        filters, gone = settings.filters, list[str]()
        if self.filter is not None:
            filters, gone = known_filters(filters, self.filter)
        self.set_lanes(settings.lane_mode, settings.control, settings.budget)
        self.set_filters(filters)
        self.set_time_range(settings.time_range)
        return gone

    # -- derived -------------------------------------------------------------------------

    def _refilter(self) -> None:
        self._layouts.clear()
        if self.filter is None:
            self.mask = np.zeros(0, dtype=bool)
            return
        text = self.filters.text.strip()
        ids = None
        if text and self.dataset is not None and self._search is not None:
            if self._text_ids[0] != text:
                self._text_ids = (text, self._search(self.dataset, text))
            ids = self._text_ids[1]
        self.mask = self.filter.mask(self.filters, ids)

    def text_ids(self) -> np.ndarray | None:
        """The store ids matching the text filter (None: no text filter)."""
        return self._text_ids[1] if self.filters.text.strip() else None

    def lane_budget(self) -> int | None:
        """Lanes besides "Others": the budget's number; for AUTO, one less than the room
        (None with no room known: a page decides); None for ALL."""
        if self.budget == ALL:
            return None
        if self.budget == AUTO:
            return max(self.room - 1, 1) if self.room else None
        return int(self.budget)

    def layout(self, pin_rows: Sequence[int] = (), everything: bool = False,
               pin: Sequence[str] = ()) -> LaneLayout:  # fmt: skip
        """The lanes for the events shown (every event if `everything`: a story's steps show
        whatever the filters), in the control's order, hidden and pinned lanes and budget.
        If a lane of the events `pin_rows` (those a slide is about) would be folded into
        "Others" or hidden, their lanes are pinned on top (so that a page short of room keeps
        them too); otherwise the order stays. The lanes named in `pin` are pinned always."""
        if self.columns is None:
            raise ValueError("no dataset is open")
        control = replace(self.control, budget=self.lane_budget())
        base = self._layout(control, everything)
        pins = lane_labels_of(self.columns, self.lane_mode, pin_rows) if pin_rows else []
        if set(pins) <= set(base.labels):
            pins = []
        pins = list(dict.fromkeys((*pin, *pins)))
        if not pins:
            return base
        pinned = tuple(dict.fromkeys((*control.pinned, *pins)))
        return self._layout(replace(control, pinned=pinned, hidden=control.hidden - set(pins)),
                            everything)  # fmt: skip

    def _layout(self, control: LaneControl, everything: bool) -> LaneLayout:
        """A layout, kept while the filters stay: the last few used only (a million events'
        layout is ~16 MB; a window resize or a deck's slides each ask for another)."""
        assert self.columns is not None
        key = (self.lane_mode, control, everything)
        layout = self._layouts.pop(key, None)
        if layout is None:
            mask = None if everything else self.mask
            layout = layout_lanes(self.columns, self.lane_mode, mask, control)
        self._layouts[key] = layout  # the newest last
        while len(self._layouts) > KEPT_LAYOUTS:
            del self._layouts[next(iter(self._layouts))]
        return layout

    def shown_period(self) -> tuple[float, float] | None:
        """From the start of the first event shown to the end of the last (None: none)."""
        if self.columns is None or not self.mask.any():
            return None
        ev = self.columns.events
        lo = float(ev["start_ts"].to_numpy()[self.mask].min())
        hi = float(ev["end_ts"].to_numpy()[self.mask].max())
        return lo, hi

    def data_range(self) -> tuple[float, float]:
        """The events shown with a small margin, the same on both sides (a wide one on the
        right ran a 10-year export 14 months past its data); the date filter's days where
        it gives them, clamped to that."""
        period = self.shown_period()
        if period is None:
            return (0.0, float(DAY_SECONDS))
        return date_range(padded(*period), self.filters.start, self.filters.end)

    def x_range(self) -> tuple[float, float]:
        """The time range shown: the one set, else the events shown's."""
        return self.time_range or self.data_range()
