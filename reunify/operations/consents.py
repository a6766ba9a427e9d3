"""Consent to release information: recorded, time-limited, revocable (DOMAIN.md §11)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_
from reunify.models import AuditAction, Case, Consent, ConsentScope
from reunify.operations import _base
from reunify.operations.organisations import find_organisation


def record_consent(
    session: Session,
    case: Case,
    *,
    recipient: str,
    purpose: str,
    scope: list[ConsentScope],
    given_on: date,
    expires_on: date | None,
    **fields: Any,
) -> Consent:
    """Consent must be time-limited: an expiry date is required and must follow the date given.

    The recipient is a name as the consent form says it, not a link: renaming or
    deleting an organisation later must not change what the person consented to. A
    name of the organisations' book is stored in the book's spelling.
    """
    if expires_on is None:
        raise ValidationError("expires_on", N_("Consent must say until when it is valid."))
    if expires_on < given_on:
        raise ValidationError("expires_on", N_("The consent expires before it was given."))
    if not scope:
        raise ValidationError("scope", N_("Say what information the consent covers."))
    known = find_organisation(session, recipient)
    if known is not None:
        recipient = known.name
    return _base.create(
        session,
        Consent,
        AuditAction.CONSENT_RECORD,
        {
            "recipient": recipient,
            "purpose": purpose,
            "scope": sorted(ConsentScope(s).value for s in scope),
            "given_on": given_on,
            "expires_on": expires_on,
            **fields,
        },
        case_id=case.id,
    )


def revoke_consent(session: Session, consent: Consent, *, on: date, note: str = "") -> Consent:
    return _base.update(
        session, consent, AuditAction.CONSENT_REVOKE, {"revoked_on": on, "revocation_note": note}
    )


def valid_consents(session: Session, case: Case, on: date | None = None) -> list[Consent]:
    day = on or date.today()
    rows = session.scalars(select(Consent).where(Consent.case_id == case.id))
    return [c for c in rows if c.is_valid_on(day)]


def choose_consent(
    session: Session,
    case: Case,
    *,
    consent_id: str | None = None,
    recipient: str | None = None,
    on: date | None = None,
) -> Consent | None:
    """The consent an export relies on: by id, or by (part of) the recipient's name.

    A valid one wins; otherwise an expired or revoked match is returned, so that the
    export's consent gate can say exactly what is wrong with it.
    """
    day = on or date.today()
    matches = [
        c
        for c in session.scalars(select(Consent).where(Consent.case_id == case.id))
        if consent_id in (None, c.id)
        and (recipient is None or recipient.casefold() in c.recipient.casefold())
    ]
    return next((c for c in matches if c.is_valid_on(day)), next(iter(matches), None))
