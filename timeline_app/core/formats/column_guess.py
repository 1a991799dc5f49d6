"""Guessing which column of a foreign table holds which field, and previewing the events a
mapping gives. The window's mapping dialog and the command line both use this.

Column names are compared without case, accents, spaces or punctuation ("Event Date",
"event_date" and "EVENT-DATE" are one name), in English and French, the languages of the
sheets our users trade. A name matched exactly wins; then a column whose words include a
telling word ("Date de l'incident", "Nombre de morts"). The day/month order is taken only
when the file settles it (7/21/2016 can only be month first): it is never guessed.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.loose_dates import is_ambiguous
from timeline_app.core.formats.spreadsheet import (
    ColumnMap,
    Sample,
    missing_fields,
    row_converter,
    settle_order,
)
from timeline_app.core.model import Event

# fmt: off
# field -> column names that mean it, best first (compared as normalize() gives them)
NAMES: dict[str, tuple[str, ...]] = {
    "date": ("date", "event date", "start date", "date debut", "date de debut", "start",
             "debut", "day", "jour", "when", "quand", "date de l evenement", "date evenement"),
    "end_date": ("end date", "date fin", "date de fin", "end", "fin", "until", "jusqu au"),
    "title": ("title", "titre", "headline", "event", "evenement", "incident", "name", "nom",
              "summary", "resume", "intitule"),
    "description": ("description", "notes", "note", "details", "text", "texte", "narrative",
                    "recit", "observations"),
    "actors": ("actor 1", "acteur 1", "actor", "acteur", "actors", "acteurs", "primary actor",
               "primary actors", "acteur principal", "side a", "camp a", "perpetrator",
               "auteur", "auteurs", "parties", "who", "qui"),
    "opposing_actors": ("actor 2", "acteur 2", "opposing actor", "opposing actors",
                        "side b", "camp b", "target", "cible", "victim", "adversaire"),
    "associated_actors": ("actor 3", "acteur 3", "assoc actor", "assoc actor 1",
                          "associated actor", "associated actors", "acteur associe",
                          "acteurs associes", "ally", "allies", "allie", "allies actor"),
    "event_type": ("event type", "type", "type d evenement", "type evenement",
                   "type de l evenement", "category", "categorie", "kind"),
    "place": ("location", "lieu", "town", "ville", "place", "city", "site", "localite",
              "locality", "village", "localisation", "where", "ou"),
    "admin2": ("admin2", "territory", "territoire", "district", "county", "commune"),
    "admin1": ("admin1", "province", "region", "state", "etat"),
    "country": ("country", "pays", "nation"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "long", "lng", "x"),
    "fatalities": ("fatalities", "deaths", "morts", "deces", "killed", "tues", "dead",
                   "number of deaths", "nombre de morts", "nombre de deces", "casualties"),
    "source": ("source", "sources", "url", "link", "lien", "reference", "references"),
    "id": ("event id", "id", "identifiant", "uid", "event id cnty", "id evenement", "code",
           "ref", "no", "numero"),
}
# field -> words that, within a longer column name, mean it ("Nombre de morts civils")
WORDS: dict[str, tuple[str, ...]] = {
    "date": ("date",),
    "title": ("title", "titre", "headline"),
    "description": ("description", "notes"),
    "place": ("location", "lieu", "town", "ville", "localite"),
    "admin1": ("province", "admin1"),
    "country": ("country", "pays"),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "fatalities": ("fatalities", "deaths", "morts", "deces", "killed", "tues"),
    "source": ("source", "sources", "url"),
    "event_type": ("type",),
}
# fmt: on
PREVIEW_ROWS = 5


def normalize(name: str) -> str:
    """A column name as compared: no case, no accents, words split on anything else
    ("Type d'événement" -> "type d evenement"; "Actor1" -> "actor 1")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"(?<=[a-z])(?=\d)", " ", text)  # "actor1" is "actor 1"
    return " ".join(re.findall(r"[a-z0-9]+", text))


_EXACT = {f: {normalize(n).replace(" ", ""): rank for rank, n in enumerate(names)}
          for f, names in NAMES.items()}  # fmt: skip


