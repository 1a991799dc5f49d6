"""Where events are: the shipped basemap (Natural Earth), the map's projection and scale, and
which province a point lies in (geo_bins.py gathers events per place and per pixel). Qt-free:
numpy only.

Projection: plain longitude/latitude (equirectangular), drawn with a fixed horizontal scale of
cos(latitude) at the map's centre (the view's aspect ratio, see `aspect_ratio`). The datasets
are regional and mostly tropical (the Kivus lie at 2° S), where this is within a few per cent
of Web Mercator; in exchange the shipped arrays are drawn as stored (no projecting half a million
vertices at load) and hit tests, rectangles and point-in-polygon all work in degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from timeline_app.core.paths import resources_dir

KM_PER_DEGREE = 111.32  # along the equator, or along any meridian (close enough for a scale bar)


def basemap_path() -> Path:
    return resources_dir() / "basemap" / "basemap.npz"


@dataclass
class PolygonLayer:
    """Features made of polygons: xy points, ring start offsets (len rings + 1), feature start
    offsets into the rings (len features + 1), a name and a label point per feature."""

    xy: np.ndarray
    rings: np.ndarray
    parts: np.ndarray
    names: np.ndarray
    labels: np.ndarray
    _boxes: np.ndarray | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def ring_feature(self) -> np.ndarray:
        """The feature each ring belongs to."""
        counts = np.diff(self.parts)
        return np.repeat(np.arange(len(counts)), counts)

    @property
    def ring_boxes(self) -> np.ndarray:
        """(rings, 4): lon0, lat0, lon1, lat1 of each ring."""
        if self._boxes is None:
            starts = self.rings[:-1]
            x, y = self.xy[:, 0], self.xy[:, 1]
            self._boxes = np.column_stack(
                [
                    np.minimum.reduceat(x, starts),
                    np.minimum.reduceat(y, starts),
                    np.maximum.reduceat(x, starts),
                    np.maximum.reduceat(y, starts),
                ]
            )
        return self._boxes

    def feature_boxes(self) -> np.ndarray:
        """(features, 4) bounding boxes."""
        boxes = self.ring_boxes
        starts = self.parts[:-1]
        return np.column_stack(
            [
                np.minimum.reduceat(boxes[:, 0], starts),
                np.minimum.reduceat(boxes[:, 1], starts),
                np.maximum.reduceat(boxes[:, 2], starts),
                np.maximum.reduceat(boxes[:, 3], starts),
            ]
        )

    def decimated(self, cell: float) -> PolygonLayer:
        """A lighter copy for zoomed-out views: of consecutive points in the same `cell`
        (degrees) only the first is kept (and each ring's first and last)."""
        q = np.floor(self.xy / cell).astype(np.int64)
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = (q[1:] != q[:-1]).any(axis=1)
        keep[self.rings[:-1]] = True
        keep[self.rings[1:] - 1] = True
        counts = np.add.reduceat(keep.astype(np.int64), self.rings[:-1])
        rings = np.concatenate([[0], np.cumsum(counts)])
        return PolygonLayer(self.xy[keep], rings, self.parts, self.names, self.labels)

    def outline(self, features: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """x, y of the rings (of `features`, or all), each ring closed and followed by a NaN:
        one array a path item draws in one go."""
        if features is None:
            ring_ids = np.arange(len(self.rings) - 1)
        else:
            ring_ids = np.concatenate(
                [np.arange(self.parts[f], self.parts[f + 1]) for f in features] or [np.empty(0)]
            ).astype(np.int64)
        return _with_breaks(self.xy, self.rings, ring_ids)


@dataclass
class LineLayer:
    xy: np.ndarray
    lines: np.ndarray

    def outline(self) -> tuple[np.ndarray, np.ndarray]:
        return _with_breaks(self.xy, self.lines, np.arange(len(self.lines) - 1))


def _with_breaks(
    xy: np.ndarray, offsets: np.ndarray, ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Points of the pieces `ids`, a NaN between pieces (pyqtgraph's connect='finite')."""
    if not len(ids):
        return np.empty(0, np.float32), np.empty(0, np.float32)
    starts, ends = offsets[ids], offsets[ids + 1]
    lengths = ends - starts
    total = int(lengths.sum()) + len(ids)
    # index of each output point in xy; -1 where a break goes
    out_start = np.cumsum(np.concatenate([[0], lengths[:-1] + 1]))
    index = np.full(total, -1, dtype=np.int64)
    piece = np.repeat(np.arange(len(ids)), lengths)
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    index[out_start[piece] + within] = starts[piece] + within
    x = np.where(index >= 0, xy[index, 0], np.nan).astype(np.float32)
    y = np.where(index >= 0, xy[index, 1], np.nan).astype(np.float32)
    return x, y


@dataclass
class Basemap:
    countries: PolygonLayer
    provinces: PolygonLayer
    lakes: PolygonLayer
    rivers: LineLayer
    disputed: LineLayer
    province_country: np.ndarray  # the country name of each province
    province_alt: np.ndarray  # another name of each province ("North Kivu" for "Nord-Kivu")
    # the countries simplified for zoomed-out views: (tolerance in degrees, layer), coarsest last
    country_levels: list[tuple[float, PolygonLayer]] = field(default_factory=list)

    def province_index(self, name: str, country: str = "") -> int | None:
        """The province called `name` (its Natural Earth or English name), in `country` if
        given (matched loosely: 'Democratic Republic of Congo' finds '... of the Congo')."""
        key = _fold(name)
        if not key:
            return None
        hits = np.flatnonzero(
            (np.char.lower(self.provinces.names) == key) | (np.char.lower(self.province_alt) == key)
        )
        if len(hits) > 1 and country:
            wanted = set(_fold(country).replace("the ", "").split())
            same = [h for h in hits if wanted <= set(_fold(self.province_country[h]).split())]
            hits = np.asarray(same or hits)
        return int(hits[0]) if len(hits) else None


def _fold(text: str) -> str:
    return " ".join(str(text).lower().split())


def _polygons(data, prefix: str, like: str = "") -> PolygonLayer:
    """A layer from the npz; `like`: the layer whose names and labels it shares."""
    return PolygonLayer(
        data[f"{prefix}_xy"],
        data[f"{prefix}_rings"].astype(np.int64),
        data[f"{prefix}_parts"].astype(np.int64),
        data[f"{like or prefix}_name"],
        data[f"{like or prefix}_label"],
    )


@cache
def load_basemap(path: Path | None = None) -> Basemap:
    """The shipped basemap, read once (about 50 ms): the map dock calls this only when it
    opens, so a closed dock costs nothing at start."""
    with np.load(path or basemap_path(), allow_pickle=False) as data:
        return Basemap(
            countries=_polygons(data, "countries"),
            provinces=_polygons(data, "provinces"),
            lakes=_polygons(data, "lakes"),
            rivers=LineLayer(data["rivers_xy"], data["rivers_lines"].astype(np.int64)),
            disputed=LineLayer(data["disputed_xy"], data["disputed_lines"].astype(np.int64)),
            province_country=data["provinces_country"],
            province_alt=data["provinces_alt"],
            country_levels=[
                (tolerance, _polygons(data, name, like="countries"))
                for name, tolerance in (("countries_lod1", 0.03), ("countries_lod2", 0.12))
                if f"{name}_xy" in data
            ],
        )


# -- point in polygon ------------------------------------------------------------------------


def locate(layer: PolygonLayer, lon: np.ndarray, lat: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """The feature of `layer` each point lies in (even-odd rule over the feature's rings, so a
    hole is outside), or -1. Vectorised: bounding boxes pick the candidate rings, then one
    crossing count per ring over all its candidate points at once."""
    lon = np.asarray(lon, dtype=np.float64).ravel()
    lat = np.asarray(lat, dtype=np.float64).ravel()
    out = np.full(len(lon), -1, dtype=np.int64)
    boxes, ring_feature = layer.ring_boxes, layer.ring_feature
    xy = layer.xy.astype(np.float64)
    for s in range(0, len(lon), chunk):
        px, py = lon[s : s + chunk], lat[s : s + chunk]
        ok = np.isfinite(px) & np.isfinite(py)
        near = (
            ok[:, None]
            & (px[:, None] >= boxes[:, 0])
            & (px[:, None] <= boxes[:, 2])
            & (py[:, None] >= boxes[:, 1])
            & (py[:, None] <= boxes[:, 3])
        )
        point_ids, ring_ids = np.nonzero(near)
        if not len(ring_ids):
            continue
        odd_points, odd_features = [], []
        for ring in np.unique(ring_ids):
            pts = point_ids[ring_ids == ring]
            a, b = int(layer.rings[ring]), int(layer.rings[ring + 1])
            inside = _crossings_odd(px[pts], py[pts], xy[a:b])
            odd_points.append(pts[inside])
            odd_features.append(np.full(int(inside.sum()), ring_feature[ring]))
        pairs = np.column_stack([np.concatenate(odd_points), np.concatenate(odd_features)])
        if not len(pairs):
            continue
        uniq, counts = np.unique(pairs, axis=0, return_counts=True)
        hit = uniq[counts % 2 == 1]  # inside an odd number of the feature's rings
        # the first feature found wins where (simplified) neighbours overlap
        first = np.unique(hit[:, 0], return_index=True)[1]
        out[s + hit[first, 0]] = hit[first, 1]
    return out


def _crossings_odd(px: np.ndarray, py: np.ndarray, ring: np.ndarray) -> np.ndarray:
    x0, y0 = ring[:-1, 0], ring[:-1, 1]
    x1, y1 = ring[1:, 0], ring[1:, 1]
    crosses = (y0 > py[:, None]) != (y1 > py[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x0 + (py[:, None] - y0) * (x1 - x0) / (y1 - y0)
    return ((crosses & (px[:, None] < xs)).sum(axis=1) % 2) == 1


def inside_polygon(lon: np.ndarray, lat: np.ndarray, polygon: np.ndarray,
                   chunk: int = 4096) -> np.ndarray:  # fmt: skip
    """Which points lie inside `polygon` (an (n, 2) array of lon, lat; closed or not), by
    the even-odd rule: vectorised, a chunk of points against every edge at a time, and only
    the points within the polygon's bounding box."""
    ring = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
    out = np.zeros(len(lon), dtype=bool)
    if len(ring) < 3:
        return out
    if not np.array_equal(ring[0], ring[-1]):
        ring = np.vstack([ring, ring[:1]])
    x0, y0 = ring.min(axis=0)
    x1, y1 = ring.max(axis=0)
    near = np.flatnonzero((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
    for s in range(0, len(near), chunk):
        k = near[s : s + chunk]
        out[k] = _crossings_odd(np.asarray(lon[k], np.float64), np.asarray(lat[k], np.float64),
                                ring)  # fmt: skip
    return out


# -- scale and aspect ------------------------------------------------------------------------


def aspect_ratio(lat: float) -> float:
    """x scale / y scale of the view so that a kilometre is as long east-west as north-south
    at latitude `lat` (pyqtgraph's setAspectLocked ratio)."""
    return max(math.cos(math.radians(max(-80.0, min(80.0, lat)))), 0.2)


def nice_distance(km: float) -> float:
    """The largest 1, 2 or 5 × 10^k kilometres not above `km` (the scale bar's length)."""
    if km <= 0 or not math.isfinite(km):
        return 0.0
    power = 10 ** math.floor(math.log10(km))
    return next(step * power for step in (5, 2, 1) if step * power <= km)


def km_per_degree_lon(lat: float) -> float:
    return KM_PER_DEGREE * math.cos(math.radians(lat))


def province_level(place: np.ndarray, admin1: np.ndarray) -> np.ndarray:
    """Whether each place stands for a whole province, as far as its names say: no place name,
    or the place named as its province (used where the records' precision is not read)."""
    place = np.asarray(place, dtype=str)
    return (place == "") | (place == np.asarray(admin1, dtype=str))


def distance_km(layer: PolygonLayer, feature: int, lon: float, lat: float) -> float:
    """How far the point is from the feature's outline, in km (0 inside)."""
    a, b = int(layer.parts[feature]), int(layer.parts[feature + 1])
    if (locate_in(layer, feature, lon, lat)) or a == b:
        return 0.0
    best = math.inf
    kx = km_per_degree_lon(lat)
    for r in range(a, b):
        ring = layer.xy[layer.rings[r] : layer.rings[r + 1]].astype(np.float64)
        p = np.array([(lon) * kx, lat * KM_PER_DEGREE])
        pts = ring * [kx, KM_PER_DEGREE]
        s, e = pts[:-1], pts[1:]
        d = e - s
        t = np.clip(((p - s) * d).sum(1) / np.maximum((d * d).sum(1), 1e-12), 0, 1)
        best = min(best, float(np.hypot(*(s + d * t[:, None] - p).T).min()))
    return best


def locate_in(layer: PolygonLayer, feature: int, lon: float, lat: float) -> bool:
    a, b = int(layer.parts[feature]), int(layer.parts[feature + 1])
    odd = False
    for r in range(a, b):
        ring = layer.xy[layer.rings[r] : layer.rings[r + 1]].astype(np.float64)
        odd ^= bool(_crossings_odd(np.array([lon]), np.array([lat]), ring)[0])
    return odd


def province_of_place(
    basemap: Basemap, lon: float, lat: float, admin1: str = "", country: str = "", slack_km=5.0
) -> int:
    """The province a place lies in. Point in polygon first; but where the place's record names
    a province whose (generalised, 1:10m) outline passes within `slack_km` of the point, that
    one: a town on a border (Goma, on Rwanda's) recorded to 0.01° (1 km) can fall a few hundred
    metres on the wrong side of a simplified border."""
    found = int(locate(basemap.provinces, np.array([lon]), np.array([lat]))[0])
    named = basemap.province_index(admin1, country) if admin1 else None
    if named is None or named == found:
        return found
    if distance_km(basemap.provinces, named, lon, lat) <= slack_km:
        return named
    return found
