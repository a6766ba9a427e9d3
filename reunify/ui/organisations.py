"""The organisations screen: the attorney's address book of agencies, consulates, the
DIF, courts and counsel, across cases, with the people who work there.

Why a screen of its own: an agency used to become a "person" with the role
"official" in each case; now it is entered once, and the case forms pick it as an
authority or a consent recipient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from reunify.display import state_name
from reunify.errors import ReunifyError
from reunify.i18n import N_, _, ngettext
from reunify.labels import label
from reunify.models import Organisation, OrganisationKind, OrganisationMember, Person
from reunify.operations import (
    add_member,
    create_organisation,
    create_person,
    delete_organisation,
    remove_member,
    update_member,
    update_organisation,
)
from reunify.queries import organisations, staff_candidates
from reunify.text import fold
from reunify.ui.forms import ERROR_STYLE, Field, FormDialog, enum_choices
from reunify.ui.language import Retranslating
from reunify.ui.table_model import ROW_ROLE
from reunify.ui.workspace.base import ColumnModel, rank
from reunify.vault import Vault

ORGANISATION_FIELDS = (
    Field("name", N_("Name"), required=True, placeholder=N_("e.g. Sistema DIF Estatal Tlaxcala")),
    Field("kind", N_("Kind"), "choice", enum_choices(OrganisationKind)),
    Field("country", N_("Country"), placeholder=N_("e.g. MX, US, GT")),
    Field("state", N_("State"), placeholder=N_("e.g. Tlaxcala or MX-TLA")),
    Field("city", N_("City")),
    Field("phone", N_("Phone"), placeholder=N_("e.g. +52 246 123 4567")),
    Field("email", N_("Email")),
    Field("notes", N_("Notes"), "multiline"),
)  # fmt: skip
POSITION = Field("position", N_("Position"), placeholder=N_("e.g. Trabajadora social"))
NEW_PERSON_FIELDS = (
    Field("given_names", N_("Given names"), required=True),
    Field("paternal_surname", N_("Paternal surname")),
    Field("maternal_surname", N_("Maternal surname")),
    POSITION,
    Field("phone", N_("Phone"), placeholder=N_("e.g. +52 246 123 4567")),
    Field("email", N_("Email")),
)


def place(org: Organisation) -> str:
    """ "Riverside, California": the city and the state's name, as far as they are known."""
    return ", ".join(p for p in (org.city, state_name(org.state) if org.state else "") if p)


def _button(name: str, run: Callable[[], None]) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.clicked.connect(run)
    return button


