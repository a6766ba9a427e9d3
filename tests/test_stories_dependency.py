"""Seed story of issue #14: a deported mother in Puebla whose US-born son is in foster care
in California. Entered through the operations in a real vault: the dependency case with
its ASFA clock (removal, adjudication 45 days later, an earlier stay two years before),
the exception, the reunification, then the son's Mexican nationality registered at a
consulate. Every due date is worked out by hand in the comment next to it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify import i18n
from reunify import operations as ops
from reunify.errors import ValidationError
from reunify.models import (
    AuditAction,
    AuditEvent,
    CaseVariant,
    Checklist,
    Deadline,
    DeadlineStatus,
    DocumentKind,
    LegalTrack,
    PartyRole,
    StepState,
)
from reunify.operations import checklists
from reunify.operations.foster_care import foster_care, record_foster_care
from reunify.vault import Vault
from reunify.workflows.asfa import AsfaException, Stay
from tests.story_helpers import done as _done
from tests.story_helpers import step as _step

pytestmark = pytest.mark.vault

OPEN, MET, CANCELLED = "open", "met", "cancelled"


def _asfa(s: Session, checklist: Checklist) -> dict[str, tuple[date | None, str]]:
    """{English title: (due, status)} of the checklist's ASFA deadlines."""
    ids = {st.id for st in checklist.steps}
    return {
        d.title_in("en"): (d.due, d.status.value)
        for d in s.scalars(select(Deadline).where(Deadline.source_step_id.in_(ids)))
        if "foster care" in d.title_in("en").lower()
    }


TPR = "15 of 22 months in foster care (ASFA): petition to terminate parental rights"
RELATIVE = (
    "15 of 22 months in foster care (ASFA): exception — the child is being cared for by a relative"
)
ENTRY = "Foster care entry at the latest (60 days after removal)"


