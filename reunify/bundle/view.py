"""The bundle's content, redacted, as plain text: the only thing the report renders.

`build_bundle_view` reads the case once (`load_case_view`), applies the consent's
redaction field by field, and returns sections of text rows. The ReportLab layer
(report.py) never sees an ORM object, so no section can read around the policy.
Built inside `i18n.override(language)`: every label, date and template title is in
the bundle's language, whatever language the deadline or step was created in.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from sqlalchemy.orm import Session

from reunify.bundle.redaction import NameScrubber, Redaction, scrubber, withheld
from reunify.display import address_text, country_name, death_text, iso_language_name
from reunify.i18n import _, current_language, format_date, format_datetime, language_name
from reunify.identifiers import format_a_number, person_curp_mismatches
from reunify.labels import code_label, label
from reunify.models import (
    Attachment,
    Case,
    Checklist,
    Consent,
    ConsentScope,
    Deadline,
    DeadlineStatus,
    Document,
    Person,
    TranslationType,
)
from reunify.operations.settings import read_settings
from reunify.queries import CaseView, load_case_view
from reunify.workflows.describe import explain_deadline

Row = list[str]


@dataclass(frozen=True)
class Block:
    """One table (or, with no header, one paragraph) inside a section."""

    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    heading: str = ""
    text: str = ""  # a paragraph before the table (or alone)


@dataclass(frozen=True)
class Section:
    key: str  # outline anchor
    title: str
    blocks: list[Block]
    withheld: bool = False  # the whole section is outside the consent


@dataclass(frozen=True)
class Exhibit:
    """An evidence file: its number is stable (document order of entry, never reused)."""

    number: str  # "3" or "3b" when a document has several files
    name: str  # the embedded file's name: "Exhibit-03-acta.pdf"
    document_title: str
    attachment: Attachment


@dataclass(frozen=True)
class BundleView:
    reference: str
    confidential_1367: bool
    cover: list[tuple[str, str]]
    cover_notes: list[str]
    sections: list[Section]
    exhibits: list[Exhibit]
    language: str
    author: str = ""  # who prepared it: the PDF's document information


def _sex(value: str | None) -> str:
    return {"F": _("female"), "M": _("male"), "X": _("X (unspecified)")}.get(value or "", "—")


def exhibit_numbers(documents: list[Document]) -> dict[str, int]:
    """Document id → exhibit number, in order of entry into the vault.

    Entry order (created_at, then id) never changes when a document is added later,
    so Exhibit 4 stays Exhibit 4 in every bundle of the case; a withheld document
    keeps its number (a gap) rather than shifting the others.
    """
    ordered = sorted(documents, key=lambda d: (d.created_at, d.id))
    return {d.id: i for i, d in enumerate(ordered, start=1)}


def _letters(index: int) -> str:
    """0 → "a", 25 → "z", 26 → "aa": the files of one document, in order."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = string.ascii_lowercase[rest] + text
    return text


def _exhibit_file_name(letter: str, number: int, filename: str, *, hide_name: bool) -> str:
    """ "Anexo-04b-acta.pdf"; when the file's name names a withheld person, a neutral
    word keeps the extension: "Anexo-04b-archivo.pdf"."""
    stem = "{word}-{n:02d}{letter}".format(word=_("Exhibit"), n=number, letter=letter)
    if hide_name:
        return "{stem}-{file}{ext}".format(stem=stem, file=_("file"), ext=PurePath(filename).suffix)
    return f"{stem}-{filename}"


