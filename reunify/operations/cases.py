"""Operations on cases: open, edit, change status, choose legal tracks."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_
from reunify.models import AuditAction, Case, CaseStatus, CaseTrack, LegalTrack, VaultSetting
from reunify.operations import _base


def _setting(session: Session, key: str, default: str) -> VaultSetting:
    row = session.get(VaultSetting, key)
    if row is None:
        row = VaultSetting(key=key, value=default)
        session.add(row)
    return row


def next_reference(session: Session, year: int) -> str:
    """Next reference like RU-2026-0042: prefix from the vault settings, counter per year."""
    prefix = _setting(session, "reference_prefix", "RU").value or "RU"
    counter = _setting(session, f"reference_counter:{prefix}:{year}", "0")
    n = int(counter.value) + 1
    while session.scalar(select(Case.id).where(Case.reference == f"{prefix}-{year}-{n:04d}")):
        n += 1
    counter.value = str(n)
    return f"{prefix}-{year}-{n:04d}"


def create_case(
    session: Session,
    *,
    opened_on: date | None = None,
    tracks: list[LegalTrack] | None = None,
    **fields: Any,
) -> Case:
    opened = opened_on or date.today()
    case = _base.create(
        session,
        Case,
        AuditAction.CASE_CREATE,
        fields,
        reference=next_reference(session, opened.year),
        opened_on=opened,
    )
    for track in tracks or []:
        add_track(session, case, track, started_on=opened)
    return case


def update_case(session: Session, case: Case, **changes: Any) -> Case:
    if "status" in changes or "reference" in changes:
        raise ValueError("use set_case_status; references never change")
    return _base.update(session, case, AuditAction.CASE_UPDATE, changes)


def set_case_status(
    session: Session, case: Case, status: CaseStatus, *, on: date | None = None, place: str = ""
) -> Case:
    """Reunified is an outcome with a date and place; closed is the end of the work."""
    day = on or date.today()
    changes: dict[str, Any] = {"status": status}
    if status == CaseStatus.REUNIFIED:
        changes.update(reunified_on=day, reunified_place=place)
    elif status == CaseStatus.CLOSED:
        changes["closed_on"] = day
    elif case.closed_on is not None:
        changes["closed_on"] = None  # reopened
    return _base.update(session, case, AuditAction.CASE_STATUS, changes)


def add_track(
    session: Session,
    case: Case,
    track: LegalTrack,
    *,
    started_on: date | None = None,
    notes: str = "",
) -> CaseTrack:
    if any(t.track == track and t.ended_on is None for t in case.tracks):
        raise ValidationError("track", N_("This legal track is already active in the case."))
    row = _base.create(
        session,
        CaseTrack,
        AuditAction.CASE_TRACK_ADD,
        {"track": track, "started_on": started_on or date.today(), "notes": notes},
        case_id=case.id,
    )
    session.flush()
    session.refresh(case, ["tracks"])
    return row


def end_track(session: Session, track: CaseTrack, *, on: date | None = None) -> CaseTrack:
    return _base.update(
        session, track, AuditAction.CASE_TRACK_END, {"ended_on": on or date.today()}
    )


def list_cases(session: Session) -> list[Case]:
    return list(session.scalars(select(Case).order_by(Case.reference)))


def find_case(session: Session, reference: str) -> Case | None:
    return session.scalar(select(Case).where(Case.reference == reference.strip().upper()))
