"""The one table-model base: rows as plain Python objects, translated headers, a
role that returns the row itself, and rows handed to the view in batches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reunify.i18n import _

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()  # msgids, translated when shown
    BATCH = 500  # rows handed to the view at a time: 10,000 rows open at once

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Any] = []
        self._fetched = 0

    # -- for subclasses ------------------------------------------------------------
    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def foreground(self, row: Any) -> object:
        return None

    def _reset(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._all = rows
        self._fetched = min(len(rows), self.BATCH)
        self.endResetModel()

    # -- shared behaviour ----------------------------------------------------------
    def total(self) -> int:
        """All rows, fetched by the view or not."""
        return len(self._all)

    def retranslate(self) -> None:
        """Headers and labels follow the current language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._fetched:
            last = self.index(self._fetched - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.DisplayRole])

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._fetched < len(self._all)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        end = min(self._fetched + self.BATCH, len(self._all))
        if end > self._fetched:
            self.beginInsertRows(QModelIndex(), self._fetched, end - 1)
            self._fetched = end
            self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._fetched

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < self._fetched):
            return None
        row = self._all[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None
