"""Court calendars and due-date arithmetic (DOMAIN.md §3).

Business days skip weekends, the base calendar's holidays (LFT art. 74 from the
`holidays` package, or US federal holidays) and the court's own entries
(holidays and vacation ranges). A deadline starts the day after its trigger
(CNPCyF art. 227).
"""

from __future__ import annotations

import calendar as _cal
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays

from reunify.models.enums import CalendarBase, CalendarEntryKind, DeadlineUnit
from reunify.resources import package_path

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


# -- the range a calendar date may take -------------------------------------------

FIRST_YEAR, LAST_YEAR = 1900, 2100


def year_in_range(day: date) -> bool:
    """Whether a calendar day is plausible: a typo such as 2207, or a range 0001–9999,
    would make every deadline counted on the calendar overflow or run for ever."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


# -- calendars shipped with the app (reunify/calendars/*.toml) ---------------------

SHIPPED_FIELDS = frozenset(
    {"key", "version", "name", "base", "jurisdiction", "source", "notes", "years", "entries"}
)
ENTRY_FIELDS = frozenset({"kind", "start", "end", "label"})


@dataclass(frozen=True)
class ShippedCalendar:
    """A court calendar as published (a circular, a law), kept as reviewable data and
    installed once into every vault, where a person may then edit it."""

    key: str
    version: int
    name: str
    base: CalendarBase
    jurisdiction: str
    source: str
    notes: str
    years: tuple[int, ...]
    entries: tuple[Entry, ...]

    def business_calendar(self) -> BusinessCalendar:
        return BusinessCalendar(self.name, self.base, list(self.entries))


def parse_shipped(data: dict[str, Any], origin: str) -> ShippedCalendar:
    """Check one shipped calendar file; a mistake in the data is a bug, named by file."""
    unknown = set(data) - SHIPPED_FIELDS
    if unknown:
        raise ValueError(f"{origin}: unknown fields {sorted(unknown)}")
    entries = []
    for i, raw in enumerate(data.get("entries", [])):
        bad = set(raw) - ENTRY_FIELDS
        if bad:
            raise ValueError(f"{origin}: entry {i}: unknown fields {sorted(bad)}")
        start, end = raw["start"], raw.get("end", raw["start"])
        if not (isinstance(start, date) and isinstance(end, date)):
            raise ValueError(f"{origin}: entry {i}: start and end must be dates")
        if end < start or not (year_in_range(start) and year_in_range(end)):
            raise ValueError(f"{origin}: entry {i}: dates out of order or out of range")
        if not str(raw.get("label", "")).strip():
            raise ValueError(f"{origin}: entry {i}: a label says what the day is")
        entries.append(Entry(CalendarEntryKind(raw["kind"]), start, end, str(raw["label"])))
    return ShippedCalendar(
        key=str(data["key"]),
        version=int(data["version"]),
        name=str(data["name"]),
        base=CalendarBase(data["base"]),
        jurisdiction=str(data.get("jurisdiction", "")),
        source=str(data["source"]),
        notes=str(data.get("notes", "")),
        years=tuple(int(y) for y in data.get("years", [])),
        entries=tuple(sorted(entries, key=lambda e: (e.starts_on, e.ends_on))),
    )


@lru_cache(maxsize=1)
def shipped_calendars() -> tuple[ShippedCalendar, ...]:
    """Every calendar in reunify/calendars/, in file-name order."""
    folder = package_path("calendars")
    found = []
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            cal = parse_shipped(tomllib.load(fh), path.name)
        if cal.key != path.stem:
            raise ValueError(f"{path.name}: key {cal.key!r} is not the file's name")
        found.append(cal)
    return tuple(found)


def shipped_calendar(key: str) -> ShippedCalendar:
    for cal in shipped_calendars():
        if cal.key == key:
            return cal
    raise KeyError(key)
