"""The ASFA clock of a child in US foster care: pure date rules, no vault.

Sources (federal law; each state adds its own, shorter periods):

- 42 U.S.C. 675(5)(F), 45 CFR 1356.21(d)(4): a child is *considered to have
  entered foster care* on the earlier of the first judicial finding of abuse or
  neglect (the adjudication) and the day 60 days after the removal from home.
- 42 U.S.C. 675(5)(E), 45 CFR 1356.21(i)(1)(i): the state files (or joins) a
  petition to terminate parental rights when the child has been in foster care
  15 of the most recent 22 months, counted from the date considered entered and
  cumulatively over exits and re-entries; trial home visits and runaway episodes
  are not counted (1356.21(i)(1)(i)(C) (?)). Exceptions, 675(5)(E)(i)–(iii): the
  child is cared for by a relative; a compelling reason documented in the case
  plan; the state has not provided the services of the case plan.
- 42 U.S.C. 675(5)(B): a review at least every 6 months; 675(5)(C): a
  permanency hearing within 12 months of the date considered entered and at
  least every 12 months after.

How "15 months" of days spread over several stays is measured (our rule, (?)):
a day *in care* is a day from a stay's first counted day up to the day before
it ended (the day the child left care is not counted, like a night away from
home). On day D the child has been in care "15 of the most recent 22 months"
when the days in care in the 22 calendar months before D (from `add_months(D,
-22)` up to the day before D) are at least as many as the days in the 15
calendar months before D. For one unbroken stay this is the plain anniversary,
`add_months(entered, 15)` (10 Mar 2026 → 10 Jun 2027), the date a person counts
by hand; with earlier stays it moves earlier by the days they still have in the
window, and a stay that slides out of the window stops counting. Calendar
months, not 30-day or 30.4375-day months: they agree with the anniversary the
court and the agency name, and need no rounding. An agency may count otherwise
(?): the attorney compares with the agency's own date.

The current stay counts from the date considered entered (the first up to 60
days after the removal are not counted, 675(5)(F)); an earlier stay counts as
entered, from its first day to the day it ended (?).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from reunify.workflows.calendars import add_months

ENTRY_AFTER_REMOVAL_DAYS = 60  # 675(5)(F)(ii)
MONTHS_IN_CARE = 15  # 675(5)(E)
WINDOW_MONTHS = 22  # 675(5)(E)
REVIEW_MONTHS = 6  # 675(5)(B)
PERMANENCY_MONTHS = 12  # 675(5)(C)
# Hearings are given up to two years after entry: a permanency hearing then
# decides the plan, and the next ones are counted from what the court orders.
HORIZON_MONTHS = 24


class AsfaException(StrEnum):
    """Why the state need not file for termination at 15 of 22 months, 675(5)(E)."""

    RELATIVE = "relative"  # (i) the child is being cared for by a relative
    COMPELLING_REASON = "compelling_reason"  # (ii) documented in the case plan
    SERVICES_NOT_PROVIDED = "services_not_provided"  # (iii) services of the case plan


@dataclass(frozen=True)
class Stay:
    """A stay in foster care: its first day and the day the child left (None: still in care)."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class Hearing:
    kind: str  # "review" | "permanency"
    months: int  # after the date considered entered
    due: date  # held on or before this day


@dataclass(frozen=True)
class AsfaClock:
    considered_entered: date
    # the day 15 of the most recent 22 months are reached; None when the child left
    # care before reaching them
    fifteen_of_22: date | None
    hearings: tuple[Hearing, ...]
    in_care: bool  # the current stay is still open


