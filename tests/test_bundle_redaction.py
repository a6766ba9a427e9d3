"""The consent decides every line of a bundle: exports under each single scope, read
back with pdfium (an independent PDF engine), reveal nothing of the other scopes.

The values below are classified here, by what they are, from the demo case's data —
not from the renderer's code — so a section that reads around the redaction fails.
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from reunify import operations as ops
from reunify.models import Case, ConsentScope, DocumentKind, Proceeding
from reunify.vault import Vault
from tests import helpers

pytestmark = pytest.mark.vault
SHARE = helpers.BUNDLE_SHARE
MEDICAL_PDF = b"%PDF-1.4\n% constancia medica (demo)\n"
ADVERSE_EVENT = "El tío Fermín Cuamatzi Pérez no se presentó; la familia Cuamatzi fue avisada."

# What each scope covers, in the demo case RU-2026-0001 (plus what `_enrich` adds).
VALUES: dict[ConsentScope, list[str]] = {
    ConsentScope.IDENTITY: [
        "Rosalba",
        "Xochitiotzi",
        "TEXR940817",  # the mother's CURP
        "212-345-678",  # her A-number
        "G12345678",  # her passport
        "San Pablo del Monte",  # her birthplace
    ],
    ConsentScope.ADDRESSES: ["Privada Morelos 8", "Chiautempan"],
    ConsentScope.HEALTH: [
        "Asma leve",
        "Constancia médica",
        hashlib.sha256(MEDICAL_PDF).hexdigest(),
    ],
    ConsentScope.CASE_FACTS: [
        "211/2026",  # court file
        "Emplazamiento personal",  # event
        "CI/TLX/FDS-II/0412/2026",  # prosecutor's file
        "PROT-NY-2026-0881",  # consular protection file
        "PPNNA-TLX-233/2026",  # DIF file
        "MUP-77/2026",  # protection order
        "CNPCyF art. 665",  # a deadline's legal basis
        "La niña está en Tlaxcala",  # a checklist note that says where the child is
        "sobreviviente de trata",  # the case summary
    ],
    ConsentScope.DOCUMENTS: [
        "TLX-AP-2026-118734",  # apostille number
        "7Q2-KM9-PL4",  # its verification code
        "Fotografía reciente",
    ],
    ConsentScope.IMMIGRATION: ["EAC2690123456", "Supplement A"],
    ConsentScope.TRAVEL: ["Nueva York (JFK)", "Acompañante de OIM"],
    ConsentScope.ADVERSE_PARTY: ["Fermín", "Cuamatzi", "CUPF610123"],
}


def _squash(text: str) -> str:
    """Table cells wrap anywhere: compare without whitespace so a wrapped value still counts."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path, password: str = SHARE) -> str:
    doc = pdfium.PdfDocument(str(path), password=password)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def embedded_names(path: Path) -> list[str]:
    with pikepdf.open(path, password=SHARE) as pdf:
        return list(pdf.attachments)


def _enrich(s, case: Case) -> None:  # type: ignore[no-untyped-def]
    """Data the demo case lacks: a non-confidential address, a medical record, a court
    event whose description names the adverse party."""
    parties = {p.role.value: p.person for p in case.parties}
    mother, child = parties["client"], parties["child"]
    ops.add_address(
        s,
        mother,
        street="Privada Morelos 8",
        locality="Santa Ana Chiautempan",
        state="TLA",
        country="MX",
        valid_from=date(2015, 1, 1),
        valid_to=date(2019, 12, 31),
    )
    doc = ops.add_document(
        s, case, kind=DocumentKind.MEDICAL_RECORD, title="Constancia médica", persons=[child]
    )
    ops.attach_stream(s, doc, io.BytesIO(MEDICAL_PDF), "constancia.pdf")
    proceeding = s.scalars(select(Proceeding).where(Proceeding.case_id == case.id)).one()
    ops.add_event(s, proceeding, on=date(2026, 11, 3), kind="hearing", description=ADVERSE_EVENT)


def export_case(
    vault: Vault, dest: Path, scope: list[ConsentScope], *args: str, **kw: bool
) -> Path:
    return helpers.export_case(vault, dest, scope, *args, **kw).path


@pytest.fixture
def enriched(demo_vault: Vault) -> Vault:
    with demo_vault.session() as s:
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None
        _enrich(s, case)
    return demo_vault


def test_everything_shows_when_everything_is_consented(enriched: Vault, tmp_path: Path) -> None:
    """The values are findable at all: otherwise the absence checks below prove nothing."""
    path = export_case(
        enriched, tmp_path / "all.pdf", list(ConsentScope), include_confidential=True
    )
    text = _squash(pdf_text(path))
    for scope, values in VALUES.items():
        for value in values:
            assert _squash(value) in text, (scope, value)
    assert _squash(ADVERSE_EVENT) in text


@pytest.mark.parametrize("allowed", list(ConsentScope), ids=lambda s: s.value)
def test_a_single_scope_reveals_nothing_else(
    enriched: Vault, tmp_path: Path, allowed: ConsentScope
) -> None:
    path = export_case(enriched, tmp_path / f"{allowed.value}.pdf", [allowed])
    text = _squash(pdf_text(path))
    names = " ".join(embedded_names(path))
    for scope, values in VALUES.items():
        if scope == allowed:
            continue
        for value in values:
            assert _squash(value) not in text, (allowed, scope, value)
            assert value not in names, (allowed, scope, value)
    assert "[reservado]" in text


def test_withheld_people_are_withheld_in_free_text_and_file_names(
    enriched: Vault, tmp_path: Path
) -> None:
    """Case facts and documents without identity: the court event and the document
    titles that name people show the mark instead of the names."""
    path = export_case(
        enriched, tmp_path / "facts.pdf", [ConsentScope.CASE_FACTS, ConsentScope.DOCUMENTS]
    )
    text = pdf_text(path)
    assert "no se presentó" in text
    for name in ("Fermín", "Cuamatzi", "Ximena", "Rosalba"):
        assert name not in text, name
        assert all(name.lower() not in n.lower() for n in embedded_names(path)), name
    # The exhibits keep their numbers: the withheld medical record leaves a gap.
    numbers = sorted(n.split("-")[1] for n in embedded_names(path) if n.startswith("Anexo-"))
    assert numbers == ["01", "02", "03"]


def test_identity_without_adverse_party_hides_only_the_adverse_party(
    enriched: Vault, tmp_path: Path
) -> None:
    path = export_case(
        enriched, tmp_path / "id.pdf", [ConsentScope.IDENTITY, ConsentScope.CASE_FACTS]
    )
    text = _squash(pdf_text(path))
    assert _squash("Rosalba Tecuatl Xochitiotzi") in text
    for value in VALUES[ConsentScope.ADVERSE_PARTY]:
        assert _squash(value) not in text, value
    # …unless the attorney chooses to include it, which the cover then says.
    path = export_case(
        enriched,
        tmp_path / "id-adverse.pdf",
        [ConsentScope.IDENTITY, ConsentScope.CASE_FACTS],
        include_adverse=True,
    )
    text = pdf_text(path)
    assert "Fermín Cuamatzi Pérez" in " ".join(text.split())
    assert "que el consentimiento no cubre" in " ".join(text.split())
