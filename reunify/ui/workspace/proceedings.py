"""Proceedings & deadlines tab: court cases with their events, and every deadline
with how its date was computed, which a person may override (recorded)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_, _, current_language
from reunify.labels import code_label, label
from reunify.models import (
    CourtCalendar,
    Deadline,
    DeadlineStatus,
    DeadlineUnit,
    Proceeding,
    ProceedingEvent,
)
from reunify.models.enums import ProceduralRegime, ProceedingKind, ProceedingStatus
from reunify.operations import (
    add_deadline,
    add_event,
    add_proceeding,
    override_deadline,
    recompute_deadline,
    set_deadline_status,
    update_proceeding,
)
from reunify.operations.deadlines import delete_deadline
from reunify.operations.proceedings import delete_event
from reunify.queries import CaseView
from reunify.ui.forms import Field, enum_choices, long_date
from reunify.ui.workspace import records as removal
from reunify.ui.workspace.base import Action, SectionTab, esc, rank
from reunify.ui.workspace.records import (
    ADD_TO_BOOK,
    RecordTab,
    authority_field,
    proceeding_kind,
    with_authority,
)
from reunify.workflows.describe import explain_deadline, period_text

if TYPE_CHECKING:
    from reunify.ui.workspace.workspace import CaseWorkspace


class ProceedingList(RecordTab):
    rows_of = staticmethod(lambda v: v.proceedings)
    add_title, edit_title = N_("Add proceeding"), N_("Edit proceeding")
    add_op = staticmethod(with_authority(add_proceeding, proceeding_kind))
    edit_op = staticmethod(with_authority(update_proceeding, proceeding_kind))

    def __init__(self, workspace: CaseWorkspace) -> None:
        self.fields = (
            Field("kind", N_("Kind"), "choice", enum_choices(ProceedingKind)),
            authority_field(workspace, N_("Court or authority")),
            ADD_TO_BOOK,
            Field("file_number", N_("File number (expediente)")),
            Field("jurisdiction", N_("State"), placeholder=N_("e.g. MX-TLA or US-TX")),
            Field("regime", N_("Procedural law"), "choice", enum_choices(ProceduralRegime)),
            Field("stage", N_("Stage")),
            Field("status", N_("Status"), "choice", enum_choices(ProceedingStatus)),
            Field("filed_on", N_("Filed on"), "date"),
            Field("calendar_id", N_("Court calendar"), "choice", lambda: workspace.calendars),
            Field("notes", N_("Notes"), "multiline"),
        )
        super().__init__(
            workspace,
            [
                (N_("Kind"), lambda p: label(p.kind), lambda p: rank(p.kind)),
                (N_("Court or authority"), lambda p: p.authority_name),
                (N_("File number"), lambda p: p.file_number),
                (N_("Stage"), lambda p: code_label("ProceedingStage", p.stage) if p.stage else ""),
                (N_("Status"), lambda p: label(p.status), lambda p: rank(p.status)),
            ],
            [
                Action(N_("Record event…"), self.record_event, name="event"),
                Action(N_("Delete event…"), self.delete_event, name="delete_event"),
            ],
            detail=self._detail,
            stretch=1,
        )

    def _detail(self, p: Proceeding) -> str:
        lines = [
            esc(f"{long_date(e.on)} — {code_label('ProceedingEvent', e.kind)} {e.description}")
            for e in sorted(p.events, key=lambda e: e.on)
        ]
        return "<br>".join([f"<b>{esc(label(p.regime))}</b>", *lines])

    def record_event(self, proceeding: Proceeding) -> None:
        fields = (
            Field("on", N_("Date"), "date"),
            Field("kind", N_("What happened"), required=True,
                  placeholder=N_("e.g. admission, service, hearing, judgment")),
            Field("notified_on", N_("Notified on (deadlines run from the next day)"), "date"),
            Field("description", N_("Description"), "multiline"),
        )  # fmt: skip
        self.workspace.row_form(
            N_("Record event"), fields, proceeding, add_event, {"on": date.today()}
        )

    def delete_event(self, proceeding: Proceeding) -> None:
        """An event recorded by mistake: chosen from the proceeding's events, then asked."""
        events = {e.id: e for e in sorted(proceeding.events, key=lambda e: e.on)}
        if not events:
            self.workspace.notify(_("This proceeding has no events recorded."))
            return

        def said(e: ProceedingEvent) -> str:
            return f"{long_date(e.on)} — {code_label('ProceedingEvent', e.kind)}"

        fields = (
            Field("event_id", N_("Event"), "choice",
                  lambda: [(said(e), e.id) for e in events.values()], required=True),
        )  # fmt: skip
        chosen = self.workspace.form(
            N_("Delete event"), fields, lambda v: v["event_id"], intro=proceeding.file_number
        )
        event = events.get(str(chosen)) if chosen else None
        if event is None:
            return
        question = _("Delete the event “{event}” from this proceeding?").format(event=said(event))
        question += "\n\n" + _("This cannot be undone. The case history records the deletion.")
        if removal.confirm(self, _("Delete event"), question, _("Delete")):
            self.workspace.on_row(event, delete_event)
            self.workspace.notify(_("Event deleted."))


