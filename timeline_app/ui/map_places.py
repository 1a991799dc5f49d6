"""The places of a dataset on the map: each distinct place once (built once per dataset), the
events shown at each, and the lane each place is drawn in. Shared by the dock, export-map, the
briefing's insets and the presentation's map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from timeline_app.core import geo, geo_bins
from timeline_app.core.columns import EventColumns
from timeline_app.core.lanes import LaneLayout


@dataclass
class PlaceIndex:
    """Each distinct place of a dataset (a place path at one position), built once."""

    of_event: np.ndarray  # place of each event row, -1 without coordinates
    lon: np.ndarray
    lat: np.ndarray
    first: np.ndarray  # the first event row at each place
    paths: list[tuple[str, str, str]]  # (country, admin1, place) of each place
    regional: np.ndarray  # the place stands for a whole province or country


READ_PRECISION_MAX = 2000  # places whose location precision is read from their records


def place_index(columns: EventColumns, precision_of=None) -> PlaceIndex:
    """The dataset's places (kept in the columns' memo). `precision_of(row)` gives an event's
    location precision ('town', 'region'...): the columns do not keep it, so it is read for
    the first event of each place when there are few; else a place with no name of its own,
    or named as its province, stands for the province."""
    cached = columns.memo.get("map places")
    if cached is not None:
        return cached
    ev = columns.events
    levels = [ev[c].cat for c in ("country", "admin1", "place")]
    combined = np.zeros(len(ev), dtype=np.int64)
    for level in levels:
        combined = combined * (len(level.categories) + 1) + level.codes.to_numpy() + 1
    lon = ev["longitude"].to_numpy(dtype=np.float64)
    lat = ev["latitude"].to_numpy(dtype=np.float64)
    places = geo_bins.group_places(lon, lat, np.arange(len(ev)), combined)
    names = [np.append(level.categories.astype(str).to_numpy(), "") for level in levels]
    codes = [level.codes.to_numpy()[places.first] for level in levels]
    paths = [
        (str(names[0][a]), str(names[1][b]), str(names[2][c]))
        for a, b, c in zip(*codes, strict=True)
    ]
    if precision_of is not None and len(paths) <= READ_PRECISION_MAX:
        regional = np.array(
            [precision_of(int(r)) in ("region", "country") for r in places.first], dtype=bool
        )
    else:
        regional = geo.province_level(
            np.array([p[2] for p in paths], dtype=str),
            np.array([p[1] for p in paths], dtype=str),
        )
    index = PlaceIndex(places.of_event, places.lon, places.lat, places.first, paths, regional)
    columns.memo["map places"] = index
    return index


def place_counts(index: PlaceIndex, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The places of these event rows, and how many of the rows are at each (one bincount: a
    million rows in a few ms)."""
    counts = np.bincount(index.of_event[rows] + 1, minlength=len(index.lon) + 1)[1:]
    ids = np.flatnonzero(counts)  # (+1: events without coordinates fall in bin 0)
    return ids, counts[ids]


def place_lanes(
    columns: EventColumns, layout: LaneLayout, index: PlaceIndex, rows: np.ndarray,
    ids: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """The lane of each place `ids` (those of `rows`): the one most of its `rows` are in, -1
    for none (an event in several lanes counts in its first)."""
    cached = columns.memo.get("map lanes")
    if cached is None or cached[0] is not layout:
        lanes = np.full(len(columns), -1, dtype=np.int64)
        lanes[layout.event[::-1]] = layout.lane[::-1]  # each event's first lane
        columns.memo["map lanes"] = cached = (layout, lanes)
    lane, place = cached[1][rows], index.of_event[rows]
    ok = (lane >= 0) & (place >= 0)
    n = max(len(layout.colors), 1)
    table = np.bincount(
        np.searchsorted(ids, place[ok]) * n + lane[ok], minlength=len(ids) * n
    ).reshape(len(ids), n)
    return np.where(table.any(axis=1), table.argmax(axis=1), -1)


class PlaceNames(Sequence):
    """The names of the places drawn, looked up when a label needs one (a million strings
    built at each filter change would cost more than the rest of the update)."""

    def __init__(self, paths: list[tuple[str, str, str]], ids: np.ndarray) -> None:
        self.paths, self.ids = paths, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        path = self.paths[self.ids[i]]
        return path[2] or path[1] or path[0]
