"""Per-case records: search reports, immigration filings, travel, protection, consent, notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reunify.models.base import Entity, str_enum
from reunify.models.enums import (
    ExitPermitType,
    FilingStatus,
    SearchReportKind,
    SearchReportStatus,
    TravelStatus,
)


def _case_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)


def _person_fk(nullable: bool = True) -> Mapped[str | None]:
    return mapped_column(ForeignKey("person.id", ondelete="SET NULL"), nullable=nullable)


class SearchReport(Entity):
    """A report made to find a child: prosecutor file, AMBER, CNB record, consular file…"""

    __tablename__ = "search_report"

    case_id: Mapped[str] = _case_fk()
    person_id: Mapped[str | None] = _person_fk()  # the child sought
    kind: Mapped[SearchReportKind] = mapped_column(str_enum(SearchReportKind))
    number: Mapped[str] = mapped_column(String(80), default="")
    authority_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    authority_name: Mapped[str] = mapped_column(String(300), default="")
    filed_on: Mapped[date | None]
    status: Mapped[SearchReportStatus] = mapped_column(
        str_enum(SearchReportStatus), default=SearchReportStatus.FILED
    )
    status_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class ImmigrationFiling(Entity):
    """A US filing for a beneficiary (e.g. I-914 Supplement A for a T-3 child)."""

    __tablename__ = "immigration_filing"

    case_id: Mapped[str] = _case_fk()
    beneficiary_id: Mapped[str | None] = _person_fk()
    principal_id: Mapped[str | None] = _person_fk()
    form: Mapped[str] = mapped_column(String(40))  # I-914A, I-918A, I-360, I-130…
    category: Mapped[str] = mapped_column(String(20), default="")  # T-3, U-3…
    receipt_number: Mapped[str | None] = mapped_column(String(13), index=True)
    status: Mapped[FilingStatus] = mapped_column(
        str_enum(FilingStatus), default=FilingStatus.PREPARING
    )
    filed_on: Mapped[date | None]
    biometrics_on: Mapped[date | None]
    approved_on: Mapped[date | None]
    ds160_confirmation: Mapped[str] = mapped_column(String(40), default="")
    consular_post: Mapped[str] = mapped_column(String(120), default="")
    interview_on: Mapped[date | None]
    visa_issued_on: Mapped[date | None]
    i94_number: Mapped[str] = mapped_column(String(20), default="")
    admitted_on: Mapped[date | None]
    us_counsel: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class TravelPlan(Entity):
    """The child's journey and the reunion; its dates and places are sensitive."""

    __tablename__ = "travel_plan"

    case_id: Mapped[str] = _case_fk()
    traveller_id: Mapped[str | None] = _person_fk()
    escort: Mapped[str] = mapped_column(String(300), default="")
    iom_referral_on: Mapped[date | None]
    exit_permit: Mapped[ExitPermitType] = mapped_column(
        str_enum(ExitPermitType), default=ExitPermitType.SAM
    )
    departure_place: Mapped[str] = mapped_column(String(300), default="")
    arrival_place: Mapped[str] = mapped_column(String(300), default="")
    planned_on: Mapped[date | None]
    travelled_on: Mapped[date | None]
    safety_plan_done: Mapped[bool] = mapped_column(default=False)
    status: Mapped[TravelStatus] = mapped_column(
        str_enum(TravelStatus), default=TravelStatus.PLANNING
    )
    reunion_on: Mapped[date | None]
    reunion_place: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ProtectionMeasure(Entity):
    """Protection orders and urgent measures (DIF, prosecutor, court, US court)."""

    __tablename__ = "protection_measure"

    case_id: Mapped[str] = _case_fk()
    protected_id: Mapped[str | None] = _person_fk()
    against_id: Mapped[str | None] = _person_fk()
    authority_name: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(200))
    file_number: Mapped[str] = mapped_column(String(80), default="")
    ordered_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class Consent(Entity):
    """Written, time-limited consent to release information to one recipient."""

    __tablename__ = "consent"

    case_id: Mapped[str] = _case_fk()
    person_id: Mapped[str | None] = _person_fk()  # who consented
    guardian_id: Mapped[str | None] = _person_fk()  # non-abusive parent, for a minor
    recipient: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(String(500))
    scope: Mapped[list[str]] = mapped_column(default=list)  # ConsentScope values
    given_on: Mapped[date]
    expires_on: Mapped[date | None]
    revoked_on: Mapped[date | None]
    revocation_note: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[str | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))

    def invalid_on(self, day: date) -> tuple[str, date] | None:
        """Why the consent does not cover `day`: ("revoked" | "expired" | "not_yet", the
        date that decides it), or None when it does. The one rule export and lists use."""
        if self.revoked_on is not None and self.revoked_on <= day:
            return "revoked", self.revoked_on
        if self.expires_on is not None and self.expires_on < day:
            return "expired", self.expires_on
        if self.given_on > day:
            return "not_yet", self.given_on
        return None

    def is_valid_on(self, day: date) -> bool:
        return self.invalid_on(day) is None


class Note(Entity):
    __tablename__ = "note"

    case_id: Mapped[str] = _case_fk()
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120), default="")
    pinned: Mapped[bool] = mapped_column(default=False)
    written_at: Mapped[datetime | None]
