"""People: clients, children, the other side, officials; with addresses and ties."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reunify.models.base import Entity, str_enum
from reunify.models.enums import RelationshipKind

if TYPE_CHECKING:
    from reunify.models.case import CaseParty


class Person(Entity):
    __tablename__ = "person"

    given_names: Mapped[str] = mapped_column(String(200))
    paternal_surname: Mapped[str] = mapped_column(String(120), default="")
    maternal_surname: Mapped[str] = mapped_column(String(120), default="")
    aliases: Mapped[list[str]] = mapped_column(default=list)
    sex: Mapped[str | None] = mapped_column(String(1))  # as on the birth record: M, F, X
    birth_date: Mapped[date | None]
    deceased_on: Mapped[date | None]  # date of death, when known
    birth_place: Mapped[str] = mapped_column(String(200), default="")
    birth_country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    nationalities: Mapped[list[str]] = mapped_column(default=list)  # alpha-2 codes
    curp: Mapped[str | None] = mapped_column(String(18), index=True)
    a_number: Mapped[str | None] = mapped_column(String(9))  # 9 digits, zero-padded
    languages: Mapped[list[str]] = mapped_column(default=list)  # ISO 639-3 codes
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(200))
    address_confidential: Mapped[bool] = mapped_column(default=False)
    # Birth record data (DOMAIN.md §4): state, municipality, office, book, record number.
    birth_record_state: Mapped[str | None] = mapped_column(String(10))
    birth_record_municipality: Mapped[str] = mapped_column(String(120), default="")
    birth_record_office: Mapped[str] = mapped_column(String(60), default="")
    birth_record_book: Mapped[str] = mapped_column(String(60), default="")
    birth_record_number: Mapped[str] = mapped_column(String(60), default="")
    physical_description: Mapped[str] = mapped_column(Text, default="")
    medical_needs: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    roles: Mapped[list[CaseParty]] = relationship(back_populates="person")
    addresses: Mapped[list[Address]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Address.valid_from"
    )
    passports: Mapped[list[Passport]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        """Mexican order: given names, paternal surname, maternal surname."""
        return " ".join(
            p for p in (self.given_names, self.paternal_surname, self.maternal_surname) if p
        )


class Passport(Entity):
    __tablename__ = "passport"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    number: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date | None]
    expires_on: Mapped[date | None]

    person: Mapped[Person] = relationship(back_populates="passports")


class Address(Entity):
    """One address in a person's history; confidential ones never leave without consent."""

    __tablename__ = "address"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    street: Mapped[str] = mapped_column(String(300), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")  # colonia / town
    municipality: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str | None] = mapped_column(String(10))  # ISO 3166-2
    postal_code: Mapped[str] = mapped_column(String(12), default="")
    country: Mapped[str] = mapped_column(String(2), default="MX")
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    is_last_known: Mapped[bool] = mapped_column(default=False)
    confidential: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(back_populates="addresses")


class PersonRelationship(Entity):
    """Person A is the <kind> of person B (e.g. A is the mother of B)."""

    __tablename__ = "person_relationship"

    person_a_id: Mapped[str] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    person_b_id: Mapped[str] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RelationshipKind] = mapped_column(str_enum(RelationshipKind))
    notes: Mapped[str] = mapped_column(Text, default="")

    person_a: Mapped[Person] = relationship(foreign_keys=[person_a_id])
    person_b: Mapped[Person] = relationship(foreign_keys=[person_b_id])
