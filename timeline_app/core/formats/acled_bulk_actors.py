"""The actors of a chunk of ACLED rows, by arrays (formats/acled_bulk.py).

acled_actors and ActorRegistry.canonical_event did this row by row, once per distinct
combination of the four actor cells; on a long tail of combinations that was once per row,
and nearly half of reading the file. Here each distinct name is made canonical once, and the
rows' lists are put together with numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from timeline_app.core.actors import ActorRegistry
from timeline_app.core.event_writer import ROLES
from timeline_app.core.formats.cells import split_names
from timeline_app.core.model import ActorRef, Role

_ESCAPE = json.encoder.encode_basestring  # the escaping json.dumps(ensure_ascii=False) uses
_ACTORS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_ROLE_CODES = np.array(
    [ROLES.index(Role.PRIMARY), ROLES.index(Role.OPPOSING), ROLES.index(Role.ASSOCIATED)],
    dtype=np.int8,
)  # by slot: 0, 1, 2+
_ROLE_JSON = [f',"role":"{role.value}"}}' for role in ROLES]


@dataclass
class ActorTable:
    """A chunk's event–actor pairs, in each row's order (as acled_actors gives them), with
    the actors' canonical names: what the document, the links and the search text need."""

    rows: np.ndarray  # the row of each pair, ascending
    codes: np.ndarray  # index into names
    roles: np.ndarray  # index into ROLES
    names: np.ndarray  # objects: canonical names

    def per_row(self, pieces: np.ndarray, n: int, sep: str) -> np.ndarray:
        """For each of `n` rows, its pairs' `pieces` joined with `sep` ("" for none)."""
        out = np.full(n, "", dtype=object)
        if not len(self.rows):
            return out
        starts = np.searchsorted(self.rows, self.rows, side="left")
        rank = np.arange(len(self.rows)) - starts
        for k in range(int(rank.max()) + 1):  # the k-th actor of every row at once
            at = rank == k
            rows = self.rows[at]
            out[rows] = out[rows] + (sep if k else "") + pieces[at]
        return out

    def json(self, n: int) -> np.ndarray:
        """Each row's '"actors":[…],' as canonical_json writes it, or ""."""
        names = _objects(['{"name":' + _ESCAPE(x) for x in self.names.tolist()])
        roles = _objects(_ROLE_JSON)
        listed = self.per_row(names[self.codes] + roles[self.roles], n, ",")
        return np.where(listed != "", '"actors":[' + listed + "],", "")


def actor_table(factors: dict, n: int, registry: ActorRegistry, memo: dict) -> ActorTable:
    """acled_actors and ActorRegistry.canonical_event for a whole chunk, by arrays: each row's
    names in slot order (actor1, actor2, then the associated ones), names seen for the first
    time made canonical in the order the row reader meets them (the first spelling of an
    actor names it), then each row's repeats of one actor dropped, the first one kept."""
    ids: dict[str, int] = {}  # the chunk's distinct raw names
    rows, slots, found = [], [], []
    offset = np.zeros(n, np.int64)  # associated names met so far in each row
    for column in _ACTORS:
        codes, uniques = factors.get(column, (np.zeros(n, np.intp), _objects([""])))
        single = column in ("actor1", "actor2")
        lists = [[u] if u else [] for u in uniques] if single else map(split_names, uniques)
        lists = [[ids.setdefault(x, len(ids)) for x in names] for names in lists]
        sizes = np.array([len(x) for x in lists], dtype=np.int64)
        flat = np.array([i for x in lists for i in x], dtype=np.int64)
        starts = np.cumsum(sizes) - sizes
        counts = sizes[codes]
        row = np.repeat(np.arange(n), counts)
        pos = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
        rows.append(row)
        found.append(flat[np.repeat(starts[codes], counts) + pos])
        if single:
            slots.append(np.full(len(row), 0 if column == "actor1" else 1, np.int64))
        else:
            slots.append(2 + offset[row] + pos)
            offset += counts
    row, slot, raw = (np.concatenate(x) for x in (rows, slots, found))
    order = np.lexsort((slot, row))
    row, slot, raw = row[order], slot[order], raw[order]

    raw_names = list(ids)
    firsts = np.unique(raw, return_index=True)[1]  # each name's first pair, in file order
    for i in raw[np.sort(firsts)].tolist():
        name = raw_names[i]
        if name not in memo:
            ActorRef(name)  # an empty or long name: FieldError (the row reader names it)
            memo[name] = registry.resolve(name)
    canonical: dict[str, int] = {}
    code_of = np.array([canonical.setdefault(memo[x], len(canonical)) for x in raw_names],
                       dtype=np.int64)  # fmt: skip
    code = code_of[raw] if len(raw) else np.zeros(0, np.int64)
    keep = np.sort(np.unique(row * max(len(canonical), 1) + code, return_index=True)[1])
    role = _ROLE_CODES[np.minimum(slot[keep], 2)]
    return ActorTable(row[keep], code[keep], role, _objects(list(canonical)))


def flat_codes(codes: np.ndarray, sizes: list[int]) -> np.ndarray:
    """For rows that each take the list `codes[row]` of a flat concatenation of lists of
    `sizes`, the index into that concatenation of each row's items, row after row."""
    sizes_a = np.array(sizes, np.int64)
    starts = np.cumsum(sizes_a) - sizes_a
    counts = sizes_a[codes]
    pos = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts[codes], counts) + pos
