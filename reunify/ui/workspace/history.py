"""Audit events as sentences a person reads (the trail stores codes, never free text)."""

from __future__ import annotations

from collections.abc import Callable

from reunify.i18n import N_, _
from reunify.models import AuditAction, AuditEvent

ACTIONS: dict[AuditAction, str] = {
    AuditAction.ATTACHMENT_ADD: N_("File attached"),
    AuditAction.ATTACHMENT_EXPORT: N_("A decrypted copy of a file was saved outside the vault"),
    AuditAction.ATTACHMENT_REMOVE: N_("File removed"),
    AuditAction.BUNDLE_EXPORT: N_("Case bundle exported"),
    AuditAction.CASE_CREATE: N_("Case opened"),
    AuditAction.CASE_ARCHIVE: N_("Case archived"),
    AuditAction.CASE_UNARCHIVE: N_("Case taken out of the archive"),
    AuditAction.CASE_DELETE: N_("Case deleted"),
    AuditAction.CASE_PARTY_ADD: N_("Person added to the case"),
    AuditAction.CASE_PARTY_REMOVE: N_("Person removed from the case"),
    AuditAction.CASE_STATUS: N_("Status changed"),
    AuditAction.CASE_TRACK_ADD: N_("Legal track added"),
    AuditAction.CASE_TRACK_END: N_("Legal track ended"),
    AuditAction.CASE_UPDATE: N_("Case edited"),
    AuditAction.CHECKLIST_DOCUMENT_LINK: N_("Document linked to a step"),
    AuditAction.CHECKLIST_FOSTER_CARE: N_("Foster care stays and ASFA clock recorded"),
    AuditAction.CHECKLIST_START: N_("Checklist started"),
    AuditAction.CHECKLIST_TRIGGER: N_("Date a checklist's periods run from set"),
    AuditAction.CHECKLIST_STEP_DONE: N_("Step completed"),
    AuditAction.CHECKLIST_STEP_STATE: N_("Step state changed"),
    AuditAction.CONSENT_RECORD: N_("Consent recorded"),
    AuditAction.CONSENT_REVOKE: N_("Consent revoked"),
    AuditAction.DEADLINE_ADD: N_("Deadline added"),
    AuditAction.DEADLINE_DELETE: N_("Deadline deleted"),
    AuditAction.DEADLINE_MET: N_("Deadline met"),
    AuditAction.DEADLINE_OVERRIDE: N_("Deadline date set by hand"),
    AuditAction.DEADLINE_RECOMPUTE: N_("Deadline recomputed"),
    AuditAction.DEADLINE_STATUS: N_("Deadline status changed"),
    AuditAction.DOCUMENT_ADD: N_("Document added"),
    AuditAction.DOCUMENT_APOSTILLE: N_("Apostille recorded"),
    AuditAction.DOCUMENT_DELETE: N_("Document deleted"),
    AuditAction.DOCUMENT_TRANSLATION: N_("Translation recorded"),
    AuditAction.DOCUMENT_UPDATE: N_("Document edited"),
    AuditAction.FILING_ADD: N_("Immigration filing added"),
    AuditAction.FILING_UPDATE: N_("Immigration filing edited"),
    AuditAction.NOTE_ADD: N_("Note added"),
    AuditAction.NOTE_UPDATE: N_("Note edited"),
    AuditAction.PERSON_ADDRESS_ADD: N_("Address added"),
    AuditAction.PERSON_ADDRESS_REMOVE: N_("Address removed"),
    AuditAction.PERSON_CREATE: N_("Person created"),
    AuditAction.PERSON_PASSPORT_ADD: N_("Passport added"),
    AuditAction.PERSON_RELATIONSHIP_ADD: N_("Relationship added"),
    AuditAction.PERSON_RELATIONSHIP_REMOVE: N_("Relationship removed"),
    AuditAction.PERSON_UPDATE: N_("Person edited"),
    AuditAction.PROCEEDING_ADD: N_("Proceeding added"),
    AuditAction.PROCEEDING_EVENT_ADD: N_("Proceeding event recorded"),
    AuditAction.PROCEEDING_EVENT_DELETE: N_("Proceeding event deleted"),
    AuditAction.PROCEEDING_UPDATE: N_("Proceeding edited"),
    AuditAction.PROTECTION_ADD: N_("Protection measure added"),
    AuditAction.SEARCH_REPORT_ADD: N_("Search report added"),
    AuditAction.SEARCH_REPORT_UPDATE: N_("Search report edited"),
    AuditAction.TRAVEL_PLAN: N_("Travel planned"),
    AuditAction.TRAVEL_UPDATE: N_("Travel plan edited"),
    AuditAction.CALENDAR_CREATE: N_("Court calendar created"),
    AuditAction.CALENDAR_ENTRY_ADD: N_("Court calendar day added"),
    AuditAction.CALENDAR_ENTRY_DELETE: N_("Court calendar day deleted"),
    AuditAction.CALENDAR_INSTALL: N_("Court calendar shipped with the app added"),
    AuditAction.ORGANISATION_CREATE: N_("Organisation created"),
    AuditAction.ORGANISATION_DELETE: N_("Organisation deleted"),
    AuditAction.ORGANISATION_MEMBER_ADD: N_("Person added to an organisation"),
    AuditAction.ORGANISATION_MEMBER_REMOVE: N_("Person removed from an organisation"),
    AuditAction.ORGANISATION_MEMBER_UPDATE: N_("Position in an organisation changed"),
    AuditAction.ORGANISATION_UPDATE: N_("Organisation edited"),
    AuditAction.SETTINGS_UPDATE: N_("Setting changed"),
    AuditAction.VAULT_BACKUP: N_("Backup made"),
    AuditAction.VAULT_CREATE: N_("Vault created"),
    AuditAction.VAULT_MIGRATE: N_("Vault updated to a new version of the app"),
    AuditAction.VAULT_PASSPHRASE_CHANGED: N_("Passphrase changed"),
}


def describe_event(
    event: AuditEvent, step_title: Callable[[str, str], str | None] = lambda _t, _k: None
) -> str:
    """ "Status changed (status)" — the action, then which fields (names, never values);
    a checklist step by its title, which `step_title(template id, step key)` gives."""
    text = _(ACTIONS[AuditAction(event.action)]) if event.action in ACTIONS else event.action
    details = event.details or {}
    changed = details.get("changed")
    if isinstance(changed, dict) and changed:
        text += " (" + ", ".join(sorted(changed)) + ")"
    step = details.get("step")
    if isinstance(step, str):
        text += " — " + (step_title(str(details.get("checklist")), step) or step)
    return text
