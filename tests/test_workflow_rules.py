"""Template rules beyond a straight line of steps: a branch that did not happen
(`only_if`), a period counted from a person's birth date (an age-out), and the
template fields a typo would otherwise silently drop."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from reunify import operations as ops
from reunify.errors import ValidationError
from reunify.models import Case, ConsentScope, Deadline, DeadlineStatus, PartyRole, StepState
from reunify.operations import checklists
from reunify.vault import Vault
from reunify.workflows import templates as tpl

pytestmark = pytest.mark.vault

_EN_ES = {"es": "x", "en": "x"}

APPEAL = tpl.parse(
    {
        "id": "branch_test",
        "version": 1,
        "title": {"es": "Ramas", "en": "Branches"},
        "description": _EN_ES,
        "steps": [
            {"key": "judgment", "title": {"es": "Sentencia", "en": "Judgment"},
             "description": _EN_ES,
             "due": {"amount": 9, "unit": "business_days", "from": "done"}},
            {"key": "appeal", "after": ["judgment"], "title": {"es": "Apelación", "en": "Appeal"},
             "description": _EN_ES},
            {"key": "ruling", "after": ["appeal"], "only_if": "appeal",
             "title": {"es": "Resolución de apelación", "en": "Appellate ruling"},
             "description": _EN_ES,
             "due": {"amount": 15, "unit": "business_days", "from": "done"}},
            {"key": "amparo", "after": ["ruling"], "only_if": "ruling",
             "title": {"es": "Amparo", "en": "Amparo"}, "description": _EN_ES},
            {"key": "final", "after": ["amparo"], "title": {"es": "Firme", "en": "Final"},
             "description": _EN_ES},
        ],
    },
    "branch_test.toml",
)  # fmt: skip

AGE_OUT = tpl.parse(
    {
        "id": "age_out_test",
        "version": 1,
        "scope": "person",
        "title": {"es": "Edad", "en": "Age"},
        "description": _EN_ES,
        "steps": [
            {"key": "file", "title": {"es": "Presentar", "en": "File"}, "description": _EN_ES,
             "due": {"amount": 252, "unit": "months", "from": "birth",
                     "title": {"es": "Cumple 21", "en": "Turns 21"}}},
        ],
    },
    "age_out_test.toml",
)  # fmt: skip


@pytest.fixture
def branches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(tpl.shipped(), APPEAL.id, APPEAL)
    monkeypatch.setitem(tpl.shipped(), AGE_OUT.id, AGE_OUT)


def _step(checklist, key):  # type: ignore[no-untyped-def]
    return next(s for s in checklist.steps if s.key == key)


def test_no_appeal_marks_what_follows_it_not_applicable(vault: Vault, branches: None) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Ramas", opened_on=date(2026, 3, 2))
        cl = checklists.start_checklist(s, case, "branch_test", started_on=date(2026, 3, 2))
        checklists.complete_step(s, _step(cl, "judgment"), on=date(2026, 3, 9))
        checklists.set_step_state(s, _step(cl, "appeal"), StepState.NOT_APPLICABLE, "no apeló")
        states = {st.key: st.state for st in cl.steps}
        assert states["ruling"] == states["amparo"] == StepState.NOT_APPLICABLE
        assert "Apelación" in _step(cl, "ruling").state_reason or "Appeal" in (
            _step(cl, "ruling").state_reason
        )
        # The final certificate is free: nothing blocks it.
        checklists.complete_step(s, _step(cl, "final"), on=date(2026, 3, 23))
        assert _step(cl, "final").state == StepState.DONE
        # The appeal window the judgment started is settled once the appeal step is.
        deadline = s.scalars(select(Deadline).where(Deadline.case_id == case.id)).one()
        assert deadline.status == DeadlineStatus.MET


def test_reopening_the_appeal_reopens_the_steps_after_it(vault: Vault, branches: None) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Ramas", opened_on=date(2026, 3, 2))
        cl = checklists.start_checklist(s, case, "branch_test", started_on=date(2026, 3, 2))
        checklists.complete_step(s, _step(cl, "judgment"), on=date(2026, 3, 9))
        checklists.set_step_state(s, _step(cl, "appeal"), StepState.NOT_APPLICABLE, "por error")
        checklists.set_step_state(s, _step(cl, "appeal"), StepState.TODO)
        assert {st.key: st.state for st in cl.steps if st.key in ("ruling", "amparo")} == {
            "ruling": StepState.TODO,
            "amparo": StepState.TODO,
        }
        # A step the attorney marked not applicable herself for another reason is a
        # different matter only when it does not follow the reopened step.
        checklists.complete_step(s, _step(cl, "appeal"), on=date(2026, 3, 12))
        checklists.complete_step(s, _step(cl, "ruling"), on=date(2026, 6, 1))
        due = {d.title_in("en"): d.computed_due for d in s.scalars(select(Deadline))}
        # 15 business days (LFT base) from Mon 1 Jun 2026: 2–5, 8–12, 15–19, 22 Jun.
        assert due["Appellate ruling"] == date(2026, 6, 22)


def test_age_out_counts_from_the_childs_birth_date(vault: Vault, branches: None) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Edad", opened_on=date(2026, 3, 2))
        child = ops.create_person(
            s, given_names="Itzel", paternal_surname="Tecuapa", birth_date=date(2008, 2, 29)
        )
        ops.link_person(s, case, child, PartyRole.CHILD)
        cl = checklists.start_checklist(
            s, case, "age_out_test", person=child, started_on=date(2026, 3, 2)
        )
        deadline = s.get(Deadline, _step(cl, "file").deadline_id)
        assert deadline is not None
        # 252 months after 29 Feb 2008 is 29 Feb 2029, which does not exist: 28 Feb 2029.
        assert deadline.computed_due == date(2029, 2, 28)
        assert deadline.trigger_date == date(2008, 2, 29)
        assert deadline.title_in("es") == "Cumple 21"
        # A child with no birth date yet gets no made-up deadline.
        other = ops.create_person(s, given_names="Brenda", paternal_surname="Tecuapa")
        ops.link_person(s, case, other, PartyRole.CHILD)
        cl2 = checklists.start_checklist(s, case, "age_out_test", person=other)
        assert _step(cl2, "file").deadline_id is None
        assert s.scalars(select(Case)).one().id == case.id


@pytest.mark.parametrize(
    ("where", "raw"),
    [
        ("step", {"key": "a", "title": _EN_ES, "description": _EN_ES, "onlyif": "x"}),
        ("due", {"key": "a", "title": _EN_ES, "description": _EN_ES,
                 "due": {"amount": 1, "unit": "months", "form": "done"}}),
        ("only_if", {"key": "a", "title": _EN_ES, "description": _EN_ES, "only_if": "later"}),
        ("calendar", {"key": "a", "title": _EN_ES, "description": _EN_ES,
                      "due": {"amount": 1, "unit": "months", "calendar": "amparos"}}),
    ],
)  # fmt: skip
def test_a_typo_in_a_template_is_an_error(where: str, raw: dict) -> None:  # type: ignore[type-arg]
    data = {"id": "typo", "version": 1, "title": _EN_ES, "description": _EN_ES, "steps": [raw]}
    with pytest.raises(tpl.TemplateError):
        tpl.parse(data, "typo.toml")


def test_a_period_from_the_trigger_waits_for_its_date(vault: Vault) -> None:
    """No deadline is counted from a day nobody entered; once the attorney enters it,
    the period is counted, and a correction replaces it instead of adding a second."""
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Retiro", opened_on=date(2026, 3, 2))
        cl = checklists.start_checklist(s, case, "us_dependency", started_on=date(2026, 3, 2))
        ruled = [st for st in cl.steps if st.due_rule.get("from") == "trigger"]
        assert ruled and all(st.deadline_id is None for st in ruled)
        assert "removed" in checklists.trigger_name(cl, "en")
        checklists.set_trigger_date(s, cl, date(2026, 1, 5), today=date(2026, 3, 2))
        assert all(st.deadline_id for st in ruled)
        ids = {st.id for st in ruled}
        checklists.set_trigger_date(s, cl, date(2026, 1, 12), today=date(2026, 3, 2))
        open_ = s.scalars(
            select(Deadline).where(
                Deadline.case_id == case.id, Deadline.status == DeadlineStatus.OPEN
            )
        ).all()
        counted = [d for d in open_ if d.source_step_id in ids]
        assert {d.trigger_date for d in counted} == {date(2026, 1, 12)}
        assert len(counted) == len(ruled)
        with pytest.raises(ValidationError):
            checklists.set_trigger_date(s, cl, date(2026, 3, 3), today=date(2026, 3, 2))
        plain = checklists.start_checklist(s, case, "locate_child")
        with pytest.raises(ValidationError):
            checklists.set_trigger_date(s, plain, date(2026, 1, 5), today=date(2026, 3, 2))


def test_a_template_with_a_trigger_rule_must_name_its_date() -> None:
    raw = {"key": "a", "title": _EN_ES, "description": _EN_ES,
           "due": {"amount": 30, "unit": "business_days", "from": "trigger"}}  # fmt: skip
    data = {"id": "t", "version": 1, "title": _EN_ES, "description": _EN_ES, "steps": [raw]}
    with pytest.raises(tpl.TemplateError, match="trigger"):
        tpl.parse(data, "t.toml")
    assert tpl.parse({**data, "trigger": {"es": "Entrada", "en": "Entry"}}, "t.toml").trigger


def test_a_birth_date_entered_later_counts_the_age_out(vault: Vault, branches: None) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Edad", opened_on=date(2026, 3, 2))
        child = ops.create_person(s, given_names="Brenda", paternal_surname="Tecuapa")
        ops.link_person(s, case, child, PartyRole.CHILD)
        cl = checklists.start_checklist(s, case, "age_out_test", person=child)
        assert _step(cl, "file").deadline_id is None
        ops.update_person(s, child, birth_date=date(2007, 6, 30))
        first = s.get(Deadline, _step(cl, "file").deadline_id)
        assert first is not None and first.computed_due == date(2028, 6, 30)
        # A corrected birth date replaces the period instead of adding a second one.
        ops.update_person(s, child, birth_date=date(2007, 7, 1))
        open_ = s.scalars(select(Deadline).where(Deadline.status == DeadlineStatus.OPEN)).all()
        assert [d.computed_due for d in open_] == [date(2028, 7, 1)]
        assert first.status == DeadlineStatus.CANCELLED


def test_every_checklist_of_an_immigration_track_needs_the_immigration_consent() -> None:
    """A new template for a track whose facts need a consent scope cannot be forgotten:
    its steps would go out in a bundle under the case-facts consent alone."""
    from reunify.bundle.redaction import TRACK_SCOPE, checklist_scope
    from reunify.workflows.usual import TRACK_CHECKLISTS

    for track, scope in TRACK_SCOPE.items():
        for template_id in TRACK_CHECKLISTS.get(track, ()):
            assert checklist_scope(template_id) == scope, (track, template_id)
    for template_id in ("t3_derivative", "u3_derivative", "comar_refugee", "us_asylum"):
        assert checklist_scope(template_id) == ConsentScope.IMMIGRATION
    assert checklist_scope("travel_reunion") == ConsentScope.TRAVEL
    assert checklist_scope("locate_child") is None
