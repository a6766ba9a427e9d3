"""Import and export court calendars as CSV (a court's published circular, typed once).

Format, one row per day or range, with a header in Spanish or English:

    inicio;fin;tipo;descripción                 start,end,kind,label
    17/12/2026;06/01/2027;vacaciones;Segundo periodo vacacional
    12/12/2026;;inhábil;Día de la Virgen de Guadalupe

Dates are ISO (2026-12-17) or day/month/year; `end` may be empty for one day;
`kind` is holiday, vacation or working_day (Spanish: inhábil, vacaciones, hábil).
The separator is a comma, a semicolon (Spanish Excel) or a tab; the file is
UTF-8 (with or without BOM), UTF-16 with BOM, or Windows' cp1252/Latin-1 (Excel
on Windows). A file with any bad row imports nothing, and every bad row is named
by its line. Years outside 1900–2100 are refused: a range 0001–9999 or a typo
such as 2207 would make every deadline on the calendar overflow. Parsing only:
`reunify.operations.calendars.import_csv` writes the entries.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from reunify.errors import ReunifyError
from reunify.i18n import N_, _, current_language
from reunify.models import CalendarEntryKind
from reunify.workflows.calendars import FIRST_YEAR, LAST_YEAR, Entry, year_in_range

KIND_WORDS = {
    "holiday": CalendarEntryKind.HOLIDAY,
    "inhabil": CalendarEntryKind.HOLIDAY,
    "dia inhabil": CalendarEntryKind.HOLIDAY,
    "festivo": CalendarEntryKind.HOLIDAY,
    "feriado": CalendarEntryKind.HOLIDAY,
    "vacation": CalendarEntryKind.VACATION,
    "vacaciones": CalendarEntryKind.VACATION,
    "vacacion": CalendarEntryKind.VACATION,
    "working_day": CalendarEntryKind.WORKING_DAY,
    "working day": CalendarEntryKind.WORKING_DAY,
    "habil": CalendarEntryKind.WORKING_DAY,
    "dia habil": CalendarEntryKind.WORKING_DAY,
}

# Column names, compared without accents or case.
HEADER_WORDS = {
    "start": "start",
    "inicio": "start",
    "desde": "start",
    "fecha inicio": "start",
    "fecha de inicio": "start",
    "end": "end",
    "fin": "end",
    "hasta": "end",
    "fecha fin": "end",
    "fecha final": "end",
    "fecha de fin": "end",
    "kind": "kind",
    "tipo": "kind",
    "type": "kind",
    "label": "label",
    "descripcion": "label",
    "etiqueta": "label",
    "description": "label",
    "motivo": "label",
    "nombre": "label",
}

LABEL_MAX = 200  # CalendarEntry.label's column
MAX_PROBLEMS = 12  # named one by one; the rest are counted

# Export: the header and kind words of the language being shown (both import back).
EXPORT_WORDS = {
    "es": (
        ("inicio", "fin", "tipo", "descripción"),
        {
            CalendarEntryKind.HOLIDAY: "inhábil",
            CalendarEntryKind.VACATION: "vacaciones",
            CalendarEntryKind.WORKING_DAY: "hábil",
        },
        ";",
    ),
    "en": (
        ("start", "end", "kind", "label"),
        {k: k.value for k in CalendarEntryKind},
        ",",
    ),
}


class CalendarImportError(ReunifyError):
    message = N_("The calendar file has errors; nothing was imported. {problems}")


class CalendarExportError(ReunifyError):
    message = N_("The calendar could not be saved: {reason}")


@dataclass(frozen=True)
class Row:
    kind: CalendarEntryKind
    start: date
    end: date
    label: str


def _plain(text: str) -> str:
    """Lower case without accents or surrounding spaces ("Descripción " → "descripcion")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().strip("\ufeff").lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def decode_csv(data: bytes) -> str:
    """The file's text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows' cp1252 (what
    Excel on Windows writes), else Latin-1. An empty or binary file is refused."""
    if not data.strip():
        raise CalendarImportError(problems=_("The file is empty."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
            break
    raise CalendarImportError(
        problems=_("The file is not a text (CSV) file. Save the sheet as CSV and try again.")
    )


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    return controls <= len(text) // 100


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _header(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = HEADER_WORDS.get(_plain(cell))
        if name is not None and name not in columns:
            columns[name] = i
    if "start" not in columns or "kind" not in columns:
        raise CalendarImportError(
            problems=_(
                "The first line must name the columns: start, end, kind, label "
                "(or inicio, fin, tipo, descripción)."
            )
        )
    return columns


def parse_csv(text: str) -> list[Row]:
    if not text.strip():
        raise CalendarImportError(problems=_("The file is empty."))
    lines = text.splitlines()
    first = next(line for line in lines if line.strip())
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first))
    rows: list[Row] = []
    problems: list[str] = []
    try:
        columns: dict[str, int] | None = None
        width = 0
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if columns is None:
                columns, width = _header(cells), len(cells)
                continue
            row = _row(cells, columns, width, line, problems)
            if row is not None:
                rows.append(row)
    except csv.Error:
        problems.append(
            _("line {line}: the line could not be read as CSV").format(line=reader.line_num)
        )
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(_("and {count} more").format(count=len(problems) - MAX_PROBLEMS))
        raise CalendarImportError(problems="; ".join(shown))
    if not rows:
        raise CalendarImportError(problems=_("The file has a header but no days."))
    return rows


def _row(
    cells: list[str], columns: dict[str, int], width: int, line: int, problems: list[str]
) -> Row | None:
    """One data line, or None with its problem added."""
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        problems.append(
            _(
                "line {line}: more fields than the header names (a comma or semicolon in a "
                "description? put the description in double quotes)"
            ).format(line=line)
        )
        return None

    def cell(name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    try:
        start = _parse_date(cell("start"))
        end = _parse_date(cell("end")) if cell("end") else start
    except ValueError as exc:
        problems.append(_("line {line}: date {value} not understood").format(line=line, value=exc))
        return None
    for day in (start, end):
        if not year_in_range(day):
            problems.append(
                _("line {line}: the year {year} is outside {first}–{last}").format(
                    line=line, year=day.year, first=FIRST_YEAR, last=LAST_YEAR
                )
            )
            return None
    kind = KIND_WORDS.get(_plain(cell("kind")))
    if kind is None:
        problems.append(
            _("line {line}: kind {value} unknown").format(line=line, value=cell("kind"))
        )
        return None
    if end < start:
        problems.append(_("line {line}: ends before it starts").format(line=line))
        return None
    label = cell("label")
    if len(label) > LABEL_MAX:
        problems.append(
            _("line {line}: the description is longer than {count} characters").format(
                line=line, count=LABEL_MAX
            )
        )
        return None
    return Row(kind, start, end, label)


def to_csv(entries: Iterable[Entry], language: str | None = None) -> str:
    """A calendar's days as CSV in the language shown (Spanish: `;`, as Spanish Excel
    reads it); `parse_csv` reads it back. Write it with a BOM (utf-8-sig) for Excel."""
    header, words, delimiter = EXPORT_WORDS.get(language or current_language(), EXPORT_WORDS["en"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for e in entries:
        end = "" if e.ends_on == e.starts_on else e.ends_on.isoformat()
        writer.writerow([e.starts_on.isoformat(), end, words[e.kind], e.label])
    return out.getvalue()
