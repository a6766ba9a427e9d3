"""Names people read for stored codes, translated on display."""

from __future__ import annotations

from enum import Enum

from reunify.i18n import N_, _
from reunify.models.enums import CaseStatus, SafetyLevel

LABELS: dict[Enum, str] = {
    CaseStatus.INTAKE: N_("Intake"),
    CaseStatus.ACTIVE: N_("Active"),
    CaseStatus.ON_HOLD: N_("On hold"),
    CaseStatus.REUNIFIED: N_("Reunified"),
    CaseStatus.CLOSED: N_("Closed"),
    SafetyLevel.LOW: N_("Low"),
    SafetyLevel.MEDIUM: N_("Medium"),
    SafetyLevel.HIGH: N_("High"),
    SafetyLevel.CRITICAL: N_("Critical"),
}


def label(value: Enum) -> str:
    """Translated label; falls back to the stored code so nothing is ever blank."""
    text = LABELS.get(value)
    return _(text) if text else str(value.value)
