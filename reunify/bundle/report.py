"""The bundle's report pages, rendered with ReportLab in the chosen language.

Fonts are the Bitstream Vera TrueType faces shipped inside ReportLab, embedded
in the PDF, so accents (á é í ó ú ñ ü ¿ ¡) render in any reader. Tables repeat
their header row when they break across pages; every page carries the case
reference and "page X of Y".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
from sqlalchemy.orm import Session

from reunify.bundle.redaction import Redaction, withheld
from reunify.i18n import _, current_language, format_date, format_datetime, format_number
from reunify.identifiers import format_a_number
from reunify.labels import code_label, label
from reunify.models import (
    Address,
    Attachment,
    Case,
    Consent,
    ConsentScope,
    ImmigrationFiling,
)
from reunify.models.base import utcnow
from reunify.operations.views import CaseView, load_case_view
from reunify.workflows.describe import explain_deadline

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
_FONTS_READY = False


def _register_fonts() -> None:
    global _FONTS_READY
    if _FONTS_READY:
        return
    for name, file in (
        ("Body", "Vera.ttf"),
        ("Body-Bold", "VeraBd.ttf"),
        ("Body-Italic", "VeraIt.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily("Body", normal="Body", bold="Body-Bold", italic="Body-Italic")
    _FONTS_READY = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Body", fontSize=9, leading=12, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=base, fontName="Body-Bold", fontSize=8, leading=10),
        "title": ParagraphStyle(
            "title", parent=base, fontName="Body-Bold", fontSize=22, leading=28
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName="Body-Bold",
            fontSize=14,
            leading=18,
            spaceBefore=6,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName="Body-Bold",
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10, leading=14),
    }


@dataclass(frozen=True)
class ReportInfo:
    reference: str
    confidential_1367: bool


class _Heading(Paragraph):  # type: ignore[misc]
    """A section title that becomes a TOC entry and a PDF bookmark."""

    def __init__(self, text: str, style: ParagraphStyle, key: str) -> None:
        super().__init__(escape(text), style)
        self.toc_text = text
        self.key = key


class _BundleDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buf: io.BytesIO, info: ReportInfo, **kw: Any) -> None:
        super().__init__(
            buf,
            pagesize=LETTER,
            leftMargin=0.75 * inch,
            rightMargin=0.75 * inch,
            topMargin=0.9 * inch,
            bottomMargin=0.8 * inch,
            **kw,
        )
        self.info = info
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFont("Body", 7.5)
        top = LETTER[1] - 0.5 * inch
        canv.drawString(self.leftMargin, top, self.info.reference)
        if self.info.confidential_1367:
            canv.drawRightString(
                LETTER[0] - self.rightMargin, top, _("Confidential — 8 U.S.C. § 1367")
            )
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            self.notify("TOCEntry", (0, flowable.toc_text, self.page, flowable.key))
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.toc_text, flowable.key, level=0)


def _numbered_canvas(total_label: str) -> type[rl_canvas.Canvas]:
    class NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]
        """Two-pass page numbers: "page X of Y" needs the total."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont("Body", 7.5)
                self.drawRightString(
                    LETTER[0] - 0.75 * inch,
                    0.5 * inch,
                    total_label.format(page=self._pageNumber, pages=total),
                )
                super().showPage()
            super().save()

    return NumberedCanvas


