"""The attorney's address book of authorities and organisations, across cases: a
county child-welfare agency, a consulate, the DIF, a court, US counsel's firm, and
the people who work there. Proceedings and search reports point at an entry as
their authority; a consent names one as its recipient (by name, see `authority_fields`).

Names are unique (case and accents aside), so a name typed in a case's form finds
its entry without asking which of two "DIF Tlaxcala" was meant.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ReunifyError, ValidationError
from reunify.i18n import N_, _, format_list, ngettext
from reunify.models import (
    AuditAction,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    Person,
    ProceduralRegime,
    Proceeding,
    ProceedingKind,
    SearchReport,
    SearchReportKind,
)
from reunify.operations import _base
from reunify.queries import OrganisationUses, organisation_uses
from reunify.text import fold

# Kinds that sit in the United States: an entry added from a case form gets US as its
# country (a Mexican consulate abroad is in the US too).
US_KINDS = frozenset(
    {
        OrganisationKind.US_COURT,
        OrganisationKind.CPS,
        OrganisationKind.USCIS,
        OrganisationKind.US_SECRETARY_OF_STATE,
        OrganisationKind.MX_CONSULATE,
    }
)


# The kind a typed authority gets when it is added to the book from a case's form.
SEARCH_AUTHORITY = {
    SearchReportKind.FISCALIA_FILE: OrganisationKind.FISCALIA,
    SearchReportKind.AMBER_ALERT: OrganisationKind.FISCALIA,
    SearchReportKind.INTERPOL_YELLOW: OrganisationKind.FISCALIA,
    SearchReportKind.CNB_RECORD: OrganisationKind.SEARCH_COMMISSION,
    SearchReportKind.NATIONAL_SEARCH_ALERT: OrganisationKind.SEARCH_COMMISSION,
    SearchReportKind.CONSULAR_FILE: OrganisationKind.MX_CONSULATE,
    SearchReportKind.DIF_FILE: OrganisationKind.PROCURADURIA_NNA,
}
PROCEEDING_AUTHORITY = {
    ProceedingKind.CRIMINAL_COMPLAINT: OrganisationKind.FISCALIA,
    ProceedingKind.MIGRATION_STATUS: OrganisationKind.INM,
    ProceedingKind.BIRTH_REGISTRATION: OrganisationKind.CIVIL_REGISTRY,
    ProceedingKind.US_DEPENDENCY: OrganisationKind.US_COURT,
    ProceedingKind.US_CUSTODY: OrganisationKind.US_COURT,
}


def search_authority_kind(kind: SearchReportKind | None) -> OrganisationKind:
    return SEARCH_AUTHORITY.get(kind, OrganisationKind.OTHER) if kind else OrganisationKind.OTHER


def proceeding_authority_kind(
    kind: ProceedingKind | None, regime: ProceduralRegime | None = None
) -> OrganisationKind:
    """A court in Mexico unless the kind or the procedural law says otherwise."""
    if regime in (ProceduralRegime.US_STATE, ProceduralRegime.US_FEDERAL):
        return OrganisationKind.US_COURT
    return (
        PROCEEDING_AUTHORITY.get(kind, OrganisationKind.MX_COURT)
        if kind
        else OrganisationKind.MX_COURT
    )


class OrganisationInUse(ReunifyError):
    """Deleting an authority that case records point at would silently unlink them."""

    message = N_(
        "{name} cannot be deleted: it is the authority of {what} in {cases}. "
        "Choose another authority there first."
    )

    def __init__(self, name: str, uses: OrganisationUses) -> None:
        super().__init__(name=name)
        self.uses = uses

    def user_message(self) -> str:
        parts = []
        if self.uses.proceedings:
            n = len(self.uses.proceedings)
            parts.append(ngettext("{n} proceeding", "{n} proceedings", n).format(n=n))
        if self.uses.search_reports:
            n = len(self.uses.search_reports)
            parts.append(ngettext("{n} search report", "{n} search reports", n).format(n=n))
        return _(self.message).format(
            name=self.params["name"],
            what=format_list(parts),
            cases=format_list(sorted(set(self.uses.cases))),
        )


def _key(name: str) -> str:
    """How two names are compared: case, accents and runs of spaces aside."""
    return re.sub(r"\s+", " ", fold(name)).strip()


def find_organisation(session: Session, name: str) -> Organisation | None:
    """The entry called `name` ("dif tlaxcala" finds "DIF Tlaxcala"), or None."""
    key = _key(name or "")
    if not key:
        return None
    for org_id, org_name in session.execute(select(Organisation.id, Organisation.name)):
        if _key(org_name) == key:
            return session.get(Organisation, org_id)
    return None


def _name_free(session: Session, name: Any, current: Organisation | None) -> None:
    if not isinstance(name, str):
        return
    found = find_organisation(session, name)
    if found is not None and found is not current:
        raise ValidationError(
            "name",
            N_("{name} is already in the organisations; choose it or use another name."),
            name=found.name,
        )


def create_organisation(session: Session, **fields: Any) -> Organisation:
    _name_free(session, fields.get("name"), None)
    return _base.create(session, Organisation, AuditAction.ORGANISATION_CREATE, fields)


def update_organisation(session: Session, org: Organisation, **changes: Any) -> Organisation:
    """Edit an entry; a new name is carried to the proceedings and search reports that
    have it as their authority (each change audited in its case), so a case's form
    shows the name the book has."""
    _name_free(session, changes.get("name"), org)
    before = org.name
    _base.update(session, org, AuditAction.ORGANISATION_UPDATE, changes)
    if org.name != before:
        for model, action in (
            (Proceeding, AuditAction.PROCEEDING_UPDATE),
            (SearchReport, AuditAction.SEARCH_REPORT_UPDATE),
        ):
            for row in session.scalars(select(model).where(model.authority_id == org.id)):
                _base.update(session, row, action, {"authority_name": org.name})
    return org


def delete_organisation(session: Session, org: Organisation) -> None:
    """Only an entry no case record points at; its memberships go with it (each one
    audited), the people's own records stay."""
    uses = organisation_uses(session, org.id)
    if uses.proceedings or uses.search_reports:
        raise OrganisationInUse(org.name, uses)
    for member in list(org.members):
        remove_member(session, member)
    session.expire(org, ["members"])  # already gone: the delete must not cascade to them
    _base.delete(session, org, AuditAction.ORGANISATION_DELETE)