def test_deported_mother_son_in_foster_care_in_california(vault: Vault) -> None:
    i18n.set_language("es")
    with vault.session() as s:
        case = ops.create_case(
            s,
            title="Familia Tecuapetla Xochihua",
            variant=CaseVariant.DEPORTED_PARENT_CHILD_IN_US,
            tracks=[LegalTrack.US_DEPENDENCY, LegalTrack.NATIONALITY_REGISTRATION],
            mx_state="PUE",
            us_state="CA",
            opened_on=date(2026, 5, 18),
        )
        mother = ops.create_person(
            s,
            given_names="Araceli",
            paternal_surname="Tecuapetla",
            maternal_surname="Xochihua",
            birth_date=date(1991, 2, 7),
        )
        son = ops.create_person(
            s,
            given_names="Emiliano",
            paternal_surname="Rosas",
            maternal_surname="Tecuapetla",
            birth_date=date(2019, 9, 23),
            birth_country="US",
        )
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        ops.link_person(s, case, son, PartyRole.CHILD, is_primary=True)

        # CPS removed Emiliano on Mon 2 Mar 2026; the attorney takes the case on 18 May.
        dep = checklists.start_checklist(
            s, case, "us_dependency", started_on=date(2026, 5, 18), trigger_on=date(2026, 3, 2)
        )
        # Before the clock is recorded the template counts from the removal alone:
        # 60 days after 2 Mar 2026: 29 more days of March, 30 of April, 1 May → 1 May 2026
        # 15 months after 2 Mar 2026 → 2 Jun 2027 (the provisional ASFA mark)
        entry = s.get_one(Deadline, _step(dep, "adjudication").deadline_id)
        assert entry.due == date(2026, 5, 1) and entry.title_in("en") == ENTRY
        provisional = s.get_one(Deadline, _step(dep, "reunification").deadline_id)
        assert provisional.due == date(2027, 6, 2)
        _done(s, dep, date(2026, 5, 18), "contact_agency", "consulate")
        # the hearings happened before she came: recorded on their own days
        _done(s, dep, date(2026, 3, 4), "removal_hearing")
        # adjudicated 45 days after the removal: 29 (to 31 Mar) + 16 → Thu 16 Apr 2026
        _done(s, dep, date(2026, 4, 16), "adjudication")
        assert entry.status == DeadlineStatus.MET  # found before the 60th day
        _done(s, dep, date(2026, 5, 4), "disposition")

        # -- the ASFA clock, recorded on 20 May 2026 -----------------------------------
        # An earlier stay of three months two years before (4 Mar – 4 Jun 2024) has slid
        # out of every 22-month window that could reach 15 months: from 16 Apr 2026 a
        # window reaching back to June 2024 ends by April 2026, before 15 months in care.
        clock = record_foster_care(
            s,
            dep,
            removal=date(2026, 3, 2),
            adjudication=date(2026, 4, 16),
            earlier=[Stay(date(2024, 3, 4), date(2024, 6, 4))],
            today=date(2026, 5, 20),
        )
        # considered entered: the earlier of 16 Apr 2026 (adjudication) and 1 May 2026
        # (60 days after the removal) → 16 Apr 2026, 42 U.S.C. 675(5)(F)
        assert clock.considered_entered == date(2026, 4, 16)
        # one unbroken stay from 16 Apr 2026: 15 months → 16 Jul 2027 (the 457 days from
        # 16 Apr 2026 to 15 Jul 2027 equal the days of the 15 months before 16 Jul 2027)
        assert clock.fifteen_of_22 == date(2027, 7, 16)
        assert _asfa(s, dep) == {
            ENTRY: (date(2026, 5, 1), MET),
            TPR: (date(2027, 7, 16), OPEN),  # the provisional 2 Jun 2027, moved
            # reviews at 6 and 18 months: 16 Oct 2026, 16 Oct 2027 (675(5)(B))
            "Review hearing (6 months in foster care)": (date(2026, 10, 16), OPEN),
            "Review hearing (18 months in foster care)": (date(2027, 10, 16), OPEN),
            # permanency at 12 and 24 months: 16 Apr 2027, 16 Apr 2028 (675(5)(C))
            "Permanency hearing (12 months in foster care)": (date(2027, 4, 16), OPEN),
            "Permanency hearing (24 months in foster care)": (date(2028, 4, 16), OPEN),
        }
        tpr = s.get_one(Deadline, _step(dep, "reunification").deadline_id)
        assert tpr.id == provisional.id  # the same deadline, counted again
        assert tpr.title_in("es").startswith("15 de 22 meses")

        # -- the exception: he lives with his maternal aunt in Fresno ------------------
        with pytest.raises(ValidationError):  # an exception needs its reason
            record_foster_care(
                s, dep, removal=date(2026, 3, 2), adjudication=date(2026, 4, 16),
                exception=AsfaException.RELATIVE, today=date(2026, 6, 15),
            )  # fmt: skip
        record_foster_care(
            s,
            dep,
            removal=date(2026, 3, 2),
            adjudication=date(2026, 4, 16),
            earlier=[Stay(date(2024, 3, 4), date(2024, 6, 4))],
            exception=AsfaException.RELATIVE,
            exception_reason="Colocado con su tía materna, Rocío Tecuapetla, en Fresno",
            today=date(2026, 6, 15),
        )
        asfa = _asfa(s, dep)
        assert TPR not in asfa  # not a warning of a petition any more …
        assert asfa[RELATIVE] == (date(2027, 7, 16), OPEN)  # … but the date is still shown
        assert "Rocío" in tpr.notes
        recorded = foster_care(dep)
        assert recorded.exception == AsfaException.RELATIVE
        assert recorded.earlier == (Stay(date(2024, 3, 4), date(2024, 6, 4)),)

        # -- reunification at the 6-month review ---------------------------------------
        _done(s, dep, date(2026, 9, 1), "home_study")
        _done(s, dep, date(2026, 9, 30), "case_plan")
        _done(s, dep, date(2026, 10, 16), "reviews", "reunification")
        review = next(
            d for d in s.scalars(select(Deadline)) if d.title_in("en").startswith("Review")
            and d.due == date(2026, 10, 16)
        )  # fmt: skip
        ops.set_deadline_status(s, review, DeadlineStatus.MET)
        checklists.set_step_state(
            s, _step(dep, "tpr"), StepState.NOT_APPLICABLE, "Custodia devuelta a la madre"
        )
        # he leaves care on Mon 19 Oct 2026: the clock stops, later hearings are not due
        clock = record_foster_care(
            s,
            dep,
            removal=date(2026, 3, 2),
            adjudication=date(2026, 4, 16),
            earlier=[Stay(date(2024, 3, 4), date(2024, 6, 4))],
            left_on=date(2026, 10, 19),
            exception=AsfaException.RELATIVE,
            exception_reason="Colocado con su tía materna, Rocío Tecuapetla, en Fresno",
            today=date(2026, 10, 20),
        )
        assert clock.fifteen_of_22 is None and not clock.in_care
        assert _asfa(s, dep) == {
            ENTRY: (date(2026, 5, 1), MET),
            RELATIVE: (date(2027, 7, 16), MET),  # custody regained before the mark
            "Review hearing (6 months in foster care)": (date(2026, 10, 16), MET),
            "Review hearing (18 months in foster care)": (date(2027, 10, 16), CANCELLED),
            "Permanency hearing (12 months in foster care)": (date(2027, 4, 16), CANCELLED),
            "Permanency hearing (24 months in foster care)": (date(2028, 4, 16), CANCELLED),
        }
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.CHECKLIST_FOSTER_CARE)
        ).all()
        assert len(events) == 3 and "Rocío" not in str([e.details for e in events])
        # a day to come is refused: the clock records what happened
        with pytest.raises(ValidationError):
            record_foster_care(s, dep, removal=date(2026, 3, 2), today=date(2026, 3, 1))

        # -- his Mexican nationality, registered at the consulate in Los Angeles --------
        # before the flight (his parents were married when he was born)
        reg = checklists.start_checklist(
            s, case, "nationality_consular", person=son, started_on=date(2026, 11, 2)
        )
        assert _step(reg, "record_issued").deadline_id is None  # nothing due before the
        # appointment: no deadline is overdue on the day the checklist starts
        ops.add_document(
            s, case, kind=DocumentKind.US_BIRTH_CERTIFICATE, title="Certificado de nacimiento"
        )
        _done(s, reg, date(2026, 11, 3), "documents")
        checklists.set_step_state(
            s, _step(reg, "father"), StepState.NOT_APPLICABLE, "Casados antes del nacimiento"
        )
        _done(s, reg, date(2026, 11, 10), "appointment")
        ready = s.scalar(
            select(Deadline).where(Deadline.source_step_id == _step(reg, "appointment").id)
        )
        # 3 business days from Tue 10 Nov 2026 on the consulate calendar (Mexican and US
        # non-working days): Wed 11 Nov is Veterans Day (US, closed), Thu 12 (1), Fri 13
        # (2), weekend, Mon 16 Nov is the third Monday of November (Revolución, LFT art. 74,
        # closed), Tue 17 (3) → Tue 17 Nov 2026
        assert ready is not None and ready.due == date(2026, 11, 17)
        assert ready.calendar is not None and "Consulados" in ready.calendar.name
        _done(s, reg, date(2026, 11, 17), "record_issued")
        assert ready.status == DeadlineStatus.MET
