"""The case list model: column constants and a role that returns the row object."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reunify.i18n import N_, _
from reunify.labels import label
from reunify.models.enums import CaseStatus, SafetyLevel

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class CaseRow:
    """A read-only snapshot of a case for display, detached from any session."""

    id: str
    reference: str
    title: str
    status: CaseStatus
    safety: SafetyLevel


class CaseTableModel(QAbstractTableModel):
    COL_REFERENCE, COL_TITLE, COL_STATUS, COL_SAFETY = range(4)
    HEADERS = (N_("Reference"), N_("Family"), N_("Status"), N_("Safety"))

    BATCH = 500  # rows handed to the view at a time: a 10,000-case list opens at once

    def __init__(self, rows: list[CaseRow] | None = None) -> None:
        super().__init__()
        self._all: list[CaseRow] = rows or []
        self._rows = self._all[: self.BATCH]

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._all = rows
        self._rows = rows[: self.BATCH]
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < len(self._all)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        start = len(self._rows)
        end = min(start + self.BATCH, len(self._all))
        if end > start:
            self.beginInsertRows(QModelIndex(), start, end - 1)
            self._rows = self._all[:end]
            self.endInsertRows()

    def fetch_all(self) -> None:
        """Filtering must see every row, not only those scrolled into view."""
        while self.canFetchMore():
            self.fetchMore()

    def retranslate(self) -> None:
        """Labels and headers follow the current language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.reference, row.title, label(row.status), label(row.safety))[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None
