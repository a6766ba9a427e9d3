"""Import and export court calendars as CSV (a court's published circular, typed once).

Format, one row per day or range, with a header:

    start,end,kind,label
    2026-12-17,2027-01-06,vacation,Segundo periodo vacacional
    12/12/2026,,holiday,Día de la Virgen de Guadalupe

Dates are ISO (2026-12-17) or day/month/year; `end` may be empty for one day;
`kind` is holiday, vacation or working_day (Spanish: inhábil, vacaciones, hábil).
A file with any bad row imports nothing, and every bad row is named. Parsing only:
`reunify.operations.calendars.import_csv` writes the entries.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from reunify.errors import ReunifyError
from reunify.i18n import N_, _
from reunify.models import CalendarEntryKind

KIND_WORDS = {
    "holiday": CalendarEntryKind.HOLIDAY,
    "inhábil": CalendarEntryKind.HOLIDAY,
    "inhabil": CalendarEntryKind.HOLIDAY,
    "festivo": CalendarEntryKind.HOLIDAY,
    "vacation": CalendarEntryKind.VACATION,
    "vacaciones": CalendarEntryKind.VACATION,
    "working_day": CalendarEntryKind.WORKING_DAY,
    "hábil": CalendarEntryKind.WORKING_DAY,
    "habil": CalendarEntryKind.WORKING_DAY,
}


class CalendarImportError(ReunifyError):
    message = N_("The calendar file has errors; nothing was imported. {problems}")


@dataclass(frozen=True)
class Row:
    kind: CalendarEntryKind
    start: date
    end: date
    label: str


def _parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_csv(text: str) -> list[Row]:
    rows: list[Row] = []
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(text))
    required = {"start", "kind"}
    if reader.fieldnames is None or not required <= {f.strip() for f in reader.fieldnames}:
        raise CalendarImportError(problems=_("The header must name start, end, kind, label."))
    for line, raw in enumerate(reader, start=2):
        raw = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        try:
            start = _parse_date(raw["start"])
            end = _parse_date(raw["end"]) if raw.get("end") else start
        except ValueError as exc:
            problems.append(
                _("line {line}: date {value} not understood").format(line=line, value=exc)
            )
            continue
        kind = KIND_WORDS.get(raw["kind"].lower())
        if kind is None:
            problems.append(
                _("line {line}: kind {value} unknown").format(line=line, value=raw["kind"])
            )
            continue
        if end < start:
            problems.append(_("line {line}: ends before it starts").format(line=line))
            continue
        rows.append(Row(kind, start, end, raw.get("label", "")))
    if problems:
        raise CalendarImportError(problems="; ".join(problems))
    return rows
