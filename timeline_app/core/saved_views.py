"""Saved views: a dataset's named filters, lanes and time range, kept in the store (table
`saved_views`, schema 6) so that `export --view NAME` and `briefing --view NAME` find them.

Plain SQL that PostgreSQL accepts too; the state is core.view_state.ViewSettings' JSON.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from timeline_app.core.errors import StoreError
from timeline_app.core.view_state import ViewSettings


@dataclass(frozen=True)
class SavedView:
    name: str
    settings: ViewSettings
    saved: str  # ISO, UTC


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise StoreError("a saved view needs a name")
    if len(cleaned) > 200:
        raise StoreError(f"the view name '{cleaned[:40]}…' is too long (200 characters at most)")
    return cleaned


class SavedViews:
    """Mixed into Store (which gives _conn, _transaction and _dataset_id)."""

    _conn: sqlite3.Connection

    if TYPE_CHECKING:  # what Store gives, declared for the type checker

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _dataset_id(self, name: str) -> int: ...

    def saved_views(self, dataset: str) -> list[SavedView]:
        """The dataset's saved views, by name. One stored by a newer version is read as far
        as this one understands it."""
        rows = self._conn.execute(
            "SELECT name, state, saved FROM saved_views WHERE dataset_id = ? ORDER BY name",
            (self._dataset_id(dataset),),
        ).fetchall()
        return list(_views(rows))

    def saved_view(self, dataset: str, name: str) -> SavedView:
        """The view called `name` (any case); StoreError naming the dataset's views if none."""
        views = self.saved_views(dataset)
        for view in views:
            if view.name.casefold() == name.strip().casefold():
                return view
        known = ", ".join(f"'{v.name}'" for v in views) or "none"
        raise StoreError(f"no saved view '{name}' in '{dataset}' (saved views: {known})")

    def save_view(self, dataset: str, name: str, settings: ViewSettings) -> str:
        """Save (or replace) a view; its name as stored."""
        name, ds = _clean_name(name), self._dataset_id(dataset)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        same = [v.name for v in self.saved_views(dataset) if v.name.casefold() == name.casefold()]
        with self._transaction() as conn:
            for old in same:  # names are one view whatever their case, as stories' are
                conn.execute("DELETE FROM saved_views WHERE dataset_id = ? AND name = ?",
                             (ds, old))  # fmt: skip
            conn.execute(
                "INSERT INTO saved_views (dataset_id, name, state, saved) VALUES (?, ?, ?, ?)",
                (ds, name, settings.to_json(), stamp),
            )
        return name

    def rename_view(self, dataset: str, old: str, new: str) -> str:
        """Rename a view; refused if another view has the new name."""
        found, new = self.saved_view(dataset, old), _clean_name(new)
        if new.casefold() != found.name.casefold():
            for other in self.saved_views(dataset):
                if other.name.casefold() == new.casefold():
                    raise StoreError(f"'{dataset}' has a saved view called '{other.name}' already")
        with self._transaction() as conn:
            conn.execute("UPDATE saved_views SET name = ? WHERE dataset_id = ? AND name = ?",
                         (new, self._dataset_id(dataset), found.name))  # fmt: skip
        return new

    def delete_view(self, dataset: str, name: str) -> None:
        found = self.saved_view(dataset, name)
        with self._transaction() as conn:
            conn.execute("DELETE FROM saved_views WHERE dataset_id = ? AND name = ?",
                         (self._dataset_id(dataset), found.name))  # fmt: skip


def _views(rows: list[tuple[str, str, str]]) -> Iterator[SavedView]:
    for name, state, saved in rows:
        try:
            settings = ViewSettings.from_json(state)
        except ValueError:  # damaged by hand: listed (to delete), applied as the default view
            settings = ViewSettings()
        yield SavedView(name, settings, saved)
