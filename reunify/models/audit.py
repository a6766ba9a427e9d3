"""Append-only, hash-chained audit trail.

Each event's hash covers its content and the previous event's hash, so a
removed, reordered or edited event breaks the chain. Triggers in the schema
refuse UPDATE and DELETE, and an INSERT that is not the next link of the chain
(which is also how `INSERT OR REPLACE` and UPSERT would overwrite an event:
SQLite runs no DELETE trigger for a REPLACE). Details hold field names and coded
values, never free text typed about people, so the trail reveals no case content.

Whoever holds the key can still drop the triggers and cut the newest events off
the end (a shorter chain is a valid chain). That is why the chain's head is also
kept outside the vault's pages (reunify.vault.anchors): `check` compares them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from reunify.i18n import N_
from reunify.models.base import Entity, new_id, utcnow

GENESIS = "0" * 64
TAIL_KEY = "reunify.audit_tail"

# The triggers that guard the trail, as the schema holds them (migrations 0001 and 0008
# create them; `check` reports one that is missing or not this text).
_APPEND_ONLY = "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
TRIGGERS: dict[str, str] = {
    "audit_event_no_update": f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    f"{_APPEND_ONLY}",
    "audit_event_no_delete": f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    f"{_APPEND_ONLY}",
    "audit_event_next_link": (
        "CREATE TRIGGER audit_event_next_link BEFORE INSERT ON audit_event "
        "WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_event) "
        "OR NEW.prev_hash IS NOT coalesce("
        "(SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), '" + GENESIS + "') "
        "OR EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'an audit event must be the next link of the chain'); END"
    ),
}
TRIGGERS_SINCE = {"audit_event_next_link": "0008"}  # schema revision that added it


class AuditAction(StrEnum):
    """Every kind of event the trail records: the one list operations write and the
    History tab and bundle describe (a name not listed here is refused)."""

    ATTACHMENT_ADD = "attachment.add"
    ATTACHMENT_EXPORT = "attachment.export"
    ATTACHMENT_REMOVE = "attachment.remove"
    BUNDLE_EXPORT = "bundle.export"
    CALENDAR_CREATE = "calendar.create"
    CALENDAR_ENTRY_ADD = "calendar.entry_add"
    CALENDAR_ENTRY_DELETE = "calendar.entry_delete"
    CALENDAR_INSTALL = "calendar.install"  # a calendar shipped with the app, added once
    CASE_ARCHIVE = "case.archive"
    CASE_CREATE = "case.create"
    CASE_DELETE = "case.delete"
    CASE_PARTY_ADD = "case.party_add"
    CASE_PARTY_REMOVE = "case.party_remove"
    CASE_STATUS = "case.status"
    CASE_TRACK_ADD = "case.track_add"
    CASE_TRACK_END = "case.track_end"
    CASE_UNARCHIVE = "case.unarchive"
    CASE_UPDATE = "case.update"
    CHECKLIST_DOCUMENT_LINK = "checklist.document_link"
    CHECKLIST_FOSTER_CARE = "checklist.foster_care"
    CHECKLIST_START = "checklist.start"
    CHECKLIST_TRIGGER = "checklist.trigger"
    CHECKLIST_STEP_DONE = "checklist.step_done"
    CHECKLIST_STEP_STATE = "checklist.step_state"
    CONSENT_RECORD = "consent.record"
    CONSENT_REVOKE = "consent.revoke"
    DEADLINE_ADD = "deadline.add"
    DEADLINE_DELETE = "deadline.delete"
    DEADLINE_MET = "deadline.met"
    DEADLINE_OVERRIDE = "deadline.override"
    DEADLINE_RECOMPUTE = "deadline.recompute"
    DEADLINE_STATUS = "deadline.status"
    DOCUMENT_ADD = "document.add"
    DOCUMENT_APOSTILLE = "document.apostille"
    DOCUMENT_DELETE = "document.delete"
    DOCUMENT_TRANSLATION = "document.translation"
    DOCUMENT_UPDATE = "document.update"
    FILING_ADD = "filing.add"
    FILING_UPDATE = "filing.update"
    NOTE_ADD = "note.add"
    NOTE_UPDATE = "note.update"
    ORGANISATION_CREATE = "organisation.create"
    ORGANISATION_DELETE = "organisation.delete"
    ORGANISATION_MEMBER_ADD = "organisation.member_add"
    ORGANISATION_MEMBER_REMOVE = "organisation.member_remove"
    ORGANISATION_MEMBER_UPDATE = "organisation.member_update"
    ORGANISATION_UPDATE = "organisation.update"
    PERSON_ADDRESS_ADD = "person.address_add"
    PERSON_ADDRESS_REMOVE = "person.address_remove"
    PERSON_CREATE = "person.create"
    PERSON_PASSPORT_ADD = "person.passport_add"
    PERSON_RELATIONSHIP_ADD = "person.relationship_add"
    PERSON_RELATIONSHIP_REMOVE = "person.relationship_remove"
    PERSON_UPDATE = "person.update"
    PROCEEDING_ADD = "proceeding.add"
    PROCEEDING_EVENT_ADD = "proceeding.event_add"
    PROCEEDING_EVENT_DELETE = "proceeding.event_delete"
    PROCEEDING_UPDATE = "proceeding.update"
    PROTECTION_ADD = "protection.add"
    SEARCH_REPORT_ADD = "search_report.add"
    SEARCH_REPORT_UPDATE = "search_report.update"
    SETTINGS_UPDATE = "settings.update"
    TRAVEL_PLAN = "travel.plan"
    TRAVEL_UPDATE = "travel.update"
    VAULT_BACKUP = "vault.backup"
    VAULT_CREATE = "vault.create"
    VAULT_MIGRATE = "vault.migrate"
    VAULT_PASSPHRASE_CHANGED = "vault.passphrase_changed"


class AuditEvent(Entity):
    __tablename__ = "audit_event"

    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(80), index=True)
    entity_type: Mapped[str] = mapped_column(String(60), default="")
    entity_id: Mapped[str | None] = mapped_column(String(36))
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def payload(self) -> bytes:
        """Canonical bytes the hash covers."""
        body = {
            "id": self.id,
            "seq": self.seq,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor": self.actor,
            "action": self.action,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "case_id": self.case_id,
            "details": self.details,
            "prev": self.prev_hash,
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload()).hexdigest()


def append(
    session: Session,
    action: AuditAction,
    *,
    entity: Entity | None = None,
    case_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add the next event of the chain to the session (flushed with the operation's rows).

    The chain's tail is read once per session and then carried in `session.info`,
    so a transaction of many operations costs one query, not one per event.
    """
    tail = session.info.get(TAIL_KEY)
    if tail is None:
        tail = head(session)
    seq, prev = tail[0] + 1, tail[1]
    event = AuditEvent(
        id=new_id(),
        seq=seq,
        at=utcnow(),
        actor=str(session.info.get("actor", "")),
        action=AuditAction(action).value,  # ValueError for a name not in the list
        entity_type=type(entity).__name__ if entity is not None else "",
        entity_id=entity.id if entity is not None else None,
        case_id=case_id,
        details=json.loads(json.dumps(details or {}, default=str)),
        prev_hash=prev,
    )
    event.hash = event.compute_hash()
    session.add(event)
    session.info[TAIL_KEY] = (seq, event.hash)
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str  # a msgid, translated where it is shown


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest event, (0, GENESIS) for an empty trail."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


def hash_at(session: Session, seq: int) -> str | None:
    """The hash of event `seq`, None when the trail has no such event."""
    if seq == 0:
        return GENESIS
    return session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq))


def _squeeze(sql: str) -> str:
    return " ".join(sql.split())


def missing_triggers(session: Session, revision: str | None = None) -> list[str]:
    """Names of guard triggers that are absent or whose text was changed; a vault still
    at an older schema `revision` (a backup inspected before a restore) is held only to
    the triggers it had then."""
    found = {
        str(name): _squeeze(str(sql or ""))
        for name, sql in session.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
    }
    return [
        name
        for name, sql in TRIGGERS.items()
        if found.get(name) != _squeeze(sql)
        and (revision is None or revision >= TRIGGERS_SINCE.get(name, ""))
    ]


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the whole chain; an empty list means it is intact."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected_seq = 1
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        if event.seq != expected_seq:
            problems.append(ChainProblem(event.seq, N_("events are missing before this one")))
        if event.prev_hash != prev:
            problems.append(ChainProblem(event.seq, N_("link to the previous event broken")))
        if event.compute_hash() != event.hash:
            problems.append(ChainProblem(event.seq, N_("content altered")))
        prev = event.hash
        expected_seq = event.seq + 1
    return problems
