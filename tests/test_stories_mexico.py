"""Issue #14's Mexican seed stories entered through the operations in a real vault, their
checklists started and advanced, every deadline checked against a date worked out by
hand (the count is in the comment); and no shipped template makes a deadline that is
already overdue on the day it is started."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify import operations as ops
from reunify import queries
from reunify.models import (
    CalendarBase,
    CalendarEntryKind,
    Case,
    CaseVariant,
    Checklist,
    ChecklistStep,
    CourtCalendar,
    Deadline,
    DeadlineStatus,
    DeadlineUnit,
    DocumentKind,
    LegalTrack,
    PartyRole,
    RelationshipKind,
    StepState,
)
from reunify.operations import checklists
from reunify.operations.calendars import rule_calendar
from reunify.vault import Vault
from reunify.workflows import templates as tpl
from tests.story_helpers import approve_safety_plan as _safety_plan
from tests.story_helpers import done as _done
from tests.story_helpers import step as _step

pytestmark = pytest.mark.vault


def _period(s: Session, step: ChecklistStep) -> Deadline:
    """The one period a step's due rule started (from the step, its trigger or its start)."""
    found = list(
        s.scalars(
            select(Deadline).where(
                Deadline.source_step_id == step.id, Deadline.status != DeadlineStatus.CANCELLED
            )
        )
    )
    assert len(found) == 1, (step.key, found)
    return found[0]


# -- (a) a trafficking survivor in the US, her T-3 daughter held in Tlaxcala ------------


def _tlaxcala(s: Session) -> CourtCalendar:
    """TSJ Tlaxcala as the test needs it (not the shipped file, so these dates never move):
    the LFT base plus the court's own days."""
    cal = ops.create_calendar(s, name="TSJ Tlaxcala (prueba)", base=CalendarBase.MX_FEDERAL)
    for kind, start, end, label in (
        (CalendarEntryKind.HOLIDAY, date(2026, 11, 2), None, "Día de Muertos"),
        (
            CalendarEntryKind.VACATION,
            date(2026, 12, 17),
            date(2027, 1, 6),
            "Vacaciones de invierno",
        ),
        (CalendarEntryKind.HOLIDAY, date(2027, 3, 25), date(2027, 3, 26), "Jueves y Viernes Santo"),
        (CalendarEntryKind.HOLIDAY, date(2027, 5, 5), None, "Batalla de Puebla"),
        (CalendarEntryKind.VACATION, date(2027, 7, 19), date(2027, 7, 30), "Vacaciones de verano"),
    ):
        ops.add_calendar_entry(s, cal, kind, start, end, label)
    return cal


def _trafficking_case(s: Session) -> tuple[Case, Checklist]:
    """Rocío, in New Jersey with a T visa; Itzel held by the trafficker's uncle in Tlaxcala:
    custody under the CNPCyF up to the judgment, notified Wed 17 Mar 2027."""
    case = ops.create_case(
        s,
        title="Familia Xochitiotzi Cuapio",
        variant=CaseVariant.TRAFFICKING_SURVIVOR,
        mx_state="TLA",
        us_state="NJ",
        opened_on=date(2026, 10, 26),
        tracks=[LegalTrack.DOMESTIC_CUSTODY, LegalTrack.IMMIGRATION_DERIVATIVE],
        confidential_1367=True,
    )
    mother = ops.create_person(
        s, given_names="Rocío", paternal_surname="Xochitiotzi", maternal_surname="Pérez",
        birth_date=date(1994, 5, 12), sex="F",
    )  # fmt: skip
    child = ops.create_person(
        s, given_names="Itzel", paternal_surname="Xochitiotzi", maternal_surname="Pérez",
        birth_date=date(2016, 8, 3), sex="F",
    )  # fmt: skip
    holder = ops.create_person(s, given_names="Abundio", paternal_surname="Cuapio")
    ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
    ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)
    ops.link_person(s, case, holder, PartyRole.CAREGIVER, linked_to_trafficker=True)
    ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
    ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta de Itzel",
                     persons=[child])  # fmt: skip
    _safety_plan(s, case, date(2026, 10, 28))

    custody = checklists.start_checklist(
        s, case, "custody_cnpcyf", calendar=_tlaxcala(s), started_on=date(2026, 11, 3)
    )
    _done(s, custody, date(2026, 11, 9), "court_and_regime", "evidence", "power_of_attorney")
    file_claim = _step(custody, "file_claim")
    checklists.complete_step(s, file_claim, on=date(2026, 11, 10))
    # 3 business days from Tue 10 Nov 2026: 11, 12, 13 Nov → Fri 13 Nov 2026.
    assert _period(s, file_claim).computed_due == date(2026, 11, 13)
    _done(s, custody, date(2026, 11, 12), "admission")
    assert _period(s, file_claim).status == DeadlineStatus.MET
    _done(s, custody, date(2026, 11, 13), "exit_ban_notice")

    service = _step(custody, "service")
    checklists.complete_step(s, service, on=date(2026, 12, 4))
    answer = _period(s, service)
    # 9 business days from Fri 4 Dec 2026: 7, 8, 9, 10, 11, 14, 15, 16 Dec (8; vacation
    # 17 Dec–6 Jan, with 25 Dec and 1 Jan inside it), Thu 7 Jan 2027 (9).
    assert answer.computed_due == date(2027, 1, 7)
    assert answer.legal_basis == "CNPCyF art. 665"
    assert _step(custody, "answer").actor == "respondent"
    _done(s, custody, date(2027, 1, 7), "answer")
    assert answer.status == DeadlineStatus.MET
    _done(s, custody, date(2026, 12, 15), "handover")
    _done(s, custody, date(2027, 2, 10), "preliminary_hearing")
    return case, custody


