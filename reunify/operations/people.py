"""Operations on people: create and edit, roles in cases, relationships, addresses."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_
from reunify.models import (
    Address,
    AuditAction,
    Case,
    CaseParty,
    PartyRole,
    Passport,
    Person,
    PersonRelationship,
    RelationshipKind,
    audit,
)
from reunify.operations import _base
from reunify.operations.checklists import recount_from_birth


def _check_death(fields: dict[str, Any], current: Person | None = None) -> None:
    """A date of death is not in the future and not before the birth: a typo there would
    tell US counsel that a living parent's consent cannot be asked for, or the reverse."""
    born = fields.get("birth_date", current.birth_date if current else None)
    died = fields.get("deceased_on", current.deceased_on if current else None)
    if died is None:
        return
    if died > date.today():
        raise ValidationError("deceased_on", N_("The date of death cannot be in the future."))
    if born is not None and died < born:
        field = "deceased_on" if "deceased_on" in fields else "birth_date"
        raise ValidationError(field, N_("The date of death is before the date of birth."))


def create_person(session: Session, **fields: Any) -> Person:
    _check_death(fields)
    return _base.create(session, Person, AuditAction.PERSON_CREATE, fields)


def update_person(session: Session, person: Person, **changes: Any) -> Person:
    _check_death(changes, person)
    born = person.birth_date
    updated = _base.update(session, person, AuditAction.PERSON_UPDATE, changes)
    if updated.birth_date != born:
        recount_from_birth(session, updated)  # an age-out counted from the old date
    return updated


def link_person(
    session: Session, case: Case, person: Person, role: PartyRole, **fields: Any
) -> CaseParty:
    """Give a person a role in a case (the same person can hold several roles)."""
    exists = session.scalar(
        select(CaseParty.id).where(
            CaseParty.case_id == case.id, CaseParty.person_id == person.id, CaseParty.role == role
        )
    )
    if exists:
        raise ValidationError("role", N_("This person already has that role in the case."))
    return _base.create(
        session,
        CaseParty,
        AuditAction.CASE_PARTY_ADD,
        {"role": role, **fields},
        case=case,
        person=person,
        audit_case_id=case.id,
    )


def unlink_person(session: Session, party: CaseParty) -> None:
    _base.delete(session, party, AuditAction.CASE_PARTY_REMOVE)


def add_relationship(
    session: Session, a: Person, kind: RelationshipKind, b: Person, *, notes: str = ""
) -> PersonRelationship:
    """Record that `a` is the `kind` of `b` (e.g. a is the mother of b)."""
    if a.id == b.id:
        raise ValidationError("person_b_id", N_("A person cannot be related to themselves."))
    return _base.create(
        session,
        PersonRelationship,
        AuditAction.PERSON_RELATIONSHIP_ADD,
        {"kind": kind, "notes": notes},
        person_a_id=a.id,
        person_b_id=b.id,
    )


# How a relationship is said from the side of the person whose record is open:
# "Mateo is the son of Rosa" is stored as "Rosa is the mother of Mateo". A key maps
# to (the kind stored, whether the open person is B rather than A).
RELATIONS: dict[str, tuple[RelationshipKind | None, bool]] = {
    "mother_of": (RelationshipKind.MOTHER, False),
    "father_of": (RelationshipKind.FATHER, False),
    "child_of": (None, True),  # mother or father, from the other person's sex
    "guardian_of": (RelationshipKind.LEGAL_GUARDIAN, False),
    "ward_of": (RelationshipKind.LEGAL_GUARDIAN, True),
    "grandparent_of": (RelationshipKind.GRANDPARENT, False),
    "grandchild_of": (RelationshipKind.GRANDPARENT, True),
    "sibling_of": (RelationshipKind.SIBLING, False),
    "aunt_uncle_of": (RelationshipKind.AUNT_UNCLE, False),
    "niece_nephew_of": (RelationshipKind.AUNT_UNCLE, True),
    "spouse_of": (RelationshipKind.SPOUSE, False),
    "partner_of": (RelationshipKind.PARTNER, False),
    "former_partner_of": (RelationshipKind.FORMER_PARTNER, False),
    "caregiver_of": (RelationshipKind.CAREGIVER, False),
    "cared_for_by": (RelationshipKind.CAREGIVER, True),
    "relative_of_trafficker": (RelationshipKind.RELATIVE_OF_TRAFFICKER, False),
    "other": (RelationshipKind.OTHER, False),
}


def relate(
    session: Session, person: Person, relation: str, other: Person, *, notes: str = ""
) -> PersonRelationship:
    """Record a relationship as said from `person`'s side ("child_of" Rosa), whichever
    way it is stored; a parent's kind follows the parent's sex on the birth record."""
    if relation not in RELATIONS:
        raise ValidationError("relation", N_("Choose one."))
    kind, reverse = RELATIONS[relation]
    if kind is None:
        if other.sex not in ("F", "M"):
            raise ValidationError(
                "relation",
                N_(
                    "Say whether {name} is the mother or the father: choose “mother of” "
                    "or “father of” from {name}'s side, or record {name}'s sex first."
                ),
                name=other.full_name,
            )
        kind = RelationshipKind.MOTHER if other.sex == "F" else RelationshipKind.FATHER
    a, b = (other, person) if reverse else (person, other)
    try:
        return add_relationship(session, a, kind, b, notes=notes)
    except ValidationError as exc:
        raise ValidationError("other", exc.message) from exc


def add_address(session: Session, person: Person, **fields: Any) -> Address:
    return _base.create(
        session, Address, AuditAction.PERSON_ADDRESS_ADD, fields, person_id=person.id
    )


def add_passport(session: Session, person: Person, **fields: Any) -> Passport:
    return _base.create(
        session, Passport, AuditAction.PERSON_PASSPORT_ADD, fields, person_id=person.id
    )


def people_in_case(session: Session, case: Case, role: PartyRole | None = None) -> list[Person]:
    query = select(Person).join(CaseParty).where(CaseParty.case_id == case.id)
    if role is not None:
        query = query.where(CaseParty.role == role)
    return list(session.scalars(query.order_by(Person.paternal_surname, Person.given_names)))


def remove_relationship(
    session: Session, relationship: PersonRelationship, *, case_id: str | None = None
) -> None:
    """A relationship recorded by mistake (the wrong person, the wrong direction).
    `case_id`: the case it was removed from, so that case's history shows it."""
    audit.append(
        session,
        AuditAction.PERSON_RELATIONSHIP_REMOVE,
        entity=relationship,
        case_id=case_id,
        details={"kind": relationship.kind.value},
    )
    session.delete(relationship)
    session.flush()


def remove_address(session: Session, address: Address, *, case_id: str | None = None) -> None:
    """An address entered by mistake; a former address is ended (valid to), not removed."""
    audit.append(
        session,
        AuditAction.PERSON_ADDRESS_REMOVE,
        entity=address,
        case_id=case_id,
        details={"country": address.country, "confidential": address.confidential},
    )
    person = address.person
    session.delete(address)
    session.flush()
    session.refresh(person, ["addresses"])
