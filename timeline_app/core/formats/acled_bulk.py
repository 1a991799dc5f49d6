"""ACLED exports read by columns: a million rows in seconds instead of minutes.

pandas' C parser reads the file in chunks; each distinct date, set of actors, place, source
cell and count is converted once, by the same functions as the row reader (acled.py); the
rows' canonical JSON and search text are then put together from those pieces. The result is
the same, byte for byte, as reading row by row (tests compare the two).

Only files that follow the export exactly go this way: UTF-8, commas, unambiguous dates,
complete rows, nothing the row reader would refuse. Anything else raises NotBulk, and the
caller reads the file row by row, which names the line, the field and the value.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from timeline_app.core.actors import ActorRegistry
from timeline_app.core.dates import When
from timeline_app.core.errors import FieldError
from timeline_app.core.event_writer import Batch, SearchText
from timeline_app.core.formats.acled import (
    GEO_PRECISION,
    RENAMED,
    USED,
    acled_when,
    is_acled,
    short_name,
)
from timeline_app.core.formats.acled_bulk_actors import actor_table, flat_codes
from timeline_app.core.formats.cells import (
    SWAP_FAR,
    SWAP_NEAR,
    checked_location,
    count,
    split_names,
)
from timeline_app.core.formats.loose_dates import _SLASH, DAY_FIRST
from timeline_app.core.formats.tabular import LINE_LIMIT, ROW_LIMIT, Progress, sniff_delimiter
from timeline_app.core.model import (
    MAX_ID,
    MAX_SHORT,
    MAX_TEXT,
    MAX_TITLE,
    Location,
    LocationPrecision,
    Source,
)
from timeline_app.core.serialize import location_to_dict, sources_to_list
from timeline_app.core.store_rows import DERIVED, canonical_json

CHUNK = 25_000  # rows read and written at a time, at most
CHUNKS = 20  # a file comes in at least about this many, for progress
_ESCAPE = json.encoder.encode_basestring  # the escaping json.dumps(ensure_ascii=False) uses
_LOCATION = ("location", "admin2", "admin1", "country", "latitude", "longitude", "geo_precision")


class NotBulk(Exception):
    """The file needs the row reader: it deviates from the export, or has a bad value."""


class _Bounded(io.RawIOBase):
    """The file as pandas reads it, with a cap on a line and on what is read for one chunk
    of rows: pandas' tokenizer would hold a runaway line or quoted cell whole, so such a
    file is handed to the row reader, which refuses it as soon as it passes its own caps."""

    def __init__(self, raw: io.BufferedReader, budget: int) -> None:
        super().__init__()
        self.raw, self.budget = raw, budget
        self.line = 0  # bytes since the last line feed
        self.spent = 0  # bytes read since the last chunk of rows was handed out

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        end = data.rfind(b"\n")
        self.line = self.line + len(data) if end < 0 else len(data) - end - 1
        self.spent += len(data)
        if self.line > LINE_LIMIT:
            raise NotBulk("a line too long")
        if self.spent > self.budget:
            raise NotBulk("a row too long (a quote left open?)")
        return len(data)


def header_names(path: Path) -> list[str] | None:
    """The file's ACLED column names (older names renamed), or None if it is not one for us."""
    if path.suffix.lower() != ".csv":
        return None
    try:
        with path.open("rb") as f:
            first = f.readline(1 << 16).decode("utf-8-sig").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return None
    if sniff_delimiter(first) != "," or '"' in first:
        return None
    header = first.split(",")
    if not is_acled(header):
        return None
    names = [RENAMED.get(h.strip().lower(), h.strip().lower()) for h in header]
    if not all(n.isprintable() for n in names):  # the row reader names the column
        return None
    return names if len(set(names)) == len(names) else None


