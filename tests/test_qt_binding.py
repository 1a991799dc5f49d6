"""Known faults of the Qt binding that the project's version pin keeps out."""

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class NoneModel(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        return 1

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def test_index_data_keeps_the_reference_to_none(qapp):
    """PySide6 6.12.0 loses a reference to None here; enough calls abort the interpreter."""
    model = NoneModel()  # kept alive: an index does not own its model
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(100):
        assert index.data() is None
    assert sys.getrefcount(None) >= before
