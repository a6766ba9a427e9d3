"""People tab: who is in the case, in which role, with addresses and relationships."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox
from sqlalchemy.orm import Session

from reunify import identifiers as ids
from reunify.display import (
    address_text,
    countries_text,
    death_text,
    languages_text,
    phone_text,
)
from reunify.i18n import N_, _, format_list
from reunify.labels import label
from reunify.models import Address, Case, CaseParty, Person, PersonRelationship
from reunify.models.enums import PartyRole
from reunify.operations import (
    add_address,
    create_person,
    link_person,
    unlink_person,
    update_person,
)
from reunify.operations.people import RELATIONS, relate, remove_address, remove_relationship
from reunify.queries import CaseView
from reunify.ui.file_dialogs import open_files
from reunify.ui.forms import Field, enum_choices, long_date
from reunify.ui.workspace import records as removal
from reunify.ui.workspace.base import Action, SectionTab, esc, rank

if TYPE_CHECKING:
    from reunify.ui.workspace.workspace import CaseWorkspace


RELATION_LABELS = {
    "mother_of": N_("mother of"),
    "father_of": N_("father of"),
    "child_of": N_("daughter or son of"),
    "guardian_of": N_("legal guardian of"),
    "ward_of": N_("under the legal guardianship of"),
    "grandparent_of": N_("grandmother or grandfather of"),
    "grandchild_of": N_("granddaughter or grandson of"),
    "sibling_of": N_("sister or brother of"),
    "aunt_uncle_of": N_("aunt or uncle of"),
    "niece_nephew_of": N_("niece or nephew of"),
    "spouse_of": N_("spouse of"),
    "partner_of": N_("partner of"),
    "former_partner_of": N_("former partner of"),
    "caregiver_of": N_("caregiver of"),
    "cared_for_by": N_("in the care of"),
    "relative_of_trafficker": N_("relative of the trafficker"),
    "other": N_("other relation with"),
}


CURP_ADVICE = N_(
    "Check the birth record. If the CURP is wrong, RENAPO corrects it; if the data "
    "here is wrong, edit the person."
)


def born_text(person: Person) -> str:
    """The list's "Born" column: the birth date, and the death when there is one."""
    born = long_date(person.birth_date)
    died = death_text(person.deceased_on)
    return " · ".join(t for t in (born, died) if t)


def relation_choices() -> list[tuple[str, object]]:
    """Nothing chosen at first: Enter on an untouched form must not record "mother of"."""
    return [("—", None), *((_(RELATION_LABELS[key]), key) for key in RELATIONS)]


def sex_choices() -> list[tuple[str, object]]:
    return [("—", None), (_("Female"), "F"), (_("Male"), "M"), (_("X"), "X")]


PERSON_FIELDS = (
    Field("given_names", N_("Given names"), required=True),
    Field("paternal_surname", N_("Paternal surname")),
    Field("maternal_surname", N_("Maternal surname")),
    Field("aliases", N_("Other names used"), "list", placeholder=N_("separated by commas")),
    Field("sex", N_("Sex on the birth record"), "choice", sex_choices),
    Field("birth_date", N_("Date of birth"), "date"),
    Field("birth_place", N_("Place of birth")),
    Field("birth_country", N_("Country of birth"),
          placeholder=N_("e.g. Mexico, United States or GT")),
    Field("nationalities", N_("Nationalities"), "list",
          placeholder=N_("e.g. Mexico, United States")),
    Field("curp", N_("CURP"), placeholder=N_("18 characters")),
    Field("a_number", N_("A-number")),
    Field("languages", N_("Languages"), "list",
          placeholder=N_("e.g. Spanish, Nahuatl, Mam")),
    Field("interpreter_needed", N_("Needs an interpreter"), "bool"),
    Field("phone", N_("Phone"), placeholder=N_("e.g. +52 246 123 4567 or +1 312 555 0199")),
    Field("email", N_("Email")),
    Field("address_confidential", N_("Where this person lives is confidential"), "bool"),
    Field("birth_record_state", N_("Birth record: state"),
          placeholder=N_("e.g. Tlaxcala or MX-TLA")),
    Field("birth_record_municipality", N_("Birth record: municipality")),
    Field("birth_record_office", N_("Birth record: office")),
    Field("birth_record_book", N_("Birth record: book")),
    Field("birth_record_number", N_("Birth record: record number")),
    Field("deceased_on", N_("Date of death"), "date"),
    Field("physical_description", N_("Physical description and marks"), "multiline"),
    Field("medical_needs", N_("Medical needs"), "multiline"),
    Field("notes", N_("Notes"), "multiline"),
)  # fmt: skip
ROLE_FIELDS = (
    Field("role", N_("Role in this case"), "choice", enum_choices(PartyRole)),
    Field("linked_to_trafficker", N_("Linked to the trafficker or abuser"), "bool"),
)
ADDRESS_FIELDS = (
    Field("street", N_("Street and number")),
    Field("locality", N_("Colonia or town")),
    Field("municipality", N_("Municipality")),
    Field("state", N_("State"), placeholder=N_("e.g. Tlaxcala, CDMX or MX-TLA")),
    Field("postal_code", N_("Postal code")),
    Field("country", N_("Country"), placeholder=N_("e.g. Mexico or US")),
    Field("valid_from", N_("Lived there from"), "date"),
    Field("valid_to", N_("Until"), "date"),
    Field("is_last_known", N_("Last known address"), "bool"),
    Field("confidential", N_("Confidential (never exported without consent)"), "bool"),
    Field("source", N_("Source of this information")),
    Field("notes", N_("Notes"), "multiline"),
)


