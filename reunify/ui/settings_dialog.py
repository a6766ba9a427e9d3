"""Settings (kept inside the vault) and court calendars (view, add days, import CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reunify.errors import ReunifyError
from reunify.i18n import N_, _, ngettext
from reunify.labels import label
from reunify.models import CalendarBase, CalendarEntry, CalendarEntryKind, CourtCalendar
from reunify.operations import add_calendar_entry, create_calendar, recompute_calendar
from reunify.operations.calendars import export_csv, import_csv
from reunify.operations.deadlines import delete_calendar_entry
from reunify.operations.settings import EDITABLE, read_settings, set_setting
from reunify.queries import court_calendars
from reunify.ui.file_dialogs import open_file, save_file
from reunify.ui.forms import Field, FormDialog, enum_choices, long_date
from reunify.ui.language import Retranslating
from reunify.ui.table_model import ROW_ROLE
from reunify.ui.workspace import records as removal
from reunify.ui.workspace.base import ColumnModel
from reunify.vault import Vault

SETTINGS_FIELDS = (
    Field("operator", N_("Your name (recorded with every change)")),
    Field("cedula", N_("Cédula profesional (shown on bundles)"), check=EDITABLE["cedula"],
          placeholder=N_("7 or 8 digits")),
    Field("contact", N_("Contact for US counsel (shown on bundles)"),
          placeholder=N_("e.g. office phone and e-mail")),
    Field("autolock_minutes", N_("Lock after this many idle minutes"),
          check=EDITABLE["autolock_minutes"]),
    Field("reference_prefix", N_("Case reference prefix"), check=EDITABLE["reference_prefix"],
          placeholder=N_("e.g. RU gives RU-2026-0001")),
    Field("backup_dir", N_("Backup folder"), check=EDITABLE["backup_dir"]),
    Field("backup_keep", N_("Backups to keep"), check=EDITABLE["backup_keep"]),
)  # fmt: skip


def settings_dialog(vault: Vault, parent: QWidget) -> FormDialog:
    with vault.session() as s:
        initial = read_settings(s)

    def submit(values: dict[str, Any]) -> object:
        with vault.session() as s:
            saved = {key: set_setting(s, key, str(value)) for key, value in values.items()}
        vault.actor = saved["operator"]
        return saved

    dialog = FormDialog(
        N_("Settings"),
        SETTINGS_FIELDS,
        submit,
        initial,
        parent,
        intro=_(
            "These settings are kept inside the encrypted vault. The language is chosen "
            "from the Language menu or on the unlock screen."
        ),
    )
    placeholder = str(vault.default_backup_dir()) if not initial["backup_dir"] else ""
    backup_input = dialog.inputs["backup_dir"]
    backup_input.setPlaceholderText(placeholder)  # type: ignore[attr-defined]
    return dialog


class CalendarsDialog(Retranslating, QDialog):
    """Court calendars are data: each court's holidays and vacations, edited or imported."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(self._show)
        self.model = ColumnModel(
            [
                (N_("From"), lambda e: long_date(e.starts_on)),
                (N_("To"), lambda e: long_date(e.ends_on)),
                (N_("Kind"), lambda e: label(e.kind)),
                (N_("Label"), lambda e: e.label),
            ]
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete_entry")
        self.delete_button.setShortcut("Del")
        self.delete_button.clicked.connect(self.delete_entry)
        self.base = QLabel()
        self.new_button, self.add_button, self.import_button, self.export_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.new_button.clicked.connect(self.new_calendar)
        self.add_button.clicked.connect(self.add_entry)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        bar = QHBoxLayout()
        buttons_in_bar = (
            self.new_button,
            self.add_button,
            self.import_button,
            self.export_button,
            self.delete_button,
        )
        for b in buttons_in_bar:
            bar.addWidget(b)
        bar.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        layout.addWidget(self.base)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.calendars: list[CourtCalendar] = []
        self.reload()
        self.retranslate_ui()

    def reload(self, select_id: str | None = None) -> None:
        keep = select_id or self.chooser.currentData()
        with self.vault.session() as s:
            self.calendars = court_calendars(s)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for c in self.calendars:
            self.chooser.addItem(c.name, c.id)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(keep)))
        self.chooser.blockSignals(False)
        self._show()

    def current(self) -> CourtCalendar | None:
        return next((c for c in self.calendars if c.id == self.chooser.currentData()), None)

    def _show(self) -> None:
        calendar = self.current()
        entries = sorted(calendar.entries, key=lambda e: e.starts_on) if calendar else []
        self.model.set_rows(entries)
        self.model.fetch_all()
        self.add_button.setEnabled(calendar is not None)
        self.import_button.setEnabled(calendar is not None)
        self.export_button.setEnabled(calendar is not None)
        self._selection_changed()
        self.retranslate_ui()

    def _selection_changed(self, *_args: object) -> None:
        self.delete_button.setEnabled(self.selected_entry() is not None)

    def selected_entry(self) -> CalendarEntry | None:
        rows = self.table.selectionModel().selectedRows()
        entry = rows[0].data(ROW_ROLE) if rows else None
        return entry if isinstance(entry, CalendarEntry) else None

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Court calendars"))
        self.new_button.setText(_("New calendar…"))
        self.add_button.setText(_("Add holiday or vacation…"))
        self.import_button.setText(_("Import CSV…"))
        self.export_button.setText(_("Export CSV…"))
        self.delete_button.setText(_("Delete day…"))
        self.chooser.setAccessibleName(_("Court calendar"))
        calendar = self.current()
        self.base.setText(
            _("Base: {base}").format(base=label(calendar.base)) if calendar else
            _("No court calendar yet. Deadlines use the LFT art. 74 holidays until you add one.")
        )  # fmt: skip
        self.model.retranslate()

    def _changed(self, calendar_id: str, count: int) -> None:
        self.reload(calendar_id)
        self.message.setText(
            ngettext(
                "{n} open deadline was recomputed.", "{n} open deadlines were recomputed.", count
            ).format(n=count)
        )

    def new_calendar(self) -> None:
        fields = (
            Field("name", N_("Name"), required=True, placeholder=N_("e.g. TSJ Tlaxcala 2027")),
            Field("base", N_("Base holidays"), "choice", enum_choices(CalendarBase)),
            Field("jurisdiction", N_("State"), placeholder=N_("e.g. MX-TLA")),
            Field("notes", N_("Notes"), "multiline"),
        )

        def submit(v: dict[str, Any]) -> object:
            with self.vault.session() as s:
                return create_calendar(s, **v).id

        dialog = FormDialog(N_("New calendar"), fields, submit, {}, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(str(dialog.result_value))

    def add_entry(self) -> None:
        calendar = self.current()
        if calendar is None:
            return
        fields = (
            Field("kind", N_("Kind"), "choice", enum_choices(CalendarEntryKind)),
            Field("starts_on", N_("From"), "date", required=True),
            Field("ends_on", N_("To (empty: one day)"), "date"),
            Field("label", N_("Label"), placeholder=N_("e.g. Winter vacation")),
        )

        def submit(v: dict[str, Any]) -> object:
            from reunify.errors import ValidationError

            if v["starts_on"] is None:
                raise ValidationError("starts_on", N_("Enter the first day."))
            with self.vault.session() as s:
                cal = s.get_one(CourtCalendar, calendar.id)
                add_calendar_entry(s, cal, **v)
                return recompute_calendar(s, cal)

        dialog = FormDialog(N_("Add holiday or vacation"), fields, submit, {}, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed(calendar.id, int(dialog.result_value))  # type: ignore[call-overload]

    def delete_entry(self) -> None:
        """A day typed by mistake: asked, then the calendar's open deadlines move back."""
        calendar, entry = self.current(), self.selected_entry()
        if calendar is None or entry is None:
            return
        days = long_date(entry.starts_on)
        if entry.ends_on != entry.starts_on:
            days += " – " + long_date(entry.ends_on)
        question = _(
            "Delete {kind} {days} from the calendar {name}? The open deadlines counted on "
            "it are computed again."
        ).format(kind=label(entry.kind), days=days, name=calendar.name)
        if not removal.confirm(self, _("Delete day"), question, _("Delete")):
            return
        with self.vault.session() as s:
            count = delete_calendar_entry(s, s.get_one(CalendarEntry, entry.id))
        self._changed(calendar.id, count)

    def import_file(self) -> None:
        calendar = self.current()
        if calendar is None:
            return
        path = open_file(self, _("Import CSV"), "", _("CSV files (*.csv);;All files (*)"))
        if not path:
            return
        try:
            with self.vault.session() as s:
                cal = s.get_one(CourtCalendar, calendar.id)
                added = import_csv(s, cal, Path(path))
                count = recompute_calendar(s, cal)
        except ReunifyError as exc:
            QMessageBox.warning(self, _("Import CSV"), exc.user_message())
            return
        self._changed(calendar.id, count)
        self.message.setText(
            ngettext("{n} entry imported.", "{n} entries imported.", added).format(n=added)
            + " "
            + self.message.text()
        )

    def export_file(self) -> None:
        """The calendar's days as CSV, to share with a colleague or correct in a sheet and
        import into another vault."""
        calendar = self.current()
        if calendar is None:
            return
        start = calendar.name.replace("/", "-") + ".csv"
        path = save_file(self, _("Export CSV"), start, _("CSV files (*.csv);;All files (*)"))
        if not path:
            return
        try:
            count = export_csv(calendar, Path(path))
        except ReunifyError as exc:
            QMessageBox.warning(self, _("Export CSV"), exc.user_message())
            return
        self.message.setText(
            ngettext("{n} entry exported.", "{n} entries exported.", count).format(n=count)
        )