def add_member(
    session: Session, organisation: Organisation, person: Person, position: str = ""
) -> OrganisationMember:
    exists = session.scalar(
        select(OrganisationMember.id).where(
            OrganisationMember.organisation_id == organisation.id,
            OrganisationMember.person_id == person.id,
        )
    )
    if exists:
        raise ValidationError(
            "person_id",
            N_("{name} is already listed in {organisation}."),
            name=person.full_name,
            organisation=organisation.name,
        )
    return _base.create(
        session,
        OrganisationMember,
        AuditAction.ORGANISATION_MEMBER_ADD,
        {"position": position},
        organisation_id=organisation.id,
        person_id=person.id,
    )


def update_member(
    session: Session, member: OrganisationMember, **changes: Any
) -> OrganisationMember:
    return _base.update(session, member, AuditAction.ORGANISATION_MEMBER_UPDATE, changes)


def remove_member(session: Session, member: OrganisationMember) -> None:
    """The person is no longer listed there; the person's record is kept."""
    _base.delete(session, member, AuditAction.ORGANISATION_MEMBER_REMOVE)


def authority_fields(
    session: Session, name: str, *, add_as: OrganisationKind | None = None
) -> dict[str, Any]:
    """The authority fields of a case record for a name picked or typed in its form:
    the entry's id and its own spelling when the book has it; otherwise the name as
    typed, added to the book first when `add_as` gives the kind."""
    text = re.sub(r"\s+", " ", name or "").strip()
    org = find_organisation(session, text)
    if org is None and text and add_as is not None:
        country = "US" if add_as in US_KINDS else "MX"
        org = create_organisation(session, name=text, kind=add_as, country=country)
    if org is None:
        return {"authority_id": None, "authority_name": text}
    return {"authority_id": org.id, "authority_name": org.name}
