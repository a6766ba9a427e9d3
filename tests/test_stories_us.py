"""The US-side seed stories of issue #14, entered through the operations in a real vault:
a VAWA self-petitioner stranded in Mexico, a Mandarin-speaking trafficking survivor
whose son is in China, and a U-visa family on the waiting list. Every deadline the
checklists make is checked against a date worked out by hand (the count is in the
comment next to it); months are calendar months, the same day of the month."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify import operations as ops
from reunify import queries
from reunify.models import (
    CaseVariant,
    Checklist,
    ChecklistStep,
    Deadline,
    DeadlineStatus,
    DocumentKind,
    FilingStatus,
    LegalTrack,
    PartyRole,
    RelationshipKind,
    StepState,
    audit,
)
from reunify.operations import checklists
from reunify.vault import Vault
from tests.story_helpers import approve_safety_plan as _safety_plan
from tests.story_helpers import done as _done
from tests.story_helpers import step as _step

pytestmark = pytest.mark.vault

OPEN, MET = DeadlineStatus.OPEN, DeadlineStatus.MET


def _not_applicable(s: Session, checklist: Checklist, key: str, reason: str) -> None:
    checklists.set_step_state(s, _step(checklist, key), StepState.NOT_APPLICABLE, reason)


def _deadlines(s: Session, checklist: Checklist) -> dict[str, list[tuple[date | None, str]]]:
    """{step key: [(due, status), …]} for every period the checklist's steps started."""
    by_step = {st.id: st.key for st in checklist.steps}
    found: dict[str, list[tuple[date | None, str]]] = {}
    for d in s.scalars(
        select(Deadline).where(Deadline.source_step_id.in_(by_step)).order_by(Deadline.computed_due)
    ):
        found.setdefault(by_step[d.source_step_id], []).append((d.computed_due, d.status.value))
    return found


def _deadline(s: Session, step: ChecklistStep) -> Deadline:
    return s.scalars(select(Deadline).where(Deadline.source_step_id == step.id)).one()


def _none_overdue_at_start(s: Session, checklist: Checklist) -> None:
    """No template makes a deadline that is overdue on the day it is started (age-outs
    and periods from a trigger count from an earlier day; they may not be past yet)."""
    assert checklist.started_on is not None
    for d in s.scalars(select(Deadline).where(Deadline.case_id == checklist.case_id)):
        if d.source_step_id in {st.id for st in checklist.steps} and d.computed_due:
            assert d.computed_due >= checklist.started_on, d.title_in("en")


# -- (a) VAWA self-petitioner stranded in Mexico ---------------------------------------


