"""A family's case: the unit the attorney works and exports."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reunify.models.base import Entity, str_enum
from reunify.models.enums import (
    CaseStatus,
    CaseVariant,
    LegalTrack,
    PartyRole,
    SafetyLevel,
)

if TYPE_CHECKING:
    from reunify.models.person import Person


class Case(Entity):
    __tablename__ = "case_file"
    # The case list reads this covering index alone (migrations 0004 and 0006).
    __table_args__ = (
        Index(
            "ix_case_file_list",
            "reference",
            "title",
            "status",
            "safety_level",
            "opened_on",
            "id",
            "archived_on",
        ),
    )

    reference: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    variant: Mapped[CaseVariant] = mapped_column(str_enum(CaseVariant), default=CaseVariant.OTHER)
    status: Mapped[CaseStatus] = mapped_column(
        str_enum(CaseStatus), default=CaseStatus.INTAKE, index=True
    )
    safety_level: Mapped[SafetyLevel] = mapped_column(
        str_enum(SafetyLevel), default=SafetyLevel.MEDIUM
    )
    # 8 U.S.C. § 1367: never show even the existence of the case to the adverse side.
    confidential_1367: Mapped[bool] = mapped_column(default=False)
    mx_state: Mapped[str | None] = mapped_column(String(10))  # ISO 3166-2, e.g. MX-TLA
    mx_court: Mapped[str | None] = mapped_column(String(200))
    us_state: Mapped[str | None] = mapped_column(String(10))  # ISO 3166-2, e.g. US-TX
    opened_on: Mapped[date | None]
    reunified_on: Mapped[date | None]
    reunified_place: Mapped[str | None] = mapped_column(String(200))
    closed_on: Mapped[date | None]
    # Kept but out of the way: hidden from the case list and dashboard until unarchived.
    archived_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    safety_notes: Mapped[str] = mapped_column(Text, default="")

    tracks: Mapped[list[CaseTrack]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseTrack.started_on"
    )
    parties: Mapped[list[CaseParty]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )


class CaseTrack(Entity):
    """A legal track chosen for the case; tracks can be added and ended over time."""

    __tablename__ = "case_track"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    track: Mapped[LegalTrack] = mapped_column(str_enum(LegalTrack))
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="tracks")


class CaseParty(Entity):
    """A person's role in one case (the same person may play roles in several cases)."""

    __tablename__ = "case_party"
    __table_args__ = (UniqueConstraint("case_id", "person_id", "role"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[PartyRole] = mapped_column(str_enum(PartyRole))
    is_primary: Mapped[bool] = mapped_column(default=False)
    linked_to_trafficker: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="parties")
    person: Mapped[Person] = relationship(back_populates="roles")