class ViewBuilder:
    def __init__(
        self,
        view: CaseView,
        redaction: Redaction,
        consent: Consent,
        today: date,
        now: datetime,
        preparer: dict[str, str],
    ) -> None:
        self.v = view
        self.case: Case = view.case
        self.r = redaction
        self.consent = consent
        self.today = today
        self.now = now
        self.preparer = preparer
        self.lang = current_language()
        shown: list[Person] = []
        hidden: list[Person] = []
        self.shown_ids: set[str] = set()
        adverse_ids = {p.person_id for p in view.parties if redaction.is_adverse(p)}
        seen: set[str] = set()
        for party in view.parties:
            if party.person_id in seen:
                continue
            seen.add(party.person_id)
            visible = redaction.allows(ConsentScope.IDENTITY) and (
                party.person_id not in adverse_ids or redaction.show_adverse()
            )
            (shown if visible else hidden).append(party.person)
            if visible:
                self.shown_ids.add(party.person_id)
        self.adverse_ids = adverse_ids
        self.persons = {p.person_id: p.person for p in view.parties}
        self.scrub: NameScrubber = scrubber(hidden, shown)

    # -- helpers ------------------------------------------------------------------
    def d(self, day: date | None) -> str:
        return format_date(day, "medium") if day else "—"

    def name(self, person_id: str | None, fallback: str = "—") -> str:
        if person_id is None:
            return fallback
        if person_id not in self.persons:
            return fallback
        if person_id in self.shown_ids:
            return self.persons[person_id].full_name
        return withheld()

    def hides_adverse(self, *person_ids: str | None) -> bool:
        """True when one of these is an adverse party the bundle does not show."""
        return any(p in self.adverse_ids and p not in self.shown_ids for p in person_ids if p)

    def free(self, text: str) -> str:
        """Free text a person typed: names of withheld people are scrubbed."""
        return self.scrub(text)

    def allows(self, scope: ConsentScope) -> bool:
        return self.r.allows(scope)

    def outside(self, key: str, title: str) -> Section:
        return Section(
            key,
            title,
            [Block(text=_("{mark} — not covered by the consent.").format(mark=withheld()))],
            withheld=True,
        )

    # -- cover --------------------------------------------------------------------
    def cover(self) -> tuple[list[tuple[str, str]], list[str]]:
        c = self.consent
        given_by = self.name(c.person_id, fallback="—")
        if c.guardian_id:
            given_by += " — " + _("for a minor, with {guardian}").format(
                guardian=self.name(c.guardian_id)
            )
        zone = self.now.strftime("%Z") or self.now.strftime("UTC%z")
        rows = [
            (_("Prepared by"), self.preparer.get("operator") or "—"),
            (_("Professional licence (cédula)"), self.preparer.get("cedula") or "—"),
            (_("Contact"), self.preparer.get("contact") or "—"),
            (
                _("Prepared on"),
                "{when} ({zone})".format(when=format_datetime(self.now, "medium"), zone=zone),
            ),
            (_("Language"), language_name(self.lang)),
            (_("Recipient"), c.recipient),
            (_("Purpose"), self.free(c.purpose)),
            (_("Consent given by"), given_by),
            (
                _("Consent"),
                _("given {given}, valid until {until}").format(
                    given=self.d(c.given_on), until=self.d(c.expires_on)
                ),
            ),
            (
                _("Consent covers"),
                ", ".join(label(ConsentScope(x)) for x in sorted(c.scope)),
            ),
        ]
        notes = [
            _(
                "The evidence travels inside this PDF as embedded files (see the attachments "
                "pane of your PDF reader), named by exhibit number. The file manifest.json "
                "lists each file with its size and SHA-256; the hash of the manifest is sent "
                "separately so the bundle can be verified (see the last page). Information "
                "the consent does not cover is marked {mark}."
            ).format(mark=withheld())
        ]
        if self.r.include_confidential:
            notes.append(
                _(
                    "At the preparer's explicit choice, this bundle includes addresses and "
                    "details flagged confidential."
                )
            )
        if self.r.include_adverse and not self.allows(ConsentScope.ADVERSE_PARTY):
            notes.append(
                _(
                    "At the preparer's explicit choice, this bundle includes details of the "
                    "adverse party that the consent does not cover."
                )
            )
        if self.case.confidential_1367:
            notes.append(
                _(
                    "Protected by 8 U.S.C. § 1367: do not disclose any information about this "
                    "case, not even its existence, to the adverse party."
                )
            )
        return rows, notes

    # -- sections -----------------------------------------------------------------
    def parties(self) -> Section:
        title = _("Parties and relationships")
        rows: list[Row] = []
        roles_of: dict[str, list[str]] = {}  # in party order: a person with two roles once
        for party in self.v.parties:
            roles_of.setdefault(party.person_id, []).append(label(party.role))
        health = self.allows(ConsentScope.HEALTH)
        for pid, person_roles in roles_of.items():
            person = self.persons[pid]
            roles = ", ".join(person_roles)
            if pid not in self.shown_ids:
                rows.append([withheld(), roles, withheld(), withheld(), withheld(), withheld()])
                continue
            born = self.d(person.birth_date)
            if person.birth_place:
                born += ", " + person.birth_place
            if person.birth_country:
                born += " (" + country_name(person.birth_country) + ")"
            if person.deceased_on:  # a deceased parent's consent cannot be asked for
                born += "\n" + death_text(person.deceased_on)
            ids = []
            if person.curp:
                ids.append("CURP " + person.curp)
            if person.a_number:
                ids.append(format_a_number(person.a_number))
            ids += [
                _("Passport {country} {number}").format(country=p.country, number=p.number)
                for p in person.passports
            ]
            langs = ", ".join(iso_language_name(code) for code in person.languages)
            if person.interpreter_needed:
                langs += " — " + _("interpreter needed")
            details = [
                _("CURP check: {text}").format(text=text) for text in person_curp_mismatches(person)
            ]
            if person.physical_description:
                details.append(self.free(person.physical_description))
            if person.medical_needs:
                details.append(
                    _("Health: {text}").format(text=self.free(person.medical_needs))
                    if health
                    else _("Health: {mark}").format(mark=withheld())
                )
            rows.append(
                [
                    person.full_name,
                    roles,
                    born,
                    "{sex}; {nat}".format(
                        sex=_sex(person.sex),
                        nat=", ".join(country_name(n) for n in person.nationalities) or "—",
                    ),
                    "; ".join(ids) or "—",
                    (langs or "—") + ("\n" + "\n".join(details) if details else ""),
                ]
            )
        blocks = [
            Block(
                [
                    _("Name"),
                    _("Role"),
                    _("Born"),
                    _("Sex; nationality"),
                    _("Identifiers"),
                    _("Languages and details"),
                ],
                rows,
                [1.9, 1.1, 1.8, 1.3, 1.8, 1.6],
            )
        ]
        blocks.append(
            Block(
                [_("Person"), _("is the … of"), _("Person")],
                [
                    [self.name(r.person_a_id), label(r.kind), self.name(r.person_b_id)]
                    for r in self.v.relationships
                    if not self.hides_adverse(r.person_a_id, r.person_b_id)
                ],
                [3, 2, 3],
                heading=_("Relationships"),
            )
        )
        addr_rows: list[Row] = []
        if self.allows(ConsentScope.ADDRESSES):
            for pid in roles_of:
                if pid not in self.shown_ids:
                    continue
                person = self.persons[pid]
                for a in person.addresses:
                    confidential = a.confidential or person.address_confidential
                    text = (
                        address_text(a)
                        if not confidential or self.r.include_confidential
                        else withheld()
                    )
                    dates = f"{self.d(a.valid_from)} – {self.d(a.valid_to)}"
                    addr_rows.append([person.full_name, text, dates])
            blocks.append(
                Block([_("Person"), _("Address"), _("Dates")], addr_rows, [2, 4, 2], _("Addresses"))
            )
        else:
            blocks.append(
                Block(
                    heading=_("Addresses"),
                    text=_("{mark} — not covered by the consent.").format(mark=withheld()),
                )
            )
        return Section("parties", title, blocks)

    def proceedings(self) -> Section:
        title = _("Legal tracks and proceedings")
        if not self.allows(ConsentScope.CASE_FACTS):
            return self.outside("proceedings", title)
        blocks = [
            Block(
                [_("Track"), _("Since"), _("Until")],
                [
                    [label(t.track), self.d(t.started_on), self.d(t.ended_on)]
                    for t in self.case.tracks
                    if self.r.allows_track(t.track)
                ],
                [4, 2, 2],
            )
        ]
        if self.case.summary:
            blocks.insert(0, Block(heading=_("Summary"), text=self.free(self.case.summary)))
        for proc in self.v.proceedings:
            blocks.append(
                Block(
                    [_("Date"), _("Event"), _("Notified"), _("Description")],
                    [
                        [
                            self.d(e.on),
                            code_label("ProceedingEvent", e.kind),
                            self.d(e.notified_on),
                            self.free(e.description),
                        ]
                        for e in proc.events
                    ],
                    [1.2, 1.2, 1.2, 4.4],
                    heading=f"{label(proc.kind)} — {proc.authority_name} {proc.file_number}",
                    text=_(
                        "Regime: {regime}. Stage: {stage}. Status: {status}. Filed: {filed}."
                    ).format(
                        regime=label(proc.regime),
                        stage=code_label("ProceedingStage", proc.stage) if proc.stage else "—",
                        status=label(proc.status),
                        filed=self.d(proc.filed_on),
                    ),
                )
            )
        blocks.append(
            Block(
                [_("Measure"), _("Authority and file"), _("Protects"), _("Against"), _("Dates")],
                [
                    [
                        self.free(m.kind),
                        f"{m.authority_name} {m.file_number}".strip(),
                        self.name(m.protected_id),
                        self.name(m.against_id),
                        _("ordered {ordered}, until {until}").format(
                            ordered=self.d(m.ordered_on), until=self.d(m.expires_on)
                        ),
                    ]
                    for m in self.v.protection
                ],
                [2, 2.2, 1.3, 1.3, 1.6],
                heading=_("Protection measures"),
            )
        )
        blocks.append(
            Block(
                [_("Kind"), _("Number"), _("Authority"), _("Filed"), _("Status")],
                [
                    [
                        label(r.kind),
                        r.number,
                        r.authority_name,
                        self.d(r.filed_on),
                        label(r.status),
                    ]
                    for r in self.v.search_reports
                ],
                [1.6, 2, 2.6, 1.1, 1.1],
                heading=_("Search reports"),
            )
        )
        return Section("proceedings", title, blocks)

    def shown_checklists(self) -> list[Checklist]:
        return [cl for cl in self.v.checklists if self.r.allows_checklist(cl.template_id)]

    def deadline_title(self, d: Deadline) -> str:
        """From the template in the bundle's language when the deadline came from a step."""
        return self.v.deadline_title(d, self.lang) if d.titles else self.free(d.title)

    def deadlines(self) -> Section:
        title = _("Deadlines")
        if not self.allows(ConsentScope.CASE_FACTS):
            return self.outside("deadlines", title)
        steps = {st.id: st for cl in self.shown_checklists() for st in cl.steps}
        every_step = {st.id for cl in self.v.checklists for st in cl.steps}
        hidden_steps = every_step - steps.keys()  # their deadlines go with them
        rows: list[Row] = []
        for d in unique_deadlines(self.v.deadlines):
            if d.source_step_id in hidden_steps:
                continue
            due = d.override_due or d.computed_due
            status = label(d.status)
            if d.status == DeadlineStatus.OPEN and due is not None and due < self.today:
                status = _("OVERDUE since {date}").format(date=self.d(due))
            rows.append(
                [
                    self.deadline_title(d),
                    self.d(due),
                    self.free(explain_deadline(d)),
                    d.legal_basis,
                    status,
                ]
            )
        return Section(
            "deadlines",
            title,
            [
                Block(
                    [
                        _("Deadline"),
                        _("Due"),
                        _("How it was computed"),
                        _("Legal basis"),
                        _("Status"),
                    ],
                    rows,
                    [2, 1.1, 3.3, 1.5, 1.2],
                )
            ],
        )

    def checklists(self) -> Section:
        title = _("Checklists")
        if not self.allows(ConsentScope.CASE_FACTS):
            return self.outside("checklists", title)
        blocks = []
        for cl in self.shown_checklists():
            blocks.append(
                Block(
                    [_("Step"), _("State"), _("Date"), _("Note")],
                    [
                        [
                            self.free(sv.title(self.lang)),
                            label(sv.state),  # as on screen: an open step that waits is blocked
                            self.d(sv.step.completed_on),
                            self.free(sv.step.state_reason),
                        ]
                        for sv in self.v.steps.get(cl.id, [])
                    ],
                    [4, 1.3, 1.2, 2],
                    heading=_("{title} (started {date})").format(
                        title=self.free(self.v.checklist_title(cl, self.lang)),
                        date=self.d(cl.started_on),
                    ),
                )
            )
        if not blocks:
            blocks.append(Block(text=_("None recorded.")))
        return Section("checklists", title, blocks)

    def documents(self) -> tuple[Section, list[Exhibit]]:
        title = _("Documents and exhibits")
        if not self.allows(ConsentScope.DOCUMENTS):
            return self.outside("documents", title), []
        numbers = exhibit_numbers(self.v.documents)
        exhibits: list[Exhibit] = []
        rows: list[Row] = []
        details: list[Row] = []
        for doc in sorted(self.v.documents, key=lambda d: numbers[d.id]):
            number = numbers[doc.id]
            about_hidden_adverse = self.hides_adverse(*(p.id for p in doc.persons))
            if not self.r.allows_document(doc.kind) or about_hidden_adverse:
                rows.append([str(number), withheld(), label(doc.kind), "—", "—"])
                continue
            files = []
            several = len(doc.attachments) > 1
            for i, att in enumerate(sorted(doc.attachments, key=lambda a: (a.created_at, a.id))):
                letter = _letters(i) if several else ""
                hide = self.free(att.filename) != att.filename
                name = _exhibit_file_name(letter, number, att.filename, hide_name=hide)
                exhibit = Exhibit(f"{number}{letter}", name, self.free(doc.title), att)
                exhibits.append(exhibit)
                files.append(exhibit.name)
            issued = f"{doc.issuer} {self.d(doc.issued_on)}".strip()
            rows.append(
                [
                    str(number),
                    self.free(doc.title),
                    label(doc.kind),
                    issued,
                    "\n".join(files) or _("no file"),
                ]
            )
            for a in doc.apostilles:
                details.append(
                    [
                        str(number),
                        _("Apostille"),
                        _("{authority}, no. {number}, {date}. Verification: {code}").format(
                            authority=a.authority,
                            number=a.number or "—",
                            date=self.d(a.issued_on),
                            code=a.verification or "—",
                        ),
                    ]
                )
            for t in self.v.translations:
                if doc.id != t.original_id:
                    continue
                other = t.translated
                target = (
                    _("Exhibit {number}").format(number=numbers[other.id])
                    if other is not None and other.id in numbers
                    else "—"
                )
                text = _(
                    "{direction} → {target}; {type}; translator {translator}"
                    " (registry: {registry}); certified {date}"
                ).format(
                    direction=label(t.direction),
                    target=target,
                    type=label(t.type),
                    translator=t.translator_name or "—",
                    registry=t.translator_registry or "—",
                    date=self.d(t.certified_on),
                )
                if t.includes_apostille:
                    text += "; " + _("the apostille is translated too")
                if t.type == TranslationType.USCIS_CERTIFICATION and t.certified_on:
                    text += ". " + _(
                        "The translator certified the translation as complete and accurate "
                        "and their competence to translate into English."
                    )
                if t.checked:
                    text += " " + _("Names and numbers checked against the original.")
                details.append([str(number), _("Translation"), text])
        blocks = [
            Block(
                [_("Exhibit"), _("Document"), _("Kind"), _("Issuer and date"), _("Files")],
                rows,
                [0.9, 2.3, 1.2, 1.8, 2.8],
            )
        ]
        blocks.append(
            Block(
                [_("Exhibit"), _("What"), _("Details")],
                details,
                [0.9, 1.3, 7],
                heading=_("Apostilles and certified translations"),
            )
        )
        return Section("documents", title, blocks), exhibits

    def immigration(self) -> Section:
        title = _("Immigration filings")
        if not self.allows(ConsentScope.IMMIGRATION):
            return self.outside("immigration", title)
        rows = []
        for f in self.v.filings:
            dates = []
            if f.filed_on:
                dates.append(_("filed {date}").format(date=self.d(f.filed_on)))
            if f.approved_on:
                dates.append(_("approved {date}").format(date=self.d(f.approved_on)))
            if f.interview_on:
                dates.append(_("interview {date}").format(date=self.d(f.interview_on)))
            if f.admitted_on:
                dates.append(_("admitted {date}").format(date=self.d(f.admitted_on)))
            rows.append(
                [
                    f"{f.form} {f.category}".strip(),
                    self.name(f.beneficiary_id),
                    self.name(f.principal_id),
                    f.receipt_number or "—",
                    label(f.status),
                    f.consular_post or "—",
                    "; ".join(dates) or "—",
                ]
            )
        return Section(
            "immigration",
            title,
            [
                Block(
                    [
                        _("Form"),
                        _("Beneficiary"),
                        _("Principal"),
                        _("Receipt number"),
                        _("Status"),
                        _("Consular post"),
                        _("Dates"),
                    ],
                    rows,
                    [1.4, 1.5, 1.5, 1.4, 1.0, 1.2, 1.8],
                )
            ],
        )

    def travel(self) -> Section:
        title = _("Travel plan")
        if not self.allows(ConsentScope.TRAVEL):
            return self.outside("travel", title)
        rows = [
            [
                self.name(t.traveller_id),
                t.departure_place,
                t.arrival_place,
                self.d(t.planned_on),
                self.free(t.escort),
                label(t.exit_permit),
                f"{self.d(t.reunion_on)} {t.reunion_place}",
            ]
            for t in self.v.travel
        ]
        header = [_("Traveller"), _("From"), _("To"), _("Planned"), _("Escort")]
        return Section(
            "travel",
            title,
            [
                Block(
                    [*header, _("Exit permit"), _("Reunion")], rows, [1.3, 1.5, 1.5, 1, 1.4, 1, 1.4]
                )
            ],
        )

    def timeline(self) -> Section:
        events: list[tuple[date, str]] = []
        if self.allows(ConsentScope.CASE_FACTS):
            if self.case.opened_on:
                events.append((self.case.opened_on, _("Case opened")))
            for proc in self.v.proceedings:
                events += [
                    (e.on, f"{label(proc.kind)}: {code_label('ProceedingEvent', e.kind)}")
                    for e in proc.events
                ]
            for cl in self.shown_checklists():
                events += [
                    (sv.step.completed_on, sv.title(self.lang))
                    for sv in self.v.steps.get(cl.id, [])
                    if sv.step.completed_on
                ]
        if self.allows(ConsentScope.IMMIGRATION):
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
        if self.allows(ConsentScope.TRAVEL) and self.case.reunified_on:
            events.append((self.case.reunified_on, _("Family reunified")))
        events.sort(key=lambda e: e[0])
        return Section(
            "timeline",
            _("Timeline"),
            [Block([_("Date"), _("Event")], [[self.d(d), w] for d, w in events], [1.3, 6])],
        )