def test_trafficking_survivor_custody_appeal_then_amparo(vault: Vault) -> None:
    with vault.session() as s:
        _case, custody = _trafficking_case(s)
        judgment = _step(custody, "trial_and_judgment")
        checklists.complete_step(s, judgment, on=date(2027, 3, 17))
        appeal_window = _period(s, judgment)
        # 9 business days from Wed 17 Mar 2027: 18, 19, 22, 23, 24 Mar (5), Holy Thursday
        # and Friday 25–26 Mar closed, 29, 30, 31 Mar (8), Thu 1 Apr 2027 (9).
        assert appeal_window.computed_due == date(2027, 4, 1)
        assert appeal_window.calendar_id == custody.calendar_id

        # The father's side appealed on Mon 29 Mar: the window is met.
        checklists.complete_step(s, _step(custody, "appeal_filed"), on=date(2027, 3, 29))
        assert appeal_window.status == DeadlineStatus.MET

        # The appellate ruling's notice took effect Fri 1 Oct 2027.
        ruling = _step(custody, "appellate_ruling")
        checklists.complete_step(s, ruling, on=date(2027, 10, 1))
        amparo_window = _period(s, ruling)
        assert amparo_window.legal_basis == "Ley de Amparo arts. 17–18"
        # On the Ley de Amparo's own days (art. 19), not on the Tlaxcala court's: 15 business
        # days from Fri 1 Oct 2027: 4–8 Oct (5), 11 Oct (6), Tue 12 Oct closed (art. 19),
        # 13, 14, 15 Oct (9), 18–22 Oct (14), Mon 25 Oct 2027 (15). On the LFT base or the
        # court's calendar 12 Oct would count and it would end Fri 22 Oct.
        amparo_calendar = rule_calendar(s, "amparo")
        assert amparo_calendar is not None, "the Ley de Amparo calendar (helper A) is missing"
        assert amparo_window.calendar_id == amparo_calendar.id != custody.calendar_id
        assert amparo_window.computed_due == date(2027, 10, 25)

        # Amparo filed on Wed 20 Oct: its window is met; the final certificate waits for
        # the collegiate court's judgment.
        checklists.complete_step(s, _step(custody, "amparo"), on=date(2027, 10, 20))
        assert amparo_window.status == DeadlineStatus.MET
        blockers = queries.step_blockers(s, _step(custody, "final_certificate"))
        assert [(b.kind, b.detail) for b in blockers] == [("dependency", "amparo_ruling")]


def test_no_appeal_the_judgment_is_final_when_the_window_closes(vault: Vault) -> None:
    with vault.session() as s:
        case, custody = _trafficking_case(s)
        judgment = _step(custody, "trial_and_judgment")
        checklists.complete_step(s, judgment, on=date(2027, 3, 17))
        appeal_window = _period(s, judgment)
        assert appeal_window.computed_due == date(2027, 4, 1)  # counted in the test above
        final = _step(custody, "final_certificate")
        assert queries.step_blockers(s, final)  # not while the window is open

        # Fri 2 Apr 2027: the window closed with no appeal.
        checklists.set_step_state(
            s, _step(custody, "appeal_filed"), StepState.NOT_APPLICABLE, "Nadie apeló"
        )
        for key in ("appellate_ruling", "amparo", "amparo_ruling"):
            assert _step(custody, key).state == StepState.NOT_APPLICABLE, key
        assert appeal_window.status == DeadlineStatus.MET
        # No amparo period was ever made up.
        ruling = _step(custody, "appellate_ruling")
        assert s.scalar(select(Deadline).where(Deadline.source_step_id == ruling.id)) is None
        assert queries.step_blockers(s, final) == []
        ops.add_document(s, case, kind=DocumentKind.FINAL_JUDGMENT_CERTIFICATE,
                         title="Certificación de ejecutoria")  # fmt: skip
        checklists.complete_step(s, final, on=date(2027, 4, 6))
        assert queries.step_blockers(s, _step(custody, "apostille")) == []


