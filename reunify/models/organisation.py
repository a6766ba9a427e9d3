"""Authorities and organisations the attorney deals with, and the people there."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reunify.models.base import Entity, str_enum
from reunify.models.enums import OrganisationKind
from reunify.models.person import Person


class Organisation(Entity):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind))
    country: Mapped[str] = mapped_column(String(2), default="MX")
    state: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[OrganisationMember]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class OrganisationMember(Entity):
    __tablename__ = "organisation_member"

    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(200), default="")

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