def unique_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    """One row per deadline: the same period from the same trigger, counted twice (by hand
    and by a checklist), is one deadline; the checklist's copy wins, and a met or missed
    copy closes it."""
    groups: dict[tuple[object, ...], list[Deadline]] = {}
    for d in deadlines:
        if d.status == DeadlineStatus.CANCELLED:
            continue
        key = (d.trigger_date, d.amount, d.unit, d.override_due or d.computed_due)
        group = groups.setdefault(key, [])
        # Two proceedings can have the same period from the same day; a copy with no
        # proceeding (from a checklist) joins the one that has it.
        others = {g.proceeding_id for g in group} - {None}
        if d.proceeding_id is not None and others and d.proceeding_id not in others:
            groups.setdefault((*key, d.proceeding_id), []).append(d)
        else:
            group.append(d)
    chosen = []
    for group in groups.values():
        closed = [d for d in group if d.status != DeadlineStatus.OPEN]
        pool = closed or group
        pool.sort(key=lambda d: (d.source_step_id is None, d.updated_at or d.created_at))
        chosen.append(pool[0])
    return sorted(chosen, key=lambda d: (d.override_due or d.computed_due or date.max, d.id))


def preparer_details(session: Session) -> dict[str, str]:
    """Who prepared the bundle: the vault's operator, licence number and contact."""
    found = read_settings(session)
    actor = str(session.info.get("actor", "") or "")
    return {
        "operator": found.get("operator") or actor,
        "cedula": found.get("cedula", ""),
        "contact": found.get("contact", ""),
    }


def build_bundle_view(
    session: Session,
    case: Case,
    consent: Consent,
    redaction: Redaction,
    *,
    today: date,
    now: datetime,
    preparer: dict[str, str],
) -> BundleView:
    """The redacted content of one bundle, in the current language."""
    builder = ViewBuilder(
        load_case_view(session, case.id), redaction, consent, today, now, preparer
    )
    cover, notes = builder.cover()
    documents, exhibits = builder.documents()
    parts: list[Callable[[], Section]] = [
        builder.parties,
        builder.proceedings,
        builder.deadlines,
        builder.checklists,
    ]
    sections = [part() for part in parts]
    sections.append(documents)
    sections += [builder.immigration(), builder.travel(), builder.timeline()]
    return BundleView(
        reference=case.reference,
        confidential_1367=case.confidential_1367,
        cover=cover,
        cover_notes=notes,
        sections=sections,
        exhibits=exhibits,
        language=builder.lang,
        author=preparer.get("operator", ""),
    )
