"""The main window: case list on the left, the selected case (or the dashboard) on
the right; menus with the standard shortcuts; locking that leaves nothing on screen."""

from __future__ import annotations

import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reunify import __version__, i18n
from reunify.errors import ReunifyError, ValidationError, WrongPassphrase
from reunify.i18n import N_, _
from reunify.icon import png_bytes
from reunify.labels import label
from reunify.logs import error_kind, setup_logging, vault_tag
from reunify.models import CaseStatus, LegalTrack, SafetyLevel
from reunify.operations.settings import autolock_seconds
from reunify.queries import CaseListRow, case_list, case_tracks
from reunify.search import search_cases
from reunify.ui.about import show_about
from reunify.ui.autolock import AutoLock
from reunify.ui.case_table import ROW_ROLE, CaseTableModel
from reunify.ui.dashboard import Dashboard
from reunify.ui.export_dialog import ExportDialog
from reunify.ui.fit import (
    FIELD_LAPTOP,
    fit_to_screen,
    readable_table,
    remember_splitter,
    restore_geometry,
    save_geometry,
)
from reunify.ui.forms import Field, FormDialog
from reunify.ui.help import HelpDialog
from reunify.ui.language import Retranslating, settings, switcher
from reunify.ui.new_case import NewCaseDialog
from reunify.ui.organisations import OrganisationsDialog
from reunify.ui.settings_dialog import CalendarsDialog, settings_dialog
from reunify.ui.signals import CaseEvents
from reunify.ui.tasks import BackgroundTask
from reunify.ui.unlock import UnlockDialog
from reunify.ui.workspace.workspace import CaseWorkspace
from reunify.vault import Vault
from reunify.vault.kdf import check_new_passphrase

log = logging.getLogger(__name__)

# (name, msgid, shortcut): the standard keys the attorney already knows.
ACTIONS: list[tuple[str, str, QKeySequence.StandardKey | str]] = [
    ("new_case", N_("&New case…"), QKeySequence.StandardKey.New),
    ("find", N_("&Find"), QKeySequence.StandardKey.Find),
    ("export", N_("&Export bundle…"), "Ctrl+E"),
    ("archive", N_("&Archive case…"), ""),
    ("backup", N_("&Back up now"), "Ctrl+B"),
    ("passphrase", N_("Change &passphrase…"), ""),
    ("settings", N_("&Settings…"), QKeySequence.StandardKey.Preferences),
    ("calendars", N_("Court &calendars…"), ""),
    ("organisations", N_("&Organisations…"), "Ctrl+Shift+O"),
    ("dashboard", N_("&Dashboard"), "Ctrl+D"),
    ("lock", N_("&Lock"), "Ctrl+L"),
    ("quit", N_("&Quit"), QKeySequence.StandardKey.Quit),
    ("help", N_("&Help"), QKeySequence.StandardKey.HelpContents),
    ("about", N_("&About reunify"), ""),
]
MENUS: list[tuple[str, list[str | None]]] = [
    (N_("&File"), ["new_case", "export", "archive", "backup", "passphrase", None, "lock", "quit"]),
    (N_("&Edit"), ["find", None, "organisations", "settings", "calendars"]),
    (N_("&View"), ["dashboard"]),
]


def _any(enum: type[Any]) -> list[tuple[str, object]]:
    return [(_("All"), None), *((label(m), m) for m in enum)]


