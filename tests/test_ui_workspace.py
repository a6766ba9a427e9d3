"""The attorney's day, end to end, through the real window and a real encrypted vault."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from reunify.demo import make_curp
from reunify.models import Case, CaseVariant, PartyRole, StepState
from reunify.ui.app import MainWindow
from reunify.ui.forms import FormDialog
from reunify.ui.unlock import CreateVaultDialog, UnlockDialog
from tests.conftest import PASSPHRASE
from tests.ui_helpers import check, fill_form, on_next_modal

pytestmark = [pytest.mark.ui, pytest.mark.vault]

MOTHER_CURP = make_curp("Rosalba", "Tecuapetla", "Ramírez", date(1994, 3, 8), "M", "TL")
CHILD_CURP = make_curp("Ximena", "Tecuapetla", "Ramírez", date(2017, 6, 2), "M", "TL")


def _press(tab: Any, name: str) -> None:
    """A tab's action, as its toolbar button, context-menu entry or shortcut runs it."""
    action = tab.action(name)
    assert action.isEnabled(), name
    action.trigger()


def _drop_files(widget: QWidget, paths: list[Path]) -> None:
    """What a file manager's drag does: enter (accepted), then drop."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(5, 200),  # PySide6 marks this constructor deprecated, but it is Qt 6's own
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(5, 200),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def _open_window(qtbot: Any, vault: Any) -> MainWindow:
    window = MainWindow(vault)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    return window


def test_a_day_in_the_workspace(qtbot: Any, tmp_path: Path) -> None:
    log: list[Any] = []
    # Create a vault as a new user would.
    create = CreateVaultDialog()
    qtbot.addWidget(create)
    vault_file = tmp_path / "despacho.reunify"
    create.path.setText(str(vault_file))
    create.operator.setText("Lic. Prueba")
    create.passphrase.setText(PASSPHRASE)
    create.confirm.setText(PASSPHRASE)
    with qtbot.waitSignal(create.accepted, timeout=30000):  # created on a worker thread
        qtbot.mouseClick(create.create_button, Qt.MouseButton.LeftButton)
    assert create.vault is not None
    window = _open_window(qtbot, create.vault)

    # Ctrl+N: a new case.
    fill_form({"title": "Familia Tecuapetla Ramírez", "variant": CaseVariant.OTHER}, log)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    check(log)
    assert window.model.total() == 1
    assert window.selected_case() is not None
    workspace = window.workspace
    assert window.stack.currentWidget() is workspace
    assert "Familia Tecuapetla Ramírez" in workspace.summary.text.text()

    # The mother: an invalid CURP is refused with a message under the field.
    people = workspace.people
    refused: list[str] = []

    def add_mother(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values(
            {
                "role": PartyRole.CLIENT,
                "given_names": "Rosalba",
                "paternal_surname": "Tecuapetla",
                "maternal_surname": "Ramírez",
                "curp": "TERR940308MTLCMS0X",
                "birth_date": date(1994, 3, 8),
                "phone": "+52 246 555 0142",
            }
        )
        dialog.save()
        assert dialog.isVisible(), "an invalid CURP must keep the form open"
        refused.append(dialog.errors["curp"].text())
        assert dialog.inputs["given_names"].text() == "Rosalba"  # nothing typed is lost
        dialog.set_values({"curp": MOTHER_CURP})
        dialog.save()
        assert not dialog.isVisible()

    on_next_modal(add_mother, log)
    _press(people, "add_person")
    check(log)
    assert refused and "CURP" in refused[0]
    fill_form(
        {
            "role": PartyRole.CHILD,
            "given_names": "Ximena",
            "paternal_surname": "Tecuapetla",
            "maternal_surname": "Ramírez",
            "curp": CHILD_CURP.lower(),
            "birth_date": date(2017, 6, 2),
        },
        log,
    )
    _press(people, "add_person")
    check(log)
    names = [people.model.index(r, 0).data() for r in range(people.model.rowCount())]
    assert sorted(names) == ["Rosalba Tecuapetla Ramírez", "Ximena Tecuapetla Ramírez"]

    # Start "locate the child" and complete its first two steps.
    checklists = workspace.checklists
    workspace.setCurrentWidget(checklists)
    fill_form({"template_id": "locate_child"}, log)
    qtbot.mouseClick(checklists.start_button, Qt.MouseButton.LeftButton)
    check(log)
    assert checklists.model.rowCount() >= 8
    for row in (0, 1):
        checklists.select_row(row)
        fill_form({}, log)  # "Done on": today, as the form proposes
        _press(checklists, "step_done")
        check(log)
    states = [checklists.model.rows()[i].state for i in range(checklists.model.rowCount())]
    assert states[:2] == [StepState.DONE, StepState.DONE]
    # A step that needs a photo says what blocks it, and refuses to be done.
    blocked = next(r for r in checklists.model.rows() if r.step.key == "prosecutor_report")
    assert blocked.state == StepState.BLOCKED and blocked.blockers
    checklists.select_id(blocked.id)
    _press(checklists, "step_done")
    assert "cannot be completed" in checklists.detail.text()

    # Attach a photo by dropping it on the Documents tab: it becomes a document.
    photo = tmp_path / "ximena_2026.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    assert image.save(str(photo))
    documents = workspace.documents
    workspace.setCurrentWidget(documents)
    _drop_files(documents.table.viewport(), [photo])
    qtbot.waitUntil(lambda: documents.last_import == 1, timeout=10000)
    assert documents.model.rowCount() == 1
    documents.select_row(0)
    assert documents.preview.shown is not None and documents.preview.shown.width() == 64
    # The photo unblocks the prosecutor step.
    workspace.setCurrentWidget(checklists)
    again = next(r for r in checklists.model.rows() if r.step.key == "prosecutor_report")
    assert again.state == StepState.TODO

    # Ctrl+L locks: the window closes, the vault key is gone.
    vault = window.vault
    assert vault is not None
    window.activateWindow()  # the person clicks back into the window after the dialogs
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None and not vault.is_open
    assert people.model.rowCount() == 0 and checklists.model.rowCount() == 0

    # Unlock again: everything is still there.
    unlock = UnlockDialog(vault_file)
    qtbot.addWidget(unlock)
    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(unlock.accepted, timeout=30000):  # unlocked on a worker thread
        qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)
    assert unlock.vault is not None
    window2 = _open_window(qtbot, unlock.vault)
    window2.table.selectRow(0)
    ws = window2.workspace
    people2 = ws.people
    curps = sorted(people2.model.index(r, 3).data() for r in range(people2.model.rowCount()))
    assert curps == sorted([MOTHER_CURP, CHILD_CURP])
    rows = ws.checklists.model.rows()
    assert sum(r.state == StepState.DONE for r in rows) == 2
    docs = ws.documents
    assert docs.model.rowCount() == 1
    docs.select_row(0)
    assert docs.files.count() == 1 and "ximena_2026.png" in docs.files.itemText(0)
    assert docs.preview.shown is not None
    window2.lock()
    check(log)


def test_unsaved_form_asks_and_lock_reports_it(qtbot: Any, demo_vault: Any, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = _open_window(qtbot, demo_vault)
    messages: list[str] = []
    window.locked.connect(messages.append)
    window.table.selectRow(0)
    asked: list[bool] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(True) or QMessageBox.StandardButton.Cancel,
    )
    log: list[Any] = []

    def type_then_cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values({"body": "Llamar a la consejera el lunes"})
        dialog.reject()  # Esc: pending edits → asks, and the person says Cancel
        assert dialog.isVisible()
        window.lock()  # the auto-lock fires while the form is open

    notes = window.workspace.notes
    on_next_modal(type_then_cancel, log)
    _press(notes, "add")
    check(log)
    assert asked == [True]
    assert messages and "unsaved" in messages[0]
    assert not demo_vault.is_open


def test_filters_and_dashboard(qtbot: Any, demo_vault: Any) -> None:
    from reunify.models import LegalTrack

    window = _open_window(qtbot, demo_vault)
    total = window.model.total()
    window.track_filter.setCurrentIndex(window.track_filter.findData(LegalTrack.US_DEPENDENCY))
    assert 0 < window.model.total() < total
    window.track_filter.setCurrentIndex(0)
    assert window.model.total() == total
    window.filter.setText("0001")
    assert window.model.total() >= 1
    window.filter.clear()
    window.table.selectRow(0)
    assert window.stack.currentWidget() is window.workspace
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.dashboard
    window.lock()


def test_every_tab_model_passes_modeltester(
    qtbot: Any, qtmodeltester: Any, demo_vault: Any
) -> None:
    window = _open_window(qtbot, demo_vault)
    window.filter.setText("tecuatl")
    window.table.selectRow(0)
    tested = 0
    from reunify.ui.workspace.base import SectionTab

    for tab in window.workspace.findChildren(SectionTab):
        if tab.model.rowCount():
            qtmodeltester.check(tab.model)
            tested += 1
    assert tested >= 8
    qtmodeltester.check(window.dashboard.model)
    window.lock()


def test_columns_sort_by_value_not_by_text(qtbot: Any, vault: Any) -> None:
    """Step numbers sort 1, 2 … 10 (not 1, 10, 2) and dates by date (not "Apr" before
    "Dec"); a deadline without a date stays last either way."""
    from reunify import operations as ops
    from reunify.models import DeadlineUnit
    from reunify.operations.checklists import start_checklist

    with vault.session() as s:
        case = ops.create_case(s, title="Familia Coyotzi Pluma", opened_on=date(2026, 3, 2))
        start_checklist(s, case, "custody_cnpcyf", started_on=date(2026, 3, 2))
        for title, on, unit in (
            ("Audiencia", date(2027, 4, 2), DeadlineUnit.CALENDAR_DAYS),
            ("Sin fecha", date(2026, 3, 2), DeadlineUnit.NONE),
            ("Pruebas", date(2026, 12, 10), DeadlineUnit.CALENDAR_DAYS),
            ("Alegatos", date(2027, 1, 20), DeadlineUnit.CALENDAR_DAYS),
        ):
            amount = 0 if unit != DeadlineUnit.NONE else None
            ops.add_deadline(s, case, title=title, trigger_date=on, amount=amount, unit=unit)
    window = _open_window(qtbot, vault)
    window.table.selectRow(0)
    steps = window.workspace.checklists
    assert steps.model.rowCount() >= 12

    def column(tab: Any, index: int) -> list[str]:
        return [tab.model.index(r, index).data() for r in range(tab.model.rowCount())]

    count = steps.model.rowCount()
    steps.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert column(steps, 0) == [str(n) for n in range(count, 0, -1)]
    steps.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column(steps, 0) == [str(n) for n in range(1, count + 1)]
    assert sorted(column(steps, 0)) != column(steps, 0)  # text order would differ

    deadlines = window.workspace.proceedings.deadlines
    mine = ["Pruebas", "Alegatos", "Audiencia", "Sin fecha"]

    def titles() -> list[str]:
        return [t for t in column(deadlines, 1) if t in mine]

    deadlines.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles() == mine
    deadlines.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert titles() == ["Audiencia", "Alegatos", "Pruebas", "Sin fecha"]
    # The order chosen survives a change to the case (the arrow still shows it).
    with vault.session() as s:
        case_id = s.scalars(select(Case.id)).one()
    window.events.caseChanged.emit(case_id)
    assert titles() == ["Audiencia", "Alegatos", "Pruebas", "Sin fecha"]
    window.lock()