class StayError(ValueError):
    """The stays do not fit together; `code` says how (the operation words it)."""

    def __init__(self, code: str, stay: Stay | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.stay = stay


def considered_entered(removal: date, adjudication: date | None) -> date:
    """675(5)(F): the earlier of the adjudication and 60 days after the removal."""
    latest = removal + timedelta(days=ENTRY_AFTER_REMOVAL_DAYS)
    return latest if adjudication is None else min(adjudication, latest)


def check_stays(removal: date, earlier: Sequence[Stay], left_on: date | None = None) -> None:
    """Raise StayError when an earlier stay is open, ends before it starts, overlaps
    another, or does not end before the removal; or when the child left before removal."""
    if left_on is not None and left_on <= removal:
        raise StayError("left_before_removal")
    previous: Stay | None = None
    for stay in sorted(earlier, key=lambda s: s.start):
        if stay.end is None:
            raise StayError("open_earlier_stay", stay)
        if stay.end <= stay.start:
            raise StayError("ends_before_start", stay)
        if stay.end > removal:
            raise StayError("after_removal", stay)
        if previous is not None and previous.end is not None and stay.start < previous.end:
            raise StayError("overlap", stay)
        previous = stay


def counted(
    removal: date, adjudication: date | None, earlier: Iterable[Stay], left_on: date | None = None
) -> list[Stay]:
    """The stays as the clock counts them: earlier ones as they are, the current one
    from the date considered entered (empty if the child left before that day)."""
    entered = considered_entered(removal, adjudication)
    stays = sorted(earlier, key=lambda s: s.start)
    if left_on is None or left_on > entered:
        stays.append(Stay(entered, left_on))
    return stays


def days_in_care(stays: Iterable[Stay], since: date, before: date) -> int:
    """Days in care from `since` up to the day before `before` (a stay's end day is out)."""
    total = 0
    for stay in stays:
        first = max(stay.start, since)
        stop = before if stay.end is None else min(stay.end, before)
        total += max(0, (stop - first).days)
    return total


def reached(stays: Sequence[Stay], day: date) -> bool:
    """On `day`, has the child been in care 15 of the most recent 22 months (rule above)?"""
    needed = (day - add_months(day, -MONTHS_IN_CARE)).days
    return days_in_care(stays, add_months(day, -WINDOW_MONTHS), day) >= needed


def fifteen_of_22(stays: Sequence[Stay]) -> date | None:
    """The first day 15 of the most recent 22 months are reached while the child is in
    care (up to the day the last stay ended); None if never."""
    if not stays:
        return None
    current = stays[-1]
    # In one unbroken stay 15 months are reached by the anniversary (clamped month ends
    # can add a day or two); earlier stays only bring the day nearer.
    last = current.end or add_months(current.start, MONTHS_IN_CARE + 1)
    day = current.start
    while day <= last:
        if reached(stays, day):
            return day
        day += timedelta(days=1)
    return None


def hearings(entered: date, left_on: date | None = None) -> tuple[Hearing, ...]:
    """Reviews every 6 months and permanency hearings every 12, counted from the date
    considered entered; where both fall due the permanency hearing is the one held
    (45 CFR 1355.20 lets it serve as the review (?)). None after the child left care."""
    found = []
    for months in range(REVIEW_MONTHS, HORIZON_MONTHS + 1, REVIEW_MONTHS):
        kind = "permanency" if months % PERMANENCY_MONTHS == 0 else "review"
        due = add_months(entered, months)
        if left_on is None or due < left_on:
            found.append(Hearing(kind, months, due))
    return tuple(found)


def clock(
    removal: date,
    adjudication: date | None = None,
    earlier: Sequence[Stay] = (),
    left_on: date | None = None,
) -> AsfaClock:
    """The ASFA dates of a child removed on `removal` (the current stay), with the
    adjudication if there was one yet, the stays in care before this removal, and the day
    the child left care this time (None while in care)."""
    check_stays(removal, earlier, left_on)
    entered = considered_entered(removal, adjudication)
    stays = counted(removal, adjudication, earlier, left_on)
    mark = fifteen_of_22(stays) if stays and stays[-1].start == entered else None
    return AsfaClock(entered, mark, hearings(entered, left_on), left_on is None)
