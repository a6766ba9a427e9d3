"""Minimal shell for `make run`: unlock a vault and list its cases.

The full workspace (case tabs, dashboard, settings, auto-lock) is the GUI issue;
this is deliberately small but real: it unlocks through the same Vault code and
reads through the same operations as the CLI and tests.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reunify import i18n
from reunify.i18n import _
from reunify.operations.views import CaseListRow, case_list
from reunify.search import search_cases
from reunify.ui.autolock import AutoLock
from reunify.ui.case_table import ROW_ROLE, CaseTableModel
from reunify.ui.dashboard import Dashboard
from reunify.ui.export_dialog import ExportDialog
from reunify.ui.language import Retranslating, settings, switcher
from reunify.ui.unlock import UnlockDialog
from reunify.vault import Vault

DEFAULT_AUTOLOCK_MINUTES = 5


class MainWindow(Retranslating, QMainWindow):
    locked = Signal()

    def __init__(
        self, vault: Vault, *, idle_seconds: float | None = None, today: date | None = None
    ) -> None:
        super().__init__()
        self.vault: Vault | None = vault
        minutes = vault.get_setting("autolock_minutes", str(DEFAULT_AUTOLOCK_MINUTES))
        seconds = idle_seconds if idle_seconds is not None else float(minutes or 5) * 60
        self.autolock = AutoLock(seconds, self)
        self.autolock.lock_requested.connect(self.lock)
        self.model = CaseTableModel()
        self.filter = QLineEdit()
        self.filter.textChanged.connect(self._filter_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseTableModel.COL_REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # Fixed widths from the font, not ResizeToContents (which asks every row).
        width = self.fontMetrics().horizontalAdvance
        for column, sample in ((0, "RU-2026-00000"), (2, "Primera entrevista"), (3, "Crítico")):
            header.resizeSection(column, width(sample) + 24)
        header.setSectionResizeMode(CaseTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        self.dashboard = Dashboard(vault, today=today)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.dashboard)
        splitter.setSizes([560, 440])
        self.setCentralWidget(splitter)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        self.addAction(self.lock_action)
        self.menuBar().addAction(self.lock_action)
        self.export_action = QAction(self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_selected)
        self.addAction(self.export_action)
        self.menuBar().addAction(self.export_action)
        self.language_menu = self.menuBar().addMenu("")
        self.language_actions = QActionGroup(self)
        for code in i18n.available_languages():
            action = self.language_menu.addAction(i18n.language_name(code))
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.setData(code)
            self.language_actions.addAction(action)
        self.language_actions.triggered.connect(lambda a: switcher.apply(a.data()))
        self.resize(1100, 600)
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("reunify — cases"))
        self.filter.setPlaceholderText(_("Filter by reference or family name"))
        self.lock_action.setText(_("Lock"))
        self.export_action.setText(_("Export bundle…"))
        self.language_menu.setTitle(_("Language"))
        self.model.retranslate()

    def _filter_changed(self, text: str) -> None:
        ids: list[str] = []
        if self.vault is not None and len(text.strip()) >= 2:
            with self.vault.session() as s:
                ids = search_cases(s, text, limit=2000)
        self.model.set_filter(text, ids)

    def reload(self) -> None:
        if self.vault is None:
            return
        with self.vault.session() as s:
            rows = case_list(s)
        self.model.set_rows(rows)

    def selected_case(self) -> CaseListRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].data(ROW_ROLE)
        return row if isinstance(row, CaseListRow) else None

    def export_selected(self) -> None:
        row = self.selected_case()
        if row is None or self.vault is None:
            self.statusBar().showMessage(_("Select a case to export."), 5000)
            return
        self.export_dialog = ExportDialog(self.vault, row.id, self)
        self.export_dialog.open()

    def lock(self) -> None:
        """Drop every row and the key, then close: case data leaves the screen."""
        for dialog in self.findChildren(QDialog):
            if isinstance(dialog, ExportDialog):
                dialog.wait_for_export()
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.deleteLater()
        self.autolock.stop()
        self.model.set_rows([])
        self.dashboard.model.set_items([])
        was_open = self.vault is not None
        if self.vault is not None:
            self.vault.close()
            self.vault = None
        self.close()
        if was_open:
            self.locked.emit()

    def closeEvent(self, event: QEvent) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None
        super().closeEvent(event)  # type: ignore[arg-type]


class Shell(QObject):
    """Unlock → work → lock → unlock again, until the person closes the unlock screen."""

    def __init__(self, path: Path, hint: str = "") -> None:
        super().__init__()
        self.path, self.hint = path, hint
        self.window: MainWindow | None = None
        self.dialog: UnlockDialog | None = None

    def show_unlock(self) -> None:
        self.dialog = UnlockDialog(self.path, self.hint)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(QApplication.quit)
        self.dialog.show()

    def _unlocked(self) -> None:
        assert self.dialog is not None and self.dialog.vault is not None
        self.window = MainWindow(self.dialog.vault)
        self.window.locked.connect(self.show_unlock)
        self.window.show()


def run_gui(demo: bool = False) -> int:
    from reunify.demo import DEMO_PASSPHRASE, create_demo_vault
    from reunify.paths import demo_vault_path

    app = QApplication.instance() or QApplication(sys.argv)
    QApplication.setQuitOnLastWindowClosed(False)  # locking closes the window, not the app
    switcher.apply(switcher.initial_language(), persist=False)
    hint = ""
    last = str(settings().value("last_vault", "", str) or "")
    path = Path(last) if last and not demo else demo_vault_path()
    if demo:
        if not path.exists():
            create_demo_vault(path).close()
        hint = DEMO_PASSPHRASE
    shell = Shell(path, hint)
    shell.show_unlock()
    return int(app.exec())
