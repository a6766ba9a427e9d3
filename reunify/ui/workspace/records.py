"""The record tabs that are a list with add and edit forms: search reports,
immigration filings, travel, consents, notes; and the read-only history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session

from reunify.i18n import N_, _, current_language, format_datetime, format_list
from reunify.labels import label
from reunify.models import AuditEvent, ChecklistStep, Consent, Note, TravelPlan
from reunify.models.enums import (
    ConsentScope,
    ExitPermitType,
    FilingStatus,
    SearchReportKind,
    SearchReportStatus,
    TravelStatus,
)
from reunify.operations import (
    add_filing,
    add_note,
    add_search_report,
    plan_travel,
    record_consent,
    record_reunion,
    revoke_consent,
    update_filing,
    update_note,
    update_search_report,
    update_travel,
)
from reunify.operations.organisations import (
    authority_fields,
    proceeding_authority_kind,
    search_authority_kind,
)
from reunify.queries import CaseView
from reunify.ui.forms import Choices, Field, enum_choices, long_date
from reunify.ui.workspace.base import Action, Column, SectionTab, esc, rank
from reunify.ui.workspace.history import describe_event

if TYPE_CHECKING:
    from reunify.ui.workspace.workspace import CaseWorkspace


class RecordTab(SectionTab):
    """Rows of one kind from the case view, an Add form and an Edit form."""

    rows_of: Callable[[CaseView], Sequence[Any]]
    fields: Sequence[Field] = ()
    add_title = edit_title = ""
    add_op: Callable[..., object] | None = None
    edit_op: Callable[..., object] | None = None

    def __init__(
        self,
        workspace: CaseWorkspace,
        columns: Sequence[Column],
        extra: Sequence[Action] = (),
        **kwargs: Any,
    ) -> None:
        actions = []
        if self.add_op is not None:
            actions.append(Action(self.add_title, self.add, needs_row=False, name="add"))
        if self.edit_op is not None:
            actions.append(Action(N_("Edit…"), self.edit, name="edit"))
        super().__init__(workspace, columns, [*actions, *extra], **kwargs)

    def rows_for(self, view: CaseView) -> Sequence[Any]:
        return type(self).rows_of(view)

    def defaults(self) -> dict[str, Any]:
        return {}

    def add(self, _row: object = None) -> None:
        op = type(self).add_op
        assert op is not None
        self.workspace.form(
            self.add_title,
            self.fields,
            lambda v: self.workspace.on_case(lambda s, case: op(s, case, **v)),
            self.defaults(),
        )

    def edit(self, row: Any) -> None:
        op = type(self).edit_op
        assert op is not None
        self.workspace.row_form(self.edit_title, self.fields, row, op)


def organisation_choices(workspace: CaseWorkspace) -> Choices:
    """The address book's names for an authority or recipient field, read with the view."""

    def choices() -> list[tuple[str, object]]:
        names = workspace.view.organisation_names if workspace.view else []
        return [(name, name) for name in names]

    return choices


def authority_field(workspace: CaseWorkspace, msgid: str) -> Field:
    return Field(
        "authority_name",
        msgid,
        "combo",
        organisation_choices(workspace),
        placeholder=N_("choose from the organisations or type a name"),
    )


ADD_TO_BOOK = Field("add_to_book", N_("Add a name that is not there to the organisations"), "bool")


def with_authority(
    op: Callable[..., object], kind_of: Callable[[dict[str, Any], Any], Any]
) -> Callable[..., object]:
    """`op(session, target, **values)` with the authority picked or typed in the form
    turned into the record's authority fields (the book's entry, or the name as typed,
    added to the book when the person ticked it)."""

    def run(session: Session, target: Any, **values: Any) -> object:
        name = values.pop("authority_name", "")
        add = values.pop("add_to_book", False)
        kind = kind_of(values, target) if add else None
        values.update(authority_fields(session, name, add_as=kind))
        return op(session, target, **values)

    return run


def _search_kind(values: dict[str, Any], target: Any) -> Any:
    return search_authority_kind(values.get("kind") or getattr(target, "kind", None))


def proceeding_kind(values: dict[str, Any], target: Any) -> Any:
    return proceeding_authority_kind(
        values.get("kind") or getattr(target, "kind", None),
        values.get("regime") or getattr(target, "regime", None),
    )


def _date(header: str, attr: str) -> Column:
    """A date column: shown long ("2 de abril de 2027"), sorted by the date."""
    return (header, lambda r: long_date(getattr(r, attr)), lambda r: getattr(r, attr))


def _state(header: str, attr: str = "status") -> Column:
    """A status column: shown translated, sorted in the order the states are defined."""
    return (header, lambda r: label(getattr(r, attr)), lambda r: rank(getattr(r, attr)))