# -- (b) a Central American mother in Chiapas ------------------------------------------


def test_central_american_mother_in_chiapas(vault: Vault) -> None:
    """Yesenia, Honduran, entered Mexico at Ciudad Hidalgo on Wed 5 Aug 2026; her husband
    Osmín was killed in Tapachula on Fri 14 Aug; her son Ángel was born there on 2 Oct."""
    with vault.session() as s:
        case = ops.create_case(
            s,
            title="Familia Ramírez Pérez",
            variant=CaseVariant.MIGRANT_SURVIVOR_IN_MEXICO,
            mx_state="CHP",
            opened_on=date(2026, 8, 15),
            tracks=[LegalTrack.MX_MIGRATION_STATUS, LegalTrack.CRIMINAL_COMPLAINT,
                    LegalTrack.MX_REFUGEE],
        )  # fmt: skip
        mother = ops.create_person(
            s, given_names="Yesenia", paternal_surname="Pérez", maternal_surname="Chávez",
            birth_date=date(1999, 2, 21), sex="F", birth_country="HN", nationalities=["HN"],
        )  # fmt: skip
        husband = ops.create_person(
            s, given_names="Osmín", paternal_surname="Ramírez", maternal_surname="Cruz",
            birth_date=date(1996, 6, 9), sex="M", birth_country="HN", nationalities=["HN"],
            deceased_on=date(2026, 8, 14),
        )  # fmt: skip
        assert husband.deceased_on == date(2026, 8, 14)
        baby = ops.create_person(
            s, given_names="Ángel", paternal_surname="Ramírez", maternal_surname="Pérez",
            birth_date=date(2026, 10, 2), sex="M", birth_place="Tapachula, Chiapas",
            birth_country="MX",
        )  # fmt: skip
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        ops.link_person(s, case, baby, PartyRole.CHILD, is_primary=True)
        ops.link_person(s, case, husband, PartyRole.OTHER_PARENT)
        ops.add_relationship(s, mother, RelationshipKind.MOTHER, baby)
        ops.add_relationship(s, husband, RelationshipKind.FATHER, baby)
        _safety_plan(s, case, date(2026, 8, 15))

        # Criminal complaint for the killing.
        complaint = checklists.start_checklist(
            s, case, "criminal_complaint", started_on=date(2026, 8, 15)
        )
        _done(s, complaint, date(2026, 8, 15), "intake")
        _done(s, complaint, date(2026, 8, 17), "file_complaint")
        ops.add_document(s, case, kind=DocumentKind.PROSECUTOR_REPORT,
                         title="Denuncia, carpeta CI/TAP/2026/0914")  # fmt: skip
        measures = _step(complaint, "protection_measures")
        checklists.complete_step(s, measures, on=date(2026, 8, 18))
        hearing = _period(s, measures)
        # 5 calendar days from Tue 18 Aug 2026 → Sun 23 Aug 2026 (calendar days do not roll).
        assert (hearing.unit, hearing.computed_due) == (DeadlineUnit.CALENDAR_DAYS,
                                                        date(2026, 8, 23))  # fmt: skip
        _done(s, complaint, date(2026, 8, 21), "measures_reviewed")
        assert hearing.status == DeadlineStatus.MET
        _done(s, complaint, date(2026, 8, 24), "copies")

        # Humanitarian visitor status as the victim of a crime committed in Mexico.
        visitor = checklists.start_checklist(
            s, case, "mx_humanitarian_visitor", started_on=date(2026, 8, 24)
        )
        _done(s, visitor, date(2026, 8, 24), "prosecutor_proof", "identity_documents")
        _done(s, visitor, date(2026, 8, 26), "file_at_inm")
        _done(s, visitor, date(2026, 10, 21), "inm_resolution")
        card = _step(visitor, "card_issued")
        checklists.complete_step(s, card, on=date(2026, 10, 30))
        # 11 months from Fri 30 Oct 2026 → Thu 30 Sep 2027, a month before the card ends.
        assert _period(s, card).computed_due == date(2027, 9, 30)

        # Refugee recognition: 30 business days from the day she entered Mexico.
        comar = checklists.start_checklist(
            s, case, "comar_refugee", started_on=date(2026, 9, 1), trigger_on=date(2026, 8, 5)
        )
        request = _step(comar, "file_request")
        limit = _period(s, request)
        # LFT base, from Wed 5 Aug 2026: 6, 7 Aug (2), 10–14 (7), 17–21 (12), 24–28 (17),
        # 31 Aug–4 Sep (22), 7–11 Sep (27), 14, 15 Sep (29), Wed 16 Sep closed, Thu 17 Sep (30).
        assert (limit.computed_due, limit.legal_basis) == (date(2026, 9, 17), "LSRPCAP art. 18")
        _done(s, comar, date(2026, 9, 1), "screening")
        checklists.complete_step(s, request, on=date(2026, 9, 10))
        assert limit.status == DeadlineStatus.MET
        constancia = _step(comar, "constancia")
        checklists.complete_step(s, constancia, on=date(2026, 9, 14))
        decision = _period(s, constancia)
        # 45 business days from Mon 14 Sep 2026: 15 Sep (1), 16 Sep closed, 17, 18 (3),
        # 21–25 (8), 28 Sep–2 Oct (13), 5–9 (18), 12–16 (23), 19–23 (28), 26–30 (33),
        # 2–6 Nov (38), 9–13 (43), Mon 16 Nov closed, 17 (44), Wed 18 Nov 2026 (45).
        assert decision.computed_due == date(2026, 11, 18)
        _done(s, comar, date(2026, 10, 8), "interview")
        _done(s, comar, date(2026, 11, 12), "decision")
        assert decision.status == DeadlineStatus.MET
        # Recognised: no refusal, so no review and no review period.
        checklists.set_step_state(s, _step(comar, "refusal"), StepState.NOT_APPLICABLE,
                                  "La COMAR la reconoció como refugiada")  # fmt: skip
        assert _step(comar, "review").state == StepState.NOT_APPLICABLE
        assert queries.step_blockers(s, _step(comar, "permanent_residence")) == []

        # The baby's Mexican birth registration (person-scoped: about Ángel).
        birth = checklists.start_checklist(
            s, case, "mx_birth_registration", person=baby, started_on=date(2026, 10, 2)
        )
        _done(s, birth, date(2026, 10, 2), "birth_certificate")
        _done(s, birth, date(2026, 10, 9), "mother_identity", "registration", "certified_copy")
        curp = _step(birth, "curp")
        assert [b.kind for b in queries.step_blockers(s, curp)] == ["document"]
        ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta de Ángel",
                         persons=[baby])  # fmt: skip
        checklists.complete_step(s, curp, on=date(2026, 10, 12))
        assert (
            s.scalar(
                select(Deadline.id).where(
                    Deadline.source_step_id.in_([st.id for st in birth.steps])
                )
            )
            is None
        )  # no period is made up for the registration

        # Every period of the case is met or still open on the day worked out above.
        open_dues = sorted(
            d.computed_due
            for d in s.scalars(select(Deadline).where(Deadline.case_id == case.id))
            if d.status == DeadlineStatus.OPEN and d.computed_due is not None
        )
        assert open_dues == [date(2027, 9, 30)]  # the visitor card's renewal


