"""Texts made from a template read in the language shown (#14 item 3): a checklist started
with the screen in Spanish reads in English in the English bundle and the English GUI,
and the reverse; a deadline typed by hand keeps its one text; a stored text that lacks a
language takes it from the shipped template (the read model, queries.StepView)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest

from reunify import i18n
from reunify import operations as ops
from reunify.bundle.export import export_bundle
from reunify.models import ChecklistStep, ConsentScope, Deadline, DeadlineUnit
from reunify.operations import checklists
from reunify.queries import load_case_view, what_is_next
from reunify.ui.app import MainWindow
from reunify.ui.dashboard import Dashboard
from reunify.ui.language import switcher
from reunify.vault import Vault
from reunify.workflows import templates as tpl

pytestmark = [pytest.mark.vault]

TEMPLATE = "us_asylum"  # its I-589 deadline runs from the trigger: made when it starts
ARRIVED = date(2026, 2, 10)  # the mother's last arrival in the US (the trigger)
HAND_TYPED = "Cita con la abogada en Houston"  # one text, whatever the screen


def _due_step() -> tpl.StepTemplate:
    """The template's step whose deadline is made on starting (the texts to expect come
    from the template itself, so an edit of its wording does not break this test)."""
    return next(
        st for st in tpl.get(TEMPLATE).steps if st.due and st.due.start in ("start", "trigger")
    )


def _start(vault: Vault, screen: str) -> str:
    """The attorney starts the checklist with the screen in `screen`; the case reference."""
    i18n.set_language(screen)
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Cuautle Romero", opened_on=date(2026, 11, 2))
        checklists.start_checklist(s, case, TEMPLATE, started_on=date(2026, 11, 2),
                                   trigger_on=ARRIVED)  # fmt: skip
        ops.add_deadline(
            s,
            case,
            title=HAND_TYPED,
            trigger_date=date(2026, 11, 2),
            amount=10,
            unit=DeadlineUnit.CALENDAR_DAYS,
        )
        return case.reference


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _pdf_text(path: Path, password: str) -> str:
    reader = pypdf.PdfReader(str(path))
    if reader.is_encrypted:
        assert reader.decrypt(password)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _bundle(vault: Vault, reference: str, language: str, tmp_path: Path) -> str:
    share = "compartir con la abogada 2026"
    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        consent = ops.record_consent(
            s,
            case,
            recipient="Abogada en Houston",
            purpose="I-589",
            scope=[ConsentScope.IDENTITY, ConsentScope.CASE_FACTS, ConsentScope.IMMIGRATION],
            given_on=date(2026, 11, 2),
            expires_on=date(2027, 11, 2),
        )
        result = export_bundle(
            s,
            case,
            tmp_path / f"bundle-{language}.pdf",
            consent=consent,
            language=language,
            share_passphrase=share,
            today=date(2026, 11, 23),
        )
    return _pdf_text(result.path, share)


@pytest.mark.parametrize(("screen", "other"), [("es", "en"), ("en", "es")])
def test_bundle_reads_in_its_own_language(
    vault: Vault, tmp_path: Path, screen: str, other: str
) -> None:
    reference = _start(vault, screen)
    step = _due_step()
    assert step.due is not None and step.due.title is not None
    text = _bundle(vault, reference, other, tmp_path)
    assert i18n.current_language() == screen  # the screen kept its language
    # 12 months from Tue 10 Feb 2026 on the US federal calendar: 10 Feb 2027, a Wednesday.
    assert step.due.title[other] in text
    assert step.due.title[screen] not in text
    assert step.title[other] in text and step.title[screen] not in text
    assert tpl.get(TEMPLATE).title[other] in text
    assert HAND_TYPED in text  # typed by hand: its one text in every bundle


@pytest.mark.ui
@pytest.mark.parametrize(("screen", "other"), [("es", "en"), ("en", "es")])
def test_gui_reads_in_the_language_shown(qtbot: Any, vault: Vault, screen: str, other: str) -> None:
    reference = _start(vault, screen)
    step = _due_step()
    assert step.due is not None and step.due.title is not None
    switcher.apply(other, persist=False)
    try:
        window = MainWindow(vault)
        qtbot.addWidget(window)
        window.filter.setText(reference)
        window.table.selectRow(0)
        deadlines = window.workspace.proceedings.deadlines.model
        shown = [deadlines.index(r, 1).data() for r in range(deadlines.rowCount())]
        assert step.due.title[other] in shown and HAND_TYPED in shown
        steps = window.workspace.checklists.model
        names = [
            steps.index(r, c).data()
            for r in range(steps.rowCount())
            for c in range(steps.columnCount())
        ]
        assert step.title[other] in names and step.title[screen] not in names
        dashboard = Dashboard(vault, today=date(2026, 11, 23), horizon_days=400)
        qtbot.addWidget(dashboard)
        rows = [
            dashboard.model.index(r, c).data()
            for r in range(dashboard.model.rowCount())
            for c in range(dashboard.model.columnCount())
        ]
        assert step.due.title[other] in rows and step.due.title[screen] not in rows
        # The language switched while the case is open: the tabs read again.
        switcher.apply(screen, persist=False)
        shown = [deadlines.index(r, 1).data() for r in range(deadlines.rowCount())]
        assert step.due.title[screen] in shown
        window.lock()
    finally:
        switcher.apply("en", persist=False)


def test_a_language_missing_from_a_stored_text_comes_from_the_template(
    vault: Vault, tmp_path: Path
) -> None:
    """A checklist started before English existed (its texts stored in Spanish only):
    the read model and the English bundle show the shipped template's English."""
    reference = _start(vault, "es")
    step = _due_step()
    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        for stored in s.query(ChecklistStep).all():  # what an older vault holds
            stored.titles = {"es": stored.titles["es"]}
            stored.descriptions = {"es": stored.descriptions["es"]}
        for deadline in s.query(Deadline).where(Deadline.titles.is_not(None)).all():
            deadline.titles = {"es": deadline.titles["es"]}  # type: ignore[index]
    with vault.session() as s:
        view = load_case_view(s, ops.find_case(s, reference).id)  # type: ignore[union-attr]
        (checklist,) = view.checklists
        found = {sv.step.key: sv for sv in view.steps[checklist.id]}
        assert found[step.key].step.title("en") == step.title["es"]  # the stored map alone
        assert found[step.key].title("en") == step.title["en"]  # the read model's
        assert found[step.key].description("en") == step.description["en"]
        assert found[step.key].title("es") == step.title["es"]  # stored text still wins
        assert view.checklist_title(checklist, "en") == tpl.get(TEMPLATE).title["en"]
        made = next(d for d in view.deadlines if d.titles)
        assert step.due is not None and step.due.title is not None
        assert view.deadline_title(made, "en") == step.due.title["en"]
        typed = next(d for d in view.deadlines if not d.titles)
        assert view.deadline_title(typed, "en") == HAND_TYPED
        assert [i.title_in("es") for i in what_is_next(s, today=ARRIVED, horizon_days=400)]
    text = _bundle(vault, reference, "en", tmp_path)
    assert step.title["en"] in text and step.due.title["en"] in text
