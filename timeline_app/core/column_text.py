"""A dataset's columns read from the store as one text per column, parsed by numpy.

sqlite3 and psycopg hand over one Python object per cell and a tuple per row: fetching a
million events' 14 values took ~6 s and taking the rows apart ~2.5 s more. Aggregated in the
query instead (group_concat on SQLite, string_agg on PostgreSQL), each column of each CHUNK of
ids comes as one long text: numbers are parsed by numpy, texts split once (a Python string
each, made in C). All the aggregates of one query see its rows in the same order, so the
columns of a chunk stay aligned; the caller sorts them by time anyway.

As exact as the rows were:
- a text holding the separator (no importer writes one; a store edited by hand might) splits
  into more pieces than there are rows: `read` then gives None, and the caller reads the rows
  as before; so does a fraction in a whole-number column (SQLite keeps 2.5 in an INTEGER
  column, and its text of a float may round);
- floating-point values: SQLite's own float-to-text conversion is not exact on every build
  (15 digits by default; 17 and more depend on the platform's long double), so on SQLite
  latitude and longitude come as two integers each, found with exact operations only (see
  `_exact_parts`); a chunk where one does not split so is read as rows. PostgreSQL gives
  their IEEE bits (`float8send`) in hex, exact on any server.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd

from timeline_app.core import query_ahead
from timeline_app.core.backend import StoreConnection, is_postgres

CHUNK = 100_000  # ids a query: its texts stay far below SQLite's 1 GB limit on a value
RECORD = "\x1e"  # between the rows' values in a text column (ASCII's record separator)
UNIT = "\x1f"  # between the joined names of a row's place (columns._SEP)
_FLOATS = ("latitude", "longitude")
_NUMBERS = {  # column: its SQL
    "id": "id",
    "start_ts": "start_ts",
    "end_ts": "end_ts",
    "precision": "precision",
    "fatalities": "fatalities",  # NaN where unknown
    "key": "key",
    "changed_in": "changed_in",  # (NaN: never)
    "missing": "CASE WHEN missing_since IS NULL THEN 0 ELSE 1 END",
}
_NUMBERS_READ = ("start_ts", "end_ts", "precision", "fatalities", "key", "changed_in",
                 "missing_since")  # fmt: skip
_TYPES = {  # as columns._column_array makes them
    "precision": np.int8, "key": bool, "missing": bool, "fatalities": np.float64,
    "changed_in": np.float64,
}  # fmt: skip
_TEXTS = ("uid", "title", "date_label")


Events = tuple[dict[str, list], list[tuple[np.ndarray, np.ndarray]]]


def read(
    conn: StoreConnection, dataset_id: int, low: int, high: int, joined: tuple[str, ...]
) -> tuple[Events | None, np.ndarray]:
    """The dataset's events with ids `low` to `high` as columns, a part a chunk of ids:
    numbers as arrays, uid and title as TEXT arrays, date_label as categoricals, and the
    `joined` names as (codes, distinct texts) for columns._split_places; None if a text held
    a separator, or if `joined` is empty (then read the rows). And the (event id, actor id,
    role) of the range."""
    chunks = [(first, min(first + CHUNK - 1, high)) for first in range(low, high + 1, CHUNK)]
    sql, params = _events_query(conn, joined)
    queries = [(sql, (*params, first, last, dataset_id)) for first, last in chunks if joined]
    queries += [(_pairs_query(conn), chunk) for chunk in chunks]
    if not joined:
        chunks = []
    events: Events | None = ({n: [] for n in [*_NUMBERS, *_FLOATS, *_TEXTS, *joined]}, [])
    events = events if joined else None
    pairs = [np.zeros((0, 3), dtype=np.int64)]
    ahead = len(chunks) > 1  # (a small dataset: one query of each)
    small = len(queries) - len(chunks)  # the pairs' (~50 ms each)
    with contextlib.closing(query_ahead.results(conn, queries, ahead, small)) as rows:
        for i, row in enumerate(rows):
            if i >= len(chunks):
                if row[0] is not None:
                    pairs.append(np.column_stack([_numbers(t) for t in row]))
            elif events is not None and row[0] is not None:  # (None: no event in the chunk)
                first, last = chunks[i]
                if not _add_chunk(conn, row, events, (dataset_id, first, last)):
                    events = None  # a text held a separator
    return events, np.concatenate(pairs)


def _events_query(conn: StoreConnection, joined: tuple[str, ...]) -> tuple[str, list[str]]:
    """The query of a chunk's columns, and its parameters but the chunk's (first and last
    id, dataset)."""
    postgres = is_postgres(conn)
    agg = "string_agg" if postgres else "group_concat"
    numbers = [f"{agg}(COALESCE(CAST({sql} AS TEXT), 'nan'), ',')" for sql in _NUMBERS.values()]
    glue = " || ? || ".join(joined)
    texts = [f"{agg}({name}, ?)" for name in [*_TEXTS, f"({glue})"]]
    if postgres:
        floats = [f"{agg}(COALESCE(encode(float8send({n}), 'hex'), ?), '')" for n in _FLOATS]
    else:
        floats = [part for n in _FLOATS for part in _exact_parts(n)]
    # (the subquery's ORDER BY: on SQLite the table's own order, free; the same order as
    # _floats_of_rows', were it needed)
    needed = ", ".join(["id", *_NUMBERS_READ, *_TEXTS, *joined, *_FLOATS])
    sql = (
        f"SELECT {', '.join([*numbers, *texts, *floats])} FROM (SELECT {needed} FROM events "
        "WHERE id BETWEEN ? AND ? AND +dataset_id = ? ORDER BY id) AS e"
    )
    params = [RECORD] * len(_TEXTS) + [*[UNIT] * (len(joined) - 1), RECORD]
    return sql, params + ([_NAN_BITS] * len(_FLOATS) if postgres else [])


def _pairs_query(conn: StoreConnection) -> str:
    agg = "string_agg" if is_postgres(conn) else "group_concat"
    columns = ", ".join(f"{agg}(CAST({n} AS TEXT), ',')" for n in ("event_id", "actor_id", "role"))
    return f"SELECT {columns} FROM event_actors WHERE event_id BETWEEN ? AND ?"


def _add_chunk(conn: StoreConnection, row: tuple, events: Events, chunk: tuple[int, ...]) -> bool:
    """A chunk's texts parsed into `events`; False if a text held a separator, or a number
    was not a whole one."""
    from timeline_app.core.columns import TEXT  # (columns imports this module)

    columns, where = events
    count = row[0].count(",") + 1
    if any(mark in text for text in row[: len(_NUMBERS)] for mark in ".e"):
        return False  # a REAL in an INTEGER column (SQLite keeps 2.5 so): its text may round
    for name, text in zip(_NUMBERS, row, strict=False):
        column = _numbers(text)
        columns[name].append(column.astype(_TYPES.get(name, column.dtype), copy=False))
    split = [text.split(RECORD) for text in row[len(_NUMBERS) :][: len(_TEXTS) + 1]]
    if any(len(pieces) != count for pieces in split):
        return False
    for name, pieces in zip(_TEXTS, split, strict=False):
        if name == "date_label":
            columns[name].append(pd.Categorical(np.array(pieces, dtype=object)))
        else:
            columns[name].append(np.array(pieces, dtype=TEXT))
    where.append(pd.factorize(np.array(split[-1], dtype=object)))
    floats = row[len(_NUMBERS) + len(_TEXTS) + 1 :]
    if is_postgres(conn):
        for name, text in zip(_FLOATS, floats, strict=True):
            columns[name].append(np.frombuffer(bytes.fromhex(text), dtype=">f8").astype(float))
    elif any(floats[2::3]):  # a value that is not whole + fraction * 2**-62
        _floats_of_rows(conn, chunk, columns)
    else:
        for i, name in enumerate(_FLOATS):
            whole, fraction = (_numbers(t).astype(float) for t in floats[3 * i :][:2])
            columns[name].append(whole + fraction * 2.0**-_SCALE)
    return True


_NAN_BITS = "7ff8000000000000"  # a NULL float: NaN (as the rows' None became)
_SCALE = 62  # a fraction's bits kept as a whole number (|fraction| * 2**62 < 2**63)


def _exact_parts(name: str) -> list[str]:
    """Three aggregates of the REAL column `name` for SQLite: each value's whole part and its
    fraction times 2**62, both as integers, and how many values these do not give exactly.

    Only exact operations: the truncation of a double (below 2**63), its difference with the
    double (the fraction is representable), its product by a power of two. The fraction's
    integer is exact when the value has no bit below 2**-62 (any |value| from 2**-10 up):
    checked. Numpy gives the value back exactly:
    both integers have at most 53 significant bits, and their sum is the value itself. A NULL
    is NaN + 0."""
    whole = f"CAST({name} AS INTEGER)"
    scaled = f"(({name} - {whole}) * {2**_SCALE})"
    fraction = f"CAST({scaled} AS INTEGER)"
    return [
        f"group_concat(COALESCE(CAST({whole} AS TEXT), 'nan'), ',')",
        f"group_concat(COALESCE(CAST({fraction} AS TEXT), '0'), ',')",
        f"sum(CAST({fraction} AS REAL) <> {scaled} OR abs({name}) >= {2**_SCALE})",
    ]


def _numbers(text: str) -> np.ndarray:
    """Comma-separated numbers: whole ones (int64), unless a NULL is among them ("nan": then
    float64; parsing floats is ~5 times slower)."""
    return np.fromstring(text, dtype=np.float64 if "n" in text else np.int64, sep=",")


def _floats_of_rows(conn: StoreConnection, chunk: tuple[int, ...], columns: dict) -> None:
    """The chunk's floats read as rows, added to `columns` in the order of its ids."""
    dataset_id, first, last = chunk
    rows = conn.execute(
        f"SELECT id, {', '.join(_FLOATS)} FROM events WHERE id BETWEEN ? AND ? "
        "AND +dataset_id = ? ORDER BY id",
        (first, last, dataset_id),
    ).fetchall()
    floats = np.array(rows, dtype=np.float64).reshape(-1, 1 + len(_FLOATS))
    del rows
    ids, aggregated = floats[:, 0].astype(np.int64), columns["id"][-1]
    if not np.array_equal(ids, aggregated):  # (the aggregates' order was not the ids')
        floats = floats[np.searchsorted(ids, aggregated)]
    for i, name in enumerate(_FLOATS, start=1):
        columns[name].append(floats[:, i].copy())