def test_vawa_self_petitioner_stranded_in_mexico(vault: Vault) -> None:
    """Her US-citizen husband left her in Mexico and kept their son in Texas: I-360 from
    abroad (the abuse happened in the US), the immigrant visa through NVC (DS-260, a
    221(g), interview in Ciudad Juárez), then custody before a Texas family court."""
    with vault.session() as s:
        case = ops.create_case(
            s,
            title="Familia Cuautle Salas",
            variant=CaseVariant.DV_SURVIVOR_STRANDED,
            tracks=[LegalTrack.VAWA, LegalTrack.US_CUSTODY],
            mx_state="PUE",
            us_state="TX",
            opened_on=date(2026, 3, 2),
            confidential_1367=True,
        )
        ref = case.reference
        mother = ops.create_person(
            s,
            given_names="Leticia",
            paternal_surname="Cuautle",
            maternal_surname="Meneses",
            birth_date=date(1994, 8, 11),
            languages=["spa"],
        )
        son = ops.create_person(
            s,
            given_names="Mateo",
            paternal_surname="Salas",
            maternal_surname="Cuautle",
            birth_date=date(2021, 4, 19),
            birth_country="US",
        )
        husband = ops.create_person(s, given_names="Rodrigo", paternal_surname="Salas")
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        ops.link_person(s, case, son, PartyRole.CHILD, is_primary=True)
        ops.link_person(s, case, husband, PartyRole.ADVERSE_PARTY)
        ops.add_relationship(s, mother, RelationshipKind.MOTHER, son)
        _safety_plan(s, case, date(2026, 3, 2))
        for kind, title in [
            (DocumentKind.MARRIAGE_RECORD, "Acta de matrimonio"),
            (DocumentKind.BIRTH_RECORD, "Acta de nacimiento de Leticia"),
            (DocumentKind.US_BIRTH_CERTIFICATE, "Birth certificate, Mateo"),
            (DocumentKind.PROSECUTOR_REPORT, "Denuncia por violencia familiar"),
        ]:
            ops.add_document(s, case, kind=kind, title=title)

        # The I-360 from Mexico.
        vawa = checklists.start_checklist(
            s, case, "vawa_self_petition", started_on=date(2026, 3, 2)
        )
        _none_overdue_at_start(s, vawa)
        _done(s, vawa, date(2026, 3, 9), "eligibility", "confidentiality")
        _done(s, vawa, date(2026, 4, 13), "relationship", "good_faith", "abuse")
        _done(s, vawa, date(2026, 4, 20), "moral_character", "consent_to_share")
        _done(s, vawa, date(2026, 5, 4), "filed")
        _not_applicable(s, vawa, "prima_facie", "Está en México: no pide beneficios en EE. UU.")
        _done(s, vawa, date(2026, 9, 14), "rfe")
        ops.add_document(s, case, kind=DocumentKind.APPROVAL_NOTICE, title="I-797 (I-360)")
        _done(s, vawa, date(2027, 1, 15), "approved")
        assert _deadlines(s, vawa) == {}  # the I-360 has no period of its own
        ops.add_filing(
            s,
            case,
            principal_id=mother.id,
            beneficiary_id=mother.id,
            form="I-360",
            category="VAWA",
            receipt_number="EAC2690012345",
            status=FilingStatus.APPROVED,
            approved_on=date(2027, 1, 15),
        )

        # The immigrant visa: DS-260 (not the DS-160), a 221(g), the visa.
        iv = checklists.start_checklist(s, case, "immigrant_visa_nvc", started_on=date(2027, 1, 20))
        assert "DS-260" in _step(iv, "ds260").title("en")
        assert "DS-160" not in _step(iv, "ds260").title("en")
        _none_overdue_at_start(s, iv)
        ops.add_document(s, case, kind=DocumentKind.PASSPORT, title="Pasaporte de Leticia")
        _done(s, iv, date(2027, 3, 1), "nvc_case")
        _done(s, iv, date(2027, 3, 3), "fees")
        _done(s, iv, date(2027, 3, 10), "ds260", "civil_documents")
        _done(s, iv, date(2027, 7, 5), "medical")
        _done(s, iv, date(2027, 7, 12), "interview", "refused_221g")
        # 12 months from Mon 12 Jul 2027 (the 221(g) refusal) → Wed 12 Jul 2028.
        assert _deadlines(s, iv) == {"refused_221g": [(date(2028, 7, 12), OPEN)]}
        _done(s, iv, date(2027, 8, 2), "reply_221g")
        _not_applicable(s, iv, "waiver", "Sin causa de inadmisibilidad")
        _done(s, iv, date(2027, 8, 16), "visa")
        # 6 months from Mon 16 Aug 2027 (visa issued) → Wed 16 Feb 2028.
        assert _deadlines(s, iv) == {
            "refused_221g": [(date(2028, 7, 12), MET)],  # answered on 2 Aug 2027
            "visa": [(date(2028, 2, 16), OPEN)],
        }
        _done(s, iv, date(2027, 8, 28), "travel", "admission")
        assert _deadlines(s, iv)["visa"] == [(date(2028, 2, 16), MET)]  # she entered in time

        # Custody of Mateo before a Texas family court; the father is served in Texas.
        custody = checklists.start_checklist(s, case, "us_custody", started_on=date(2027, 9, 6))
        _done(s, custody, date(2027, 9, 6), "jurisdiction", "consent_to_share")
        _done(s, custody, date(2027, 9, 20), "evidence")
        _done(s, custody, date(2027, 10, 4), "petition", "protective_order", "temporary_orders")
        with pytest.raises(checklists.StepBlocked):
            _done(s, custody, date(2027, 10, 18), "response")  # served in Mexico not marked yet
        _not_applicable(s, custody, "service_mexico", "El padre vive en Texas")
        _done(s, custody, date(2027, 10, 8), "service_us")
        _done(s, custody, date(2027, 11, 1), "response")
        _not_applicable(s, custody, "mediation", "Violencia familiar: sin mediación")
        _done(s, custody, date(2028, 1, 24), "hearing", "order")
        _done(s, custody, date(2028, 2, 7), "certified_copy")
        _done(s, custody, date(2028, 2, 21), "apostille", "translation")
        assert _deadlines(s, custody) == {}  # its periods are the court's, typed by hand
        assert all(st.state in (StepState.DONE, StepState.NOT_APPLICABLE) for st in custody.steps)

    with vault.session() as s:
        found = ops.find_case(s, ref)
        assert found is not None and found.confidential_1367
        assert audit.verify_chain(s) == []


