"""Sentences people read about workflow data, in the current language (Babel for dates)."""

from __future__ import annotations

from datetime import date

from reunify.i18n import N_, _, current_language, format_date, ngettext
from reunify.labels import label
from reunify.models import ChecklistStep, Deadline, DeadlineUnit, DocumentKind
from reunify.workflows.steps import Blocker


def fmt_date(day: date) -> str:
    """Medium date in the current locale: "10 dic 2026" / "Dec 10, 2026"."""
    return format_date(day, "medium")


def period_text(amount: int, unit: DeadlineUnit) -> str:
    if unit == DeadlineUnit.BUSINESS_DAYS:
        return ngettext("{n} business day", "{n} business days", amount).format(n=amount)
    if unit == DeadlineUnit.CALENDAR_DAYS:
        return ngettext("{n} calendar day", "{n} calendar days", amount).format(n=amount)
    if unit == DeadlineUnit.MONTHS:
        return ngettext("{n} month", "{n} months", amount).format(n=amount)
    return _("no set period")


def explain_deadline(deadline: Deadline) -> str:
    """How the date was computed, e.g. "9 business days from Dec 10, 2026, calendar
    TSJ Tlaxcala: due Jan 13, 2027", plus any override by a person."""
    if deadline.amount is None or deadline.computed_due is None:
        text = _("No period: date set by a person")
    elif deadline.unit == DeadlineUnit.BUSINESS_DAYS:
        calendar = deadline.calendar.name if deadline.calendar else _("LFT art. 74")
        text = _("{period} from {trigger}, calendar {calendar}: due {due}").format(
            period=period_text(deadline.amount, deadline.unit),
            trigger=fmt_date(deadline.trigger_date),
            calendar=calendar,
            due=fmt_date(deadline.computed_due),
        )
    else:
        text = _("{period} from {trigger}: due {due}").format(
            period=period_text(deadline.amount, deadline.unit),
            trigger=fmt_date(deadline.trigger_date),
            due=fmt_date(deadline.computed_due),
        )
    if deadline.override_due is not None:
        text += "; " + _("set by hand to {date} by {who}: {reason}").format(
            date=fmt_date(deadline.override_due),
            who=deadline.overridden_by or "?",
            reason=deadline.override_reason,
        )
    return text


BLOCKER_TEXT = {
    "dependency": N_("first finish \u201c{detail}\u201d"),
    "safety_plan": N_("the case needs an approved safety plan first"),
    "document": N_("a document is missing: {detail}"),
    "manual": N_("blocked: {detail}"),
}


def blocker_text(step: ChecklistStep, blocker: Blocker) -> str:
    detail = blocker.detail
    if blocker.kind == "dependency":
        other = next((s for s in step.checklist.steps if s.key == detail), None)
        if other is not None:
            detail = other.title(current_language())
    elif blocker.kind == "document":
        detail = label(DocumentKind(detail))
    return _(BLOCKER_TEXT[blocker.kind]).format(detail=detail)
