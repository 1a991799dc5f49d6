"""Events gathered where they are: per place, and per pixel or grid cell for the map's density
image. Qt-free: numpy only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Places:
    """Distinct places of a set of events: position, how many events, and each event's place."""

    lon: np.ndarray  # float64, per place
    lat: np.ndarray
    count: np.ndarray  # events per place
    first: np.ndarray  # one event row per place (the first in time)
    of_event: np.ndarray  # place index of each of the events given


def group_places(lon: np.ndarray, lat: np.ndarray, rows: np.ndarray, codes: np.ndarray) -> Places:
    """Gather events at one place: same place code (the filter's location code) and the same
    coordinates to ~100 m. Events without coordinates are left out (of_event -1)."""
    ok = np.isfinite(lon) & np.isfinite(lat)
    key = np.full(len(lon), -1, dtype=np.int64)
    qx = np.round(np.where(ok, lon, 0) * 1000).astype(np.int64) + 180_000
    qy = np.round(np.where(ok, lat, 0) * 1000).astype(np.int64) + 90_000
    key[ok] = (codes[ok].astype(np.int64) * 360_001 + qx[ok]) * 180_001 + qy[ok]
    _keys, first, inverse, count = np.unique(
        key[ok], return_index=True, return_inverse=True, return_counts=True
    )
    of_event = np.full(len(lon), -1, dtype=np.int64)
    of_event[ok] = inverse.reshape(-1)
    where = np.flatnonzero(ok)[first]
    return Places(lon[where], lat[where], count, rows[where], of_event)


def pixel_counts(
    x: np.ndarray,
    y: np.ndarray,
    box: tuple[float, float, float, float],
    shape: tuple[int, int],
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Events per cell of a (width, height) grid over box (x0, y0, x1, y1): the density image.
    Row 0 is the bottom (y0), as an image item placed in view coordinates expects."""
    x0, y0, x1, y1 = box
    w, h = shape
    ix = ((x - x0) * (w / max(x1 - x0, 1e-12))).astype(np.int64)
    iy = ((y - y0) * (h / max(y1 - y0, 1e-12))).astype(np.int64)
    ok = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
    flat = np.bincount(
        ix[ok] * h + iy[ok], weights=None if weights is None else weights[ok], minlength=w * h
    )
    return flat.reshape(w, h)


class DensityGrid:
    """Events per cell of a fixed grid over the places (at most `cells` cells a side), built
    once per filter change; a view's density image is cut from it by summing blocks of cells,
    so a pan or zoom makes no pass over a million places. Zoomed in finer than a cell, the
    places in view are counted exactly."""

    def __init__(
        self, lon: np.ndarray, lat: np.ndarray, weights: np.ndarray, cells: int = 1024
    ) -> None:
        ok = np.isfinite(lon) & np.isfinite(lat)
        self.lon, self.lat, self.weights = lon[ok], lat[ok], weights[ok].astype(np.float64)
        if not len(self.lon):
            self.x0 = self.y0 = 0.0
            self.cell = 1.0
            self.grid = np.zeros((1, 1), dtype=np.float32)
            return
        x0, x1 = float(self.lon.min()), float(self.lon.max())
        y0, y1 = float(self.lat.min()), float(self.lat.max())
        self.cell = max(x1 - x0, y1 - y0, 1e-3) / (cells - 1)
        self.x0, self.y0 = x0, y0
        w = int((x1 - x0) / self.cell) + 1
        h = int((y1 - y0) / self.cell) + 1
        box = (x0, y0, x0 + w * self.cell, y0 + h * self.cell)
        self.grid = pixel_counts(self.lon, self.lat, box, (w, h), self.weights).astype(np.float32)

    def view(
        self, box: tuple[float, float, float, float], pixel: float
    ) -> tuple[np.ndarray, tuple[float, float, float, float]]:
        """Counts per cell of about `pixel` degrees over box (x0, y0, x1, y1), and the box
        the counts cover (whole cells of the grid: it can be a little larger)."""
        bx0, by0, bx1, by1 = box
        k = int(pixel // self.cell)
        if k < 1:  # finer than the grid: the places in view, exactly
            w = max(int(np.ceil((bx1 - bx0) / pixel)), 1)
            h = max(int(np.ceil((by1 - by0) / pixel)), 1)
            inside = (self.lon >= bx0) & (self.lon < bx1) & (self.lat >= by0) & (self.lat < by1)
            x, y, wt = self.lon[inside], self.lat[inside], self.weights[inside]
            return pixel_counts(x, y, box, (w, h), wt), box
        gw, gh = self.grid.shape
        i0 = int(np.floor((bx0 - self.x0) / self.cell / k)) * k
        j0 = int(np.floor((by0 - self.y0) / self.cell / k)) * k
        nw = int(np.ceil((bx1 - self.x0) / self.cell / k)) - i0 // k
        nh = int(np.ceil((by1 - self.y0) / self.cell / k)) - j0 // k
        nw, nh = max(nw, 1), max(nh, 1)
        counts = np.zeros((nw, nh), dtype=np.float32)
        # the grid's cells inside the window, in whole blocks of k × k (the window's cells
        # beyond the grid stay empty: no zeros the size of a zoomed-out world are summed)
        a0, a1 = max(i0, 0), min(i0 + nw * k, gw)
        b0, b1 = max(j0, 0), min(j0 + nh * k, gh)
        if a0 < a1 and b0 < b1:
            p0, q0 = (a0 - i0) // k, (b0 - j0) // k  # first block touched
            p1, q1 = -(-(a1 - i0) // k), -(-(b1 - j0) // k)  # one past the last
            part = np.zeros(((p1 - p0) * k, (q1 - q0) * k), dtype=np.float32)
            oa, ob = a0 - (i0 + p0 * k), b0 - (j0 + q0 * k)
            part[oa : oa + a1 - a0, ob : ob + b1 - b0] = self.grid[a0:a1, b0:b1]
            counts[p0:p1, q0:q1] = part.reshape(p1 - p0, k, q1 - q0, k).sum(axis=(1, 3))
        c = self.cell
        rect = (self.x0 + i0 * c, self.y0 + j0 * c, self.x0 + (i0 + nw * k) * c,
                self.y0 + (j0 + nh * k) * c)  # fmt: skip
        return counts, rect
