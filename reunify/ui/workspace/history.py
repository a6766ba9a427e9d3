"""Audit events as sentences a person reads (the trail stores codes, never free text)."""

from __future__ import annotations

from collections.abc import Callable

from reunify.i18n import N_, _
from reunify.models import AuditEvent

ACTIONS = {
    "attachment.add": N_("File attached"),
    "attachment.export": N_("A decrypted copy of a file was saved outside the vault"),
    "attachment.remove": N_("File removed"),
    "bundle.export": N_("Case bundle exported"),
    "case.create": N_("Case opened"),
    "case.party_add": N_("Person added to the case"),
    "case.party_remove": N_("Person removed from the case"),
    "case.status": N_("Status changed"),
    "case.track_add": N_("Legal track added"),
    "case.track_end": N_("Legal track ended"),
    "case.update": N_("Case edited"),
    "checklist.document_link": N_("Document linked to a step"),
    "checklist.start": N_("Checklist started"),
    "checklist.step_done": N_("Step completed"),
    "checklist.step_state": N_("Step state changed"),
    "consent.record": N_("Consent recorded"),
    "consent.revoke": N_("Consent revoked"),
    "deadline.add": N_("Deadline added"),
    "deadline.met": N_("Deadline met"),
    "deadline.override": N_("Deadline date set by hand"),
    "deadline.recompute": N_("Deadline recomputed"),
    "deadline.status": N_("Deadline status changed"),
    "document.add": N_("Document added"),
    "document.apostille": N_("Apostille recorded"),
    "document.translation": N_("Translation recorded"),
    "document.update": N_("Document edited"),
    "filing.add": N_("Immigration filing added"),
    "filing.update": N_("Immigration filing edited"),
    "note.add": N_("Note added"),
    "note.update": N_("Note edited"),
    "person.address_add": N_("Address added"),
    "person.create": N_("Person created"),
    "person.passport_add": N_("Passport added"),
    "person.relationship_add": N_("Relationship added"),
    "person.update": N_("Person edited"),
    "proceeding.add": N_("Proceeding added"),
    "proceeding.event_add": N_("Proceeding event recorded"),
    "proceeding.update": N_("Proceeding edited"),
    "protection.add": N_("Protection measure added"),
    "search_report.add": N_("Search report added"),
    "search_report.update": N_("Search report edited"),
    "travel.plan": N_("Travel planned"),
    "travel.update": N_("Travel plan edited"),
}


def describe_event(
    event: AuditEvent, step_title: Callable[[str, str], str | None] = lambda _t, _k: None
) -> str:
    """ "Status changed (status)" — the action, then which fields (names, never values);
    a checklist step by its title, which `step_title(template id, step key)` gives."""
    text = _(ACTIONS[event.action]) if event.action in ACTIONS else event.action
    details = event.details or {}
    changed = details.get("changed")
    if isinstance(changed, dict) and changed:
        text += " (" + ", ".join(sorted(changed)) + ")"
    step = details.get("step")
    if isinstance(step, str):
        text += " — " + (step_title(str(details.get("checklist")), step) or step)
    return text
