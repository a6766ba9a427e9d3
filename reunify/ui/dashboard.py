"""Home when no case is selected: what is overdue or due soon, and cases by status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from reunify.i18n import N_, _, current_language, format_date, format_list
from reunify.labels import label
from reunify.queries import NextItem, cases_by_status, what_is_next
from reunify.ui.fit import readable_table
from reunify.ui.signals import CaseEvents
from reunify.ui.table_model import ROW_ROLE, RowTableModel
from reunify.vault import Vault

ITEM_ROLE = ROW_ROLE


class NextItemsModel(RowTableModel):
    COL_DUE, COL_CASE, COL_TITLE = range(3)
    HEADERS = (N_("Due"), N_("Case"), N_("Deadline"))

    def __init__(self, items: list[NextItem] | None = None) -> None:
        super().__init__()
        self._reset(items or [])

    def set_items(self, items: list[NextItem]) -> None:
        self._reset(items)

    def display(self, item: NextItem, column: int) -> str:
        if column == self.COL_DUE:
            due = format_date(item.due, "medium")
            return _("{date} (overdue)").format(date=due) if item.overdue else due
        if column == self.COL_CASE:  # the reference alone says nothing at a glance
            return " · ".join(x for x in (item.reference, item.case_title) if x)
        return item.title_in(current_language())

    def foreground(self, item: NextItem) -> object:
        return QColor("#b00020") if item.overdue else None


class Dashboard(QWidget):
    """Reads itself again whenever a case or the court calendars change (`events`)."""

    def __init__(
        self,
        vault: Vault,
        *,
        today: date | None = None,
        horizon_days: int = 14,
        events: CaseEvents | None = None,
    ) -> None:
        super().__init__()
        self.vault, self.today, self.horizon = vault, today, horizon_days
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14pt")
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.model = NextItemsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            NextItemsModel.COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        readable_table(self.table, NextItemsModel.COL_TITLE)  # Tab leaves it; tooltips
        self.empty = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        if events is not None:
            events.caseChanged.connect(self.reload)
            events.calendarsChanged.connect(self.reload)
        self.reload()

    def reload(self, *_changed: object) -> None:
        if not self.vault.is_open:
            return
        with self.vault.session() as s:
            items = what_is_next(s, today=self.today, horizon_days=self.horizon)
            self._by_status = cases_by_status(s)
        self.model.set_items(items)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(_("What is next"))
        parts = [f"{label(status)}: {n}" for status, n in sorted(self._by_status.items())]
        self.counts.setText(_("Cases by status: {counts}").format(counts=format_list(parts)))
        self.empty.setText(
            "" if self.model.rowCount() else _("Nothing overdue or due in the next two weeks.")
        )
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "_by_status"):
            self.retranslate_ui()
        super().changeEvent(event)
