"""A form checks a field with the operation's own rule for that field name, so the
message shown while typing is the one the operation would give on saving."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from reunify import i18n
from reunify.operations._base import VALIDATORS
from reunify.ui.forms import Field, FormDialog
from reunify.ui.workspace.people import ADDRESS_FIELDS, PERSON_FIELDS


def _leave(dialog: FormDialog, name: str, text: str) -> str:
    widget = dialog.inputs[name]
    assert isinstance(widget, QLineEdit)
    widget.setText(text)
    widget.editingFinished.emit()
    error = dialog.errors[name]
    assert isinstance(error, QLabel)
    return error.text()


def test_person_form_uses_the_operations_rules(qtbot: QtBot) -> None:
    with i18n.override("es"):
        dialog = FormDialog("Add person", PERSON_FIELDS, lambda v: v)
        qtbot.addWidget(dialog)
        assert "CURP" in _leave(dialog, "curp", "TERA940308MTLCMS0")  # one short
        assert _leave(dialog, "curp", "") == ""  # empty is allowed: the field is optional
        assert _leave(dialog, "birth_country", "Narnia") != ""
        assert _leave(dialog, "birth_country", "GT") == ""
        assert _leave(dialog, "birth_record_state", "MX-ZZZ") != ""


def test_every_text_field_with_an_operation_rule_is_checked_live(qtbot: QtBot) -> None:
    checked = [f.name for f in (*PERSON_FIELDS, *ADDRESS_FIELDS) if f.kind == "text"]
    dialog = FormDialog("Address", ADDRESS_FIELDS, lambda v: v)
    qtbot.addWidget(dialog)
    assert _leave(dialog, "country", "Atlantis") != ""  # the operation refuses it too
    assert {"curp", "birth_country", "phone", "country"} <= set(checked) & set(VALIDATORS)


def test_an_explicit_check_still_wins(qtbot: QtBot) -> None:
    def never(_text: str, field: str) -> None:
        from reunify.errors import ValidationError

        raise ValidationError(field, "no")

    dialog = FormDialog("x", (Field("curp", "CURP", check=never),), lambda v: v)
    qtbot.addWidget(dialog)
    assert _leave(dialog, "curp", "anything") == "no"