class ReportBuilder:
    """Collects the flowables of one report from the vault, applying the redaction."""

    def __init__(self, view: CaseView, redaction: Redaction, consent: Consent) -> None:
        self.v = view
        self.case = view.case
        self.r = redaction
        self.consent = consent
        self.st = _styles()
        self.story: list[Flowable] = []
        self.lang = current_language()

    # -- helpers ------------------------------------------------------------------
    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), self.st[style])

    def h1(self, text: str, key: str) -> None:
        self.story.append(_Heading(text, self.st["h1"], key))

    def table(self, header: Sequence[str], rows: list[list[str]], widths: Sequence[float]) -> None:
        if not rows:
            self.story.append(self.p(_("None recorded."), "small"))
            return
        data = [[self.p(h, "head") for h in header]] + [
            [self.p(c, "cell") for c in r] for r in rows
        ]
        total = sum(widths)
        table = Table(data, colWidths=[w / total * 7.0 * inch for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9aa3ad")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf2")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    (
                        "ROWBACKGROUNDS",
                        (0, 1),
                        (-1, -1),
                        [colors.white, colors.HexColor("#f7f9fb")],
                    ),
                ]
            )
        )
        self.story.append(table)

    @staticmethod
    def d(day: date | None) -> str:
        return format_date(day, "medium") if day else "—"

    # -- sections -----------------------------------------------------------------
    def cover(self, prepared_by: str) -> None:
        c = self.consent
        self.story += [
            Spacer(1, 1.2 * inch),
            self.p(_("Case bundle"), "title"),
            Spacer(1, 0.2 * inch),
            self.p(self.case.reference, "h1"),
            Spacer(1, 0.3 * inch),
        ]
        rows = [
            [_("Prepared by"), prepared_by or "—"],
            [_("Prepared on"), format_datetime(utcnow())],
            [_("Language"), _("English") if self.lang == "en" else _("Spanish")],
            [_("Recipient"), c.recipient],
            [_("Purpose"), c.purpose],
            [
                _("Consent"),
                _("given {given}, valid until {until}").format(
                    given=self.d(c.given_on), until=self.d(c.expires_on)
                ),
            ],
            [_("Consent covers"), ", ".join(_scope_label(x) for x in sorted(c.scope))],
        ]
        data = [[self.p(k, "head"), self.p(v)] for k, v in rows]
        table = Table(data, colWidths=[1.8 * inch, 5.2 * inch])
        table.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
            )
        )
        self.story.append(table)
        self.story.append(Spacer(1, 0.3 * inch))
        self.story.append(
            self.p(
                _(
                    "The evidence travels inside this PDF as embedded files (see the "
                    "attachments pane of your PDF reader). The file manifest.json lists each "
                    "file with its size and SHA-256; the hash of the manifest is sent "
                    "separately so the bundle can be verified. Information the consent does "
                    "not cover is marked {mark}."
                ).format(mark=withheld()),
                "small",
            )
        )
        if self.case.confidential_1367:
            self.story.append(Spacer(1, 0.15 * inch))
            self.story.append(
                self.p(
                    _(
                        "Protected by 8 U.S.C. § 1367: do not disclose any information about this "
                        "case, not even its existence, to the adverse party."
                    ),
                    "body",
                )
            )
        self.story.append(PageBreak())
        toc = TableOfContents()
        toc.levelStyles = [self.st["toc1"]]
        self.story += [self.p(_("Contents"), "h1"), toc, PageBreak()]

    def people(self) -> None:
        self.h1(_("Parties and relationships"), "parties")
        parties = self.v.parties
        hidden: set[str] = set()
        rows = []
        for party in parties:
            person = party.person
            adverse = self.r.is_adverse(party) and not self.r.show_adverse()
            identity = self.r.allows(ConsentScope.IDENTITY)
            if adverse or not identity:
                hidden.add(person.id)
            if adverse:
                rows.append([withheld(), label(party.role), withheld(), withheld(), withheld()])
                continue
            name = person.full_name if identity else withheld()
            born = (
                (
                    self.d(person.birth_date)
                    + (f", {person.birth_place}" if person.birth_place else "")
                )
                if identity
                else withheld()
            )
            ids = []
            if identity:
                if person.curp:
                    ids.append(f"CURP {person.curp}")
                if person.a_number:
                    ids.append(format_a_number(person.a_number))
                ids += [
                    _("Passport {country} {number}").format(country=p.country, number=p.number)
                    for p in person.passports
                ]
            langs = ", ".join(person.languages) + (
                " — " + _("interpreter needed") if person.interpreter_needed else ""
            )
            rows.append(
                [name, label(party.role), born, "; ".join(ids) if identity else withheld(), langs]
            )
        self.table(
            [_("Name"), _("Role"), _("Born"), _("Identifiers"), _("Languages")],
            rows,
            [2.2, 1.2, 1.8, 2.4, 1.4],
        )
        self.story.append(self.p(_("Relationships"), "h2"))
        rels = self.v.relationships
        self.table(
            [_("Person"), _("is the … of"), _("Person")],
            [
                [
                    withheld() if r.person_a_id in hidden else r.person_a.full_name,
                    label(r.kind),
                    withheld() if r.person_b_id in hidden else r.person_b.full_name,
                ]
                for r in rels
            ],
            [3, 2, 3],
        )
        self.story.append(self.p(_("Addresses"), "h2"))
        rows = []
        for party in parties:
            if party.person_id in hidden:
                continue
            for a in party.person.addresses:
                confidential = a.confidential or party.person.address_confidential
                shown = self.r.allows(ConsentScope.ADDRESSES) and (
                    not confidential or self.r.include_confidential
                )
                text = _address(a) if shown else withheld()
                rows.append(
                    [party.person.full_name, text, f"{self.d(a.valid_from)} – {self.d(a.valid_to)}"]
                )
        self.table([_("Person"), _("Address"), _("Dates")], rows, [2, 4, 2])

    def proceedings(self) -> None:
        self.h1(_("Legal tracks and proceedings"), "proceedings")
        tracks = self.case.tracks
        self.table(
            [_("Track"), _("Since"), _("Until")],
            [[label(t.track), self.d(t.started_on), self.d(t.ended_on)] for t in tracks],
            [4, 2, 2],
        )
        for proc in self.v.proceedings:
            self.story.append(
                self.p(f"{label(proc.kind)} — {proc.authority_name} {proc.file_number}", "h2")
            )
            self.story.append(
                self.p(
                    _("Regime: {regime}. Stage: {stage}. Status: {status}. Filed: {filed}.").format(
                        regime=label(proc.regime),
                        stage=code_label("ProceedingStage", proc.stage) if proc.stage else "—",
                        status=label(proc.status),
                        filed=self.d(proc.filed_on),
                    )
                )
            )
            self.table(
                [_("Date"), _("Event"), _("Notified"), _("Description")],
                [
                    [
                        self.d(e.on),
                        code_label("ProceedingEvent", e.kind),
                        self.d(e.notified_on),
                        e.description,
                    ]
                    for e in proc.events
                ],
                [1.3, 1.3, 1.3, 4],
            )

    def deadlines(self) -> None:
        self.h1(_("Deadlines"), "deadlines")
        rows = self.v.deadlines
        self.table(
            [_("Deadline"), _("Due"), _("How it was computed"), _("Legal basis"), _("Status")],
            [
                [d.title, self.d(d.due), explain_deadline(d), d.legal_basis, label(d.status)]
                for d in rows
            ],
            [2, 1.2, 3.4, 1.6, 1],
        )

    def checklists(self) -> None:
        self.h1(_("Checklists"), "checklists")
        lists = self.v.checklists
        if not lists:
            self.story.append(self.p(_("None recorded."), "small"))
        for cl in lists:
            title = cl.title(self.lang)
            self.story.append(
                self.p(
                    _("{title} (started {date})").format(title=title, date=self.d(cl.started_on)),
                    "h2",
                )
            )
            self.table(
                [_("Step"), _("State"), _("Date"), _("Note")],
                [
                    [st.title(self.lang), label(st.state), self.d(st.completed_on), st.state_reason]
                    for st in cl.steps
                ],
                [4, 1.3, 1.2, 2],
            )

    def documents(self) -> list[Attachment]:
        self.h1(_("Documents"), "documents")
        if not self.r.allows(ConsentScope.DOCUMENTS):
            self.story.append(self.p(withheld()))
            return []
        docs = self.v.documents
        attachments: list[Attachment] = []
        rows = []
        for doc in docs:
            ap = "; ".join(
                f"{a.authority} {a.number} ({self.d(a.issued_on)})" for a in doc.apostilles
            )
            tr = []
            for t in self.v.translations:
                if doc.id not in (t.original_id, t.translated_id):
                    continue
                other = t.translated if t.original_id == doc.id else t.original
                pairing = ""
                if other is not None:
                    pairing = " — " + (
                        _("translated as “{title}”")
                        if t.original_id == doc.id
                        else _("translation of “{title}”")
                    ).format(title=other.title)
                tr.append(f"{label(t.direction)}, {label(t.type)}, {t.translator_name}{pairing}")
            files = []
            for att in doc.attachments:
                attachments.append(att)
                files.append(f"{att.filename} ({format_number(att.size)} B) SHA-256 {att.sha256}")
            rows.append(
                [
                    doc.title,
                    label(doc.kind),
                    f"{doc.issuer} {self.d(doc.issued_on)}",
                    ap or "—",
                    "; ".join(tr) or "—",
                    "\n".join(files) or "—",
                ]
            )
        self.table(
            [
                _("Document"),
                _("Kind"),
                _("Issuer and date"),
                _("Apostille"),
                _("Translation"),
                _("Files"),
            ],
            rows,
            [1.6, 1.1, 1.4, 1.4, 1.6, 2.4],
        )
        return attachments

    def search_reports(self) -> None:
        self.h1(_("Search reports"), "search")
        rows = self.v.search_reports
        self.table(
            [_("Kind"), _("Number"), _("Authority"), _("Filed"), _("Status")],
            [
                [label(r.kind), r.number, r.authority_name, self.d(r.filed_on), label(r.status)]
                for r in rows
            ],
            [1.6, 2, 2.6, 1.1, 1.1],
        )

    def immigration(self) -> None:
        self.h1(_("Immigration filings"), "immigration")
        if not self.r.allows(ConsentScope.IMMIGRATION):
            self.story.append(self.p(withheld()))
            return
        filings = self.v.filings
        people = {p.person_id: p.person.full_name for p in self.v.parties}
        rows = [
            [
                f.form,
                f.category,
                people.get(f.beneficiary_id or "", "—"),
                f.receipt_number or "—",
                label(f.status),
                self._filing_dates(f),
            ]
            for f in filings
        ]
        header = [_("Form"), _("Category"), _("Beneficiary"), _("Receipt number"), _("Status")]
        self.table([*header, _("Dates")], rows, [1.6, 0.8, 1.8, 1.5, 1.1, 2.4])

    def _filing_dates(self, f: ImmigrationFiling) -> str:
        parts = []
        if f.filed_on:
            parts.append(_("filed {date}").format(date=self.d(f.filed_on)))
        if f.approved_on:
            parts.append(_("approved {date}").format(date=self.d(f.approved_on)))
        if f.interview_on:
            parts.append(
                _("interview {date} at {post}").format(
                    date=self.d(f.interview_on), post=f.consular_post or "—"
                )
            )
        if f.admitted_on:
            parts.append(_("admitted {date}").format(date=self.d(f.admitted_on)))
        return "; ".join(parts) or "—"

    def travel(self) -> None:
        self.h1(_("Travel plan"), "travel")
        if not self.r.allows(ConsentScope.TRAVEL):
            self.story.append(self.p(withheld()))
            return
        rows = self.v.travel
        self.table(
            [_("From"), _("To"), _("Planned"), _("Escort"), _("Exit permit"), _("Reunion")],
            [
                [
                    t.departure_place,
                    t.arrival_place,
                    self.d(t.planned_on),
                    t.escort,
                    label(t.exit_permit),
                    f"{self.d(t.reunion_on)} {t.reunion_place}",
                ]
                for t in rows
            ],
            [1.6, 1.6, 1, 1.6, 1, 1.6],
        )

    def timeline(self) -> None:
        self.h1(_("Timeline"), "timeline")
        events: list[tuple[date, str]] = []
        if self.case.opened_on:
            events.append((self.case.opened_on, _("Case opened")))
        for proc in self.v.proceedings:
            events += [
                (e.on, f"{label(proc.kind)}: {code_label('ProceedingEvent', e.kind)}")
                for e in proc.events
            ]
        for cl in self.v.checklists:
            events += [(st.completed_on, st.title(self.lang)) for st in cl.steps if st.completed_on]
        if self.r.allows(ConsentScope.IMMIGRATION):
            for f in self.v.filings:
                events += [
                    (day, f"{f.form}: {what}")
                    for day, what in (
                        (f.filed_on, _("filed")),
                        (f.approved_on, _("approved")),
                        (f.admitted_on, _("admitted")),
                    )
                    if day
                ]
        if self.case.reunified_on:
            events.append((self.case.reunified_on, _("Family reunified")))
        events.sort(key=lambda e: e[0])
        self.table([_("Date"), _("Event")], [[self.d(d), what] for d, what in events], [1.3, 6])


def _address(a: Address) -> str:
    parts = [a.street, a.locality, a.municipality, a.state or "", a.postal_code, a.country]
    return ", ".join(p for p in parts if p)


def _scope_label(value: str) -> str:
    return label(ConsentScope(value))


def render_report(
    session: Session, case: Case, consent: Consent, redaction: Redaction, prepared_by: str
) -> tuple[bytes, list[Attachment]]:
    """The report PDF bytes (in the current language) and the attachments it lists."""
    _register_fonts()
    builder = ReportBuilder(load_case_view(session, case.id), redaction, consent)
    builder.cover(prepared_by)
    builder.people()
    builder.proceedings()
    builder.deadlines()
    builder.checklists()
    attachments = builder.documents()
    builder.search_reports()
    builder.immigration()
    builder.travel()
    builder.timeline()
    buf = io.BytesIO()
    info = ReportInfo(case.reference, case.confidential_1367)
    doc = _BundleDoc(
        buf,
        info,
        title=f"{case.reference}",
        author=prepared_by,
        subject=_("Case bundle"),
        creator="reunify",
    )
    doc.multiBuild(builder.story, canvasmaker=_numbered_canvas(_("page {page} of {pages}")))
    return buf.getvalue(), attachments
