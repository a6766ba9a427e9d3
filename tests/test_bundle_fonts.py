"""The bundle's fonts draw every name the app accepts, embedded as subsets.

Rendered PDFs are read back with tools that share no code with ReportLab (poppler's
pdftotext/pdffonts, PDFium, pikepdf), so a glyph that went missing or a font that was
referenced instead of embedded shows up here, not at the lawyer's desk.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from reunify.bundle import fonts

NAMES = [
    "María Ñúñez",
    "Xóchitl Tlahuiz",
    "→",
    "李小龙",  # simplified
    "陳美玲",  # traditional
    "Ndaꞌa",  # U+A78C saltillo
    "Yaʼ",  # U+02BC
    "ɨ ʉ",
    "Ñuu Savi ká̱ꞌnu",  # á + U+0331 macron below: no precomposed form exists
    "שלום",
    "مرحبا",
]
LTR_NAMES = NAMES[:9]
RTL_NAMES = NAMES[9:]
FACES = (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts, pdftoppm) is not installed",
)


def render(names: list[str], *, header: str = "") -> bytes:
    """One paragraph per face, a table row, and a page header drawn on the canvas."""
    fonts.register()
    buf = io.BytesIO()
    # The canvas otherwise starts each page in Helvetica, a font ReportLab never embeds.
    doc = SimpleDocTemplate(buf, pagesize=LETTER, initialFontName=fonts.REGULAR)
    line = " | ".join(names)
    story: list[Any] = [
        Paragraph(fonts.markup(line, face), ParagraphStyle(face, fontName=face, fontSize=12))
        for face in FACES
    ]
    cell = ParagraphStyle("cell", fontName=fonts.REGULAR, fontSize=9)
    # A Table sets its cells' default font (Helvetica) even around Paragraph cells.
    table_style = [("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)]
    story.append(Table([[Paragraph(fonts.markup(n), cell) for n in names[:3]]], style=table_style))

    def page(canv: Canvas, _doc: Any) -> None:
        if header:
            fonts.draw_string(canv, 54, LETTER[1] - 36, header, 8)
            fonts.draw_string(canv, LETTER[0] - 54, LETTER[1] - 36, header, 8, align="right")

    doc.build(story, onFirstPage=page)
    return buf.getvalue()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fonts") / "names.pdf"
    path.write_bytes(render(NAMES, header="A-123 · 李小龙 → 陳美玲 · Ndaꞌa"))
    return path


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _squash(s: str) -> str:
    """Extracted text with line breaks and spacing removed: wrapping is not under test."""
    return "".join(_nfc(s).split())


# -- run splitting ----------------------------------------------------------------------


def test_latin_ipa_and_arrows_stay_in_the_body_face() -> None:
    for text in ("María Ñúñez", "Ndaꞌa Yaʼ ɨ ʉ", "ES → EN", "Ωμέγα Жанна", "שלום مرحبا"):
        assert fonts.runs(text) == [(fonts.REGULAR, text)]


def test_chinese_falls_back_to_the_cjk_face() -> None:
    assert fonts.runs("Li 李小龙 (陳美玲)") == [
        (fonts.REGULAR, "Li "),
        (fonts.CJK, "李小龙"),
        (fonts.REGULAR, " ("),
        (fonts.CJK, "陳美玲"),
        (fonts.REGULAR, ")"),
    ]


def test_combining_mark_stays_with_its_base() -> None:
    assert fonts.runs("ká̱ꞌnu") == [(fonts.REGULAR, "ká̱ꞌnu")]


def test_oblique_falls_back_to_upright_for_arabic() -> None:
    # DejaVu Sans Oblique has no Arabic; upright Arabic beats a box.
    assert fonts.runs("Ali مرحبا", fonts.ITALIC) == [
        (fonts.ITALIC, "Ali "),
        (fonts.REGULAR, "مرحبا"),
    ]


def test_markup_escapes_and_wraps_fallback_runs() -> None:
    assert fonts.markup("A&B <李>") == (f'A&amp;B &lt;<font name="{fonts.CJK}">李</font>&gt;')
    # From a bold style the body runs stay bare (they follow the style), CJK is wrapped.
    assert fonts.markup("Li 李", fonts.BOLD) == f'Li <font name="{fonts.CJK}">李</font>'


def test_markup_composes_decomposed_input() -> None:
    assert fonts.markup("Jose\u0301") == "José"


def test_characters_no_face_has_become_a_visible_replacement() -> None:
    rare = "\U00020000"  # CJK Extension B: not in Droid Sans Fallback
    assert fonts.unsupported(f"陳{rare}玲 María") == [rare]
    assert fonts.runs(f"陳{rare}") == [(fonts.CJK, "陳"), (fonts.REGULAR, fonts.REPLACEMENT)]
    assert fonts.unsupported("María 李小龙 Ndaꞌa שלום") == []


def test_unknown_face_is_refused() -> None:
    with pytest.raises(ValueError):
        fonts.runs("x", "Helvetica")


def test_string_width_adds_the_runs() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = fonts.string_width("Li 李", 10)
    assert width == pytest.approx(
        stringWidth("Li ", fonts.REGULAR, 10) + stringWidth("李", fonts.CJK, 10)
    )


# -- the rendered PDF, read back independently ------------------------------------------


def test_pdfium_reads_every_name_back(pdf: Path) -> None:
    doc = pdfium.PdfDocument(str(pdf))
    text = _squash(doc[0].get_textpage().get_text_bounded())
    for name in LTR_NAMES:
        assert _squash(name) in text, name
    # No bidi reordering: readers see RTL glyphs drawn left to right in logical order
    # and report them reversed. The letters are there (not boxes), in one order or the other.
    for name in RTL_NAMES:
        assert name in text or name[::-1] in text, name
    assert "\ufffd" not in text


@needs_poppler
def test_pdftotext_reads_every_name_back(pdf: Path) -> None:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    text = _squash(out)
    for name in LTR_NAMES:
        assert text.count(_squash(name)) >= len(FACES), name
    assert "A-123·李小龙→陳美玲·Ndaꞌa" in text  # the canvas header
    for name in RTL_NAMES:
        assert name in text or name[::-1] in text, name


def test_pikepdf_every_font_is_an_embedded_subset(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        names = set()
        for page in doc.pages:
            for font in page.Resources.Font.values():
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor, font.BaseFont
                base = str(font.BaseFont)
                assert base[7] == "+" and base[1:7].isupper(), base  # subset tag ABCDEF+
                names.add(base[8:])
    assert {fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC, fonts.CJK} <= names


@needs_poppler
def test_pdffonts_every_font_is_an_embedded_subset(pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        # name type encoding emb sub uni object-id: read from the right (type has spaces)
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_latin_only_bundle_does_not_embed_the_cjk_face() -> None:
    latin = render(["María Ñúñez", "Xóchitl Tlahuiz → Ndaꞌa"])
    chinese = render(["María Ñúñez", "Xóchitl Tlahuiz → Ndaꞌa", "李小龙 陳美玲"])
    assert fonts.CJK.encode() not in latin
    assert fonts.CJK.encode() in chinese
    # Subsets: the 4 MB CJK face costs a few kilobytes for a name, not megabytes.
    assert len(chinese) - len(latin) < 30_000


@needs_poppler
def test_page_renders_to_png(pdf: Path, tmp_path: Path) -> None:
    """pdftoppm draws the page without complaint (the PNG was also looked at by eye)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    res = subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        capture_output=True,
        check=True,
    )
    assert b"rror" not in res.stderr
    assert any(p.stat().st_size > 10_000 for p in tmp_path.glob("p*.png"))