class PeopleTab(SectionTab):
    def __init__(self, workspace: CaseWorkspace) -> None:
        self.view: CaseView | None = None
        super().__init__(
            workspace,
            [
                (N_("Name"), lambda p: p.person.full_name),
                (N_("Role"), lambda p: label(p.role), lambda p: rank(p.role)),
                (N_("Born"), lambda p: born_text(p.person), lambda p: p.person.birth_date),
                (N_("CURP"), lambda p: p.person.curp or ""),
                (N_("Phone"), lambda p: phone_text(p.person.phone)),
            ],
            [
                Action(N_("Add person…"), self.add_person, needs_row=False, name="add_person"),
                Action(N_("Edit…"), self.edit_person, name="edit_person"),
                Action(N_("Add address…"), self.add_address, name="add_address"),
                Action(N_("Add relationship…"), self.add_relationship, name="add_relationship"),
                Action(N_("Add photos…"), self.add_photos, name="add_photos"),
                Action(N_("Remove from case"), self.remove, name="remove_person"),
                Action(N_("Remove address…"), self.remove_address, name="remove_address"),
                Action(
                    N_("Remove relationship…"), self.remove_relationship, name="remove_relationship"
                ),
            ],
            detail=self.describe,
            stretch=0,
        )

    def rows_for(self, view: CaseView) -> Sequence[Any]:
        self.view = view
        return view.parties

    def describe(self, party: CaseParty) -> str:
        p = party.person
        out = [f"<b>{esc(p.full_name)}</b> — {esc(label(party.role))}"]
        if p.deceased_on:
            out.append(" · <b>" + esc(death_text(p.deceased_on)) + "</b>")
        if party.linked_to_trafficker:
            out.append(" · <b style='color:#b00020'>" + esc(_("linked to the trafficker")) + "</b>")
        works_at = [
            f"{m.organisation.name} ({m.position})" if m.position else m.organisation.name
            for m in (self.view.memberships.get(p.id, []) if self.view else [])
        ]
        facts = [
            (_("Organisation"), "; ".join(works_at)),
            (_("Other names used"), format_list(p.aliases)),
            (_("Place of birth"), p.birth_place),
            (_("Nationalities"), countries_text(p.nationalities)),
            (_("Languages"), languages_text(p.languages)),
            (_("A-number"), ids.format_a_number(p.a_number) if p.a_number else ""),
            (_("Phone"), phone_text(p.phone)),
            (_("Email"), p.email or ""),
        ]
        if p.interpreter_needed:
            facts.append((_("Interpreter"), _("needed")))
        out.append("<br>" + "<br>".join(f"{esc(k)}: {esc(v)}" for k, v in facts if v))
        if mismatches := ids.person_curp_mismatches(p):
            out.append(
                "<p style='color:#b00020'><b>" + esc(_("The CURP does not match")) + "</b><br>"
                + "<br>".join(esc(m) for m in mismatches) + "<br>" + esc(_(CURP_ADVICE)) + "</p>"
            )  # fmt: skip
        if p.addresses:
            out.append("<br><b>" + esc(_("Addresses")) + "</b><ul>")
            for a in reversed(p.addresses):
                place = address_text(a, with_country=a.country != "MX")
                span = " – ".join(long_date(d) for d in (a.valid_from, a.valid_to) if d)
                flags = []
                if a.is_last_known:
                    flags.append(_("last known"))
                if a.confidential or p.address_confidential:
                    flags.append(_("confidential"))
                suffix = f" ({', '.join(flags)})" if flags else ""
                out.append(f"<li>{esc(place)} {esc(span)}{esc(suffix)}</li>")
            out.append("</ul>")
        ties = [
            r
            for r in (self.view.relationships if self.view else [])
            if p.id in (r.person_a_id, r.person_b_id)
        ]
        if ties:
            # after the facts' last line ("Idiomas: …") it needs its own line
            out.append(
                ("" if p.addresses else "<br>") + "<b>" + esc(_("Relationships")) + "</b><ul>"
            )
            for r in ties:
                sentence = _("{a} is the {kind} of {b}").format(
                    a=r.person_a.full_name, kind=label(r.kind), b=r.person_b.full_name
                )
                out.append(f"<li>{esc(sentence)}</li>")
            out.append("</ul>")
        return "".join(out)

    # -- actions ---------------------------------------------------------------------
    def add_person(self, _row: object = None) -> None:
        found: list[str] = []

        def submit(values: dict[str, Any]) -> object:
            role = values.pop("role")
            trafficker = values.pop("linked_to_trafficker")

            def op(s: Session, case: Case) -> CaseParty:
                person = create_person(s, **values)
                found[:] = ids.person_curp_mismatches(person)
                return link_person(s, case, person, role, linked_to_trafficker=trafficker)

            return self.workspace.on_case(op)

        if self.workspace.form(N_("Add person"), (*ROLE_FIELDS, *PERSON_FIELDS), submit):
            self.warn_curp(found)

    def edit_person(self, party: CaseParty) -> None:
        found: list[str] = []

        def op(s: Session, person: Person, **values: Any) -> Person:
            update_person(s, person, **values)
            found[:] = ids.person_curp_mismatches(person)
            return person

        if self.workspace.row_form(N_("Edit person"), PERSON_FIELDS, party.person, op):
            self.warn_curp(found)

    def warn_curp(self, mismatches: list[str]) -> None:
        """After saving: the data is kept as typed; the attorney checks the birth record
        (a CURP with a wrong birth date is common, and RENAPO corrects it)."""
        if mismatches:
            text = "\n".join([_("Saved. The CURP does not match:"), *mismatches])
            QMessageBox.warning(self, _("Check the CURP"), text + "\n\n" + _(CURP_ADVICE))

    def add_address(self, party: CaseParty) -> None:
        initial = {"country": "MX", "confidential": party.person.address_confidential}
        self.workspace.row_form(
            N_("Add address"), ADDRESS_FIELDS, party.person, add_address, initial
        )

    def add_relationship(self, party: CaseParty) -> None:
        """Said from this person's side ("Mateo es hijo o hija de Rosa"), stored however
        the relationship reads; the person herself is not offered as the other one."""
        others = self.workspace.people_choices(blank=True)
        me = party.person_id
        fields = (
            Field("relation", N_("Relationship"), "choice", relation_choices, required=True),
            Field("other", N_("Of whom"), "choice",
                  lambda: [c for c in others() if c[1] != me], required=True),
            Field("notes", N_("Notes"), "multiline"),
        )  # fmt: skip

        def submit(v: dict[str, Any]) -> object:
            def op(s: Session, person: Person) -> object:
                other = s.get_one(Person, v["other"])
                return relate(s, person, v["relation"], other, notes=v["notes"])

            return self.workspace.on_row(party.person, op)

        self.workspace.form(
            N_("Add relationship"),
            fields,
            submit,
            intro=_("{name} is…").format(name=party.person.full_name),
        )

    def add_photos(self, party: CaseParty) -> None:
        """Dated photos of a child being sought: documents of kind photo about this person
        (encrypted into the vault by the Documents tab, which shows them)."""
        paths = open_files(
            self, _("Add photos"), "", _("Images (*.jpg *.jpeg *.png *.heic *.webp);;All files (*)")
        )
        if paths:
            self.workspace.events.importFiles.emit(list(paths), "", party.person_id)

    def remove(self, party: CaseParty) -> None:
        answer = QMessageBox.question(
            self,
            _("Remove from case"),
            _("Remove {name} from this case? The person's record is kept.").format(
                name=party.person.full_name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.workspace.on_row(party, unlink_person)

    # -- removing what was entered by mistake ------------------------------------------
    def _remove_chosen(
        self, title: str, label_msgid: str, items: dict[str, str], question: str
    ) -> str | None:
        """Choose one of `items` (id → how it reads), then confirm; the chosen id."""
        if not items:
            self.workspace.notify(_("There is nothing of this kind to remove."))
            return None
        fields = (
            Field("item", label_msgid, "choice", lambda: [(v, k) for k, v in items.items()],
                  required=True),
        )  # fmt: skip
        chosen = self.workspace.form(title, fields, lambda v: v["item"])
        if chosen is None or str(chosen) not in items:
            return None
        text = question.format(item=items[str(chosen)])
        text += "\n\n" + _("This cannot be undone. The case history records the removal.")
        return str(chosen) if removal.confirm(self, _(title), text, _("Remove")) else None

    def remove_address(self, party: CaseParty) -> None:
        addresses = {a.id: address_text(a) or "—" for a in party.person.addresses}
        chosen = self._remove_chosen(
            N_("Remove address"), N_("Address"), addresses,
            _("Remove the address “{item}”? A former address is better ended with a date."),
        )  # fmt: skip
        if chosen is not None:
            case_id = self.workspace.case_id
            self.workspace.run(
                lambda s: remove_address(s, s.get_one(Address, chosen), case_id=case_id)
            )

    def remove_relationship(self, party: CaseParty) -> None:
        me = party.person_id
        said = {
            r.id: _("{a}, {kind} of {b}").format(
                a=r.person_a.full_name, kind=label(r.kind), b=r.person_b.full_name
            )
            for r in (self.view.relationships if self.view else [])
            if me in (r.person_a_id, r.person_b_id)
        }
        chosen = self._remove_chosen(
            N_("Remove relationship"), N_("Relationship"), said,
            _("Remove “{item}”?"),
        )  # fmt: skip
        if chosen is not None:
            case_id = self.workspace.case_id
            self.workspace.run(
                lambda s: remove_relationship(
                    s, s.get_one(PersonRelationship, chosen), case_id=case_id
                )
            )
