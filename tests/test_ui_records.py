"""Settings, court calendars, deadlines, consents and records through the real dialogs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from reunify.models import AuditEvent, CalendarEntryKind, CaseVariant, Deadline, DeadlineUnit
from reunify.models.enums import ConsentScope, SearchReportKind
from reunify.operations import add_deadline, create_calendar, find_case
from reunify.ui import file_dialogs
from reunify.ui.app import MainWindow
from reunify.ui.forms import FormDialog, parse_date
from reunify.ui.settings_dialog import CalendarsDialog
from tests.ui_helpers import check, fill_form, on_next_modal

pytestmark = [pytest.mark.ui, pytest.mark.vault]


def _click(tab: Any, name: str, qtbot: Any) -> None:
    """A tab's action, as its toolbar button, context-menu entry or shortcut runs it."""
    action = tab.action(name)
    assert action.isEnabled(), name
    action.trigger()


def test_dates_are_read_as_attorneys_write_them() -> None:
    assert parse_date("23/11/2026") == date(2026, 11, 23)
    assert parse_date("2026-11-23") == date(2026, 11, 23)
    assert parse_date(" ") is None
    for bad in ("31/02/2026", "11/23", "mañana"):
        with pytest.raises(Exception, match="dd/mm/yyyy"):
            parse_date(bad)


def test_settings_are_validated_and_kept_in_the_vault(qtbot: Any, vault: Any) -> None:
    window = MainWindow(vault)
    qtbot.addWidget(window)
    log: list[Any] = []
    seen: list[str] = []

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values({"autolock_minutes": "0", "reference_prefix": "ab-1"})
        dialog.save()
        seen.append(dialog.errors["autolock_minutes"].text())
        dialog.set_values({"autolock_minutes": "12"})
        dialog.save()
        seen.append(dialog.errors["reference_prefix"].text())
        dialog.set_values({"reference_prefix": "tlx", "operator": "Lic. Ana Ríos"})
        dialog.save()
        assert not dialog.isVisible()

    on_next_modal(act, log)
    window.do_settings()
    check(log)
    assert "1 to 240" in seen[0] and "letters or digits" in seen[1]
    assert vault.get_setting("autolock_minutes") == "12"
    assert vault.get_setting("reference_prefix") == "TLX"
    assert window.autolock.idle_seconds == 720
    fill_form({"title": "Familia Sánchez Olvera", "variant": CaseVariant.OTHER}, log)
    window.do_new_case()
    check(log)
    assert window.selected_case().reference.startswith("TLX-")  # type: ignore[union-attr]
    with vault.session() as s:
        actions = list(s.scalars(select(AuditEvent.action)))
        details = list(s.scalars(select(AuditEvent.details)))
    assert actions.count("settings.update") == 3
    assert not any("Ana" in str(d) for d in details)  # the trail keeps keys, never values
    window.lock()


def test_calendar_edit_moves_open_deadlines(qtbot: Any, vault: Any) -> None:
    with vault.session() as s:
        from reunify.operations import create_case

        case = create_case(s, title="Familia Pérez Luna")
        calendar = create_calendar(s, name="TSJ Tlaxcala 2027", base="mx_federal")
        add_deadline(
            s,
            case,
            title="Contestación",
            trigger_date=date(2027, 1, 4),
            amount=9,
            unit=DeadlineUnit.BUSINESS_DAYS,
            calendar=calendar,
        )
    with vault.session() as s:
        before = s.scalars(select(Deadline.computed_due)).one()
    dialog = CalendarsDialog(vault)
    qtbot.addWidget(dialog)
    # every vault also has the shipped calendars (reunify/calendars/): choose this one
    dialog.chooser.setCurrentIndex(dialog.chooser.findText("TSJ Tlaxcala 2027"))
    assert dialog.chooser.currentText() == "TSJ Tlaxcala 2027"
    log: list[Any] = []
    fill_form(
        {
            "kind": CalendarEntryKind.VACATION,
            "starts_on": date(2027, 1, 6),
            "ends_on": date(2027, 1, 8),
            "label": "Reyes",
        },
        log,
    )
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    check(log)
    assert dialog.model.rowCount() == 1
    assert "1 open deadline was recomputed" in dialog.message.text()
    with vault.session() as s:
        after = s.scalars(select(Deadline.computed_due)).one()
    # 6–8 Jan suspended: three business days fewer, so Fri 15 Jan becomes Wed 20 Jan.
    assert (before, after) == (date(2027, 1, 15), date(2027, 1, 20))


