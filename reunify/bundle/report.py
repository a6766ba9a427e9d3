"""The bundle's report pages: a ReportLab layout of a redacted `BundleView`.

This module decides only how things look. What is shown was decided by
reunify/bundle/view.py, which applied the consent; nothing here reads the vault.
Tables repeat their header row when they break across pages and long free text
is split into rows, so a twenty-page court order flows across pages instead of
failing; every page carries the case reference and "page X of Y".
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from reunify.bundle import fonts
from reunify.bundle.view import Block, BundleView, Section
from reunify.i18n import _, format_number

TEXT_WIDTH = 7.0 * inch
CELL_FONT_SIZE = 8
# A table row must fit on one page: free text longer than this many lines of its
# column is split into continuation rows (at paragraph, sentence or word ends).
MAX_LINES_PER_ROW = 30


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts.REGULAR, fonts.BOLD
    base = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=CELL_FONT_SIZE, leading=10),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=22, leading=28),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=bold,
            fontSize=14,
            leading=18,
            spaceBefore=6,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10, leading=14),
        "command": ParagraphStyle(
            "command",
            parent=base,
            fontSize=7.5,
            leading=10,
            backColor=colors.HexColor("#eef1f4"),
            borderPadding=3,
            leftIndent=6,
            spaceBefore=3,
            spaceAfter=3,
        ),
    }


def _markup(text: str, font: str) -> str:
    """Paragraph markup: fallback faces for what the style's face lacks, line breaks kept."""
    return fonts.markup(text, font).replace("\n", "<br/>")


class _Heading(Paragraph):  # type: ignore[misc]
    """A section title that becomes a contents entry, a PDF bookmark and a link target."""

    def __init__(self, text: str, style: ParagraphStyle, key: str) -> None:
        super().__init__(_markup(text, style.fontName), style)
        self.toc_text = text
        self.key = key


class _BundleDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buf: io.BytesIO, view: BundleView, **kw: Any) -> None:
        super().__init__(
            buf,
            pagesize=LETTER,
            leftMargin=0.75 * inch,
            rightMargin=0.75 * inch,
            topMargin=0.9 * inch,
            bottomMargin=0.8 * inch,
            **kw,
        )
        self.view = view
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])
        # "page X of Y": Y is a form XObject filled in when the total is known, so
        # pages are emitted in order and bookmarks point at the right page.
        self._page_label = _("page {page} of {pages}")

    def _decorate(self, canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        top = LETTER[1] - 0.5 * inch
        right = LETTER[0] - self.rightMargin
        stamp = _("{reference} · case bundle report").format(reference=self.view.reference)
        fonts.draw_string(canv, self.leftMargin, top, stamp, 7.5)
        if self.view.confidential_1367:
            fonts.draw_string(canv, right, top, _("Confidential — 8 U.S.C. § 1367"), 7.5, "right")
        before, _sep, after = self._page_label.partition("{pages}")
        text = before.format(page=canv.getPageNumber())
        x = right - 1.3 * inch
        y = 0.5 * inch
        x += fonts.draw_string(canv, x, y, text, 7.5)
        canv.translate(x, y)
        canv.doForm("total-pages")
        canv.translate(-x, -y)
        if after:
            fonts.draw_string(canv, x + fonts.string_width("0000", 7.5), y, after, 7.5)
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            entry = fonts.markup(flowable.toc_text)  # the contents parse their text as markup
            self.notify("TOCEntry", (0, entry, self.page, flowable.key))
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.toc_text, flowable.key, level=0)


class _TotalCanvas(rl_canvas.Canvas):  # type: ignore[misc]
    """Defines the "total-pages" form once every page is known."""

    def save(self) -> None:
        total = self.getPageNumber() - 1
        self.beginForm("total-pages")
        self.setFont(fonts.REGULAR, 7.5)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()


def _split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, sentence or word end."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 3:
            cut = max((m.end() for m in re.finditer(r"[.;:!?]\s", window)), default=-1)
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


