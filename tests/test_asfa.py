"""The ASFA clock's date rules (reunify.workflows.asfa), each worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from reunify.workflows import asfa
from reunify.workflows.asfa import Hearing, Stay, StayError


def test_considered_entered_is_the_earlier_of_adjudication_and_60_days() -> None:
    removal = date(2026, 3, 2)
    # 60 days after Mon 2 Mar 2026: 29 more days of March (31 Mar), 30 of April → 1 May
    assert asfa.considered_entered(removal, None) == date(2026, 5, 1)
    # adjudicated 45 days after: 29 (31 Mar) + 16 → 16 Apr 2026, earlier than 1 May
    assert asfa.considered_entered(removal, date(2026, 4, 16)) == date(2026, 4, 16)
    # adjudicated 70 days after (11 May): the 60th day comes first
    assert asfa.considered_entered(removal, date(2026, 5, 11)) == date(2026, 5, 1)


def test_one_unbroken_stay_reaches_15_months_on_the_anniversary() -> None:
    clock = asfa.clock(date(2026, 3, 2))
    assert clock.considered_entered == date(2026, 5, 1)
    # 1 May 2026 + 15 months = 1 Aug 2027: the 457 days from 1 May 2026 to 1 Aug 2027
    # are as many as in the 15 months before 1 Aug 2027 (1 May 2026 – 31 Jul 2027)
    assert clock.fifteen_of_22 == date(2027, 8, 1)
    stays = asfa.counted(date(2026, 3, 2), None, ())
    assert not asfa.reached(stays, date(2027, 7, 31))  # 456 days in care, 457 needed
    assert clock.in_care


def test_the_days_in_care_leave_the_day_the_child_left_out() -> None:
    stays = [Stay(date(2025, 11, 1), date(2026, 2, 1))]
    # November 30 + December 31 + January 31 = 92 nights in care; 1 Feb is not one
    assert asfa.days_in_care(stays, date(2025, 1, 1), date(2026, 6, 1)) == 92
    # from 15 Jan: 15 Jan – 31 Jan = 17 days
    assert asfa.days_in_care(stays, date(2026, 1, 15), date(2026, 6, 1)) == 17


def test_an_earlier_stay_in_the_window_brings_the_mark_nearer() -> None:
    removal, adjudication = date(2026, 3, 2), date(2026, 4, 16)
    earlier = [Stay(date(2025, 11, 1), date(2026, 2, 1))]  # 92 days, see above
    clock = asfa.clock(removal, adjudication, earlier)
    # Entered 16 Apr 2026. While the window (22 months back) still holds 1 Nov 2025 all 92
    # days count: 92 + (D − 16 Apr 2026) ≥ D − (D − 15 months) ⇔ D − 15 months ≥
    # 16 Apr 2026 − 92 days = 14 Jan 2026 (Apr 16 → Mar 16: 31, → Feb 16: 28, → Jan 16:
    # 31, → Jan 14: 2) ⇔ D ≥ 14 Apr 2027. On 14 Apr 2027: 92 + 363 = 455 days in care,
    # 455 needed (14 Jan 2026 – 13 Apr 2027); on 13 Apr: 454 of 455.
    assert clock.fifteen_of_22 == date(2027, 4, 14)
    alone = asfa.clock(removal, adjudication)
    assert alone.fifteen_of_22 == date(2027, 7, 16)  # 16 Apr 2026 + 15 months


def test_a_stay_that_slid_out_of_the_22_months_does_not_count() -> None:
    # three months two years before the removal: out of every window that matters
    earlier = [Stay(date(2024, 3, 4), date(2024, 6, 4))]
    clock = asfa.clock(date(2026, 3, 2), date(2026, 4, 16), earlier)
    assert clock.fifteen_of_22 == date(2027, 7, 16)


def test_a_gap_longer_than_7_months_leaves_the_earlier_stay_useless() -> None:
    # 22 − 15 = 7 months of the window may be out of care: here 1 Sep 2025 – 16 Apr 2026
    # is 7½ months, so the earlier 92 days never add up to the mark before the current
    # stay reaches it alone
    earlier = [Stay(date(2025, 6, 1), date(2025, 9, 1))]
    clock = asfa.clock(date(2026, 3, 2), date(2026, 4, 16), earlier)
    assert clock.fifteen_of_22 == date(2027, 7, 16)


def test_leaving_care_stops_the_clock_and_the_hearings() -> None:
    clock = asfa.clock(date(2026, 3, 2), date(2026, 4, 16), left_on=date(2026, 12, 1))
    assert clock.fifteen_of_22 is None and not clock.in_care
    # only the 6-month review (16 Oct 2026) came before she went home on 1 Dec 2026
    assert clock.hearings == (Hearing("review", 6, date(2026, 10, 16)),)
    # home before the 60th day and no adjudication: never considered entered
    short = asfa.clock(date(2026, 3, 2), left_on=date(2026, 4, 1))
    assert short.fifteen_of_22 is None and short.hearings == ()


def test_reviews_every_6_months_and_permanency_every_12() -> None:
    clock = asfa.clock(date(2026, 3, 2), date(2026, 4, 16))
    assert clock.hearings == (
        Hearing("review", 6, date(2026, 10, 16)),
        Hearing("permanency", 12, date(2027, 4, 16)),
        Hearing("review", 18, date(2027, 10, 16)),
        Hearing("permanency", 24, date(2028, 4, 16)),
    )
    # a month end is clamped: entered 31 Aug 2026 → review 28 Feb 2027
    assert asfa.hearings(date(2026, 8, 31))[0].due == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("earlier", "left_on", "code"),
    [
        ([Stay(date(2025, 1, 1))], None, "open_earlier_stay"),
        ([Stay(date(2025, 1, 1), date(2025, 1, 1))], None, "ends_before_start"),
        ([Stay(date(2026, 1, 1), date(2026, 3, 5))], None, "after_removal"),
        (
            [Stay(date(2025, 1, 1), date(2025, 3, 1)), Stay(date(2025, 2, 1), date(2025, 4, 1))],
            None,
            "overlap",
        ),
        ([], date(2026, 3, 2), "left_before_removal"),
    ],
)
def test_stays_that_do_not_fit_are_refused(
    earlier: list[Stay], left_on: date | None, code: str
) -> None:
    with pytest.raises(StayError) as refused:
        asfa.clock(date(2026, 3, 2), None, earlier, left_on)
    assert refused.value.code == code