class SearchTab(RecordTab):
    rows_of = staticmethod(lambda v: v.search_reports)
    add_title, edit_title = N_("Add search report"), N_("Edit search report")
    add_op = staticmethod(with_authority(add_search_report, _search_kind))
    edit_op = staticmethod(with_authority(update_search_report, _search_kind))

    def __init__(self, workspace: CaseWorkspace) -> None:
        self.fields = (
            Field("kind", N_("Kind of report"), "choice", enum_choices(SearchReportKind)),
            Field("number", N_("Number or file")),
            Field("person_id", N_("Child sought"), "choice", workspace.people_choices()),
            authority_field(workspace, N_("Authority")),
            ADD_TO_BOOK,
            Field("filed_on", N_("Filed on"), "date"),
            Field("status", N_("Status"), "choice", enum_choices(SearchReportStatus)),
            Field("status_on", N_("Status since"), "date"),
            Field("notes", N_("Notes"), "multiline"),
        )
        super().__init__(
            workspace,
            [
                _state(N_("Kind"), "kind"),
                (N_("Number"), lambda r: r.number),
                (N_("Authority"), lambda r: r.authority_name),
                _date(N_("Filed"), "filed_on"),
                _state(N_("Status")),
            ],
            detail=lambda r: esc(r.notes),
            stretch=2,
        )


class ImmigrationTab(RecordTab):
    rows_of = staticmethod(lambda v: v.filings)
    add_title, edit_title = N_("Add immigration filing"), N_("Edit immigration filing")
    add_op, edit_op = staticmethod(add_filing), staticmethod(update_filing)

    def __init__(self, workspace: CaseWorkspace) -> None:
        self.fields = (
            Field("form", N_("Form"), required=True, placeholder=N_("e.g. I-914 Supplement A")),
            Field("category", N_("Category"), placeholder=N_("e.g. T-3, U-3")),
            Field("beneficiary_id", N_("Beneficiary"), "choice", workspace.people_choices()),
            Field("principal_id", N_("Principal"), "choice", workspace.people_choices()),
            Field("receipt_number", N_("Receipt number"),
                  placeholder=N_("3 letters and 10 digits, e.g. EAC2690012345")),
            Field("status", N_("Status"), "choice", enum_choices(FilingStatus)),
            Field("filed_on", N_("Filed on"), "date"),
            Field("biometrics_on", N_("Biometrics on"), "date"),
            Field("approved_on", N_("Approved on"), "date"),
            Field("ds160_confirmation", N_("DS-160 confirmation")),
            Field("consular_post", N_("US consulate"), placeholder=N_("e.g. Ciudad Juárez")),
            Field("interview_on", N_("Interview on"), "date"),
            Field("visa_issued_on", N_("Visa issued on"), "date"),
            Field("i94_number", N_("I-94 number")),
            Field("admitted_on", N_("Admitted on"), "date"),
            Field("us_counsel", N_("US counsel")),
            Field("notes", N_("Notes"), "multiline"),
        )  # fmt: skip
        super().__init__(
            workspace,
            [
                (N_("Form"), lambda f: f.form),
                (N_("Category"), lambda f: f.category),
                (N_("Receipt number"), lambda f: f.receipt_number or ""),
                _state(N_("Status")),
                _date(N_("Filed"), "filed_on"),
            ],
            detail=self._detail,
            stretch=2,
        )

    def _detail(self, f: Any) -> str:
        facts = [
            (_("US consulate"), f.consular_post),
            (_("Interview on"), long_date(f.interview_on)),
            (_("Visa issued on"), long_date(f.visa_issued_on)),
            (_("US counsel"), f.us_counsel),
            (_("Notes"), f.notes),
        ]
        return "<br>".join(f"{esc(k)}: {esc(v)}" for k, v in facts if v)


class TravelTab(RecordTab):
    rows_of = staticmethod(lambda v: v.travel)
    add_title, edit_title = N_("Plan travel"), N_("Edit travel plan")
    add_op, edit_op = staticmethod(plan_travel), staticmethod(update_travel)

    def __init__(self, workspace: CaseWorkspace) -> None:
        self.fields = (
            Field("traveller_id", N_("Who travels"), "choice", workspace.people_choices()),
            Field("escort", N_("Escort")),
            Field("iom_referral_on", N_("Referred to IOM on"), "date"),
            Field("exit_permit", N_("Exit permit"), "choice", enum_choices(ExitPermitType)),
            Field("departure_place", N_("From")),
            Field("arrival_place", N_("To")),
            Field("planned_on", N_("Planned for"), "date"),
            Field("travelled_on", N_("Travelled on"), "date"),
            Field("safety_plan_done", N_("Safety plan for the journey is ready"), "bool"),
            Field("status", N_("Status"), "choice", enum_choices(TravelStatus)),
            Field("notes", N_("Notes"), "multiline"),
        )
        super().__init__(
            workspace,
            [
                (N_("From"), lambda t: t.departure_place),
                (N_("To"), lambda t: t.arrival_place),
                _date(N_("Planned"), "planned_on"),
                _state(N_("Status")),
                _date(N_("Reunion"), "reunion_on"),
            ],
            [Action(N_("Record reunion…"), self.reunion, name="reunion")],
            stretch=1,
        )

    def reunion(self, plan: TravelPlan) -> None:
        fields = (Field("on", N_("Date of the reunion"), "date"), Field("place", N_("Place")))

        def submit(v: dict[str, Any]) -> object:
            return self.workspace.on_case(
                lambda s, case: record_reunion(
                    s, case, s.get_one(TravelPlan, plan.id), on=v["on"], place=v["place"]
                )
            )

        self.workspace.form(
            N_("Record reunion"),
            fields,
            submit,
            {"on": date.today(), "place": plan.arrival_place},
            intro=_("The case will show as reunified; follow-up goes on until it is closed."),
        )


