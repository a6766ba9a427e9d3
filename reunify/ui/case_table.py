"""The case list model: filtering and sorting on prepared Python rows.

Filtering and sorting live here rather than in a QSortFilterProxyModel: a proxy
asks `data()` once per cell, which for 10,000 cases took ~0.8 s per keystroke;
comparing prepared strings takes a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt

from reunify.i18n import N_
from reunify.labels import label
from reunify.models.enums import CaseStatus, LegalTrack, SafetyLevel
from reunify.queries import CaseListRow
from reunify.ui.table_model import ROW_ROLE, RowTableModel

__all__ = ["ROW_ROLE", "CaseRow", "CaseTableModel"]

CaseRow = CaseListRow  # the rows are the read model's, not a copy of it
_SAFETY_ORDER = {level: i for i, level in enumerate(SafetyLevel)}
_STATUS_ORDER = {status: i for i, status in enumerate(CaseStatus)}


class CaseTableModel(RowTableModel):
    COL_REFERENCE, COL_TITLE, COL_STATUS, COL_SAFETY = range(4)
    HEADERS = (N_("Reference"), N_("Family"), N_("Status"), N_("Safety"))

    def __init__(self, rows: list[CaseRow] | None = None) -> None:
        super().__init__()
        self._source: list[tuple[CaseRow, str]] = []
        self._needle = ""
        self._extra: frozenset[str] = frozenset()
        self._status: CaseStatus | None = None
        self._safety: SafetyLevel | None = None
        self._track: LegalTrack | None = None
        self._tracks: dict[str, frozenset[LegalTrack]] = {}
        self._sort = (self.COL_REFERENCE, Qt.SortOrder.AscendingOrder)
        self.set_rows(rows or [])

    def set_rows(
        self, rows: list[CaseRow], tracks: dict[str, frozenset[LegalTrack]] | None = None
    ) -> None:
        """All cases, with the legal tracks each is running (for the track filter)."""
        self._source = [(r, self._folded(r)) for r in rows]
        if tracks is not None:
            self._tracks = tracks
        self._apply()

    def replace_row(self, row: CaseRow, tracks: frozenset[LegalTrack]) -> None:
        """One case changed: swap its row instead of reading 10,000 again."""
        self._source = [
            (row, self._folded(row)) if r.id == row.id else (r, f) for r, f in self._source
        ]
        self._tracks = {**self._tracks, row.id: tracks}
        self._apply()

    def position(self, case_id: str) -> int | None:
        """Row number of a case as shown, fetching rows up to it for the view."""
        index = next((i for i, r in enumerate(self._all) if r.id == case_id), None)
        while index is not None and index >= self.rowCount() and self.canFetchMore():
            self.fetchMore()
        return index

    @staticmethod
    def _folded(row: CaseRow) -> str:
        return f"{row.reference}\n{row.title}".casefold()

    def set_filter(self, text: str, also_ids: Iterable[str] = ()) -> None:
        """Keep rows whose reference or title contains `text`, plus `also_ids`
        (cases found by full-text search: people's names, CURP, notes)."""
        self._needle = text.strip().casefold()
        self._extra = frozenset(also_ids)
        self._apply()

    def set_criteria(
        self,
        status: CaseStatus | None = None,
        safety: SafetyLevel | None = None,
        track: LegalTrack | None = None,
    ) -> None:
        """Filters by status, safety level and running legal track (None: any)."""
        self._status, self._safety, self._track = status, safety, track
        self._apply()

    def _keep(self, row: CaseRow) -> bool:
        return (
            (self._status is None or row.status == self._status)
            and (self._safety is None or row.safety == self._safety)
            and (self._track is None or self._track in self._tracks.get(row.id, ()))
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._apply()

    def _key(self, row: CaseRow) -> tuple[object, str]:
        column = self._sort[0]
        if column == self.COL_TITLE:
            return (row.title.casefold(), row.reference)
        if column == self.COL_STATUS:
            return (_STATUS_ORDER[row.status], row.reference)
        if column == self.COL_SAFETY:
            return (_SAFETY_ORDER[row.safety], row.reference)
        return (row.reference, "")

    def _apply(self) -> None:
        if self._needle:
            rows = [
                r for r, folded in self._source if self._needle in folded or r.id in self._extra
            ]
        else:
            rows = [r for r, _folded in self._source]
        if self._status is not None or self._safety is not None or self._track is not None:
            rows = [r for r in rows if self._keep(r)]
        rows.sort(key=self._key, reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self._reset(rows)

    def display(self, row: CaseRow, column: int) -> str:
        if column == self.COL_REFERENCE:
            return row.reference
        if column == self.COL_TITLE:
            return row.title
        return label(row.status) if column == self.COL_STATUS else label(row.safety)