class ReportBuilder:
    """Lays out a `BundleView` as ReportLab flowables."""

    def __init__(self, view: BundleView) -> None:
        self.view = view
        self.st = _styles()
        self.story: list[Flowable] = []

    def p(self, text: str, style: str = "body") -> Paragraph:
        found = self.st[style]
        return Paragraph(_markup(text, found.fontName), found)

    def table(self, header: Sequence[str], rows: list[list[str]], widths: Sequence[float]) -> None:
        if not rows:
            self.story.append(self.p(_("None recorded."), "small"))
            return
        total = sum(widths)
        col_widths = [w / total * TEXT_WIDTH for w in widths]
        data = [[self.p(h, "head") for h in header]]
        for row in rows:
            data += self._rows(row, col_widths)
        table = Table(data, colWidths=col_widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9aa3ad")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf2")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self.story.append(table)

    def _rows(self, row: list[str], widths: list[float]) -> list[list[Paragraph]]:
        """One row, or several when a cell's text is longer than a page can hold."""
        pieces = []
        for text, width in zip(row, widths, strict=True):
            per_line = max(8, int((width - 12) / (CELL_FONT_SIZE * 0.5)))
            pieces.append(_split_text(text, per_line * MAX_LINES_PER_ROW))
        height = max(len(p) for p in pieces)
        return [[self.p(p[i] if i < len(p) else "", "cell") for p in pieces] for i in range(height)]

    def cover(self) -> None:
        v = self.view
        self.story += [
            Spacer(1, 1.0 * inch),
            self.p(_("Case bundle"), "title"),
            Spacer(1, 0.2 * inch),
            self.p(v.reference, "h1"),
            Spacer(1, 0.2 * inch),
        ]
        data = [[self.p(k, "head"), self.p(val)] for k, val in v.cover]
        table = Table(data, colWidths=[1.9 * inch, 5.1 * inch])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        self.story.append(table)
        for note in v.cover_notes:
            self.story += [Spacer(1, 0.12 * inch), self.p(note, "small")]
        self.story.append(PageBreak())
        toc = TableOfContents(
            tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)])
        )
        toc.levelStyles = [self.st["toc1"]]
        self.story += [self.p(_("Contents"), "h1"), toc, PageBreak()]

    def section(self, section: Section) -> None:
        self.story.append(_Heading(section.title, self.st["h1"], section.key))
        for block in section.blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        if block.heading:
            self.story.append(self.p(block.heading, "h2"))
        if block.text:
            for piece in block.text.split("\n\n"):
                self.story.append(self.p(piece))
        if block.header:
            self.table(block.header, block.rows, block.widths)

    def exhibit_index(self) -> None:
        self.story.append(_Heading(_("Exhibit index"), self.st["h1"], "exhibits"))
        self.table(
            [_("Exhibit"), _("Document"), _("Embedded file"), _("Size"), _("SHA-256")],
            [
                [
                    e.number,
                    e.document_title,
                    e.name,
                    format_number(e.attachment.size),
                    # two even lines of 32 hex digits instead of a ragged wrap
                    e.attachment.sha256[:32] + "\n" + e.attachment.sha256[32:],
                ]
                for e in self.view.exhibits
            ],
            [0.6, 1.3, 1.8, 0.7, 2.6],
        )

    def how_to_check(self, commands: list[tuple[str, str]]) -> None:
        self.story.append(PageBreak())
        self.story.append(
            _Heading(_("How to check this bundle without reunify"), self.st["h1"], "howto")
        )
        for explanation, command in commands:
            self.story.append(self.p(explanation))
            if command:
                self.story.append(self.p(command, "command"))
            self.story.append(Spacer(1, 0.08 * inch))


def render_report(view: BundleView, commands: list[tuple[str, str]]) -> bytes:
    """The report PDF bytes for a redacted view (in the current language)."""
    fonts.register()
    builder = ReportBuilder(view)
    builder.cover()
    for section in view.sections:
        builder.section(section)
    builder.exhibit_index()
    builder.how_to_check(commands)
    buf = io.BytesIO()
    doc = _BundleDoc(
        buf,
        view,
        title=_("Case bundle {reference}").format(reference=view.reference),
        author=view.author,
        subject=_("Case bundle"),
        creator="reunify",
        lang=view.language,
        initialFontName=fonts.REGULAR,  # no unembedded Helvetica in the page streams
    )
    doc.multiBuild(builder.story, canvasmaker=_TotalCanvas)
    return buf.getvalue()