def _table(model: ColumnModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class OrganisationsDialog(Retranslating, QDialog):
    """List, filter, add, edit and delete organisations; list, add and remove the
    people in the selected one. Every change is one audited operation."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organisations")
        self.vault = vault
        self.changed = False  # whether a case on screen may need reading again
        self.all: list[Organisation] = []
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self._show())
        self.model = ColumnModel(
            [
                (N_("Name"), lambda o: o.name),
                (N_("Kind"), lambda o: label(o.kind), lambda o: rank(o.kind)),
                (N_("Place"), place),
                (N_("Phone"), lambda o: o.phone or ""),
            ]
        )
        self.table = _table(self.model)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.members = ColumnModel(
            [
                (N_("Name"), lambda m: m.person.full_name),
                (N_("Position"), lambda m: m.position),
                (N_("Phone"), lambda m: m.person.phone or ""),
            ]
        )
        self.member_table = _table(self.members)
        self.member_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.member_table.doubleClicked.connect(lambda _i: self.change_position())
        self.new_button = _button("new", self.new)
        self.edit_button = _button("edit", self.edit)
        self.delete_button = _button("delete", self.delete)
        self.add_person_button = _button("add_person", self.add_person)
        self.new_person_button = _button("new_person", self.new_person)
        self.position_button = _button("position", self.change_position)
        self.remove_button = _button("remove_person", self.remove_person)
        top = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            top.addWidget(b)
        top.addStretch(1)
        people_bar = QHBoxLayout()
        for b in (
            self.add_person_button,
            self.new_person_button,
            self.position_button,
            self.remove_button,
        ):
            people_bar.addWidget(b)
        people_bar.addStretch(1)
        self.people_title = QLabel()
        upper, lower = QWidget(), QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.filter)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.people_title)
        lower_layout.addLayout(people_bar)
        lower_layout.addWidget(self.member_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self.reload()
        self.retranslate_ui()
        self.filter.setFocus()

    # -- data ------------------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        keep = select_id or self.selected_id()
        with self.vault.session() as s:
            self.all = organisations(s)
        self._show(keep)

    def _show(self, keep: str | None = None) -> None:
        keep = keep or self.selected_id()
        words = fold(self.filter.text()).split()
        rows = [o for o in self.all if all(w in self._haystack(o) for w in words)]
        self.model.set_rows(rows)
        self.model.fetch_all()
        for i, org in enumerate(rows):
            if org.id == keep:
                self.table.selectRow(i)
                break
        else:
            if rows and words:
                self.table.selectRow(0)  # the first match, ready for Edit
        self._selected()

    @staticmethod
    def _haystack(org: Organisation) -> str:
        return fold(" ".join((org.name, label(org.kind), place(org), org.phone or "")))

    def current(self) -> Organisation | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_id(self) -> str | None:
        org = self.current()
        return org.id if org is not None else None

    def select_row_of(self, name: str) -> bool:
        """Select the organisation called `name` among the rows shown."""
        for i, org in enumerate(self.model.rows()):
            if org.name == name:
                self.table.selectRow(i)
                return True
        return False

    def current_member(self) -> OrganisationMember | None:
        rows = self.member_table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _selected(self, *_args: object) -> None:
        org = self.current()
        members = sorted(org.members, key=lambda m: m.person.full_name.casefold()) if org else []
        self.members.set_rows(members)
        self.members.fetch_all()
        self._update_buttons()
        self._retitle()

    def _update_buttons(self, *_args: object) -> None:
        has_org = self.current() is not None
        has_member = self.current_member() is not None
        for b in (self.edit_button, self.delete_button, self.add_person_button):
            b.setEnabled(has_org)
        self.new_person_button.setEnabled(has_org)
        self.position_button.setEnabled(has_member)
        self.remove_button.setEnabled(has_member)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Organisations"))
        self.filter.setPlaceholderText(_("Filter: name, kind, place or phone"))
        self.filter.setAccessibleName(_("Filter organisations"))
        for button, text in (
            (self.new_button, _("&New organisation…")),
            (self.edit_button, _("&Edit…")),
            (self.delete_button, _("&Delete…")),
            (self.add_person_button, _("&Add a person…")),
            (self.new_person_button, _("New &person…")),
            (self.position_button, _("Change &position…")),
            (self.remove_button, _("&Remove from the organisation")),
        ):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.table.setAccessibleName(_("Organisations"))
        self.member_table.setAccessibleName(_("People in the organisation"))
        self.model.retranslate()
        self.members.retranslate()
        self._retitle()

    def _retitle(self) -> None:
        org = self.current()
        self.people_title.setText(
            _("People in {name}").format(name=org.name) if org else _("Choose an organisation.")
        )

    # -- acting ------------------------------------------------------------------------
    def _form(
        self,
        title: str,
        fields: tuple[Field, ...],
        write: Callable[[Session, dict[str, Any]], object],
        initial: dict[str, Any] | None = None,
    ) -> object:
        """One form, saved by one audited operation in one session; None when cancelled."""

        def submit(values: dict[str, Any]) -> object:
            with self.vault.session() as s:
                return write(s, values)

        dialog = FormDialog(title, fields, submit, initial, self)
        dialog.setObjectName("form")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.changed = True
            self.message.clear()
        return dialog.result_value if accepted else None

    def new(self) -> None:
        def write(s: Session, v: dict[str, Any]) -> str:
            return create_organisation(s, **v).id

        new_id = self._form(N_("New organisation"), ORGANISATION_FIELDS, write, {"country": "MX"})
        if new_id is not None:
            self.filter.clear()
            self.reload(str(new_id))

    def edit(self) -> None:
        org = self.current()
        if org is None:
            return

        def write(s: Session, v: dict[str, Any]) -> str:
            return update_organisation(s, s.get_one(Organisation, org.id), **v).id

        initial = {f.name: getattr(org, f.name) for f in ORGANISATION_FIELDS}
        if self._form(N_("Edit organisation"), ORGANISATION_FIELDS, write, initial):
            self.reload(org.id)

    def delete(self) -> None:
        org = self.current()
        if org is None:
            return
        n = len(org.members)
        question = _("Delete {name} from the organisations?").format(name=org.name)
        if n:
            question += " " + ngettext(
                "The {n} person listed in it stays in the vault.",
                "The {n} people listed in it stay in the vault.",
                n,
            ).format(n=n)
        answer = QMessageBox.question(self, _("Delete organisation"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.vault.session() as s:
                delete_organisation(s, s.get_one(Organisation, org.id))
        except ReunifyError as exc:
            self.message.setText(exc.user_message())
            return
        self.changed = True
        self.message.clear()
        self.reload()

    def add_person(self) -> None:
        org = self.current()
        if org is None:
            return
        listed = {m.person_id for m in org.members}
        with self.vault.session() as s:
            people = [(p.full_name, p.id) for p in staff_candidates(s) if p.id not in listed]
        fields = (
            Field("person_id", N_("Person"), "choice", lambda: [("—", None), *people]),
            POSITION,
        )

        def write(s: Session, v: dict[str, Any]) -> object:
            from reunify.errors import ValidationError

            if v["person_id"] is None:
                raise ValidationError("person_id", N_("Choose one."))
            person = s.get_one(Person, v["person_id"])
            return add_member(s, s.get_one(Organisation, org.id), person, v["position"])

        if self._form(N_("Add a person to the organisation"), fields, write):
            self.reload(org.id)

    def new_person(self) -> None:
        org = self.current()
        if org is None:
            return

        def write(s: Session, v: dict[str, Any]) -> object:
            position = v.pop("position")
            person = create_person(s, **v)
            return add_member(s, s.get_one(Organisation, org.id), person, position)

        if self._form(N_("New person in the organisation"), NEW_PERSON_FIELDS, write):
            self.reload(org.id)

    def change_position(self) -> None:
        member, org = self.current_member(), self.current()
        if member is None or org is None:
            return

        def write(s: Session, v: dict[str, Any]) -> object:
            return update_member(s, s.get_one(OrganisationMember, member.id), **v)

        if self._form(N_("Change position"), (POSITION,), write, {"position": member.position}):
            self.reload(org.id)

    def remove_person(self) -> None:
        member, org = self.current_member(), self.current()
        if member is None or org is None:
            return
        answer = QMessageBox.question(
            self,
            _("Remove from the organisation"),
            _("Remove {name} from {organisation}? The person's record is kept.").format(
                name=member.person.full_name, organisation=org.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.vault.session() as s:
            remove_member(s, s.get_one(OrganisationMember, member.id))
        self.changed = True
        self.reload(org.id)