# -- (b) Mandarin-speaking survivor in the US, her son in China -------------------------


def test_mandarin_speaking_survivor_son_in_china(vault: Vault) -> None:
    """A T-1 principal in New York who speaks Mandarin (an interpreter at every meeting);
    her son in China: T-3 with an I-192 waiver, no bona fide benefits abroad, DS-160 at
    the US consulate in Guangzhou; his age-out counted from his birth date."""
    with vault.session() as s:
        case = ops.create_case(
            s,
            title="Familia Wong Castañeda",
            variant=CaseVariant.TRAFFICKING_SURVIVOR,
            tracks=[LegalTrack.IMMIGRATION_DERIVATIVE],
            us_state="NY",
            opened_on=date(2026, 10, 5),
            confidential_1367=True,
        )
        mother = ops.create_person(
            s,
            given_names="Lucía",
            paternal_surname="Wong",
            maternal_surname="Castañeda",
            birth_date=date(1988, 5, 23),
            birth_country="CN",
            languages=["cmn"],
            interpreter_needed=True,
        )
        son = ops.create_person(
            s,
            given_names="Tomás",
            paternal_surname="Wong",
            birth_date=date(2008, 1, 17),
            birth_country="CN",
            languages=["cmn"],
        )
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        ops.link_person(s, case, son, PartyRole.CHILD, is_primary=True)
        ops.add_relationship(s, mother, RelationshipKind.MOTHER, son)
        assert (mother.languages, mother.interpreter_needed) == (["cmn"], True)
        _safety_plan(s, case, date(2026, 10, 5))
        ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="出生证明", persons=[son])

        t3 = checklists.start_checklist(
            s, case, "t3_derivative", person=son, started_on=date(2026, 10, 5)
        )
        assert t3.person_id == son.id  # person-scoped: the age-out is about him
        _none_overdue_at_start(s, t3)
        age_out = s.get(Deadline, _step(t3, "principal_filed").deadline_id)
        assert age_out is not None and age_out.trigger_date == date(2008, 1, 17)
        # 252 months (21 years) from Thu 17 Jan 2008 → Wed 17 Jan 2029.
        assert (age_out.computed_due, age_out.status) == (date(2029, 1, 17), OPEN)
        assert age_out.title_in("en").startswith("Turns 21")
        assert "214(o)" in age_out.legal_basis and "214.11" not in age_out.legal_basis

        _done(s, t3, date(2026, 10, 19), "evidence", "consent_to_share")
        # Her I-914 went in at 18 years 10 months of his: his age is fixed on that day.
        _done(s, t3, date(2026, 11, 9), "principal_filed", "filed", "waiver")
        assert s.get(Deadline, age_out.id).status == MET  # type: ignore[union-attr]
        _not_applicable(s, t3, "bona_fide", "Está en China: sin acción diferida ni permiso")
        ops.add_document(s, case, kind=DocumentKind.APPROVAL_NOTICE, title="I-797 (I-914A)")
        ops.add_document(s, case, kind=DocumentKind.PASSPORT, title="Pasaporte chino de Tomás")
        _done(s, t3, date(2027, 10, 20), "approved")
        ds160 = _step(t3, "ds160")
        assert "DS-160" in ds160.title("en") and "DS-260" in ds160.description("en")
        filing = ops.add_filing(
            s,
            case,
            beneficiary_id=son.id,
            principal_id=mother.id,
            form="I-914 Supplement A",
            category="T-3",
            receipt_number="VSC2790054321",
            status=FilingStatus.APPROVED,
            approved_on=date(2027, 10, 20),
        )
        _done(s, t3, date(2027, 11, 2), "ds160")
        ops.update_filing(s, filing, ds160_confirmation="AA00C1B2D3", consular_post="Guangzhou")
        _done(s, t3, date(2027, 12, 8), "interview")
        _done(s, t3, date(2027, 12, 15), "visa")
        _done(s, t3, date(2028, 1, 10), "admission")  # he is 19: never aged out
        assert {k: [st for _, st in v] for k, v in _deadlines(s, t3).items()} == {
            "principal_filed": [MET]
        }
        assert filing.consular_post == "Guangzhou"
        assert (_step(t3, "waiver").state, _step(t3, "bona_fide").state) == (
            StepState.DONE,
            StepState.NOT_APPLICABLE,
        )


