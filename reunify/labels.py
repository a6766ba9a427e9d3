"""Names people read for stored codes, translated on display."""

from __future__ import annotations

from enum import Enum

from reunify.i18n import N_, _
from reunify.models.enums import CaseStatus, DocumentKind, SafetyLevel

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
    DocumentKind.BIRTH_RECORD: N_("Birth record"),
    DocumentKind.US_BIRTH_CERTIFICATE: N_("US birth certificate"),
    DocumentKind.CURP: N_("CURP"),
    DocumentKind.PASSPORT: N_("Passport"),
    DocumentKind.ID_CARD: N_("Identity card"),
    DocumentKind.MARRIAGE_RECORD: N_("Marriage record"),
    DocumentKind.DEATH_RECORD: N_("Death record"),
    DocumentKind.COURT_ORDER: N_("Court order"),
    DocumentKind.JUDGMENT: N_("Judgment"),
    DocumentKind.FINAL_JUDGMENT_CERTIFICATE: N_("Certificate that the judgment is final"),
    DocumentKind.POWER_OF_ATTORNEY: N_("Power of attorney"),
    DocumentKind.PROSECUTOR_REPORT: N_("Prosecutor's report"),
    DocumentKind.DIF_REPORT: N_("DIF report"),
    DocumentKind.PROTECTION_ORDER: N_("Protection order"),
    DocumentKind.APPROVAL_NOTICE: N_("Approval notice (I-797)"),
    DocumentKind.RECEIPT_NOTICE: N_("Receipt notice"),
    DocumentKind.EXIT_PERMIT: N_("Exit permit"),
    DocumentKind.CONSENT_FORM: N_("Consent form"),
    DocumentKind.SCHOOL_RECORD: N_("School record"),
    DocumentKind.MEDICAL_RECORD: N_("Medical record"),
    DocumentKind.PHOTO: N_("Photo"),
    DocumentKind.SWORN_STATEMENT: N_("Sworn statement"),
    DocumentKind.PROOF_OF_DOMICILE: N_("Proof of domicile"),
    DocumentKind.TRANSLATION: N_("Translation"),
    DocumentKind.LETTER: N_("Letter"),
    DocumentKind.OTHER: N_("Other document"),
}


def label(value: Enum) -> str:
    """Translated label; falls back to the stored code so nothing is ever blank."""
    text = LABELS.get(value)
    return _(text) if text else str(value.value)
