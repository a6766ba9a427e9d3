"""Moving a story's checklists along in tests: a step by key, steps done on a day, an
approved safety plan (which steps that reveal where someone is wait for)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from reunify.models import Case, Checklist, ChecklistStep
from reunify.operations import checklists


def step(checklist: Checklist, key: str) -> ChecklistStep:
    return next(s for s in checklist.steps if s.key == key)


def done(s: Session, checklist: Checklist, on: date, *keys: str) -> None:
    """Complete the steps named, in order, all on `on`."""
    for key in keys:
        checklists.complete_step(s, step(checklist, key), on=on)


def approve_safety_plan(s: Session, case: Case, on: date) -> None:
    plan = checklists.start_checklist(s, case, "safety_plan", started_on=on)
    done(s, plan, on, *(st.key for st in plan.steps))
