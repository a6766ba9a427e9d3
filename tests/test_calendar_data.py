"""The court calendars shipped with the app: the data loads and is in range, every vault
gets each calendar once, and the Ley de Amparo and consulate calendars count as worked
out by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import holidays
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reunify import operations as ops
from reunify.models import AuditAction, AuditEvent, CalendarEntryKind, CourtCalendar, VaultSetting
from reunify.operations.calendars import INSTALLED_SETTING, rule_calendar
from reunify.operations.deadlines import business_calendar
from reunify.queries import court_calendars
from reunify.vault import Vault
from reunify.workflows.calendars import (
    ShippedCalendar,
    parse_shipped,
    shipped_calendar,
    shipped_calendars,
    year_in_range,
)

from .conftest import PASSPHRASE

COURTS = {
    "MX-PUE", "MX-CMX", "MX-CHP", "MX-OAX", "MX-GRO", "MX-MIC", "MX-MEX", "MX-JAL", "MX-TLA",
    "MX-VER", "US-CA", "US-NY",
}  # fmt: skip


def _installs(s: object) -> int:
    return s.scalar(  # type: ignore[attr-defined, no-any-return]
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == AuditAction.CALENDAR_INSTALL.value)
    )


# -- the data ------------------------------------------------------------------------


def test_every_shipped_calendar_loads_with_its_source_and_years_in_range() -> None:
    found = shipped_calendars()
    assert {c.jurisdiction for c in found} >= COURTS
    assert {"amparo", "consulate"} <= {c.key for c in found}
    assert len({c.name for c in found}) == len(found)
    for cal in found:
        assert cal.source.strip() and cal.years == (2026, 2027), cal.key
        assert cal.entries, cal.key
        for e in cal.entries:
            assert year_in_range(e.starts_on) and year_in_range(e.ends_on)
            assert e.starts_on.year in cal.years and e.label.strip()
        # a court whose year's circular is not known says so, and marks its days
        if cal.jurisdiction.startswith("MX-"):
            assert "No se conoce la circular" in cal.notes
            assert all("(?)" in e.label for e in cal.entries), cal.key


def test_a_shipped_file_with_an_unknown_field_or_a_year_out_of_range_is_refused() -> None:
    good = {
        "key": "x", "version": 1, "name": "X", "base": "none", "source": "s",
        "entries": [{"kind": "holiday", "start": date(2026, 1, 1), "label": "Año Nuevo"}],
    }  # fmt: skip
    assert isinstance(parse_shipped(good, "x.toml"), ShippedCalendar)
    with pytest.raises(ValueError, match="unknown fields"):
        parse_shipped({**good, "circular": "?"}, "x.toml")
    late = [{"kind": "holiday", "start": date(2207, 1, 1), "label": "typo"}]
    with pytest.raises(ValueError, match="out of range"):
        parse_shipped({**good, "entries": late}, "x.toml")


def test_the_us_state_court_calendars_agree_with_the_holidays_package_where_it_knows() -> None:
    """The files were generated from `holidays` (tools/make_calendars.py); a regeneration
    that lost a day, or a hand edit that moved one, shows here."""
    for key, subdiv in (("us_ca_courts", "CA"), ("us_ny_courts", "NY")):
        closed = {e.starts_on for e in shipped_calendar(key).entries}
        known = holidays.country_holidays("US", subdiv=subdiv, years=[2026, 2027])
        wanted = {d for d, name in known.items() if name != "Susan B. Anthony Day"}
        assert wanted <= closed, (key, sorted(wanted - closed))
    ca = {e.starts_on: e.label for e in shipped_calendar("us_ca_courts").entries}
    assert "César Chávez" in ca[date(2026, 3, 31)]
    assert "Day after Thanksgiving" in ca[date(2026, 11, 27)]
    assert "Lincoln" in ca[date(2026, 2, 12)]
    ny = {e.starts_on: e.label for e in shipped_calendar("us_ny_courts").entries}
    assert "Lincoln" in ny[date(2027, 2, 12)] and "Election Day" in ny[date(2026, 11, 3)]


def test_the_files_are_what_the_generator_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "make_calendars", Path(__file__).parents[1] / "tools" / "make_calendars.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_calendars", module)
    spec.loader.exec_module(module)
    shipped = Path(module.OUT)
    module.OUT = tmp_path
    module.main()
    for path in sorted(tmp_path.glob("*.toml")):
        assert path.read_text("utf-8") == (shipped / path.name).read_text("utf-8"), path.name
    assert {p.name for p in tmp_path.glob("*.toml")} == {p.name for p in shipped.glob("*.toml")}


# -- the Ley de Amparo and consulate calendars, worked by hand ---------------------------


def test_amparo_days_follow_article_19_not_the_lft() -> None:
    amparo = shipped_calendar("amparo").business_calendar()
    # 15 amparo business days from a notice on Fri 4 Sep 2026: 7,8,9,10,11 (5),
    # Mon 14 Sep inhábil (art. 19), 15 (6), Wed 16 Sep inhábil, 17,18 (8),
    # 21,22,23,24,25 (13), 28 (14), 29 (15) → Tue 29 Sep 2026.
    assert amparo.add_business_days(date(2026, 9, 4), 15) == date(2026, 9, 29)
    # On the LFT base 14 Sep is a working day: one day earlier, Mon 28 Sep.
    assert ops.deadlines.business_calendar(None).add_business_days(date(2026, 9, 4), 15) == date(
        2026, 9, 28
    )
    # From Fri 9 Oct 2026, 5 days: Mon 12 Oct inhábil (art. 19); 13,14,15,16, 19 → 19 Oct.
    assert amparo.add_business_days(date(2026, 10, 9), 5) == date(2026, 10, 19)
    # From Fri 13 Nov 2026, 1 day: Mon 16 Nov (third Monday) inhábil → Tue 17 Nov.
    assert amparo.add_business_days(date(2026, 11, 13), 1) == date(2026, 11, 17)
    # From Mon 14 Dec 2026, 3 days: 15 Dec (1); 16–31 Dec vacation (?); 1 Jan inhábil;
    # 2–3 Jan weekend; 4 Jan (2), 5 Jan (3) → Tue 5 Jan 2027.
    assert amparo.add_business_days(date(2026, 12, 14), 3) == date(2027, 1, 5)
    # From Fri 30 Apr 2027, 3 days: 1 May Sat; 3 (1), 4 (2), Wed 5 May inhábil, 6 (3).
    assert amparo.add_business_days(date(2027, 4, 30), 3) == date(2027, 5, 6)
    # 2027's movable Mondays: 1 Feb, 15 Mar, 15 Nov.
    for day in (date(2027, 2, 1), date(2027, 3, 15), date(2027, 11, 15)):
        assert not amparo.is_business_day(day)
    assert amparo.is_business_day(date(2027, 2, 5))  # the fixed date no longer closes


def test_consulates_close_on_mexican_and_us_holidays() -> None:
    consulate = shipped_calendar("consulate").business_calendar()
    closed = [
        date(2026, 9, 16),  # Independencia de México (LFT base)
        date(2026, 2, 2),  # Día de la Constitución (LFT base)
        date(2026, 7, 3),  # 4 July 2026 is a Saturday: observed Friday 3 July
        date(2027, 7, 5),  # 4 July 2027 is a Sunday: observed Monday 5 July
        date(2026, 11, 26),  # Thanksgiving
        date(2027, 11, 25),  # Thanksgiving
        date(2026, 1, 19),  # Martin Luther King Jr. Day
    ]
    for day in closed:
        assert not consulate.is_business_day(day), day
    assert consulate.is_business_day(date(2026, 9, 15))
    # 3 business days from Wed 25 Nov 2026: Thu 26 Thanksgiving, 27 (1), 30 (2), 1 Dec (3).
    assert consulate.add_business_days(date(2026, 11, 25), 3) == date(2026, 12, 1)


# -- installing them into vaults --------------------------------------------------------


def test_a_new_vault_has_every_shipped_calendar_and_the_rules_find_them(vault: Vault) -> None:
    with vault.session() as s:
        names = {c.name for c in court_calendars(s)}
        assert {c.name for c in shipped_calendars()} <= names
        assert _installs(s) == len(shipped_calendars())
        amparo = rule_calendar(s, "amparo")
        consulate = rule_calendar(s, "consulate")
        assert amparo is not None and amparo.name == shipped_calendar("amparo").name
        assert consulate is not None and consulate.name == shipped_calendar("consulate").name
        # the stored copy counts like the file
        assert business_calendar(amparo).add_business_days(date(2026, 9, 4), 15) == date(
            2026, 9, 29
        )
        assert "Fuente:" in amparo.notes and amparo.jurisdiction == "MX"


def test_reopening_adds_nothing_twice_and_keeps_a_persons_edits(vault: Vault) -> None:
    puebla = shipped_calendar("mx_pue_tsj").name
    with vault.session() as s:
        before = len(court_calendars(s))
        cal = s.scalars(select(CourtCalendar).where(CourtCalendar.name == puebla)).one()
        ops.add_calendar_entry(
            s, cal, CalendarEntryKind.HOLIDAY, date(2026, 6, 5), None, "Asueto por circular"
        )
        entries = len(cal.entries)
        installs = _installs(s)
    path = vault.path
    vault.close()
    for _ in range(2):
        with Vault.open(path, PASSPHRASE) as again, again.session() as s:
            assert len(court_calendars(s)) == before
            assert _installs(s) == installs
            cal = s.scalars(select(CourtCalendar).where(CourtCalendar.name == puebla)).one()
            assert len(cal.entries) == entries


def test_a_deleted_shipped_calendar_is_not_added_again_on_open(vault: Vault) -> None:
    name = shipped_calendar("us_ny_courts").name
    with vault.session() as s:
        s.delete(s.scalars(select(CourtCalendar).where(CourtCalendar.name == name)).one())
    path = vault.path
    vault.close()
    with Vault.open(path, PASSPHRASE) as again, again.session() as s:
        assert name not in {c.name for c in court_calendars(s)}


def _forget_installed(s: Session, key: str, name: str) -> None:
    """The vault as one made before calendar `key` shipped: neither it nor its record."""
    s.delete(s.scalars(select(CourtCalendar).where(CourtCalendar.name == name)).one())
    row = s.get_one(VaultSetting, INSTALLED_SETTING)
    record = json.loads(row.value)
    del record[key]
    row.value = json.dumps(record)


def test_an_older_vault_gets_the_calendars_it_lacks_once(vault: Vault) -> None:
    """A vault made before a calendar shipped: the record lacks its key."""
    key = "mx_chp_tsj"
    name = shipped_calendar(key).name
    with vault.session() as s:
        _forget_installed(s, key, name)
        installs = _installs(s)
    path = vault.path
    vault.close()
    with Vault.open(path, PASSPHRASE) as again, again.session() as s:
        assert name in {c.name for c in court_calendars(s)}
        assert _installs(s) == installs + 1
        assert key in json.loads(s.get_one(VaultSetting, INSTALLED_SETTING).value)
    with Vault.open(path, PASSPHRASE) as again, again.session() as s:
        assert _installs(s) == installs + 1


def test_a_persons_calendar_of_the_same_name_is_kept_not_doubled(vault: Vault) -> None:
    key = "mx_oax_tsj"
    name = shipped_calendar(key).name
    with vault.session() as s:
        _forget_installed(s, key, name)
        s.flush()
        mine = ops.create_calendar(s, name=name, base="mx_federal", jurisdiction="MX-OAX")
        mine_id = mine.id
    path = vault.path
    vault.close()
    with Vault.open(path, PASSPHRASE) as again, again.session() as s:
        same = s.scalars(select(CourtCalendar).where(CourtCalendar.name == name)).all()
        assert [c.id for c in same] == [mine_id] and same[0].entries == []


def test_a_rule_calendar_a_person_deleted_comes_back_when_a_rule_needs_it(vault: Vault) -> None:
    with vault.session() as s:
        first = rule_calendar(s, "amparo")
        assert first is not None
        s.delete(first)
        s.flush()
        again = rule_calendar(s, "amparo")
        assert again is not None and again.id != first.id
        assert len(again.entries) == len(shipped_calendar("amparo").entries)
        assert rule_calendar(s, "amparo") is again