class _Seen:
    """The ids met so far in the file, as sorted 64-bit hashes (a million ids as Python
    strings in a set took ~100 MB). Two ids of one hash, one chance in 2**64 for a pair,
    send the file to the row reader, which tells them apart."""

    def __init__(self) -> None:
        self.hashes = np.zeros(0, np.uint64)

    def __len__(self) -> int:
        return len(self.hashes)

    def add_new(self, uids: np.ndarray) -> bool:
        """Add ids none of which was met before; False (nothing added) if one was."""
        new = pd.util.hash_array(uids)
        at = np.minimum(np.searchsorted(self.hashes, new), max(len(self.hashes) - 1, 0))
        if len(self.hashes) and (self.hashes[at] == new).any():
            return False
        self.hashes = np.sort(np.concatenate((self.hashes, new)))
        return True


def read_bulk(path: Path, registry: ActorRegistry, progress: Progress | None) -> Iterator[Batch]:
    """Batches of the file's events, actor names made canonical in `registry`.

    Raises NotBulk (possibly after some batches) if the row reader must take the file."""
    names = header_names(path)
    if names is None:
        raise NotBulk("not a plain ACLED export")
    size = max(path.stat().st_size, 1)
    chunk = min(CHUNK, max(1000, size // 300 // CHUNKS))  # ACLED rows are ~300+ bytes
    seen = _Seen()
    memo: dict[str, dict] = {k: {} for k in ("when", "actors", "place", "count", "source")}
    coords: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    with path.open("rb") as raw, _Bounded(raw, 4 * ROW_LIMIT + chunk * 4096) as f:
        try:
            chunks = pd.read_csv(
                f, dtype=object, na_filter=False, chunksize=chunk, encoding="utf-8-sig",
                header=0, names=names, engine="c",
            )  # fmt: skip
            for df in chunks:
                f.spent = 0
                if not isinstance(df.index, pd.RangeIndex):
                    raise NotBulk("rows with more cells than the header")
                batch, lat, lon, country = _convert(df, names, registry, seen, memo)
                coords.append((lat, lon, country))
                yield batch
                if progress is not None:
                    progress(0.95 * raw.tell() / size)
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise NotBulk(str(exc)) from None
    if not len(seen):
        raise NotBulk("no rows")
    if coords and _any_swapped(*(np.concatenate(c) for c in zip(*coords, strict=True))):
        raise NotBulk("coordinates that look swapped")


def _convert(
    df: pd.DataFrame, names: list[str], registry: ActorRegistry, seen: _Seen, memo: dict
) -> tuple[Batch, np.ndarray, np.ndarray, np.ndarray]:
    n = len(df)
    # each column as codes into its distinct values: stripped, and later escaped, once each
    factors = {}
    for c in names:
        codes, uniques = pd.factorize(df[c].to_numpy())
        factors[c] = (codes, _objects([u.strip() for u in uniques]))
    cols = {c: uniques[codes] for c, (codes, uniques) in factors.items()}

    none = (np.zeros(n, np.intp), _objects([""]))

    def json_strings(name: str) -> np.ndarray:
        codes, uniques = factors.get(name, none)
        return _take([_ESCAPE(u) for u in uniques], codes)

    def codes_of(*columns: str) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Each row's index into the distinct value tuples of `columns`, and those tuples."""
        key = np.zeros(n, np.int64)
        for name in columns:
            codes, uniques = factors.get(name, none)
            key = pd.factorize(key * len(uniques) + codes)[0]  # stays below n: no overflow
        first = np.unique(key, return_index=True)[1]
        values = [factors.get(name, none) for name in columns]
        return key, list(zip(*(u[c[first]].tolist() for c, u in values), strict=True))

    blank = _objects([""] * n)
    get = cols.get
    if (cols[names[-1]] == "").any():  # a short row, as in a truncated file
        raise NotBulk("a row without its last cell")

    uids = cols["event_id_cnty"]
    uid_list = uids.tolist()
    if (uids == "").any() or _longest(uids) > MAX_ID or len(set(uid_list)) < n:
        raise NotBulk("an empty, long or repeated id")
    if not seen.add_new(uids):
        raise NotBulk("a repeated id")

    # dates
    dcode, dvals = codes_of("event_date", "time_precision")
    whens = _each(memo["when"], dvals, _when)
    lo = np.array([w.bounds()[0] for w, _ in whens])[dcode]
    hi = np.array([w.bounds()[1] for w, _ in whens])[dcode]
    date_notes = _take([w[1] for w in whens], dcode)

    # actors: each distinct name made canonical once, the rows' lists put together by arrays
    actors = _checked(actor_table, factors, n, registry, memo["actors"])

    # places
    lcode, lvals = codes_of(*_LOCATION)
    places, place_json = zip(*_each(memo["place"], lvals, _location), strict=True)

    fcode, fvals = codes_of("fatalities")
    fatalities = _each(
        memo["count"], fvals, lambda v: _checked(count, {"fatalities": v}, "fatalities")
    )
    scode, svals = codes_of("source")
    sources = _each(memo["source"], svals, _sources)

    etype, sub = get("event_type", blank), get("sub_event_type", blank)
    notes, place = get("notes", blank), get("location", blank)
    a1, a2 = get("actor1", blank), get("actor2", blank)
    title = (
        etype
        + ": "
        + _mapped(a1, short_name)
        + np.where(a2 != "", " vs " + _mapped(a2, short_name), "")
    )
    title = title + np.where(place != "", " in " + place, "")
    for text, limit in (
        (title, MAX_TITLE),
        (notes, MAX_TEXT),
        (etype, MAX_SHORT),
        (sub, MAX_SHORT),
    ):
        if _longest(text) > limit:
            raise NotBulk("a cell longer than allowed")

    extra_keys = sorted({c for c in names if c not in USED} | {"sub_event_type"})
    pieces = []
    for key in extra_keys:
        values = sub if key == "sub_event_type" else cols[key]
        if _longest(values) > MAX_TEXT:
            raise NotBulk("a cell longer than allowed")
        text = json_strings("sub_event_type" if key == "sub_event_type" else key)
        pieces.append(np.where(values != "", f'"{key}":' + text + ",", ""))
    extra = _joined(pieces)
    extra = _objects(['"extra":{' + x[:-1] + "}," if x else "" for x in extra])

    def keyed(key: str, values, present) -> np.ndarray:
        return np.where(present, f'"{key}":' + np.asarray(values, dtype=object) + ",", "")

    parts = [  # the keys of event_to_dict, in sorted order
        "{" + actors.json(n),
        keyed("date_note", _take([_ESCAPE(w[1]) for w in whens], dcode), date_notes != ""),
        keyed("description", json_strings("notes"), notes != ""),
        _take([f'"end":"{w.end_text}",' if w.end else "" for w, _ in whens], dcode),
        keyed("event_type", json_strings("event_type"), etype != ""),
        extra,
        _take([f'"fatalities":{v},' if v is not None else "" for v in fatalities], fcode),
        '"id":' + json_strings("event_id_cnty") + ",",
        _take(place_json, lcode),
        _take([f'"precision":"{w.precision.label}",' for w, _ in whens], dcode),
        _take(
            [f'"sources":{canonical_json(sources_to_list(s))},' if s else "" for s in sources],
            scode,
        ),
        _take([f'"start":"{w.start_text}",' for w, _ in whens], dcode),
        keyed("tags", "[" + json_strings("sub_event_type") + "]", sub != ""),
        '"title":' + _json_strings(title) + "}",
    ]
    docs = _joined(parts).tolist()

    loc_cols = list(zip(*(
        (x.place, x.admin2, x.admin1, x.country, x.latitude, x.longitude) for x in places
    ), strict=True))  # fmt: skip
    precision = _take([int(w.precision) for w, _ in whens], dcode)
    columns = dict(zip(DERIVED, (
        uids, lo, hi, precision, _take([w.describe() for w, _ in whens], dcode), title, etype,
        *(_take(c, lcode) for c in loc_cols), _take(fatalities, fcode), np.zeros(n, np.int64),
    ), strict=True))  # fmt: skip
    derived = list(zip(*(c.tolist() for c in columns.values()), strict=True))

    # the text events_search gives (schema.py), for the search index
    search = SearchText(
        title,
        notes + " " + date_notes,
        actors.per_row(actors.names[actors.codes], n, " "),
        columns["place"]
        + " "
        + columns["admin2"]
        + " "
        + columns["admin1"]
        + " "
        + columns["country"],
        _take([" ".join(f"{s.name} {s.url}" for s in x) for x in sources], scode),
        sub,
    )
    per_source = [[f"{s.url}|{s.name}" for s in x] for x in sources]  # as source_cache has
    counts = [len(x) for x in per_source]
    keys = _objects([k for x in per_source for k in x])[flat_codes(scode, counts)]
    cited = (np.repeat(np.arange(n), np.array(counts, np.int64)[scode]), keys)

    lat = columns["latitude"].astype(float)  # None: NaN
    lon = columns["longitude"].astype(float)
    country = columns["country"]
    batch = Batch(
        docs,
        derived,
        (),  # (the links come as arrays)
        registry.take_changed(),
        columns,
        search,
        cited,
        (actors.rows, actors.codes, actors.roles, actors.names),
    )
    return batch, lat, lon, country


def _each(memo: dict, keys: list[tuple], convert) -> list:
    """convert(*key) for each key, each converted once per file."""
    out = []
    for key in keys:
        value = memo.get(key, memo)
        if value is memo:
            value = memo[key] = convert(*key)
        out.append(value)
    return out


def _objects(values: Sequence) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _take(values: Sequence, codes: np.ndarray) -> np.ndarray:
    return _objects(values)[codes]


def _longest(texts: np.ndarray) -> int:
    return max(map(len, texts), default=0)


def _mapped(column: np.ndarray, fn) -> np.ndarray:
    codes, uniques = pd.factorize(column)
    return _take([fn(u) for u in uniques], codes)


def _json_strings(column: np.ndarray) -> np.ndarray:
    return _mapped(column, _ESCAPE)


def _checked(fn, *args):
    try:
        return fn(*args)
    except FieldError as exc:
        raise NotBulk(exc.message) from None


def _when(event_date: str, time_precision: str) -> tuple[When, str]:
    if _SLASH.match(event_date):  # its order is judged on the whole file, by the row reader
        raise NotBulk("slashed dates")
    return _checked(acled_when, event_date, time_precision, DAY_FIRST)


def _location(place, admin2, admin1, country, lat, lon, geo) -> tuple[Location, str]:
    """The location, and its piece of the canonical JSON."""
    row = {"latitude": lat, "longitude": lon}
    precision = GEO_PRECISION.get(geo, LocationPrecision.UNKNOWN)
    loc = _checked(lambda: checked_location(
        row, place=place, admin2=admin2, admin1=admin1, country=country, precision=precision,
    ))  # fmt: skip
    return loc, _keyed_json("location", location_to_dict(loc))


def _joined(columns: list[np.ndarray]) -> np.ndarray:
    """Row by row, the columns' strings put end to end."""
    return _objects(list(map("".join, zip(*columns, strict=True))))


def _keyed_json(key: str, value: list | dict) -> str:
    """A key and its value as in the canonical JSON, with a comma; nothing if it is empty."""
    return f'"{key}":{canonical_json(value)},' if value else ""


def _count(cell: str) -> int | None:
    return _checked(count, {"fatalities": cell}, "fatalities")


def _sources(cell: str) -> tuple[Source, ...]:
    return _checked(lambda: tuple(Source(name) for name in split_names(cell)))


def _any_swapped(lat: np.ndarray, lon: np.ndarray, country: np.ndarray) -> bool:
    """cells.swapped_rows on arrays: far from the country's other events, near once swapped."""
    has = ~np.isnan(lat)
    lat, lon, country = lat[has], lon[has], country[has]
    for name in set(country.tolist()):
        members = country == name
        if members.sum() < 5:
            continue
        la, lo = lat[members], lon[members]
        mid_lat, mid_lon = np.sort(la)[len(la) // 2], np.sort(lo)[len(lo) // 2]
        far = np.maximum(np.abs(la - mid_lat), np.abs(lo - mid_lon)) > SWAP_FAR
        near = np.maximum(np.abs(lo - mid_lat), np.abs(la - mid_lon)) < SWAP_NEAR
        if (far & near).any():
            return True
    return False
