"""What the views share: the open dataset, its filters, what they show, the selection.

Data flows one way: store -> columns -> filter mask -> views. Views change the session
(set_filters, select); the session's signals tell every view, so no view copies state.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from PySide6.QtCore import QObject, Signal

from timeline_app.core.columns import EventColumns
from timeline_app.core.filters import EventFilter, FacetCounts, FilterState
from timeline_app.core.model import Event
from timeline_app.core.store import Store
from timeline_app.memory import release_free_memory
from timeline_app.ui.i18n import tr


class Session(QObject):
    datasetChanged = Signal()
    filtersChanged = Signal()
    selectionChanged = Signal(object)  # event row, or None

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.dataset: str | None = None
        self.columns: EventColumns | None = None
        self.filter: EventFilter | None = None
        self.state = FilterState()
        self.mask = np.zeros(0, dtype=bool)
        self.selected: int | None = None
        self._text_ids: tuple[str, np.ndarray | None] = ("", None)

    @property
    def total(self) -> int:
        return len(self.mask)

    @property
    def shown_rows(self) -> np.ndarray:
        """Rows that pass the filters, in time order."""
        return np.flatnonzero(self.mask)

    def open_dataset(
        self,
        name: str | None,
        state: FilterState | None = None,
        columns: EventColumns | None = None,
    ) -> None:
        """Show dataset `name` (its `columns` if given, else read from the store)."""
        self.dataset = name
        self.selected = None
        self._text_ids = ("", None)
        if name is None:
            self.columns = self.filter = None
            self.mask = np.zeros(0, dtype=bool)
        else:
            self.columns = columns if columns is not None else self.store.columns(name)
            self.filter = EventFilter(self.columns)
        self.state = state or FilterState()
        if self.state.changed_only and not (self.columns is not None and self.columns.last_import):
            self.state = self.state.with_(changed_only=False)  # nothing to show as changed
        self._refilter()
        self.datasetChanged.emit()
        self.filtersChanged.emit()
        self.selectionChanged.emit(None)
        release_free_memory()  # what loading and laying out left behind

    def reload(self, changed: Collection[str] = ()) -> None:
        """Read the dataset again (after an import), keeping the filters; after an edit,
        only the `changed` events are read (all of a large dataset took seconds)."""
        columns = None
        if changed and self.columns is not None and self.dataset is not None:
            columns = self.store.patched_columns(self.dataset, self.columns, changed)
        self.open_dataset(self.dataset, self.state, columns)

    def _text_matches(self) -> np.ndarray | None:
        text = self.state.text.strip()
        if not text or self.dataset is None:
            return None
        if self._text_ids[0] != text:
            self._text_ids = (text, self.store.search(self.dataset, text))
        return self._text_ids[1]

    def refresh_search(self) -> None:
        """Search again: the index now covers events whose text was only scanned before."""
        self._text_ids = ("", None)
        if self.state.text.strip():
            self._refilter()
            self.filtersChanged.emit()

    def _refilter(self) -> None:
        if self.filter is not None:
            self.mask = self.filter.mask(self.state, self._text_matches())

    def set_filters(self, state: FilterState) -> None:
        if state == self.state:
            return
        self.state = state
        self._refilter()
        self.filtersChanged.emit()
        if self.selected is not None and not self.mask[self.selected]:
            self.select(None)

    def counts(self) -> FacetCounts | None:
        if self.filter is None:
            return None
        return self.filter.counts(self.state, self._text_matches())

    def select(self, row: int | None) -> None:
        if row == self.selected:
            return
        self.selected = row
        self.selectionChanged.emit(row)

    def event_at(self, row: int) -> Event | None:
        """The full event of a row, read from the store (for the card). (Not `event`: that
        name is QObject's handler of Qt events, which Qt calls on a language change.)"""
        uid = str(self.columns.uids[row])
        return self.store.event(self.dataset, uid)

    def status(self, row: int) -> str:
        """A line about the record itself, for the card: changed by, or missing from, imports."""
        ev = self.columns.events
        if "missing" in ev and ev["missing"].iat[row]:
            return tr("No longer in its source at the last import (kept until removed)")
        if "changed" in ev and ev["changed"].iat[row]:
            return tr("New or changed in the last import ({file})").format(
                file=self.columns.last_import
            )
        return ""