# -- (c) A U-visa family on the waiting list -------------------------------------------


def test_u_visa_family_on_the_waiting_list(vault: Vault) -> None:
    """The mother in Chicago filed her I-918 in March 2025; her two children in Michoacán
    are U-3 derivatives. The bona fide determination does not reach them (they are not in
    the US); all are on the waiting list. Brenda is 19: her age-out date matters."""
    with vault.session() as s:
        case = ops.create_case(
            s,
            title="Familia Solís Ayala",
            variant=CaseVariant.CRIME_SURVIVOR_IN_US,
            tracks=[LegalTrack.IMMIGRATION_DERIVATIVE],
            mx_state="MIC",
            us_state="IL",
            opened_on=date(2026, 1, 12),
            confidential_1367=True,
        )
        mother = ops.create_person(
            s, given_names="Araceli", paternal_surname="Ayala", maternal_surname="Pineda"
        )
        brenda = ops.create_person(
            s,
            given_names="Brenda",
            paternal_surname="Solís",
            maternal_surname="Ayala",
            birth_date=date(2007, 6, 6),
        )
        kevin = ops.create_person(
            s,
            given_names="Kevin",
            paternal_surname="Solís",
            maternal_surname="Ayala",
            birth_date=date(2013, 3, 31),
        )
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        for child in (brenda, kevin):
            ops.link_person(s, case, child, PartyRole.CHILD)
            ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
            ops.add_document(
                s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta de nacimiento", persons=[child]
            )

        started = date(2026, 1, 12)
        u3 = {
            p.given_names: checklists.start_checklist(
                s, case, "u3_derivative", person=p, started_on=started
            )
            for p in (brenda, kevin)
        }
        for cl in u3.values():
            _none_overdue_at_start(s, cl)
        # 252 months from Wed 6 Jun 2007 → Tue 6 Jun 2028 (Brenda is 18 at the start).
        # 252 months from Sun 31 Mar 2013 → Fri 31 Mar 2034 (Kevin).
        assert _deadlines(s, u3["Brenda"]) == {"principal_filed": [(date(2028, 6, 6), OPEN)]}
        assert _deadlines(s, u3["Kevin"]) == {"principal_filed": [(date(2034, 3, 31), OPEN)]}
        assert "214(p)(7)" in _deadline(s, _step(u3["Brenda"], "principal_filed")).legal_basis

        for cl in u3.values():
            # Filed on 3 Mar 2025, before this checklist: done on its first day, with why.
            checklists.mark_done(
                s,
                _step(cl, "principal_filed"),
                on=started,
                reason="I-918 presentado el 3 de marzo de 2025",
                today=date(2026, 1, 12),
            )
            _done(s, cl, date(2026, 2, 2), "evidence", "consent_to_share", "filed")
            _not_applicable(s, cl, "bona_fide", "Está en México: la determinación no la alcanza")
            _done(s, cl, date(2026, 9, 15), "waiting_list")
            _not_applicable(s, cl, "waiver", "Sin causa de inadmisibilidad")
        # Both ages fixed by their mother's filing; Brenda turns 21 waiting and stays U-3.
        assert _deadlines(s, u3["Brenda"]) == {"principal_filed": [(date(2028, 6, 6), MET)]}
        assert _deadlines(s, u3["Kevin"]) == {"principal_filed": [(date(2034, 3, 31), MET)]}
        for cl in u3.values():
            approved = _step(cl, "approved")
            assert approved.state == StepState.TODO
            assert queries.step_blockers(s, approved) == []  # waiting on USCIS only
            assert _step(cl, "principal_filed").state_reason.startswith("I-918 presentado")