def test_deadline_override_consent_and_search_report(qtbot: Any, demo_vault: Any) -> None:
    window = MainWindow(demo_vault)
    qtbot.addWidget(window)
    window.show()
    window.filter.setText("RU-2026-0001")
    window.table.selectRow(0)
    ws = window.workspace
    log: list[Any] = []

    # A deadline set by hand needs a reason; then the explanation says who and why.
    deadlines = ws.proceedings.deadlines
    deadlines.select_row(0)
    reasons: list[str] = []

    def override(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values({"due": date(2026, 12, 15), "override_reason": ""})
        dialog.save()
        reasons.append(dialog.errors["override_reason"].text())
        dialog.set_values({"override_reason": "Acuerdo del juzgado del 20/11/2026"})
        dialog.save()

    on_next_modal(override, log)
    _click(deadlines, "override", qtbot)
    check(log)
    assert "Say why" in reasons[0]
    row = next(d for d in deadlines.model.rows() if d.override_due == date(2026, 12, 15))
    deadlines.select_id(row.id)
    assert "set by hand" in deadlines.detail.text()

    # A consent without an expiry date is refused (consent must be time-limited).
    consents = ws.consents
    count = consents.model.rowCount()
    messages: list[str] = []

    def consent(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values(
            {
                "recipient": "Lic. Carmen Ruiz, abogada en Nueva York",
                "purpose": "Solicitud T-3",
                "scope": [ConsentScope.IDENTITY, ConsentScope.DOCUMENTS],
            }
        )
        dialog.save()
        messages.append(dialog.errors["expires_on"].text())
        dialog.set_values({"expires_on": date(2027, 6, 30)})
        dialog.save()

    on_next_modal(consent, log)
    _click(consents, "add", qtbot)
    check(log)
    assert "until when" in messages[0]
    assert consents.model.rowCount() == count + 1

    search = ws.search
    fill_form({"kind": SearchReportKind.AMBER_ALERT, "number": "AMBER-TLX-2026-0417"}, log)
    _click(search, "add", qtbot)
    check(log)
    assert any(r.number == "AMBER-TLX-2026-0417" for r in search.model.rows())
    # The number finds the case in the case list.
    window.filter.setText("TLX-2026-04")
    assert window.model.total() == 1
    history = ws.history
    texts = [history.model.index(r, 2).data() for r in range(history.model.rowCount())]
    assert "Search report added" in texts and "Consent recorded" in texts
    assert any(t.startswith("Deadline date set by hand") for t in texts)
    with demo_vault.session() as s:
        assert find_case(s, "RU-2026-0001") is not None
    window.lock()


def test_change_passphrase_from_the_menu(qtbot: Any, vault: Any, vault_path: Any) -> None:
    from reunify.errors import WrongPassphrase
    from reunify.vault import Vault

    window = MainWindow(vault)
    qtbot.addWidget(window)
    log: list[Any] = []
    refused: list[str] = []
    new = "otra frase secreta de la oficina 2027"

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values({"current": "no es la frase", "passphrase": new, "confirm": new})
        dialog.save()
        refused.append(dialog.errors["current"].text())
        dialog.set_values({"current": "frase de prueba ñandú 2026", "confirm": new + "x"})
        dialog.save()
        refused.append(dialog.errors["confirm"].text())
        dialog.set_values({"confirm": new})
        dialog.save()

    on_next_modal(act, log)
    window.actions_["passphrase"].trigger()
    check(log)
    assert "not correct" in refused[0] and "do not match" in refused[1]
    qtbot.waitUntil(
        lambda: "passphrase was changed" in window.statusBar().currentMessage(), timeout=20000
    )
    window.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, "frase de prueba ñandú 2026")
    Vault.open(vault_path, new).close()


def test_photos_of_a_person(qtbot: Any, demo_vault: Any, tmp_path: Any, monkeypatch: Any) -> None:
    from PySide6.QtGui import QColor, QImage

    photo = tmp_path / "ximena-2026-10.png"
    image = QImage(30, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#884422"))
    assert image.save(str(photo))
    monkeypatch.setattr(file_dialogs, "_chosen", lambda dialog: [str(photo)])
    window = MainWindow(demo_vault)
    qtbot.addWidget(window)
    window.filter.setText("RU-2026-0001")
    window.table.selectRow(0)
    people = window.workspace.people
    child = next(i for i, p in enumerate(people.model.rows()) if p.person.given_names == "Ximena")
    people.select_row(child)
    documents = window.workspace.documents
    before = documents.model.rowCount()
    _click(people, "add_photos", qtbot)
    qtbot.waitUntil(lambda: documents.last_import == 1, timeout=10000)
    assert documents.model.rowCount() == before + 1
    added = next(d for d in documents.model.rows() if d.title == "ximena-2026-10")
    assert [p.given_names for p in added.persons] == ["Ximena"]
    window.lock()
