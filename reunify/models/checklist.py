"""Running checklists: a snapshot of a template's steps, so template edits never
rewrite a checklist that is already under way.

Texts are stored as `{language: text}` maps with every language the template had
when the checklist started; a language added later falls back (English, then
Spanish) for checklists started before it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reunify.i18n import in_language
from reunify.models.base import Base, Entity, str_enum
from reunify.models.enums import StepState


class Checklist(Entity):
    __tablename__ = "checklist"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    template_id: Mapped[str] = mapped_column(String(80), index=True)
    template_version: Mapped[int] = mapped_column(Integer)
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # {language: text}
    document_id: Mapped[str | None] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    calendar_id: Mapped[str | None] = mapped_column(
        ForeignKey("court_calendar.id", ondelete="SET NULL")
    )
    started_on: Mapped[date]
    trigger_on: Mapped[date | None]  # e.g. the day the child entered foster care
    # {office} etc. for texts, each a {language: text} map
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)

    steps: Mapped[list[ChecklistStep]] = relationship(
        back_populates="checklist", cascade="all, delete-orphan", order_by="ChecklistStep.position"
    )

    def title(self, language: str) -> str:
        return in_language(self.titles, language)


class ChecklistStep(Entity):
    __tablename__ = "checklist_step"
    __table_args__ = (UniqueConstraint("checklist_id", "key"),)

    checklist_id: Mapped[str] = mapped_column(
        ForeignKey("checklist.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # {language: text}
    descriptions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    actor: Mapped[str] = mapped_column(String(40), default="attorney")
    after: Mapped[list[str]] = mapped_column(default=list)  # keys of earlier steps
    needs: Mapped[list[str]] = mapped_column(default=list)  # DocumentKind values
    produces: Mapped[list[str]] = mapped_column(default=list)
    safety_plan: Mapped[bool] = mapped_column(default=False)
    only_if: Mapped[str | None] = mapped_column(String(80))  # key of an earlier step
    due_rule: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[StepState] = mapped_column(str_enum(StepState), default=StepState.TODO)
    state_reason: Mapped[str] = mapped_column(Text, default="")  # why N/A or blocked
    completed_on: Mapped[date | None]
    completed_by: Mapped[str | None] = mapped_column(String(120))
    completed_at: Mapped[datetime | None]
    deadline_id: Mapped[str | None] = mapped_column(ForeignKey("deadline.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")

    checklist: Mapped[Checklist] = relationship(back_populates="steps")

    def title(self, language: str) -> str:
        return in_language(self.titles, language)

    def description(self, language: str) -> str:
        return in_language(self.descriptions, language)


class StepDocument(Base):
    """Documents linked to a step (evidence for it, or what it produced)."""

    __tablename__ = "step_document"

    step_id: Mapped[str] = mapped_column(
        ForeignKey("checklist_step.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[str] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
