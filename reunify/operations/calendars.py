"""Court calendar import: a court's published circular, typed once as CSV, becomes
calendar entries through the same audited operation as entries typed by hand."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from reunify.models import CourtCalendar
from reunify.operations.deadlines import add_calendar_entry
from reunify.workflows.calendar_io import CalendarImportError, parse_csv


def import_csv(session: Session, calendar: CourtCalendar, path: Path) -> int:
    """Add every row of the file to the calendar; returns how many entries were added."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CalendarImportError(problems=str(exc)) from None
    rows = parse_csv(text)
    for row in rows:
        add_calendar_entry(session, calendar, row.kind, row.start, row.end, row.label)
    return len(rows)
