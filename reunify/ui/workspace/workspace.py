"""The selected case, in tabs. Every change goes through an operation in one session and
is announced once (`CaseEvents.caseChanged`); the workspace then reads the whole case
view again (a fixed number of queries however many steps the case has:
`bench/case_open.py`) and hands it to every tab. No session reaches a tab."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget
from sqlalchemy.orm import Session

from reunify.i18n import N_, _
from reunify.models import Case, Entity
from reunify.queries import CaseView, court_calendars, load_case_view
from reunify.ui.forms import Choices, Field, FormDialog
from reunify.ui.language import Retranslating
from reunify.ui.signals import CaseEvents
from reunify.ui.workspace.base import SectionTab
from reunify.vault import Vault

T = TypeVar("T")
NATIVE = QKeySequence.SequenceFormat.NativeText
E = TypeVar("E", bound=Entity)


class CaseWorkspace(Retranslating, QTabWidget):
    """Tabs of one case. Writes are announced on `events`; the workspace, like the case
    list and the dashboard, listens and reloads itself."""

    def __init__(self, vault: Vault, events: CaseEvents) -> None:
        super().__init__()
        from reunify.ui.workspace.checklists import ChecklistsTab
        from reunify.ui.workspace.documents import DocumentsTab
        from reunify.ui.workspace.people import PeopleTab
        from reunify.ui.workspace.proceedings import ProceedingsTab
        from reunify.ui.workspace.records import (
            ConsentsTab,
            HistoryTab,
            ImmigrationTab,
            NotesTab,
            SearchTab,
            TravelTab,
        )
        from reunify.ui.workspace.summary import SummaryTab

        self.vault = vault
        self.events = events
        self.case_id: str | None = None
        self.view: CaseView | None = None
        self.calendars: list[tuple[str, object]] = []  # (name, id) choices, read per reload
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)
        self.summary = SummaryTab(self)
        self.people = PeopleTab(self)
        self.search = SearchTab(self)
        self.proceedings = ProceedingsTab(self)
        self.checklists = ChecklistsTab(self)
        self.documents = DocumentsTab(self)
        self.immigration = ImmigrationTab(self)
        self.travel = TravelTab(self)
        self.consents = ConsentsTab(self)
        self.notes = NotesTab(self)
        self.history = HistoryTab(self)
        self.tabs: list[tuple[str, QWidget]] = [
            (N_("Summary"), self.summary),
            (N_("People"), self.people),
            (N_("Search"), self.search),
            (N_("Proceedings && deadlines"), self.proceedings),
            (N_("Checklists"), self.checklists),
            (N_("Documents"), self.documents),
            (N_("Immigration"), self.immigration),
            (N_("Travel"), self.travel),
            (N_("Consents"), self.consents),
            (N_("Notes"), self.notes),
            (N_("History"), self.history),
        ]
        for title, widget in self.tabs:
            widget.setObjectName(title.replace("&&", "and").lower())
            self.addTab(widget, title)
        events.caseChanged.connect(self._case_changed)
        events.calendarsChanged.connect(self.reload)
        self._tab_keys()
        self.retranslate_ui()

    def _tab_keys(self) -> None:
        """Alt+1…9 go to the first nine tabs, Ctrl+PgDn/PgUp to the next and previous
        one, from anywhere in the window (the case list too)."""
        context = Qt.ShortcutContext.WindowShortcut
        for i in range(min(9, self.count())):
            key = QShortcut(QKeySequence(f"Alt+{i + 1}"), self, lambda i=i: self.go_to_tab(i))
            key.setContext(context)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            key = QShortcut(QKeySequence(keys), self, lambda step=step: self._step_tab(step))
            key.setContext(context)

    def go_to_tab(self, index: int) -> None:
        """Show a tab and put the keyboard in it (its list, else its first field), so
        Ins or F2 act there at once, even when the keys came from the case list."""
        self.setCurrentIndex(index)
        self.focus_current()

    def focus_current(self) -> None:
        page = self.currentWidget()
        table = getattr(page, "table", None)
        if isinstance(table, QWidget) and table.isVisible():
            table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = page.nextInFocusChain()
        while widget is not page and widget is not None:
            if (
                page.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    def _step_tab(self, step: int) -> None:
        self.setCurrentIndex((self.currentIndex() + step) % self.count())

    def notify(self, message: str) -> None:
        """A short message in the window's status bar."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10000)

    def people_choices(self, blank: bool = True) -> Choices:
        """People of this case for a choice field, each once (one person may have two
        roles); read when the form opens."""

        def choices() -> list[tuple[str, object]]:
            names = (
                {p.person_id: p.person.full_name for p in self.view.parties} if self.view else {}
            )
            return ([("—", None)] if blank else []) + [(n, i) for i, n in names.items()]

        return choices

    def document_choices(self, blank: bool = True, exclude: str | None = None) -> Choices:
        """Documents of this case for a choice field (`exclude`: the one being paired)."""

        def choices() -> list[tuple[str, object]]:
            docs = self.view.documents if self.view else []
            found: list[tuple[str, object]] = [("—", None)] if blank else []
            return found + [(d.title, d.id) for d in docs if d.id != exclude]

        return choices

    # -- loading ---------------------------------------------------------------------
    def load(self, case_id: str | None) -> None:
        self.case_id = case_id
        self.reload()

    def reload(self) -> None:
        if self.case_id is None or not self.vault.is_open:
            self.clear()
            return
        with self.vault.session() as s:
            self.view = load_case_view(s, self.case_id)
            self.calendars = [("—", None), *((c.name, c.id) for c in court_calendars(s))]
        for _title, widget in self.tabs:
            widget.refresh(self.view)  # type: ignore[attr-defined]

    def _case_changed(self, case_id: str) -> None:
        if case_id == self.case_id:
            self.reload()

    def clear(self) -> None:
        """Drop every row: used when locking, so no case data stays in memory models."""
        self.view = None
        self.case_id = None
        self.calendars = []
        for _title, widget in self.tabs:
            widget.clear()  # type: ignore[attr-defined]

    def retranslate_ui(self) -> None:
        for i, (title, widget) in enumerate(self.tabs):
            self.setTabText(i, _(title))
            if i < 9:
                self.setTabToolTip(i, QKeySequence(f"Alt+{i + 1}").toString(NATIVE))
            widget.retranslate_ui()  # type: ignore[attr-defined]

    # -- acting ----------------------------------------------------------------------
    def run(self, operation: Callable[[Session], T]) -> T:
        """One user action: one session, one commit, announced once; whoever shows the
        case (these tabs, the case list, the dashboard) reads it again."""
        case_id = self.case_id
        with self.vault.session() as s:
            result = operation(s)
            added = result.id if isinstance(result, Entity) else None
        if added is not None:
            for tab in [*self.currentWidget().findChildren(SectionTab), self.currentWidget()]:
                if isinstance(tab, SectionTab):
                    tab.select_after_reload(added)  # the list that shows it selects it
        if case_id is not None:
            self.events.caseChanged.emit(case_id)
        return result

    def on_case(self, operation: Callable[[Session, Case], T]) -> T:
        case_id = self.case_id
        assert case_id is not None
        return self.run(lambda s: operation(s, s.get_one(Case, case_id)))

    def on_row(self, row: E, operation: Callable[[Session, E], T]) -> T:
        """Act on a row shown in a tab: it is read again inside the new session."""
        return self.run(lambda s: operation(s, s.get_one(type(row), row.id)))

    def form(
        self,
        title: str,
        fields: Sequence[Field],
        submit: Callable[[dict[str, Any]], object],
        initial: dict[str, Any] | None = None,
        intro: str = "",
    ) -> object:
        """Show a form; returns what `submit` returned, or None when cancelled."""
        dialog = FormDialog(title, fields, submit, initial, self.window(), intro)
        dialog.setObjectName("form")
        accepted = dialog.exec() == FormDialog.DialogCode.Accepted
        dialog.deleteLater()
        return dialog.result_value if accepted else None

    def add_form(
        self, title: str, fields: Sequence[Field], operation: Callable[..., object]
    ) -> object:
        """Form for `operation(session, case, **values)`."""
        return self.form(
            title, fields, lambda v: self.on_case(lambda s, case: operation(s, case, **v))
        )

    def row_form(
        self,
        title: str,
        fields: Sequence[Field],
        row: E,
        operation: Callable[..., object],
        initial: dict[str, Any] | None = None,
        intro: str = "",
    ) -> object:
        """Form saved with `operation(session, row, **values)`; prefilled from `row`
        itself unless `initial` is given (an edit versus an action on the row)."""
        if initial is None:
            initial = {f.name: getattr(row, f.name, None) for f in fields}
        return self.form(
            title,
            fields,
            lambda v: self.on_row(row, lambda s, fresh: operation(s, fresh, **v)),
            initial,
            intro,
        )
