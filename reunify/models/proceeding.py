"""Court and administrative proceedings, their events, deadlines and court calendars."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reunify.i18n import in_language
from reunify.models.base import Entity, str_enum
from reunify.models.enums import (
    CalendarBase,
    CalendarEntryKind,
    DeadlineStatus,
    DeadlineUnit,
    ProceduralRegime,
    ProceedingKind,
    ProceedingStatus,
)


class Proceeding(Entity):
    __tablename__ = "proceeding"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ProceedingKind] = mapped_column(str_enum(ProceedingKind))
    authority_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    authority_name: Mapped[str] = mapped_column(String(300), default="")
    file_number: Mapped[str] = mapped_column(String(80), default="")  # expediente / receipt
    jurisdiction: Mapped[str | None] = mapped_column(String(10))  # ISO 3166-2 state
    regime: Mapped[ProceduralRegime] = mapped_column(str_enum(ProceduralRegime))
    stage: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[ProceedingStatus] = mapped_column(
        str_enum(ProceedingStatus), default=ProceedingStatus.PREPARING
    )
    filed_on: Mapped[date | None]
    calendar_id: Mapped[str | None] = mapped_column(
        ForeignKey("court_calendar.id", ondelete="SET NULL")
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    events: Mapped[list[ProceedingEvent]] = relationship(
        back_populates="proceeding", cascade="all, delete-orphan", order_by="ProceedingEvent.on"
    )


class ProceedingEvent(Entity):
    """Something that happened in a proceeding: filing, notice, hearing, ruling."""

    __tablename__ = "proceeding_event"

    proceeding_id: Mapped[str] = mapped_column(
        ForeignKey("proceeding.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(60))
    notified_on: Mapped[date | None]  # deadlines run from the day after notice (art. 227)
    description: Mapped[str] = mapped_column(Text, default="")

    proceeding: Mapped[Proceeding] = relationship(back_populates="events")


class CourtCalendar(Entity):
    """A named set of non-working days on top of a base calendar; data, not code."""

    __tablename__ = "court_calendar"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    base: Mapped[CalendarBase] = mapped_column(str_enum(CalendarBase))
    jurisdiction: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")

    entries: Mapped[list[CalendarEntry]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", order_by="CalendarEntry.starts_on"
    )


class CalendarEntry(Entity):
    __tablename__ = "calendar_entry"

    calendar_id: Mapped[str] = mapped_column(
        ForeignKey("court_calendar.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CalendarEntryKind] = mapped_column(str_enum(CalendarEntryKind))
    starts_on: Mapped[date]
    ends_on: Mapped[date]  # inclusive; equal to starts_on for a single day
    label: Mapped[str] = mapped_column(String(200), default="")

    calendar: Mapped[CourtCalendar] = relationship(back_populates="entries")


class Deadline(Entity):
    """A due date with everything needed to explain and recompute it.

    A deadline from a template's rule keeps its title and trigger event as
    `{language: text}` maps and is shown in the language of the screen or bundle
    (`title_in`); `title` / `trigger_event` hold the text as first shown, and are
    the only text of a deadline a person typed.
    """

    __tablename__ = "deadline"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    proceeding_id: Mapped[str | None] = mapped_column(
        ForeignKey("proceeding.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    trigger_event: Mapped[str] = mapped_column(String(300), default="")
    titles: Mapped[dict[str, str] | None] = mapped_column(JSON)  # from a template
    trigger_events: Mapped[dict[str, str] | None] = mapped_column(JSON)
    trigger_date: Mapped[date]
    amount: Mapped[int | None]
    unit: Mapped[DeadlineUnit] = mapped_column(str_enum(DeadlineUnit))
    calendar_id: Mapped[str | None] = mapped_column(
        ForeignKey("court_calendar.id", ondelete="SET NULL")
    )
    legal_basis: Mapped[str] = mapped_column(String(300), default="")
    computed_due: Mapped[date | None] = mapped_column(index=True)
    override_due: Mapped[date | None]
    override_reason: Mapped[str] = mapped_column(Text, default="")
    overridden_by: Mapped[str | None] = mapped_column(String(120))
    overridden_at: Mapped[datetime | None]
    status: Mapped[DeadlineStatus] = mapped_column(
        str_enum(DeadlineStatus), default=DeadlineStatus.OPEN, index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    # The checklist step whose completion started this period (no FK: steps point here too).
    source_step_id: Mapped[str | None] = mapped_column(String(36), index=True)

    calendar: Mapped[CourtCalendar | None] = relationship()

    @property
    def due(self) -> date | None:
        """The date that counts: a person's override wins over the computation."""
        return self.override_due or self.computed_due

    def title_in(self, language: str) -> str:
        """The title in `language` when it came from a template; else as typed."""
        return in_language(self.titles, language, self.title)

    def trigger_event_in(self, language: str) -> str:
        return in_language(self.trigger_events, language, self.trigger_event)
