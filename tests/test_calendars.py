"""Due-date arithmetic on court calendars (CNPCyF art. 227: count from the next day)."""

from __future__ import annotations

from datetime import date

import pytest

from reunify.models import CalendarBase, CalendarEntryKind, DeadlineUnit
from reunify.workflows.calendars import BusinessCalendar, Entry, add_months, compute_due

LFT = BusinessCalendar("LFT", CalendarBase.MX_FEDERAL)
TLAXCALA = BusinessCalendar(
    "TSJ Tlaxcala",
    CalendarBase.MX_FEDERAL,
    [Entry(CalendarEntryKind.VACATION, date(2026, 12, 17), date(2027, 1, 6), "Vacaciones")],
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 16), False),  # third Monday of November
        (date(2026, 11, 17), True),
        (date(2026, 11, 21), False),  # Saturday
        (date(2027, 2, 1), False),  # first Monday of February
        (date(2027, 3, 15), False),  # third Monday of March
        (date(2030, 10, 1), False),  # presidential inauguration, every six years
        (date(2029, 10, 1), True),
        (date(2026, 12, 25), False),
    ],
)
def test_lft_base(day: date, working: bool) -> None:
    assert LFT.is_business_day(day) is working


@pytest.mark.parametrize(
    ("calendar", "trigger", "amount", "due"),
    [
        (LFT, date(2026, 12, 10), 9, date(2026, 12, 23)),
        (TLAXCALA, date(2026, 12, 10), 9, date(2027, 1, 13)),  # vacation spans New Year
        (LFT, date(2026, 11, 13), 1, date(2026, 11, 17)),  # Fri → skip weekend and holiday
        (LFT, date(2026, 11, 16), 3, date(2026, 11, 19)),  # trigger on a holiday
        (LFT, date(2026, 11, 20), 0, date(2026, 11, 20)),
    ],
)
def test_business_days(calendar: BusinessCalendar, trigger: date, amount: int, due: date) -> None:
    assert calendar.add_business_days(trigger, amount) == due


def test_declared_working_day_overrides_base() -> None:
    cal = BusinessCalendar(
        "Guardia",
        CalendarBase.MX_FEDERAL,
        [Entry(CalendarEntryKind.WORKING_DAY, date(2026, 11, 16), date(2026, 11, 16))],
    )
    assert cal.is_business_day(date(2026, 11, 16))


def test_other_units() -> None:
    assert compute_due(date(2026, 1, 31), 1, DeadlineUnit.MONTHS, None) == date(2026, 2, 28)
    assert add_months(date(2025, 10, 6), 15) == date(2027, 1, 6)
    assert compute_due(date(2026, 9, 14), 90, DeadlineUnit.CALENDAR_DAYS, None) == date(
        2026, 12, 13
    )
    assert compute_due(date(2026, 9, 14), None, DeadlineUnit.NONE, None) is None
