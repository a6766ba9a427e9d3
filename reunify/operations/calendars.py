"""Court calendars: the ones shipped with the app, installed once into every vault, and
CSV import/export (a court's published circular, typed once). Entries are written
through the same audited operations as entries typed by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ReunifyError, ValidationError
from reunify.fileio import os_error, replacing
from reunify.models import (
    AuditAction,
    CalendarBase,
    CalendarEntry,
    CourtCalendar,
    VaultSetting,
    audit,
)
from reunify.models.base import new_id
from reunify.operations.deadlines import add_calendar_entry
from reunify.workflows.calendar_io import (
    CalendarExportError,
    CalendarImportError,
    decode_csv,
    parse_csv,
    to_csv,
)
from reunify.workflows.calendars import (
    Entry,
    ShippedCalendar,
    shipped_calendar,
    shipped_calendars,
)

# The vault's record of the shipped calendars it received: {key: {"version", "id"}}.
# A key listed here is never installed again on open, even if its calendar was deleted.
INSTALLED_SETTING = "shipped_calendars"

# Named calendars a template's due rule may ask for, and the shipped file behind each.
RULE_CALENDARS = {"amparo": "amparo", "consulate": "consulate"}


def _installed(session: Session) -> dict[str, dict[str, Any]]:
    row = session.get(VaultSetting, INSTALLED_SETTING)
    if row is None or not row.value:
        return {}
    try:
        found = json.loads(row.value)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _record(session: Session, installed: dict[str, dict[str, Any]]) -> None:
    value = json.dumps(installed, sort_keys=True)
    row = session.get(VaultSetting, INSTALLED_SETTING)
    if row is None:
        session.add(VaultSetting(key=INSTALLED_SETTING, value=value))
    else:
        row.value = value


def _install(session: Session, shipped: ShippedCalendar) -> CourtCalendar:
    """One shipped calendar into the vault; a calendar a person already has by that name
    is kept as it is and counts as the installed one."""
    existing = session.scalar(select(CourtCalendar).where(CourtCalendar.name == shipped.name))
    if existing is not None:
        return existing
    notes = "\n".join(t for t in (shipped.notes, f"Fuente: {shipped.source}") if t)
    calendar = CourtCalendar(
        id=new_id(),
        name=shipped.name,
        base=shipped.base,
        jurisdiction=shipped.jurisdiction or None,
        notes=notes,
    )
    session.add(calendar)
    session.add_all(
        CalendarEntry(
            id=new_id(),
            calendar_id=calendar.id,
            kind=e.kind,
            starts_on=e.starts_on,
            ends_on=e.ends_on,
            label=e.label,
        )
        for e in shipped.entries
    )
    session.flush()
    audit.append(
        session,
        AuditAction.CALENDAR_INSTALL,
        entity=calendar,
        details={"key": shipped.key, "version": shipped.version, "entries": len(shipped.entries)},
    )
    return calendar


def install_shipped_calendars(session: Session) -> list[CourtCalendar]:
    """Give the vault every shipped calendar it has not had yet (run when a vault is
    created or opened); returns the calendars added. A calendar a person edited or
    deleted is left as they left it: the vault records what it received."""
    installed = _installed(session)
    added = []
    for shipped in shipped_calendars():
        if shipped.key in installed:
            continue
        calendar = _install(session, shipped)
        installed[shipped.key] = {"version": shipped.version, "id": calendar.id}
        added.append(calendar)
    if added:
        _record(session, installed)
    return added


def shipped_in_vault(session: Session, key: str) -> CourtCalendar:
    """The vault's copy of a shipped calendar, installed (again) if it is missing: a due
    rule that names it must not silently count on another calendar."""
    installed = _installed(session)
    calendar_id = installed.get(key, {}).get("id")
    calendar = session.get(CourtCalendar, calendar_id) if calendar_id else None
    if calendar is None:
        shipped = shipped_calendar(key)
        calendar = _install(session, shipped)
        installed[key] = {"version": shipped.version, "id": calendar.id}
        _record(session, installed)
    return calendar


def rule_calendar(session: Session, key: str) -> CourtCalendar | None:
    """The vault's calendar for a template due rule's named calendar ("us", "amparo",
    "consulate"); None counts on the LFT base."""
    if key in RULE_CALENDARS:
        return shipped_in_vault(session, RULE_CALENDARS[key])
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


def import_csv(session: Session, calendar: CourtCalendar, path: Path) -> int:
    """Add every row of the file to the calendar; returns how many entries were added."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CalendarImportError(problems=exc.strerror or str(exc)) from None
    rows = parse_csv(decode_csv(data))
    for row in rows:
        try:
            add_calendar_entry(session, calendar, row.kind, row.start, row.end, row.label)
        except ValidationError as exc:  # a description with invisible characters
            raise CalendarImportError(problems=exc.user_message()) from None
    return len(rows)


def export_csv(calendar: CourtCalendar, path: Path, language: str | None = None) -> int:
    """Write the calendar's days as CSV (UTF-8 with BOM, so Excel shows the accents) that
    `import_csv` reads back; returns how many rows. A calendar is no case content: the
    file is written as asked, without a warning."""
    entries = [Entry(e.kind, e.starts_on, e.ends_on, e.label) for e in calendar.entries]
    text = to_csv(sorted(entries, key=lambda e: (e.starts_on, e.ends_on)), language)
    try:
        with replacing(path) as tmp:
            tmp.write_text(text, encoding="utf-8-sig", newline="")
    except OSError as exc:
        error = os_error(exc, path.parent, path)
        if isinstance(error, ReunifyError):
            raise error from None
        raise CalendarExportError(reason=exc.strerror or str(exc)) from None
    return len(entries)
