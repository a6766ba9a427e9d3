"""Court calendar import: a court's published circular, typed once as CSV, becomes
calendar entries through the same audited operation as entries typed by hand."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.models import CalendarBase, CourtCalendar
from reunify.models.base import new_id
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


def rule_calendar(session: Session, key: str) -> CourtCalendar | None:
    """The vault's calendar for a template due rule's named calendar ("us", "amparo",
    "consulate"); None counts on the LFT base."""
    if key == "us":
        cal = session.scalar(
            select(CourtCalendar).where(CourtCalendar.base == CalendarBase.US_FEDERAL).limit(1)
        )
        if cal is None:
            cal = CourtCalendar(id=new_id(), name="US federal", base=CalendarBase.US_FEDERAL)
            session.add(cal)
            session.flush()
        return cal
    return None