# -- every template, started today ----------------------------------------------------


def _overdue_at_start(vault: Vault, template_id: str) -> dict[str, date]:
    """Start `template_id` today (a trigger date, if the template has one, of today too;
    a child born ten years ago) and return the deadlines it made that are already past."""
    template = tpl.get(template_id)
    today = date.today()
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Hoy Tepal", opened_on=today)
        child = ops.create_person(
            s, given_names="Karla", paternal_surname="Tepal", birth_date=today - timedelta(3653)
        )
        ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)
        document = ops.add_document(
            s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta", persons=[child]
        )
        checklists.start_checklist(
            s,
            case,
            template_id,
            person=child if template.scope == "person" else None,
            document=document if template.scope == "document" else None,
            started_on=today,
            trigger_on=today if template.trigger is not None else None,
        )
        return {
            d.title: d.computed_due
            for d in s.scalars(select(Deadline).where(Deadline.case_id == case.id))
            if d.computed_due is not None and d.computed_due < today
        }


@pytest.mark.parametrize("template_id", sorted(tpl.shipped()))
def test_no_template_starts_with_an_overdue_deadline(vault: Vault, template_id: str) -> None:
    assert _overdue_at_start(vault, template_id) == {}


def test_the_overdue_check_sees_a_deadline_already_past(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule counted from the child's birth that ended before today is caught."""
    late = tpl.parse(
        {
            "id": "late_test",
            "version": 1,
            "scope": "person",
            "title": {"es": "Tarde", "en": "Late"},
            "description": {"es": "x", "en": "x"},
            "steps": [
                {"key": "file", "title": {"es": "Presentar", "en": "File"},
                 "description": {"es": "x", "en": "x"},
                 "due": {"amount": 60, "unit": "months", "from": "birth",
                         "title": {"es": "Cumple 5", "en": "Turns 5"}}},
            ],
        },
        "late_test.toml",
    )  # fmt: skip
    monkeypatch.setitem(tpl.shipped(), late.id, late)
    assert list(_overdue_at_start(vault, late.id)) == ["Turns 5"]
