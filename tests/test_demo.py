"""The demo caseload covers every case variant and is a sound vault."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from reunify.models import (
    Apostille,
    Attachment,
    Case,
    CaseVariant,
    Consent,
    Deadline,
    ImmigrationFiling,
    Person,
    SearchReport,
    Translation,
    TravelPlan,
)
from reunify.vault import Vault

pytestmark = pytest.mark.vault

DOMAIN_VARIANTS = {
    CaseVariant.TRAFFICKING_SURVIVOR,
    CaseVariant.DEPORTED_PARENT_CHILD_IN_US,
    CaseVariant.MIGRANT_SURVIVOR_IN_MEXICO,
    CaseVariant.DV_SURVIVOR_STRANDED,
    CaseVariant.CRIME_SURVIVOR_IN_US,
}


def test_demo_covers_every_variant_and_record_kind(demo_vault: Vault) -> None:
    with demo_vault.session() as s:
        variants = set(s.scalars(select(Case.variant)))
        assert variants >= DOMAIN_VARIANTS
        for model in (
            Person,
            SearchReport,
            Deadline,
            Apostille,
            Translation,
            Attachment,
            ImmigrationFiling,
            TravelPlan,
            Consent,
        ):
            assert s.scalar(select(func.count()).select_from(model)), model.__name__
        assert s.scalar(select(func.count()).select_from(Person).where(Person.curp.is_not(None)))
    report = demo_vault.check()
    assert report.ok, report.problems()


def test_demo_deadline_spans_court_vacation(demo_vault: Vault) -> None:
    from datetime import date

    with demo_vault.session() as s:
        dl = s.scalar(select(Deadline).where(Deadline.legal_basis == "CNPCyF art. 665"))
        assert dl is not None
        assert dl.computed_due == date(2027, 1, 13)  # Tlaxcala vacation 17 Dec–6 Jan skipped


def test_case_view_loads_every_tab(demo_vault: Vault) -> None:
    from reunify import operations as ops
    from reunify.operations.views import case_list, cases_by_status, load_case_view

    with demo_vault.session() as s:
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None
        view = load_case_view(s, case.id)
    # Everything is loaded: reading it after the session closed needs no database.
    assert {p.role.value for p in view.parties} >= {"client", "child", "caregiver"}
    assert view.parties[0].person.addresses is not None
    assert view.checklists and all(c.steps for c in view.checklists)
    assert view.documents and view.documents[0].attachments is not None
    assert view.deadlines and view.search_reports and view.filings and view.consents
    assert view.history and view.history[0].seq > view.history[-1].seq
    with demo_vault.session() as s:
        rows = case_list(s)
        counts = cases_by_status(s)
    assert len(rows) == 17 == sum(counts.values())
