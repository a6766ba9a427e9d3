"""Summary tab: the case at a glance, and editing the case itself."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from reunify.i18n import N_, _, current_language, format_list
from reunify.identifiers import state_choices
from reunify.labels import label
from reunify.models import Case, CaseStatus, DeadlineStatus, LegalTrack
from reunify.models.enums import CaseVariant, SafetyLevel
from reunify.operations import add_track, set_case_status, update_case
from reunify.operations.cases import archive_case, delete_case, unarchive_case
from reunify.queries import CaseView
from reunify.ui.forms import Field, enum_choices, long_date
from reunify.ui.workspace import records as removal
from reunify.ui.workspace.base import esc
from reunify.workflows.steps import checklist_progress

if TYPE_CHECKING:
    from reunify.ui.workspace.workspace import CaseWorkspace


def _states(country: str) -> list[tuple[str, object]]:
    return [
        ("—", None),
        *((name, code) for code, name in state_choices(country, current_language())),
    ]


CASE_FIELDS = (
    Field("title", N_("Family (as shown in the case list)"), required=True),
    Field("variant", N_("Kind of case"), "choice", enum_choices(CaseVariant)),
    Field("safety_level", N_("Safety level"), "choice", enum_choices(SafetyLevel)),
    Field("confidential_1367", N_("Protected by 8 U.S.C. § 1367 (VAWA, T, U)"), "bool"),
    Field("mx_state", N_("Mexican state"), "choice", lambda: _states("MX")),
    Field("mx_court", N_("Mexican court")),
    Field("us_state", N_("US state"), "choice", lambda: _states("US")),
    Field("safety_notes", N_("Safety notes"), "multiline"),
    Field("summary", N_("Summary"), "multiline"),
)
STATUS_FIELDS = (
    Field("status", N_("Status"), "choice", enum_choices(CaseStatus)),
    Field("on", N_("Date"), "date"),
    Field("place", N_("Place of the reunion (only for “reunified”)")),
)
TRACK_FIELDS = (
    Field("track", N_("Legal track"), "choice", enum_choices(LegalTrack)),
    Field("started_on", N_("Since"), "date"),
    Field("notes", N_("Notes"), "multiline"),
)
SAFETY_COLOURS = {
    SafetyLevel.LOW: "#2e7d32",
    SafetyLevel.MEDIUM: "#8d6e00",
    SafetyLevel.HIGH: "#c62828",
    SafetyLevel.CRITICAL: "#b00020",
}


class SummaryTab(QWidget):
    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.view: CaseView | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_case)
        self.status_button = QPushButton()
        self.status_button.clicked.connect(self.change_status)
        self.track_button = QPushButton()
        self.track_button.clicked.connect(self.add_track)
        # Archive and delete behind one button: rare, and never next to a slip of the mouse.
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("archive_or_delete")
        menu = QMenu(self.remove_button)
        self.archive_action = QAction(menu)
        self.archive_action.setObjectName("archive_case")
        self.archive_action.triggered.connect(self.toggle_archive)
        self.delete_action = QAction(menu)
        self.delete_action.setObjectName("delete_case")
        self.delete_action.triggered.connect(self.delete_case)
        menu.addAction(self.archive_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        self.remove_button.setMenu(menu)
        bar = QHBoxLayout()
        for button in (self.edit_button, self.status_button, self.track_button):
            bar.addWidget(button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

    def refresh(self, view: CaseView) -> None:
        self.view = view
        self.text.setText(self.html())
        self._archive_text()

    def clear(self) -> None:
        self.view = None
        self.text.clear()

    def retranslate_ui(self) -> None:
        self.edit_button.setText(_("Edit case…"))
        self.status_button.setText(_("Change status…"))
        self.track_button.setText(_("Add legal track…"))
        self.remove_button.setText(_("Archive or delete"))
        self.delete_action.setText(_("Delete case…"))
        self._archive_text()
        self.text.setText(self.html() if self.view else "")

    def html(self) -> str:
        view = self.view
        assert view is not None
        case = view.case
        colour = SAFETY_COLOURS[case.safety_level]
        facts = [
            (_("Status"), label(case.status)),
            (_("Kind of case"), label(case.variant)),
            (_("Opened"), long_date(case.opened_on)),
            (_("Legal tracks"), format_list([label(t) for t in view.tracks]) or "—"),
            (_("Mexican court"), case.mx_court or "—"),
        ]
        if case.archived_on:
            facts.insert(0, (_("Archived"), long_date(case.archived_on)))
        if case.reunified_on:
            facts.append(
                (_("Reunified"), f"{long_date(case.reunified_on)} {case.reunified_place or ''}")
            )
        out = [
            f"<h2>{esc(case.reference)} — {esc(case.title)}</h2>",
            f"<p><b style='color:{colour}'>"
            + esc(_("Safety level") + ": " + label(case.safety_level))
            + "</b>",
        ]
        if case.confidential_1367:
            out.append(" · <b>" + esc(_("§ 1367 confidential: never disclose to the other side")))
            out.append("</b>")
        out.append("</p><table cellspacing=4>")
        out += [f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in facts]
        out.append("</table>")
        if case.safety_notes:
            out.append("<h3>" + esc(_("Safety notes")) + f"</h3><p>{esc(case.safety_notes)}</p>")
        out.append("<h3>" + esc(_("People")) + "</h3><ul>")
        for party in view.parties:
            out.append(f"<li>{esc(party.person.full_name)} — {esc(label(party.role))}</li>")
        out.append("</ul>" if view.parties else "</ul><p>—</p>")
        out.append("<h3>" + esc(_("Checklists")) + "</h3><ul>")
        lang = current_language()
        for checklist in view.checklists:
            progress = checklist_progress(checklist)
            out.append(
                "<li>"
                + esc(
                    _("{title}: {done} of {total} steps ({percent} %)").format(
                        title=checklist.title(lang),
                        done=progress.finished,
                        total=progress.total,
                        percent=progress.percent,
                    )
                )
                + "</li>"
            )
        out.append("</ul>" if view.checklists else "</ul><p>—</p>")
        out.append("<h3>" + esc(_("Next deadlines")) + "</h3><ul>")
        today = date.today()
        upcoming = [d for d in view.deadlines if d.status == DeadlineStatus.OPEN]
        upcoming.sort(key=lambda d: d.due or date.max)
        for deadline in upcoming[:6]:
            due = deadline.due
            late = due is not None and due < today
            text = f"{long_date(due) or '—'} — {view.deadline_title(deadline, current_language())}"
            style = " style='color:#b00020'" if late else ""
            suffix = " " + _("(overdue)") if late else ""
            out.append(f"<li{style}>{esc(text + suffix)}</li>")
        out.append("</ul>" if upcoming else "</ul><p>—</p>")
        if case.summary:
            out.append("<h3>" + esc(_("Summary")) + f"</h3><p>{esc(case.summary)}</p>")
        return "".join(out)

    # -- actions ---------------------------------------------------------------------
    def edit_case(self) -> None:
        if self.view is not None:
            self.workspace.row_form(N_("Edit case"), CASE_FIELDS, self.view.case, update_case)

    def change_status(self) -> None:
        if self.view is None:
            return
        initial = {"status": self.view.case.status, "on": date.today()}

        def submit(v: dict[str, Any]) -> object:
            return self.workspace.on_case(
                lambda s, case: set_case_status(s, case, v["status"], on=v["on"], place=v["place"])
            )

        self.workspace.form(N_("Change status"), STATUS_FIELDS, submit, initial)

    def add_track(self) -> None:
        self.workspace.add_form(N_("Add legal track"), TRACK_FIELDS, _add_track)

    # -- archive and delete ------------------------------------------------------------
    def _archive_text(self) -> None:
        archived = self.view is not None and self.view.case.archived_on is not None
        self.archive_action.setText(
            _("Take out of the archive") if archived else _("Archive case…")
        )

    def toggle_archive(self) -> None:
        """Archive (asked, naming the case) or bring back; the case list follows."""
        if self.view is None:
            return
        case = self.view.case
        if case.archived_on is not None:
            self.workspace.on_case(unarchive_case)
            self.workspace.notify(
                _("{reference} is back in the case list.").format(reference=case.reference)
            )
            return
        question = _(
            "Archive {reference} — {title}? It leaves the case list and the dashboard; "
            "nothing in it is deleted, and “Show archived cases” brings it back."
        ).format(reference=case.reference, title=case.title)
        if removal.confirm(self, _("Archive case"), question, _("Archive")):
            self.workspace.on_case(archive_case)
            self.workspace.notify(_("{reference} archived.").format(reference=case.reference))

    def delete_case(self) -> None:
        """A case opened by mistake: the reference typed to confirm; refused (with the
        sentence) once a bundle of it was exported."""
        if self.view is None:
            return
        case_id, reference = self.view.case.id, self.view.case.reference
        fields = (Field("confirm_reference", N_("Type the reference to confirm"), required=True,
                        placeholder=N_("e.g. RU-2026-0042")),)  # fmt: skip
        intro = _(
            "Delete {reference} — {title} with everything in it: people named in no other "
            "case, documents and their files, checklists, deadlines, notes. This cannot be "
            "undone; the history keeps only that {reference} was deleted. To keep it but "
            "out of the way, archive it instead."
        ).format(reference=reference, title=self.view.case.title)

        def submit(v: dict[str, Any]) -> object:
            with self.workspace.vault.session() as s:
                return delete_case(
                    s, s.get_one(Case, case_id), confirm_reference=v["confirm_reference"]
                )

        if self.workspace.form(N_("Delete case"), fields, submit, intro=intro) is None:
            return
        self.workspace.load(None)  # nothing left to show
        self.workspace.events.caseChanged.emit(case_id)  # the list drops its row
        self.workspace.notify(_("{reference} deleted.").format(reference=reference))


def _add_track(session: Session, case: object, track: LegalTrack, **fields: object) -> object:
    return add_track(session, case, track, **fields)  # type: ignore[arg-type]