CONSENT_STATES = {
    "valid": N_("valid"),
    "revoked": N_("revoked"),
    "expired": N_("expired"),
    "not_yet": N_("not yet valid"),
}


class ConsentsTab(RecordTab):
    rows_of = staticmethod(lambda v: v.consents)
    add_title = N_("Record consent")
    add_op = staticmethod(record_consent)

    def __init__(self, workspace: CaseWorkspace) -> None:
        self.fields = (
            Field("person_id", N_("Who consents"), "choice", workspace.people_choices()),
            Field("guardian_id", N_("Non-abusive parent or guardian (for a minor)"), "choice",
                  workspace.people_choices()),
            Field("recipient", N_("Recipient"), "combo", organisation_choices(workspace),
                  required=True, placeholder=N_("choose from the organisations or type a name")),
            Field("purpose", N_("Purpose"), required=True),
            Field("scope", N_("What may be shared"), "multi", enum_choices(ConsentScope)),
            Field("given_on", N_("Given on"), "date"),
            Field("expires_on", N_("Valid until"), "date"),
        )  # fmt: skip
        super().__init__(
            workspace,
            [
                (N_("Recipient"), lambda c: c.recipient),
                (N_("Purpose"), lambda c: c.purpose),
                _date(N_("Given"), "given_on"),
                _date(N_("Valid until"), "expires_on"),
                (N_("State"), self._state, self._state_key),
            ],
            [Action(N_("Revoke…"), self.revoke, name="revoke")],
            detail=lambda c: esc(
                format_list([label(ConsentScope(s)) for s in c.scope]) + " " + c.revocation_note
            ),
            stretch=1,
            foreground=lambda c: None if c.is_valid_on(date.today()) else QColor("#777"),
        )

    def defaults(self) -> dict[str, Any]:
        return {"given_on": date.today()}

    def _state(self, c: Consent) -> str:
        problem = c.invalid_on(date.today())
        return _(CONSENT_STATES[problem[0] if problem else "valid"])

    @staticmethod
    def _state_key(c: Consent) -> int:
        problem = c.invalid_on(date.today())
        return list(CONSENT_STATES).index(problem[0] if problem else "valid")

    def revoke(self, consent: Consent) -> None:
        fields = (Field("on", N_("Revoked on"), "date"), Field("note", N_("Note"), "multiline"))
        self.workspace.row_form(
            N_("Revoke consent"), fields, consent, revoke_consent, {"on": date.today()}
        )


class NotesTab(RecordTab):
    rows_of = staticmethod(lambda v: v.notes)
    add_title, edit_title = N_("Add note"), N_("Edit note")
    edit_op = staticmethod(update_note)
    fields = (
        Field("body", N_("Note"), "multiline", required=True),
        Field("pinned", N_("Pinned"), "bool"),
    )

    @staticmethod
    def add_op(session: Session, case: Any, body: str, pinned: bool = False) -> Note:
        return add_note(session, case, body, pinned=pinned)

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(
            workspace,
            [
                (
                    N_("Written"),
                    lambda n: format_datetime(n.written_at or n.created_at, "short"),
                    lambda n: n.written_at or n.created_at,
                ),
                (N_("By"), lambda n: n.author),
                (N_("Note"), lambda n: ("★ " if n.pinned else "") + n.body.replace("\n", " ")),
            ],
            detail=lambda n: esc(n.body).replace("\n", "<br>"),
            stretch=2,
        )


class HistoryTab(SectionTab):
    """The case's audit trail, newest first, in sentences."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(
            workspace,
            [
                (N_("When"), lambda e: format_datetime(e.at, "short"), lambda e: (e.at, e.seq)),
                (N_("Who"), lambda e: e.actor),
                (N_("What"), lambda e: describe_event(e, self._step_title)),
            ],
            stretch=2,
        )
        self._steps: dict[tuple[str, str], ChecklistStep] = {}

    def _step_title(self, template_id: str, key: str) -> str | None:
        step = self._steps.get((template_id, key))
        return step.title(current_language()) if step else None

    def rows_for(self, view: CaseView) -> Sequence[AuditEvent]:
        self._steps = {(c.template_id, s.key): s for c in view.checklists for s in c.steps}
        return view.history


def confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    """A removal asked once, in the person's language, naming what goes; Cancel is the
    default, so Enter on a question read too fast removes nothing."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel)
    box.setParent(parent, box.windowFlags())
    box.setObjectName("confirm_removal")
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    yes.setObjectName("confirm")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    answer = box.clickedButton() is yes
    box.deleteLater()
    return answer


def refuse(parent: QWidget, title: str, text: str) -> None:
    """Why a removal cannot be done (what depends on the row), as a sentence."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
    box.setParent(parent, box.windowFlags())
    box.setObjectName("removal_refused")
    box.exec()
    box.deleteLater()