# -- the other US-side periods ---------------------------------------------------------


def test_asylum_one_year_from_arrival_and_i730_two_years_from_grant(vault: Vault) -> None:
    """I-589 within a year of the last arrival (trigger); the I-730 for the daughter left
    in Honduras within two years of the grant; with no child abroad, no follow-to-join."""
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Mejía Reyes", opened_on=date(2026, 2, 16))
        daughter = ops.create_person(s, given_names="Yesenia", paternal_surname="Mejía")
        ops.link_person(s, case, daughter, PartyRole.CHILD)
        ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta", persons=[daughter])
        _safety_plan(s, case, date(2026, 2, 16))
        asylum = checklists.start_checklist(
            s, case, "us_asylum", started_on=date(2026, 2, 16), trigger_on=date(2025, 8, 29)
        )
        _none_overdue_at_start(s, asylum)
        # 12 months from Fri 29 Aug 2025 (last arrival) → Sat 29 Aug 2026 (a period in
        # months is not moved off a weekend: file by the Friday before).
        assert _deadlines(s, asylum) == {"filed": [(date(2026, 8, 29), OPEN)]}
        _done(s, asylum, date(2026, 3, 2), "evidence", "consent_to_share")
        _done(s, asylum, date(2026, 4, 27), "filed")
        _not_applicable(s, asylum, "work_permit", "No lo pidió")
        _not_applicable(s, asylum, "court_hearing", "Trámite afirmativo")
        _done(s, asylum, date(2027, 3, 8), "interview")
        _done(s, asylum, date(2027, 6, 14), "grant")
        # 24 months from Mon 14 Jun 2027 (grant) → Thu 14 Jun 2029.
        assert _deadlines(s, asylum) == {
            "filed": [(date(2026, 8, 29), MET)],
            "grant": [(date(2029, 6, 14), OPEN)],
        }
        _done(s, asylum, date(2027, 9, 1), "i730_filed")
        assert _deadlines(s, asylum)["grant"] == [(date(2029, 6, 14), MET)]

        # Another family: no child abroad — the follow-to-join steps go with the I-730.
        other = checklists.start_checklist(s, case, "us_asylum", started_on=date(2026, 2, 16))
        assert _deadlines(s, other) == {}  # no arrival date yet: no made-up deadline
        _not_applicable(s, other, "i730_filed", "Sin hijas ni hijos fuera de EE. UU.")
        assert {st.key for st in other.steps if st.state == StepState.NOT_APPLICABLE} == {
            "i730_filed",
            "i730_approved",
            "consular",
            "travel",
            "admission",
        }


def test_hague_return_one_year_and_six_weeks(vault: Vault) -> None:
    """Hague 1980: a year from the wrongful retention to the start of proceedings
    (art. 12), six weeks from that start to a decision (art. 11)."""
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Olvera Tapia", opened_on=date(2026, 5, 4))
        ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Birth certificate")
        ops.add_document(s, case, kind=DocumentKind.PHOTO, title="Foto")
        _safety_plan(s, case, date(2026, 5, 4))
        ret = checklists.start_checklist(
            s,
            case,
            "international_return",
            started_on=date(2026, 5, 4),
            trigger_on=date(2026, 1, 3),
        )
        _none_overdue_at_start(s, ret)
        # 12 months from Sat 3 Jan 2026 (kept in Mexico after the holidays) → Sun 3 Jan 2027.
        assert _deadlines(s, ret) == {"court_referral": [(date(2027, 1, 3), OPEN)]}
        _done(s, ret, date(2026, 5, 6), "eligibility")
        _done(s, ret, date(2026, 5, 11), "application")
        _done(s, ret, date(2026, 6, 8), "court_referral", "proceedings")
        # 42 calendar days from Mon 8 Jun 2026 (proceedings began) → Mon 20 Jul 2026.
        assert _deadlines(s, ret) == {
            "court_referral": [(date(2027, 1, 3), MET)],
            "proceedings": [(date(2026, 7, 20), OPEN)],
        }
        _done(s, ret, date(2026, 7, 14), "hearing")
        assert _deadlines(s, ret)["proceedings"] == [(date(2026, 7, 20), MET)]
