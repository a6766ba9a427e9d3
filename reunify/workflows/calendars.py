"""Court calendars and due-date arithmetic (DOMAIN.md §3).

Business days skip weekends, the base calendar's holidays (LFT art. 74 from the
`holidays` package, or US federal holidays) and the court's own entries
(holidays and vacation ranges). A deadline starts the day after its trigger
(CNPCyF art. 227).
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

from reunify.models.enums import CalendarBase, CalendarEntryKind, DeadlineUnit

MAX_SPAN_DAYS = 3 * 366  # a business-day count that runs longer is a data error


@lru_cache(maxsize=64)
def _base_holidays(base: CalendarBase, year: int) -> frozenset[date]:
    if base == CalendarBase.MX_FEDERAL:
        return frozenset(holidays.country_holidays("MX", years=year).keys())
    if base == CalendarBase.US_FEDERAL:
        return frozenset(holidays.country_holidays("US", years=year).keys())
    return frozenset()


@dataclass(frozen=True)
class Entry:
    kind: CalendarEntryKind
    starts_on: date
    ends_on: date
    label: str = ""


@dataclass
class BusinessCalendar:
    """A base calendar plus a court's own non-working days and declared working days."""

    name: str
    base: CalendarBase = CalendarBase.MX_FEDERAL
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._closed: set[date] = set()
        self._open: set[date] = set()
        for e in self.entries:
            target = self._open if e.kind == CalendarEntryKind.WORKING_DAY else self._closed
            day = e.starts_on
            while day <= e.ends_on:
                target.add(day)
                day += timedelta(days=1)

    def is_business_day(self, day: date) -> bool:
        if day in self._open:
            return True
        if day.weekday() >= 5 or day in self._closed:
            return False
        return day not in _base_holidays(self.base, day.year)

    def add_business_days(self, trigger: date, amount: int) -> date:
        """The last day of a period of `amount` business days starting the day after `trigger`."""
        if amount < 0:
            raise ValueError("amount must not be negative")
        day, counted = trigger, 0
        while counted < amount:
            day += timedelta(days=1)
            if (day - trigger).days > MAX_SPAN_DAYS:
                raise ValueError("calendar has no business days in range")
            if self.is_business_day(day):
                counted += 1
        return day


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def compute_due(
    trigger: date, amount: int | None, unit: DeadlineUnit, calendar: BusinessCalendar | None
) -> date | None:
    """Due date of a deadline; None for "at any time" (unit NONE)."""
    if unit == DeadlineUnit.NONE or amount is None:
        return None
    if unit == DeadlineUnit.BUSINESS_DAYS:
        return (calendar or BusinessCalendar("LFT")).add_business_days(trigger, amount)
    if unit == DeadlineUnit.CALENDAR_DAYS:
        return trigger + timedelta(days=amount)
    return add_months(trigger, amount)
