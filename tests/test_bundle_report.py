"""The report's structure and content, read back with pypdf and pdfium."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pikepdf
import pypdf
import pytest
from sqlalchemy import select

from reunify import operations as ops
from reunify.bundle.howto import check_commands
from reunify.bundle.share_passphrase import generate
from reunify.models import ConsentScope, PartyRole, Proceeding
from reunify.vault import Vault
from tests import helpers
from tests.test_bundle_redaction import SHARE, export_case, pdf_text

pytestmark = pytest.mark.vault


def _export(vault: Vault, reference: str, dest: Path, language: str = "en") -> Path:
    return export_case(vault, dest, list(ConsentScope), reference, language)


def _page_text(reader: pypdf.PdfReader, number: int) -> str:
    return " ".join(reader.pages[number].extract_text().split())


def test_every_bookmark_and_contents_link_lands_on_its_section(
    demo_vault: Vault, tmp_path: Path
) -> None:
    path = _export(demo_vault, "RU-2026-0001", tmp_path / "b.pdf")
    reader = pypdf.PdfReader(str(path))
    reader.decrypt(SHARE)
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert len(outline) >= 9
    pages = {page for _title, page in outline}
    assert len(pages) > 3, outline  # not all on one page
    for title, page in outline:
        assert title in _page_text(reader, page), (title, page)
    # The contents page's links go where the bookmarks go.
    links = []
    for annot in reader.pages[1].get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        dest = annot.get("/Dest") or annot["/A"].get("/D")
        if not isinstance(dest, pypdf.generic.ArrayObject):
            dest = reader.named_destinations[str(dest)]
            links.append(reader.get_destination_page_number(dest))
        else:
            links.append(reader.get_page_number(dest[0].get_object()))
    assert len(links) >= len(outline)
    assert set(links) == pages


def test_deadlines_in_the_bundles_language_once_and_overdue_marked(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """RU-2026-0002's ASFA deadline was entered twice (by hand in Spanish, and by a
    checklist, met): the English bundle shows it once, in English, as met."""
    text = " ".join(pdf_text(_export(demo_vault, "RU-2026-0002", tmp_path / "e.pdf")).split())
    assert "Reloj ASFA" not in text and "ASFA: 15 de" not in text
    assert text.count("ASFA clock: 15 of the last 22 months") == 1
    text = " ".join(pdf_text(_export(demo_vault, "RU-2026-0001", tmp_path / "o.pdf")).split())
    assert "OVERDUE since" in text  # the restitution ruling was due Oct 1, 2026


def test_a_twenty_page_court_order_flows_across_pages(demo_vault: Vault, tmp_path: Path) -> None:
    paragraph = (
        "VISTOS para resolver los autos del expediente 211/2026 relativo a la restitución "
        "de la niña, con fundamento en los artículos 629 a 641 del Código Nacional de "
        "Procedimientos Civiles y Familiares, se acuerda lo siguiente. "
    )
    order = "\n\n".join(f"{i}. " + paragraph * 4 for i in range(1, 80)) + "\n\nFIN DEL ACUERDO."
    assert len(order) > 60_000
    with demo_vault.session() as s:
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None
        proceeding = s.scalars(select(Proceeding).where(Proceeding.case_id == case.id)).one()
        ops.add_event(s, proceeding, on=date(2026, 11, 5), kind="judgment", description=order)
    path = _export(demo_vault, "RU-2026-0001", tmp_path / "long.pdf", language="es")
    reader = pypdf.PdfReader(str(path))
    reader.decrypt(SHARE)
    assert len(reader.pages) > 20
    text = " ".join(pdf_text(path).split())
    assert "FIN DEL ACUERDO." in text
    assert "79. VISTOS" in text


def test_chinese_and_indigenous_names_and_arrows_are_drawn_with_embedded_fonts(
    demo_vault: Vault, tmp_path: Path
) -> None:
    names = ["陳美玲", "李小龙", "Juana Ndaꞌa Sántiz Kʼulubʼ", "Tomasa Ñuu Ká̱ꞌnu"]
    with demo_vault.session() as s:
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None
        for i, name in enumerate(names):
            given, _sep, surname = name.partition(" ")
            person = ops.create_person(s, given_names=given, paternal_surname=surname)
            ops.link_person(s, case, person, PartyRole.SUPPORT if i % 2 else PartyRole.WITNESS)
    path = _export(demo_vault, "RU-2026-0001", tmp_path / "names.pdf", language="es")
    text = " ".join(pdf_text(path).split())
    for name in names:
        assert unicodedata.normalize("NFC", name) in unicodedata.normalize("NFC", text), name
    assert "→" in text  # the translation row: "español → inglés"
    assert "\ufffd" not in text
    with pikepdf.open(path, password=SHARE) as pdf:
        fonts = {
            str(font.BaseFont): font for page in pdf.pages for font in page.Resources.Font.values()
        }
        assert any("DroidSansFallback" in name for name in fonts)
        for name, font in fonts.items():
            assert name[1:7].isupper() and name[7] == "+", name  # "/AAAAAA+…": a subset
            assert "/FontFile2" in font.FontDescriptor, name  # the TrueType program is inside


@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("qpdf", "jq", "bash", "sha256sum", "pdfinfo")),
    reason="needs qpdf, jq, bash, sha256sum and poppler's pdfinfo (make test installs them)",
)
def test_the_checking_page_works_as_printed_and_poppler_opens_a_generated_phrase(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Counsel's path without reunify: the last page's commands, pasted as printed."""
    phrase = generate("en")
    result = helpers.export_case(
        demo_vault, tmp_path / "bundle.pdf", list(ConsentScope), language="en", share=phrase
    )
    info = subprocess.run(
        ["pdfinfo", "-upw", phrase, "bundle.pdf"], cwd=tmp_path, capture_output=True, text=True
    )
    assert info.returncode == 0 and "RU-2026-0001" in info.stdout, info.stderr
    script = "\n".join(cmd for _text, cmd in check_commands("manifest.json") if cmd)
    script = "set -e\n" + script.replace("PASSPHRASE", phrase)
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"{result.manifest_sha256}  exhibits/manifest.json" in out
    assert out.count(": OK") == result.attachments == 3
    assert "FAILED" not in out
    pages = [line for line in out.splitlines() if line.strip().isdigit()]
    assert len(pages) == 2 and pages[0] == pages[1]  # qpdf's page count = the manifest's