class DeadlineList(SectionTab):
    def __init__(self, workspace: CaseWorkspace) -> None:
        self.view: CaseView | None = None
        super().__init__(
            workspace,
            [
                (N_("Due"), lambda d: long_date(d.due), lambda d: d.due),
                (N_("Deadline"), self._title),
                (N_("Period"), self._period, self._period_key),
                (N_("Status"), lambda d: label(d.status), lambda d: rank(d.status)),
                (N_("Legal basis"), lambda d: d.legal_basis),
            ],
            [
                Action(N_("Add deadline…"), self.add, needs_row=False, name="add_deadline"),
                Action(N_("Set date by hand…"), self.override, name="override"),
                Action(N_("Recompute"), self.recompute, name="recompute"),
                Action(N_("Mark met"), self.mark_met, name="met"),
                Action(N_("Mark missed"), self.mark_missed, name="missed"),
                Action(N_("Delete deadline…"), self.delete, name="delete", shortcut="Del"),
            ],
            detail=lambda d: esc(explain_deadline(d)),
            stretch=1,
            foreground=self._colour,
        )

    def _period(self, d: Deadline) -> str:
        return period_text(d.amount or 0, d.unit) if d.amount is not None else ""

    @staticmethod
    def _period_key(d: Deadline) -> object:
        """Business days, then calendar days, then months (as the unit is defined), each by
        length: "15" after "9"."""
        return (rank(d.unit), d.amount) if d.amount is not None else None

    def _colour(self, d: Deadline) -> object:
        if d.status == DeadlineStatus.OPEN and d.due is not None and d.due < date.today():
            return QColor("#b00020")
        return QColor("#777") if d.status != DeadlineStatus.OPEN else None

    def rows_for(self, view: CaseView) -> Sequence[Any]:
        self.view = view
        self.proceedings = [(label(p.kind) + " " + p.file_number, p.id) for p in view.proceedings]
        return view.deadlines

    def _title(self, d: Deadline) -> str:
        """In the language shown; the read model adds languages the stored title lacks."""
        lang = current_language()
        return self.view.deadline_title(d, lang) if self.view else d.title_in(lang)

    def add(self, _row: object = None) -> None:
        fields = (
            Field("title", N_("Deadline"), required=True),
            Field("trigger_event", N_("Counted from (event)")),
            Field("trigger_date", N_("Date of that event or its notice"), "date"),
            Field("amount", N_("Period"), placeholder=N_("a number, e.g. 9")),
            Field("unit", N_("Unit"), "choice", enum_choices(DeadlineUnit)),
            Field("calendar_id", N_("Court calendar"), "choice", lambda: self.workspace.calendars),
            Field("proceeding_id", N_("Proceeding"), "choice",
                  lambda: [("—", None), *self.proceedings]),
            Field("legal_basis", N_("Legal basis"), placeholder=N_("e.g. CNPCyF art. 665")),
        )  # fmt: skip

        def submit(v: dict[str, Any]) -> object:
            from reunify.errors import ValidationError

            amount_text = str(v.pop("amount")).strip()
            if amount_text and not amount_text.isdigit():
                raise ValidationError("amount", N_("Enter a whole number of days or months."))
            if v["trigger_date"] is None:
                raise ValidationError("trigger_date", N_("Enter the date the period runs from."))
            calendar_id, proceeding_id = v.pop("calendar_id"), v.pop("proceeding_id")

            def op(s: Session, case: Any) -> Deadline:
                return add_deadline(
                    s,
                    case,
                    amount=int(amount_text) if amount_text else None,
                    calendar=s.get(CourtCalendar, calendar_id) if calendar_id else None,
                    proceeding=s.get(Proceeding, proceeding_id) if proceeding_id else None,
                    **v,
                )

            return self.workspace.on_case(op)

        self.workspace.form(
            N_("Add deadline"),
            fields,
            submit,
            {"unit": DeadlineUnit.BUSINESS_DAYS, "trigger_date": date.today()},
        )

    def override(self, deadline: Deadline) -> None:
        fields = (
            Field("due", N_("Due date (empty: back to the computed date)"), "date"),
            Field("override_reason", N_("Why"), "multiline"),
        )
        self.workspace.form(
            N_("Set date by hand"),
            fields,
            lambda v: self.workspace.on_row(
                deadline, lambda s, d: override_deadline(s, d, v["due"], v["override_reason"])
            ),
            {"due": deadline.override_due or deadline.computed_due},
            intro=explain_deadline(deadline),
        )

    def recompute(self, deadline: Deadline) -> None:
        self.workspace.on_row(deadline, recompute_deadline)

    def mark_met(self, deadline: Deadline) -> None:
        self.workspace.on_row(deadline, lambda s, d: set_deadline_status(s, d, DeadlineStatus.MET))

    def delete(self, deadline: Deadline) -> None:
        """A deadline typed by mistake; one a checklist step started is refused (the
        step settles it)."""
        title = _("Delete deadline")
        if deadline.source_step_id is not None:
            try:
                self.workspace.on_row(deadline, delete_deadline)  # refuses, naming the step
            except ValidationError as exc:
                removal.refuse(self, title, exc.user_message())
            return
        question = _("Delete the deadline “{title}”, due {date}?").format(
            title=deadline.title_in(current_language()), date=long_date(deadline.due) or "—"
        )
        question += "\n\n" + _("This cannot be undone. The case history records the deletion.")
        if not removal.confirm(self, title, question, _("Delete")):
            return
        try:
            self.workspace.on_row(deadline, delete_deadline)
        except ValidationError as exc:
            removal.refuse(self, title, exc.user_message())
            return
        self.workspace.notify(_("Deadline deleted."))

    def mark_missed(self, deadline: Deadline) -> None:
        self.workspace.on_row(
            deadline, lambda s, d: set_deadline_status(s, d, DeadlineStatus.MISSED)
        )


class ProceedingsTab(QWidget):
    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.proceedings = ProceedingList(workspace)
        self.deadlines = DeadlineList(workspace)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.proceedings)
        splitter.addWidget(self.deadlines)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def refresh(self, view: CaseView) -> None:
        self.proceedings.refresh(view)
        self.deadlines.refresh(view)

    def clear(self) -> None:
        self.proceedings.clear()
        self.deadlines.clear()

    def retranslate_ui(self) -> None:
        self.proceedings.retranslate_ui()
        self.deadlines.retranslate_ui()
