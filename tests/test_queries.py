"""The read model on a real vault: one case view costs the same number of statements
however many checklist steps the case holds, and its step views say what the
per-step queries say."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from reunify import operations as ops
from reunify import queries
from reunify.labels import label
from reunify.models import Case, DocumentKind, StepState
from reunify.operations import checklists
from reunify.vault import Vault

pytestmark = pytest.mark.vault

CASE_TEMPLATES = ["locate_child", "safety_plan", "us_dependency", "travel_reunion"]


@contextmanager
def counted(vault: Vault) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(vault.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(vault.engine, "before_cursor_execute", count)


def _case_with(s: Any, title: str, templates: list[str]) -> Case:
    """A case with one photo, linked to the first step of its first checklist."""
    case = ops.create_case(s, title=title, opened_on=date(2026, 3, 2))
    photo = ops.add_document(s, case, kind=DocumentKind.PHOTO, title="Foto de Itzel 2026")
    started = [
        checklists.start_checklist(s, case, template, started_on=date(2026, 3, 2))
        for template in templates
    ]
    first = started[0]
    checklists.link_document(s, first.steps[0], photo)
    return case


def _statements(vault: Vault, case_id: str) -> tuple[int, int]:
    with vault.session() as s, counted(vault) as seen:
        view = queries.load_case_view(s, case_id)
        steps = sum(len(v) for v in view.steps.values())
    return len(seen), steps


def test_case_view_costs_the_same_with_one_or_six_checklists(vault: Vault) -> None:
    with vault.session() as s:
        one = _case_with(s, "Familia Cuapio Flores", ["locate_child"]).id
        six = _case_with(
            s, "Familia Tlapale Xochitiotzi", [*CASE_TEMPLATES, "locate_child", "us_dependency"]
        ).id
    small, small_steps = _statements(vault, one)
    large, large_steps = _statements(vault, six)
    assert small_steps == 8 and large_steps > 40  # the six carry five times the steps …
    assert small == large  # … and cost not one statement more


def test_step_views_agree_with_the_per_step_rules(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Pasos", opened_on=date(2026, 3, 2))
        locate = checklists.start_checklist(s, case, "locate_child", started_on=date(2026, 3, 2))
        plan = checklists.start_checklist(s, case, "safety_plan", started_on=date(2026, 3, 2))
        checklists.start_checklist(  # a step with a due date (the ASFA clock)
            s, case, "us_dependency", started_on=date(2026, 3, 2), trigger_on=date(2026, 1, 5)
        )
        for step in plan.steps[:-1]:  # the plan is not approved yet
            checklists.complete_step(s, step, on=date(2026, 3, 3))
        checklists.set_step_state(s, locate.steps[-1], StepState.BLOCKED, "Sin respuesta")
        case_id = case.id
    with vault.session() as s:
        view = queries.load_case_view(s, case_id)
        shown = {sv.id: sv for rows in view.steps.values() for sv in rows}
        every = [st for c in view.checklists for st in c.steps]
        assert set(shown) == {st.id for st in every}
        for step in every:
            assert shown[step.id].state == queries.step_state(s, step), step.key
            assert list(shown[step.id].blockers) == queries.step_blockers(s, step), step.key
        kinds = {b.kind for sv in shown.values() for b in sv.blockers}
        assert {"dependency", "document", "safety_plan", "manual"} <= kinds
        dated = [sv for sv in shown.values() if sv.step.deadline_id]
        assert dated and all(sv.due is not None for sv in dated)
        report = next(sv for sv in shown.values() if sv.step.key == "prosecutor_report")
        photo = ops.add_document(s, view.case, kind=DocumentKind.PHOTO, title="Foto reciente")
        checklists.link_document(s, report.step, photo)
    with vault.session() as s:
        view = queries.load_case_view(s, case_id)
        report = next(
            sv for rows in view.steps.values() for sv in rows if sv.step.key == "prosecutor_report"
        )
        assert report.documents == ("Foto reciente",)
        assert "document" not in {b.kind for b in report.blockers}


def test_bundle_shows_the_states_the_workspace_shows(vault: Vault) -> None:
    """A step waiting on an earlier one is 'Blocked' on screen; the bundle said 'To do'."""
    from datetime import datetime

    from reunify.bundle.redaction import Redaction
    from reunify.bundle.view import build_bundle_view
    from reunify.models import ConsentScope

    with vault.session() as s:
        case = ops.create_case(s, title="Familia Pasos", opened_on=date(2026, 3, 2))
        locate = checklists.start_checklist(s, case, "locate_child", started_on=date(2026, 3, 2))
        consent = ops.record_consent(
            s,
            case,
            recipient="Lic. Carmen Ruiz",
            purpose="Solicitud T-3",
            scope=[ConsentScope.CASE_FACTS],
            given_on=date(2026, 3, 2),
            expires_on=date(2027, 3, 2),
        )
        view = queries.load_case_view(s, case.id)
        screen = [sv.state for sv in view.steps[locate.id]]
        bundle = build_bundle_view(
            s,
            case,
            consent,
            Redaction(scope=frozenset({ConsentScope.CASE_FACTS})),
            today=date(2026, 3, 3),
            now=datetime(2026, 3, 3, 10, 0).astimezone(),
            preparer={},
        )
    section = next(sec for sec in bundle.sections if sec.key == "checklists")
    shown = [row[1] for row in section.blocks[0].rows]
    assert StepState.BLOCKED in screen and StepState.TODO in screen
    assert shown == [label(state) for state in screen]
