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


# LFT art. 74 holidays 2026–2030, with the movable Mondays worked out by hand.
LFT_HOLIDAYS = {
    2026: [
        "2026-01-01",
        "2026-02-02",
        "2026-03-16",
        "2026-05-01",
        "2026-09-16",
        "2026-11-16",
        "2026-12-25",
    ],
    2027: [
        "2027-01-01",
        "2027-02-01",
        "2027-03-15",
        "2027-05-01",
        "2027-09-16",
        "2027-11-15",
        "2027-12-25",
    ],
    2028: [
        "2028-01-01",
        "2028-02-07",
        "2028-03-20",
        "2028-05-01",
        "2028-09-16",
        "2028-11-20",
        "2028-12-25",
    ],
    2029: [
        "2029-01-01",
        "2029-02-05",
        "2029-03-19",
        "2029-05-01",
        "2029-09-16",
        "2029-11-19",
        "2029-12-25",
    ],
    2030: [
        "2030-01-01",
        "2030-02-04",
        "2030-03-18",
        "2030-05-01",
        "2030-09-16",
        "2030-10-01",
        "2030-11-18",
        "2030-12-25",
    ],
}


@pytest.mark.parametrize("year", sorted(LFT_HOLIDAYS))
def test_lft_holidays_by_year(year: int) -> None:
    expected = {date.fromisoformat(d) for d in LFT_HOLIDAYS[year]}
    day = date(year, 1, 1)
    while day.year == year:
        is_holiday = day in expected
        if day.weekday() < 5:
            assert LFT.is_business_day(day) is not is_holiday, day
        day = date.fromordinal(day.toordinal() + 1)


def test_inauguration_only_every_six_years() -> None:
    years = [
        y
        for y in range(2024, 2037)
        if not LFT.is_business_day(date(y, 10, 1)) and date(y, 10, 1).weekday() < 5
    ]
    assert years == [2024, 2030, 2036]


def test_csv_import_all_or_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reunify.workflows.calendar_io import CalendarImportError, parse_csv

    rows = parse_csv(
        "start,end,kind,label\n"
        "2026-12-17,2027-01-06,vacaciones,Segundo periodo\n"
        "12/12/2026,,inhábil,Virgen de Guadalupe\n"
    )
    assert [(r.kind.value, r.start, r.end) for r in rows] == [
        ("vacation", date(2026, 12, 17), date(2027, 1, 6)),
        ("holiday", date(2026, 12, 12), date(2026, 12, 12)),
    ]
    with pytest.raises(CalendarImportError) as err:
        parse_csv("start,end,kind,label\n2026-13-01,,holiday,x\n2026-01-05,2026-01-01,holiday,y\n")
    message = err.value.user_message()
    assert "line 2" in message and "line 3" in message
    with pytest.raises(CalendarImportError):
        parse_csv("fecha;tipo\n2026-01-01;inhábil\n")