class MainWindow(Retranslating, QMainWindow):
    locked = Signal(str)  # a message for the unlock screen ("" when there is none)

    def __init__(
        self, vault: Vault, *, idle_seconds: float | None = None, today: date | None = None
    ) -> None:
        super().__init__()
        self.vault: Vault | None = vault
        if idle_seconds is None:
            with vault.session() as s:
                idle_seconds = autolock_seconds(s)
        self.autolock = AutoLock(idle_seconds, self)
        self.autolock.lock_requested.connect(self._auto_lock)
        # -- case list -------------------------------------------------------------
        self.model = CaseTableModel()
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.returnPressed.connect(self._to_list)  # Ctrl+F, type, Enter, arrows
        self.status_filter, self.track_filter, self.safety_filter = (
            QComboBox(),
            QComboBox(),
            QComboBox(),
        )
        for combo in (self.status_filter, self.track_filter, self.safety_filter):
            combo.currentIndexChanged.connect(self._criteria_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseTableModel.COL_REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # Fixed widths from the font, not ResizeToContents (which asks every row).
        width = self.fontMetrics().horizontalAdvance
        header.setSectionResizeMode(CaseTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # Tab leaves the list (it moved a cell, opening another case each time); a
        # family cut to "Familia …" shows whole as a tooltip and keeps room to be read.
        readable_table(self.table, CaseTableModel.COL_TITLE)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.count = QLabel()
        filters = QHBoxLayout()
        for combo in (self.status_filter, self.track_filter, self.safety_filter):
            filters.addWidget(combo, 1)
        # Archived cases are listed instead of the others while this is ticked.
        self.show_archived = QCheckBox()
        self.show_archived.setObjectName("show_archived")
        self.show_archived.toggled.connect(lambda _on: self.reload())
        filters.addWidget(self.show_archived)
        self.list_pane = left = QWidget()
        layout = QVBoxLayout(left)
        layout.addWidget(self.filter)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        # -- right side: dashboard or the selected case -----------------------------
        # One carrier of changes: the list, the dashboard and the workspace each listen.
        self.events = CaseEvents(self)
        self.events.caseChanged.connect(self.case_changed)
        self.dashboard = Dashboard(vault, today=today, events=self.events)
        # Enter or a double click (Qt's "activated"): the keyboard opens a case too
        self.dashboard.table.activated.connect(self._open_from_dashboard)
        self.workspace = CaseWorkspace(vault, self.events)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.dashboard)
        self.stack.addWidget(self.workspace)
        self.splitter = splitter = QSplitter()
        splitter.setObjectName("main_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(width("RU-2026-00000 Primera entrevista") + 80)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        # -- actions, menus, toolbar ----------------------------------------------
        self.actions_: dict[str, QAction] = {}
        for name, _text, keys in ACTIONS:
            action = QAction(self)
            action.setObjectName(name)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(getattr(self, f"do_{name}"))
            self.addAction(action)
            self.actions_[name] = action
        self.menus = []
        for title, names in MENUS:
            menu = self.menuBar().addMenu("")
            for entry in names:
                if entry is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_[entry])
            self.menus.append((title, menu))
        self.language_menu = self.menuBar().addMenu("")
        self.language_actions = QActionGroup(self)
        for code in i18n.available_languages():
            action = self.language_menu.addAction(i18n.language_name(code))
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.setData(code)
            self.language_actions.addAction(action)
        self.language_actions.triggered.connect(lambda a: switcher.apply(a.data()))
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.actions_["help"])
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.actions_["about"])
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        for name in ("new_case", "dashboard", "export", "backup", "lock"):
            self.toolbar.addAction(self.actions_[name])
        self.addToolBar(self.toolbar)
        self._fit_screen()
        # Ctrl+L also over an open form: a modal dialog blocks the lock action's shortcut.
        self._lock_anywhere = _LockAnywhere(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._lock_anywhere)
        self.last_case: str | None = None  # the case on screen when locking (memory only)
        self.retranslate_ui()
        self.reload()

    def _fit_screen(self) -> None:
        """Where the person left the window and the splitter, else the whole available
        screen with the list on about 40 % of it (kept per user: ui.fit)."""
        if not restore_geometry(self, "main_window"):
            fit_to_screen(self, FIELD_LAPTOP.expandedTo(QSize(1600, 900)))
        left = max(self.list_pane.minimumWidth(), min(560, int(self.width() * 0.4)))
        self.splitter.setSizes([left, max(1, self.width() - left)])
        remember_splitter(self.splitter, "main_splitter")

    def open_case(self, case_id: str) -> bool:
        """Show one case (after unlocking: the one the person was in)."""
        self.filter.clear()
        return self.select_case(case_id)

    def _to_list(self) -> None:
        if self.model.rowCount() and self.selected_case() is None:
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- language ------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Cases"))  # Qt adds " — reunify" (display name)
        self.filter.setPlaceholderText(_("Find: name, reference, CURP or file number"))
        self.filter.setAccessibleName(_("Find cases"))
        self.show_archived.setText(_("Show archived cases"))
        for name, text, _keys in ACTIONS:
            self.actions_[name].setText(_(text))
        for title, menu in self.menus:
            menu.setTitle(_(title))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.toolbar.setWindowTitle(_("Toolbar"))
        filters: list[tuple[QComboBox, type[Any], str]] = [
            (self.status_filter, CaseStatus, _("Status")),
            (self.track_filter, LegalTrack, _("Legal track")),
            (self.safety_filter, SafetyLevel, _("Safety")),
        ]
        for combo, enum, name in filters:
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in _any(enum):
                combo.addItem(text if value is not None else f"{name}: {text}", value)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.setAccessibleName(name)
            combo.blockSignals(False)
        self.model.retranslate()
        self._fit_columns()
        self._update_count()

    def _fit_columns(self) -> None:
        """Reference, status and safety as wide as a long value or their heading in the
        language shown ("Nivel de riesgo" was cut to "vel de ries"); the family gets the
        rest."""
        header = self.table.horizontalHeader()
        width = self.fontMetrics().horizontalAdvance
        samples = ((0, "RU-2026-00000"), (2, "Primera entrevista"), (3, "Crítico"))
        for column, sample in samples:
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(width(sample) + 24, width(title) + 36))

    # -- the case list -------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        ids: list[str] = []
        if self.vault is not None and len(text.strip()) >= 2:
            with self.vault.session() as s:
                ids = search_cases(s, text, limit=2000)
        self.model.set_filter(text, ids)
        self._keep_open_case()
        self._update_count()

    def _criteria_changed(self) -> None:
        self.model.set_criteria(
            self.status_filter.currentData(),
            self.safety_filter.currentData(),
            self.track_filter.currentData(),
        )
        self._keep_open_case()
        self._update_count()

    def _keep_open_case(self) -> None:
        """After a filter, the open case stays selected while it matches and closes when
        it no longer does (with 0 hits the previous case used to stay open)."""
        open_id = self.workspace.case_id
        if open_id is None:
            return
        self.table.selectionModel().blockSignals(True)  # the workspace shows it already
        kept = self.select_case(open_id)
        self.table.selectionModel().blockSignals(False)
        if not kept:
            self._selection_changed()

    def _update_count(self) -> None:
        self.count.setText(
            i18n.ngettext("{n} case", "{n} cases", self.model.total()).format(n=self.model.total())
        )

    def reload(self) -> None:
        if self.vault is None:
            return
        with self.vault.session() as s:
            rows = case_list(s, archived=self.show_archived.isChecked())
            tracks = case_tracks(s)
        keep = self.selected_case()
        self.model.set_rows(rows, tracks)
        if keep is not None and not self.select_case(keep.id):
            self.workspace.load(None)  # archived, unarchived or deleted: out of this list
            self.stack.setCurrentWidget(self.dashboard)
        self._update_count()

    def case_changed(self, case_id: str) -> None:
        """A case was written: its row in the list (the whole list for a new case)."""
        if self.vault is None:
            return
        if self.model.position(case_id) is None:
            self.reload()
            return
        with self.vault.session() as s:
            rows = case_list(s, case_id, archived=self.show_archived.isChecked())
            tracks = case_tracks(s, case_id).get(case_id, frozenset())
        if not rows:  # it left this list (archived, unarchived, deleted)
            self.reload()
            return
        keep = self.selected_case()
        self.table.selectionModel().blockSignals(True)  # the workspace shows it already
        if rows:
            self.model.replace_row(rows[0], tracks)
            if keep is not None:
                self.select_case(keep.id)
        self.table.selectionModel().blockSignals(False)
        self._update_count()

    def selected_case(self) -> CaseListRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].data(ROW_ROLE)
        return row if isinstance(row, CaseListRow) else None

    def select_case(self, case_id: str) -> bool:
        row = self.model.position(case_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _selection_changed(self) -> None:
        row = self.selected_case()
        if row is None:
            self.workspace.load(None)
            self.stack.setCurrentWidget(self.dashboard)
            return
        self.workspace.load(row.id)
        self.stack.setCurrentWidget(self.workspace)

    def _open_from_dashboard(self, index: Any) -> None:
        item = index.data(ROW_ROLE)
        if item is not None:
            self.filter.clear()
            self.select_case(item.case_id)

    # -- actions -------------------------------------------------------------------
    def do_new_case(self) -> None:
        if self.vault is None:
            return
        dialog = NewCaseDialog(self.vault, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.filter.clear()
            self.events.caseChanged.emit(str(dialog.result_value))
            self.select_case(str(dialog.result_value))
            self.workspace.go_to_tab(0)  # the keyboard follows the new case
        dialog.deleteLater()

    def do_find(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def do_dashboard(self) -> None:
        self.table.clearSelection()
        self.dashboard.reload()
        self.stack.setCurrentWidget(self.dashboard)

    def do_archive(self) -> None:
        """Archive the selected case (or take it out of the archive), asked by name."""
        if self.selected_case() is None:
            self.statusBar().showMessage(_("Select a case to archive."), 5000)
            return
        self.workspace.summary.toggle_archive()

    def do_export(self) -> None:
        row = self.selected_case()
        if row is None or self.vault is None:
            self.statusBar().showMessage(_("Select a case to export."), 5000)
            return
        self.export_dialog = ExportDialog(self.vault, row.id, self)
        self.export_dialog.open()

    def do_backup(self) -> None:
        if self.vault is None:
            return
        vault = self.vault
        log.info("backup started (%s)", vault_tag(vault.path))
        BackgroundTask.run(
            self,
            _("Writing an encrypted backup…"),
            lambda _p, _c: vault.backup(label="manual"),
            self._backup_done,
        )

    def _backup_done(self, ok: bool, result: object) -> None:
        # The failure itself (its kind) is logged by BackgroundTask; the path of the
        # backup is not logged: it carries the vault's name.
        log.info("backup %s", "finished" if ok else "failed")
        if ok:
            self.statusBar().showMessage(
                _("Encrypted backup written: {path}").format(path=result), 10000
            )
        else:
            QMessageBox.warning(self, _("Back up now"), str(result))

    def do_passphrase(self) -> None:
        """Re-encrypt the whole vault under a new passphrase, off the GUI thread."""
        if self.vault is None:
            return
        vault = self.vault
        fields = (
            Field("current", N_("Current passphrase"), "secret"),
            Field("passphrase", N_("New passphrase"), "secret"),
            Field("confirm", N_("Repeat it"), "secret"),
        )

        def check(values: dict[str, Any]) -> object:
            if not vault.verify_passphrase(values["current"]):
                raise ValidationError("current", WrongPassphrase.message)
            check_new_passphrase(values["passphrase"], values["confirm"])
            return values["passphrase"]

        dialog = FormDialog(
            N_("Change passphrase"),
            fields,
            check,
            {},
            self,
            intro=_(
                "The whole vault is encrypted again under the new passphrase. Backups made "
                "before keep the old one."
            ),
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        new = str(dialog.result_value or "")
        dialog.deleteLater()
        if not accepted:
            return
        log.info("passphrase change started (%s)", vault_tag(vault.path))
        BackgroundTask.run(
            self,
            _("Encrypting the vault under the new passphrase…"),
            lambda _p, _c: vault.change_passphrase(new),
            self._passphrase_done,
        )

    def _passphrase_done(self, ok: bool, result: object) -> None:
        log.info("passphrase change %s", "finished" if ok else "failed")
        if ok:
            self.statusBar().showMessage(_("The passphrase was changed."), 10000)
            if self.vault is not None:  # told: the next open need not explain it
                self.vault.finish_passphrase_change()
        else:
            QMessageBox.warning(self, _("Change passphrase"), str(result))

    def do_settings(self) -> None:
        if self.vault is None:
            return
        dialog = settings_dialog(self.vault, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            with self.vault.session() as s:
                self.autolock.idle_seconds = autolock_seconds(s)
            self.statusBar().showMessage(_("Settings saved."), 5000)
        dialog.deleteLater()

    def do_calendars(self) -> None:
        if self.vault is not None:
            dialog = CalendarsDialog(self.vault, self)
            dialog.exec()
            dialog.deleteLater()
            self.events.calendarsChanged.emit()

    def do_organisations(self) -> None:
        """The address book; an open case is read again after a change (a rename reaches
        its authorities, a membership its People tab)."""
        if self.vault is not None:
            dialog = OrganisationsDialog(self.vault, self)
            dialog.exec()
            dialog.deleteLater()
            if dialog.changed:
                self.workspace.reload()

    def do_help(self) -> None:
        """Non-modal: the help can stay open beside the case it explains."""
        found = self.findChild(HelpDialog, "help")
        dialog = found if found is not None else HelpDialog(self)
        dialog.show()
        dialog.activateWindow()  # brings it forward when it was already open

    def do_about(self) -> None:
        show_about(self)

    def do_quit(self) -> None:
        log.info("quit from the menu")
        self.lock(quitting=True)
        QApplication.quit()

    def do_lock(self) -> None:
        self.lock()

    # -- locking -------------------------------------------------------------------
    def _auto_lock(self) -> None:
        log.info("idle time or sleep: locking")
        self.lock()

    def lock(self, quitting: bool = False) -> None:
        """Close every dialog, drop every row and the key: case data leaves the screen.

        Forms with unsaved edits are closed too (safety comes first), and the unlock
        screen says so, so nothing is lost without the attorney knowing.
        """
        dropped = 0
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._lock_anywhere)
        if self.vault is not None:
            save_geometry(self, "main_window")  # layout only: no case, no path
            self.last_case = self.workspace.case_id
        for task in self.findChildren(BackgroundTask):
            task.wait()
        for dialog in self.findChildren(QDialog):
            if isinstance(dialog, ExportDialog):
                dialog.wait_for_export()
            if isinstance(dialog, FormDialog):
                dropped += dialog.has_pending_edits()
                dialog.discard()
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.deleteLater()
        self.autolock.stop()
        self.workspace.clear()
        self.model.set_rows([])
        self.dashboard.model.set_items([])
        was_open = self.vault is not None
        if self.vault is not None:
            tag = vault_tag(self.vault.path)
            self.vault.close()
            self.vault = None
            log.info("vault locked (%s); %d unsaved form(s) closed", tag, dropped)
        self.close()
        if was_open and not quitting:
            message = (
                i18n.ngettext(
                    "The vault was locked. {n} form with unsaved changes was closed.",
                    "The vault was locked. {n} forms with unsaved changes were closed.",
                    dropped,
                ).format(n=dropped)
                if dropped
                else ""
            )
            self.locked.emit(message)

    def closeEvent(self, event: QEvent) -> None:
        if self.vault is not None:
            self.lock(quitting=True)
            QApplication.quit()
        super().closeEvent(event)  # type: ignore[arg-type]


class _LockAnywhere(QObject):
    """The lock keys while a modal dialog is open (a form, a question, a file dialog):
    Qt gives the main window's application shortcut nothing then, so the key press
    itself is watched, application-wide, for as long as the vault is open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or QApplication.activeModalWidget() is None:
            return False
        assert isinstance(event, QKeyEvent)
        keys = self.window.actions_["lock"].shortcut()
        if keys.isEmpty() or QKeySequence(event.keyCombination()) != keys:
            return False
        log.info("lock keys over a dialog: locking")
        self.window.lock()
        return True


class Shell(QObject):
    """Unlock → work → lock → unlock again, until the person closes the unlock screen.

    After an unlock the person lands on the case she was in: its id is kept in this
    object only (memory), never on disk, and only for the same vault."""

    def __init__(self, path: Path, hint: str = "") -> None:
        super().__init__()
        self.path, self.hint = path, hint
        self.window: MainWindow | None = None
        self.dialog: UnlockDialog | None = None
        self.resume: tuple[Path, str] | None = None

    def show_unlock(self, message: str = "") -> None:
        self.dialog = UnlockDialog(self.path, self.hint)
        if message:
            self.dialog.show_message(message)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(QApplication.quit)
        self.dialog.show()

    def _unlocked(self) -> None:
        assert self.dialog is not None and self.dialog.vault is not None
        self.path = self.dialog.path
        log.info("vault unlocked (%s)", vault_tag(self.path))
        vault = self.dialog.vault
        try:
            self.window = MainWindow(vault)
        except ReunifyError as exc:  # e.g. a damaged page met while the list is read
            log.info("the window could not read the vault: %s", error_kind(exc))
            vault.close()
            self.window = None
            self.show_unlock(exc.user_message())
            return
        self.window.locked.connect(self._locked)
        self.window.show()
        self._tell_notices(self.dialog.vault)
        resume, self.resume = self.resume, None
        if resume is not None and resume[0] == self.path:
            self.window.open_case(resume[1])

    def _tell_notices(self, vault: Vault) -> None:
        """What interrupted operations left (reunify.vault.recovery), said once over the
        window: a box that does not block, acknowledged once it is on screen. A trail
        that no longer matches this computer's record is a warning of its own, with
        its own title, at every unlock (it is not routine)."""
        if self.window is None:
            return
        if vault.warnings:
            self._box_over(
                QMessageBox.Icon.Warning, _("Audit trail"), vault.warnings
            ).setObjectName("audit_warnings")
        if vault.notices:
            self._box_over(
                QMessageBox.Icon.Information, _("Unlock vault"), vault.notices
            ).setObjectName("recovery_notices")
            vault.acknowledge_notices()

    def _box_over(self, icon: QMessageBox.Icon, title: str, lines: list[str]) -> QMessageBox:
        """A message box over the window that does not block it."""
        box = QMessageBox(
            icon, title, "\n\n".join(lines), QMessageBox.StandardButton.Ok, self.window
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _locked(self, message: str) -> None:
        case_id = self.window.last_case if self.window is not None else None
        self.resume = (self.path, case_id) if case_id else None
        self.show_unlock(message)


def app_icon() -> QIcon:
    """The family under one arc (reunify.icon), drawn once at 128 px (~40 ms) and
    scaled by Qt to what the window manager asks."""
    pixmap = QPixmap()
    pixmap.loadFromData(png_bytes(128), "PNG")
    return QIcon(pixmap)


def run_gui(demo: bool = False) -> int:
    from reunify.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from reunify.paths import APP_NAME, demo_vault_path
    from reunify.ui.crash_dialog import install_crash_handler

    setup_logging("gui")
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setWindowIcon(app_icon())  # every window and the taskbar
    QApplication.setQuitOnLastWindowClosed(False)  # locking closes the window, not the app
    install_crash_handler()  # logged, reported and shown even with no console
    switcher.apply(switcher.initial_language(), persist=False)
    hint = ""
    last = str(settings().value("last_vault", "", str) or "")
    path = Path(last) if last and not demo else demo_vault_path()
    if demo:
        path, hint = ensure_demo_vault(), DEMO_PASSPHRASE
    log.info("GUI started%s", " on the demo vault" if demo else "")
    shell = Shell(path, hint)
    shell.show_unlock()
    _self_test(shell, os.environ.get("REUNIFY_SELF_TEST", ""))
    code = int(app.exec())
    log.info("GUI ended (exit code %d)", code)
    return code


def _self_test(shell: Shell, mode: str) -> None:
    """For the packaged app's smoke test (no display, nobody to click): with
    REUNIFY_SELF_TEST=quit or =crash, unlock the shown vault with its hint (the demo
    passphrase), then quit — after raising an error with case-like text in the event
    loop for =crash, so the crash dialog and its scrubbed report can be checked."""
    if mode not in ("quit", "crash") or shell.dialog is None:
        return
    log.info("self-test %s", mode)
    shell.dialog.try_unlock()

    def crash() -> None:
        typed = ["Xóchitl", "Tepale", "Cuautle"]  # invented, must not reach the report
        raise RuntimeError("self-test: " + " ".join(typed))

    if mode == "crash":
        QTimer.singleShot(500, crash)
    QTimer.singleShot(3000, QApplication.quit)
