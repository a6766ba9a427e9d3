"""Checklists tab: start a template, move its steps, see what blocks each one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_, _, current_language
from reunify.labels import code_label, label
from reunify.models import Apostille, Case, Checklist, CourtCalendar, Document, Person, StepState
from reunify.operations.checklists import (
    link_document,
    mark_done,
    set_step_state,
    set_trigger_date,
    start_checklist,
    trigger_name,
)
from reunify.queries import CaseView, StepView
from reunify.ui.forms import DateError, Field, long_date
from reunify.ui.workspace.base import Action, SectionTab, esc, rank
from reunify.workflows import templates as tpl
from reunify.workflows.describe import blocker_text
from reunify.workflows.steps import checklist_progress

if TYPE_CHECKING:
    from reunify.ui.workspace.workspace import CaseWorkspace

STATE_COLOURS = {
    StepState.DONE: "#2e7d32",
    StepState.BLOCKED: "#b00020",
    StepState.NOT_APPLICABLE: "#777777",
    StepState.IN_PROGRESS: "#1565c0",
}


StepRow = StepView  # the rows are the read model's (reunify.queries), not a copy


def template_choices(scope: str | None = None) -> list[tuple[str, object]]:
    lang = current_language()
    found = [
        (t.title.get(lang), t.id)
        for t in tpl.shipped().values()
        if scope is None or t.scope == scope
    ]
    return sorted(found, key=lambda p: p[0].casefold())


class ChecklistsTab(SectionTab):
    def __init__(self, workspace: CaseWorkspace) -> None:
        self.view: CaseView | None = None
        self.chooser = QComboBox()
        # Long checklist titles elide instead of widening the window past 1366 px.
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(24)
        self.progress = QLabel()
        self.start_button = QPushButton()
        self.start_button.setObjectName("start_checklist")
        self.start_button.clicked.connect(self.start)
        # The day a checklist's periods run from (entry into Mexico, removal from the
        # home): shown only for checklists that have one.
        self.trigger_button = QPushButton()
        self.trigger_button.setObjectName("set_trigger")
        self.trigger_button.clicked.connect(self.set_trigger)
        self.chooser_label = QLabel()
        self.chooser_label.setBuddy(self.chooser)
        top = QWidget()
        row = QHBoxLayout(top)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chooser_label)
        row.addWidget(self.chooser, 1)
        row.addWidget(self.progress)
        row.addWidget(self.trigger_button)
        row.addWidget(self.start_button)
        super().__init__(
            workspace,
            [
                (N_("#"), lambda r: str(r.step.position + 1), lambda r: r.step.position),
                (N_("Step"), lambda r: r.title(current_language())),
                (N_("State"), lambda r: label(r.state), lambda r: rank(r.state)),
                (N_("Due"), lambda r: long_date(r.due), lambda r: r.due),
                (N_("Who"), lambda r: code_label("Actor", r.step.actor)),
            ],
            [
                Action(N_("&Done"), self.done, name="step_done"),
                Action(N_("In progress"), self.in_progress, name="step_in_progress"),
                Action(N_("To do"), self.to_do, name="step_todo"),
                Action(N_("Not applicable…"), self.not_applicable, name="step_na"),
                Action(N_("Blocked…"), self.block, name="step_blocked"),
                Action(N_("Link document…"), self.link, name="step_link"),
            ],
            detail=self.describe,
            stretch=1,
            foreground=lambda r: (
                QColor(STATE_COLOURS[r.state]) if r.state in STATE_COLOURS else None
            ),
            above=top,
        )
        self.table.setColumnWidth(0, 36)
        self.chooser.currentIndexChanged.connect(self._show_checklist)
        workspace.events.startChecklist.connect(self.start_for_document)
        workspace.events.showChecklist.connect(self.show_template)

    # -- data ----------------------------------------------------------------------
    def refresh(self, view: CaseView) -> None:
        self.view = view
        keep = self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for checklist in view.checklists:
            self.chooser.addItem(view.checklist_title(checklist, current_language()), checklist.id)
        index = self.chooser.findData(keep)
        self.chooser.setCurrentIndex(index if index >= 0 else self.chooser.count() - 1)
        self.chooser.blockSignals(False)
        super().refresh(view)
        self._show_progress()

    def rows_for(self, view: CaseView) -> Sequence[Any]:
        return view.steps.get(self.chooser.currentData(), [])

    def _show_checklist(self) -> None:
        self.show_rows(self.view.steps.get(self.chooser.currentData(), []) if self.view else [])
        self._show_progress()

    def show_template(self, template_id: str) -> bool:
        """Bring a started checklist to the front (the `showChecklist` intent)."""
        if self.view is None:
            return False
        for checklist in reversed(self.view.checklists):
            if checklist.template_id == template_id:
                self.chooser.setCurrentIndex(self.chooser.findData(checklist.id))
                return True
        return False

    def clear(self) -> None:
        self.view = None
        self.chooser.clear()
        super().clear()

    def retranslate_ui(self) -> None:
        self.chooser_label.setText(_("Checklist"))
        self.chooser.setAccessibleName(_("Checklist"))
        self.start_button.setText(_("Start checklist…"))
        self.trigger_button.setText(_("Date periods run from…"))
        if self.view is not None:
            for i, c in enumerate(self.view.checklists):
                self.chooser.setItemText(i, self.view.checklist_title(c, current_language()))
        self._show_progress()
        super().retranslate_ui()

    def current_checklist(self) -> Checklist | None:
        current = self.chooser.currentData()
        checklists = self.view.checklists if self.view else []
        return next((c for c in checklists if c.id == current), None)

    def _show_progress(self) -> None:
        checklist = self.current_checklist()
        trigger = trigger_name(checklist, current_language()) if checklist else ""
        self.trigger_button.setVisible(bool(trigger))
        self.trigger_button.setToolTip(trigger)
        if checklist is None:
            self.progress.setText("")
            return
        p = checklist_progress(checklist)
        self.progress.setText(
            _("{done} of {total} steps ({percent} %)").format(
                done=p.finished, total=p.total, percent=p.percent
            )
        )

    def _update_empty(self) -> None:
        if self.view is not None and not self.view.checklists:
            self.empty.setText(_("No checklist yet: start one from a template."))
        else:
            super()._update_empty()

    def describe(self, row: StepRow) -> str:
        step, lang = row.step, current_language()
        out = [f"<b>{esc(row.title(lang))}</b>", f"<p>{esc(row.description(lang))}</p>"]
        if step.state_reason:
            out.append("<p>" + esc(_("Reason") + ": " + step.state_reason) + "</p>")
        if row.blockers and row.state == StepState.BLOCKED:
            out.append("<p style='color:#b00020'>" + esc(_("Waiting for")) + ":<br>")
            waits = (blocker_text(step, b) for b in row.blockers)  # in the language shown
            out.append("<br>".join("• " + esc(b) for b in waits) + "</p>")
        if step.due_rule.get("from") == "trigger":
            checklist = self.current_checklist()
            if checklist is not None and checklist.trigger_on is None:
                waiting = _("The period is not counted yet: it runs from “{date}”. Enter that "
                            "day with “Date periods run from…”.").format(
                    date=trigger_name(checklist, lang)
                )  # fmt: skip
                out.append(f"<p style='color:#b00020'>{esc(waiting)}</p>")
        if step.completed_on:
            done = _("Done on {date} by {who}").format(
                date=long_date(step.completed_on), who=step.completed_by or "?"
            )
            out.append(f"<p>{esc(done)}</p>")
        if row.documents:
            docs = ", ".join(row.documents)
            out.append("<p>" + esc(_("Documents") + ": " + docs) + "</p>")
        return "".join(out)

    # -- actions ---------------------------------------------------------------------
    def _step(self, row: StepRow, operation: Any) -> None:
        try:
            self.workspace.on_row(row.step, operation)
        except ValidationError as exc:
            self.workspace.notify(exc.user_message())
            self.detail.setText(
                self.describe(row) + f"<p style='color:#b00020'>{esc(exc.user_message())}</p>"
            )

    def done(self, row: StepRow) -> None:
        """Asks the day it was done: today by default; an earlier day needs a reason
        (kept with the step and in the history), a day to come is refused."""
        if row.state == StepState.BLOCKED and row.blockers:
            self._step(row, lambda s, st: mark_done(s, st))  # says what it waits for
            return
        fields = (
            Field("on", N_("Done on"), "date", required=True),
            Field("reason", N_("Why an earlier day (only when it was not today)"), "multiline"),
        )
        initial: dict[str, Any] = {"on": date.today()}
        apostille = self._apostille_of(row)
        if apostille is not None and apostille.issued_on is not None:
            # "Receive the apostille" was done the day on the apostille, not the day typed.
            initial.update(on=apostille.issued_on, reason=_("Date on the apostille"))

        def submit(v: dict[str, Any]) -> object:
            if v["on"] is None:
                raise DateError("on")
            return self.workspace.on_row(
                row.step, lambda s, st: mark_done(s, st, on=v["on"], reason=v["reason"])
            )

        self.workspace.form(
            N_("Mark done"), fields, submit, initial, intro=row.title(current_language())
        )

    def _apostille_of(self, row: StepRow) -> Apostille | None:
        """The apostille recorded on the document of an apostille checklist, for the
        steps that end when it is in hand."""
        step = row.step
        if step.key not in ("receive", "record") or self.view is None:
            return None
        checklist = next((c for c in self.view.checklists if c.id == step.checklist_id), None)
        if checklist is None or checklist.template_id != "apostille":
            return None
        doc = next((d for d in self.view.documents if d.id == checklist.document_id), None)
        return doc.apostilles[-1] if doc is not None and doc.apostilles else None

    def set_trigger(self, _checked: bool = False) -> None:
        """Ask for the day the checklist's periods run from, by its name."""
        checklist = self.current_checklist()
        if checklist is None:
            return
        name = trigger_name(checklist, current_language())
        fields = (Field("trigger_on", name, "date", required=True),)

        def submit(v: dict[str, Any]) -> object:
            if v["trigger_on"] is None:
                raise DateError("trigger_on")
            return self.workspace.on_row(
                checklist, lambda s, cl: set_trigger_date(s, cl, v["trigger_on"])
            )

        initial = {"trigger_on": checklist.trigger_on or date.today()}
        self.workspace.form(
            N_("Date periods run from"), fields, submit, initial,
            intro=self.view.checklist_title(checklist, current_language()) if self.view else "",
        )  # fmt: skip

    def in_progress(self, row: StepRow) -> None:
        self._step(row, lambda s, st: set_step_state(s, st, StepState.IN_PROGRESS))

    def to_do(self, row: StepRow) -> None:
        self._step(row, lambda s, st: set_step_state(s, st, StepState.TODO))

    def _with_reason(self, row: StepRow, state: StepState, title: str) -> None:
        fields = (Field("state_reason", N_("Why"), "multiline", required=True),)
        self.workspace.form(
            title,
            fields,
            lambda v: self.workspace.on_row(
                row.step, lambda s, st: set_step_state(s, st, state, v["state_reason"])
            ),
            intro=row.title(current_language()),
        )

    def not_applicable(self, row: StepRow) -> None:
        self._with_reason(row, StepState.NOT_APPLICABLE, N_("Not applicable"))

    def block(self, row: StepRow) -> None:
        self._with_reason(row, StepState.BLOCKED, N_("Blocked"))

    def link(self, row: StepRow) -> None:
        choices = self.workspace.document_choices(blank=False)
        fields = (Field("document_id", N_("Document"), "choice", choices, required=True),)
        self.workspace.form(
            N_("Link document"),
            fields,
            lambda v: self.workspace.on_row(
                row.step,
                lambda s, st: link_document(s, st, s.get_one(Document, v["document_id"])),
            ),
            intro=row.title(current_language()),
        )

    def start(self, _checked: bool = False, *, template_id: str | None = None) -> None:
        """Start a template; a document or person template asks which one."""
        fields = (
            Field("template_id", N_("Template"), "choice", template_choices, required=True),
            Field("document_id", N_("For the document (apostille, translation)"), "choice",
                  self.workspace.document_choices()),
            Field("person_id", N_("For the person (passport, exit permit…)"), "choice",
                  self.workspace.people_choices()),
            Field("calendar_id", N_("Court calendar"), "choice", lambda: self.workspace.calendars),
            Field("started_on", N_("Started on"), "date"),
            Field("trigger_on", N_("Trigger date (e.g. entry into foster care)"), "date"),
        )  # fmt: skip
        initial: dict[str, Any] = {"started_on": date.today()}
        if template_id:
            initial["template_id"] = template_id
        self.workspace.form(N_("Start checklist"), fields, self._start, initial)

    def start_for_document(self, template_id: str, document_id: str) -> None:
        """The `startChecklist` intent (Documents tab): start at once for that document,
        then show it."""
        values = {
            "template_id": template_id,
            "document_id": document_id,
            "person_id": None,
            "calendar_id": None,
            "started_on": date.today(),
            "trigger_on": None,
        }
        try:
            self._start(values)
        except ValidationError as exc:
            self.workspace.notify(exc.user_message())
            return
        self.workspace.setCurrentWidget(self)

    def _start(self, v: dict[str, Any]) -> object:
        def op(s: Session, case: Case) -> object:
            return start_checklist(
                s,
                case,
                v["template_id"],
                document=s.get(Document, v["document_id"]) if v["document_id"] else None,
                person=s.get(Person, v["person_id"]) if v["person_id"] else None,
                calendar=s.get(CourtCalendar, v["calendar_id"]) if v["calendar_id"] else None,
                started_on=v["started_on"],
                trigger_on=v["trigger_on"],
            )

        result = self.workspace.on_case(op)
        self.workspace.events.showChecklist.emit(v["template_id"])
        return result
