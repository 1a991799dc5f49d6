"""What the views share: the open dataset, its filters, what they show, the selection.

Data flows one way: store -> columns -> filter mask -> lane layout -> views, worked out by a
core ViewState (core/view_state.py) that the exports and the command line use too. Views
change the session (set_filters, select); its signals tell every view, so no view copies
state.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from timeline_app.core.columns import EventColumns
from timeline_app.core.filters import EventFilter, FacetCounts, FilterState
from timeline_app.core.model import Event
from timeline_app.core.store import Store
from timeline_app.core.view_state import Change, ViewState
from timeline_app.memory import release_free_memory
from timeline_app.ui.i18n import tr

PREPARE_DELAY_MS = 500  # after a dataset is opened: its first paint comes first


class Session(QObject):
    """The window's adapter of a core ViewState: it holds the state (dataset, filters, lanes,
    selection: `view`), and re-says its changes as Qt signals for the widgets."""

    datasetChanged = Signal()
    filtersChanged = Signal()
    lanesChanged = Signal()  # lane mode, control, budget or room: a new layout
    selectionChanged = Signal(object)  # event row, or None

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.view = ViewState(store.search)
        self.view.subscribe(self._changed)

    def _changed(self, change: Change) -> None:
        if change is Change.DATASET:
            self.datasetChanged.emit()
        elif change is Change.FILTERS:
            self.filtersChanged.emit()
        elif change is Change.LANES:
            self.lanesChanged.emit()
        elif change is Change.SELECTION:
            self.selectionChanged.emit(self.view.selected)

    # what the view state holds, under the names the widgets know
    @property
    def dataset(self) -> str | None:
        return self.view.dataset

    @property
    def columns(self) -> EventColumns | None:
        return self.view.columns

    # For what runs only while a dataset is open (an event is selected or edited, a command
    # that is disabled otherwise): its name and columns, without the None of "no dataset".
    @property
    def open_name(self) -> str:
        assert self.view.dataset is not None, "no dataset is open"
        return self.view.dataset

    @property
    def open_columns(self) -> EventColumns:
        assert self.view.columns is not None, "no dataset is open"
        return self.view.columns

    @property
    def filter(self) -> EventFilter | None:
        return self.view.filter

    @property
    def state(self) -> FilterState:
        return self.view.filters

    @property
    def mask(self) -> np.ndarray:
        return self.view.mask

    @property
    def selected(self) -> int | None:
        return self.view.selected

    @property
    def total(self) -> int:
        return len(self.view.mask)

    @property
    def shown_rows(self) -> np.ndarray:
        """Rows that pass the filters, in time order."""
        return np.flatnonzero(self.view.mask)

    def open_dataset(
        self,
        name: str | None,
        state: FilterState | None = None,
        columns: EventColumns | None = None,
    ) -> None:
        """Show dataset `name` (its `columns` if given, else read from the store)."""
        if name is not None and columns is None:
            columns = self.store.columns(name, defer_cache=True)
        self.view.open(name, columns if name is not None else None, state)
        release_free_memory()  # what loading and laying out left behind
        if self.view.filter is not None:  # once the dataset is drawn, not before
            QTimer.singleShot(PREPARE_DELAY_MS, self, partial(self._prepare, self.view.filter))

    def _prepare(self, flt: EventFilter) -> None:
        """The filter's indexes, built while idle: the first filter change is then as fast as
        the next ones; and the column cache of a dataset read without one."""
        self.store.write_deferred_cache()
        if flt is self.view.filter:  # (still the dataset shown)
            flt.prepare()

    def reload(self, changed: Collection[str] = ()) -> None:
        """Read the dataset again (after an import), keeping the filters; after an edit,
        only the `changed` events are read (all of a large dataset took seconds)."""
        columns = None
        if changed and self.columns is not None and self.dataset is not None:
            columns = self.store.patched_columns(self.dataset, self.columns, changed)
        self.open_dataset(self.dataset, self.state, columns)

    def refresh_search(self) -> None:
        """Search again: the index now covers events whose text was only scanned before."""
        self.view.refresh_search()

    def set_filters(self, state: FilterState) -> None:
        self.view.set_filters(state)

    def counts(self) -> FacetCounts | None:
        if self.filter is None:
            return None
        return self.filter.counts(self.state, self.view.text_ids())

    def select(self, row: int | None) -> None:
        self.view.select(row)

    def event_at(self, row: int) -> Event | None:
        """The full event of a row, read from the store (for the card). (Not `event`: that
        name is QObject's handler of Qt events, which Qt calls on a language change.)"""
        uid = str(self.open_columns.uids[row])
        return self.store.event(self.open_name, uid)

    def status(self, row: int) -> str:
        """A line about the record itself, for the card: changed by, or missing from, imports."""
        ev = self.open_columns.events
        if "missing" in ev and ev["missing"].iat[row]:
            return tr("No longer in its source at the last import (kept until removed)")
        if "changed" in ev and ev["changed"].iat[row]:
            return tr("New or changed in the last import ({file})").format(
                file=self.open_columns.last_import
            )
        return ""