def guess_columns(header: list[str]) -> dict[str, str]:
    """field -> column, for the columns whose names say what they hold."""
    keys = [normalize(h).replace(" ", "") for h in header]
    taken: dict[str, str] = {}
    # exact names first, the best-ranked match of each field first, so "Event ID" is the id
    # and "ID" is then left alone
    matches = sorted(
        (rank, i, fld)
        for fld, names in _EXACT.items()
        for i, key in enumerate(keys)
        if (rank := names.get(key)) is not None
    )
    for _, i, fld in matches:
        if fld not in taken and header[i] not in taken.values() and header[i].strip():
            taken[fld] = header[i]
    for fld, words in WORDS.items():  # then telling words within longer names
        if fld in taken:
            continue
        for column in header:
            if column not in taken.values() and set(normalize(column).split()) & set(words):
                taken[fld] = column
                break
    if "end_date" in taken and "date" not in taken:  # a lone "end" is no start date
        del taken["end_date"]
    return taken


def guess_mapping(header: list[str], rows: Iterable[list[str]] = ()) -> ColumnMap:
    """The mapping the column names suggest, with the day/month order if `rows` settle it."""
    mapping = ColumnMap(guess_columns(header))
    rows = list(rows)

    def cells(column: str) -> list[str]:
        i = header.index(column)
        return [c[i] for c in rows if i < len(c)]

    try:
        return settle_order(mapping, cells)
    except FieldError:  # both orders in the file: the preview shows it, the reader refuses it
        return mapping


def ambiguous_date(found: Sample, mapping: ColumnMap) -> str | None:
    """A date of the mapped date columns that reads either way (4/1/2017), if the mapping
    names no order and the sample does not settle it; else None."""
    if mapping.date_order is not None:
        return None
    try:
        if settle_order(mapping, found.column).date_order is not None:
            return None
    except (FieldError, ValueError):  # mixed orders, or a column not in the file
        return None
    return next(
        (v.strip() for f in ("date", "end_date") if f in mapping.columns
         for v in found.column(mapping.columns[f]) if is_ambiguous(v)),
        None,
    )  # fmt: skip


@dataclass
class PreviewRow:
    """One row as the mapping reads it: an event, or why it would be refused."""

    line: int
    event: Event | None = None
    error: str = ""


def preview_events(
    path: Path, found: Sample, mapping: ColumnMap, rows: int = PREVIEW_ROWS
) -> list[PreviewRow]:
    """The first `rows` rows of `found` read with `mapping`; a bad row is its error message
    (file, line, column), as the import would say it. Empty while a required field is
    unmapped."""
    if missing_fields(mapping) or any(c not in found.header for c in mapping.columns.values()):
        return []
    with contextlib.suppress(FieldError):  # if the dates mix orders, each row says which
        mapping = settle_order(mapping, found.column)
    convert = row_converter(mapping)
    out = []
    for line, cells in found.rows[:rows]:
        try:
            out.append(PreviewRow(line, convert(dict(zip(found.header, cells, strict=False)))))
        except FieldError as exc:
            out.append(PreviewRow(line, error=str(InputError(path, exc.message, line=line,
                                                             field=exc.field))))  # fmt: skip
    return out


class NeedsMapping(InputError):
    """A table whose columns must be mapped before it can be read; `guess` is what their
    names suggest, `sample` the rows it was guessed from."""

    def __init__(self, path: Path, found: Sample, message: str, **where: Any) -> None:
        self.sample = found
        self.guess = guess_mapping(found.header, (c for _, c in found.rows))
        super().__init__(path, message, **where)

    @classmethod
    def unknown(cls, path: Path, found: Sample, note: str = "") -> NeedsMapping:
        columns = ", ".join(found.header)
        return cls(
            path,
            found,
            "columns of no known format (ACLED, UCDP GED, TimelineJS, Timeline App): "
            + (columns if len(columns) <= 200 else columns[:199] + "…")
            + (f" ({note})" if note else "")
            + "; give it a column mapping (--map auto takes the guess, --map FILE.json "
            "a corrected one; the window asks for it)",
            line=1,
        )
