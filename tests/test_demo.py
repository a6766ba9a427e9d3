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
    from reunify.queries import case_list, cases_by_status, load_case_view

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


EXPORTABLE = {
    CaseVariant.TRAFFICKING_SURVIVOR: "Solicitud I-914 Suplemento A (T-3)",
    CaseVariant.CRIME_SURVIVOR_IN_US: "Derivados U-3",
    CaseVariant.DEPORTED_PARENT_CHILD_IN_US: "Plan de reunificación",
    CaseVariant.DV_SURVIVOR_STRANDED: "Custodia de Leonardo",
}


def test_demo_cases_export_out_of_the_box(demo_vault: Vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A T-3, a U-3, a US dependency and a DV custody case each have a consent valid
    today (whenever the demo was built) and export to a bundle the share passphrase opens."""
    from datetime import date

    import pikepdf

    from reunify.bundle import share_passphrase
    from reunify.bundle.export import export_bundle
    from reunify.models import ConsentScope
    from reunify.operations.consents import valid_consents

    exported = {}
    with demo_vault.session() as s:
        for case in s.scalars(select(Case).order_by(Case.reference)):
            valid = valid_consents(s, case, date.today())
            if not valid:
                continue
            consent = valid[0]
            assert consent.person_id is not None  # who consented is recorded
            assert consent.given_on <= date.today() <= consent.expires_on  # type: ignore[operator]
            phrase = share_passphrase.generate("en")
            dest = tmp_path / f"{case.reference}.pdf"
            result = export_bundle(
                s,
                case,
                dest,
                consent=consent,
                language="en",
                share_passphrase=phrase,
                is_vault_passphrase=demo_vault.verify_passphrase,
            )
            with pikepdf.open(dest, password=phrase) as pdf:
                assert pdf.is_encrypted and len(pdf.pages) >= 1
                assert "manifest.json" in pdf.attachments
            with pytest.raises(pikepdf.PasswordError):
                pikepdf.open(dest)
            exported[case.variant] = (consent, result)
    assert len(exported) >= 4
    for variant, purpose in EXPORTABLE.items():
        consent, _result = exported[variant]
        assert consent.purpose.startswith(purpose)
    t3, _ = exported[CaseVariant.TRAFFICKING_SURVIVOR]
    assert set(t3.scope) == {"identity", "documents", "case_facts", "immigration"}
    dependency, _ = exported[CaseVariant.DEPORTED_PARENT_CHILD_IN_US]
    assert ConsentScope.IMMIGRATION.value not in dependency.scope  # a social worker's need
    assert dependency.guardian_id is not None  # Isaac is a minor: his mother signed
    dv, _ = exported[CaseVariant.DV_SURVIVOR_STRANDED]
    assert ConsentScope.ADDRESSES.value not in dv.scope  # her address stays confidential


def test_demo_consents_stay_valid_whenever_the_demo_is_built() -> None:
    from datetime import date, timedelta

    from reunify.demo import consent_window

    given = date(2026, 5, 20)
    assert consent_window(given, 365, today=date(2026, 11, 23)) == (given, date(2027, 5, 20))
    for today in (date(2025, 12, 1), date(2027, 4, 30), date(2031, 2, 14)):
        start, end = consent_window(given, 365, today=today)
        assert start <= today and end - start == timedelta(days=365)
        assert end >= today + timedelta(days=90)
