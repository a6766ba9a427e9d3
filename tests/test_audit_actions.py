"""The audit trail's action names are one list (AuditAction): the trail refuses any
other name, and the History tab has a sentence for every one."""

from __future__ import annotations

import pytest

from reunify import i18n
from reunify.models import AuditAction, AuditEvent
from reunify.ui.workspace.history import ACTIONS, describe_event


def test_every_action_reads_as_a_sentence_in_both_languages() -> None:
    assert set(ACTIONS) == set(AuditAction)
    for action in AuditAction:
        event = AuditEvent(action=action.value, details={})
        with i18n.override("es"):
            spanish = describe_event(event)
        with i18n.override("en"):
            english = describe_event(event)
        assert spanish != action.value and english != action.value, action
        assert spanish != english, action


def test_an_unlisted_action_is_refused(vault: object) -> None:
    from reunify.models import audit

    with vault.session() as s:  # type: ignore[attr-defined]
        with pytest.raises(ValueError):
            audit.append(s, "case.delete_everything")  # type: ignore[arg-type]
        event = audit.append(s, AuditAction.SETTINGS_UPDATE, details={"key": "backup_keep"})
        assert event.action == "settings.update"
