"""Keyboard-first, with real key events on a real window at 1366×768: Tab leaves the
tables, forms open with the focus in their first field, Ctrl+Enter saves, Esc
cancels, all field errors at once, every tab action on a key, Ctrl+L over a form,
and the case on screen again after unlocking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView, QWidget

from reunify.models import PartyRole
from reunify.paths import settings_file
from reunify.ui.app import MainWindow, Shell
from reunify.ui.fit import available
from reunify.ui.forms import FormDialog
from reunify.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui_helpers import check, on_next_modal, unlock

pytestmark = [pytest.mark.ui, pytest.mark.vault]
CTRL = Qt.KeyboardModifier.ControlModifier


def focus_in(qtbot: Any, dialog: QWidget) -> QWidget:
    """Where the keys go once the dialog is the active window (as the window manager
    makes it when it opens)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def active_again(qtbot: Any, window: QWidget) -> None:
    """The main window active again after a dialog closed (the window manager's part)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_window(qtbot: Any, vault: Vault, case: str = "RU-2026-0001") -> MainWindow:
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert available(window).size() == QSize(1366, 768)
    window.filter.setText(case)
    window.table.selectRow(0)
    window.filter.clear()
    return window


def test_tab_leaves_every_table(qtbot: Any, demo_vault: Vault) -> None:
    window = open_window(qtbot, demo_vault)
    chosen = window.selected_case()
    assert chosen is not None
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    for _ in range(6):  # it moved a cell each time, opening the next case
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.selected_case() == chosen
    assert not window.table.hasFocus()
    tables = window.findChildren(QTableView)
    assert len(tables) >= 12
    assert not [t for t in tables if t.tabKeyNavigation()]
    window.lock()


def test_search_box_enter_goes_to_the_list(qtbot: Any, demo_vault: Vault) -> None:
    window = open_window(qtbot, demo_vault)
    window.do_dashboard()
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.filter.hasFocus()
    qtbot.keyClicks(window.filter, "RU-2026-0002")
    qtbot.keyClick(window.filter, Qt.Key.Key_Return)
    assert window.table.hasFocus()
    case = window.selected_case()
    assert case is not None and case.reference == "RU-2026-0002"
    window.lock()


def test_tabs_switch_from_the_keyboard(qtbot: Any, demo_vault: Vault) -> None:
    window = open_window(qtbot, demo_vault)
    workspace = window.workspace
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert workspace.currentIndex() == 2
    qtbot.keyClick(window.table, Qt.Key.Key_PageDown, CTRL)
    assert workspace.currentIndex() == 3
    qtbot.keyClick(window.table, Qt.Key.Key_PageUp, CTRL)
    qtbot.keyClick(window.table, Qt.Key.Key_PageUp, CTRL)
    assert workspace.currentIndex() == 1
    assert workspace.tabToolTip(0) == "Alt+1"
    window.lock()


def test_form_opens_in_its_first_field_and_ctrl_enter_saves(qtbot: Any, demo_vault: Vault) -> None:
    """Ins on the Notes list opens the form, the words typed land in the note, and
    Ctrl+Enter saves it (Ctrl+Return and the keypad's Enter alike)."""
    window = open_window(qtbot, demo_vault)
    notes = window.workspace.notes
    window.workspace.setCurrentWidget(notes)
    notes.table.setFocus()
    before = notes.model.rowCount()
    log: list[Any] = []
    seen: list[str] = []

    def type_and_save(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        focus = focus_in(qtbot, dialog)
        assert focus is dialog.first_input(), focus
        qtbot.keyClicks(focus, "Llamar a la consejera")
        seen.append(dialog.inputs["body"].toPlainText())  # type: ignore[attr-defined]
        qtbot.keyClick(focus, Qt.Key.Key_Return, CTRL)
        assert not dialog.isVisible()

    on_next_modal(type_and_save, log)
    qtbot.keyClick(notes.table, Qt.Key.Key_Insert)
    check(log)
    assert seen == ["Llamar a la consejera"]
    assert notes.model.rowCount() == before + 1
    window.lock()


def test_esc_cancels_and_asks_only_about_edits(
    qtbot: Any, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_vault)
    notes = window.workspace.notes
    window.workspace.setCurrentWidget(notes)
    before = notes.model.rowCount()
    asked: list[bool] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(True) or QMessageBox.StandardButton.Discard,
    )
    log: list[Any] = []

    def esc_untouched(dialog: QWidget) -> None:
        qtbot.keyClick(focus_in(qtbot, dialog), Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    on_next_modal(esc_untouched, log)
    notes.action("add").trigger()
    check(log)
    assert asked == []

    def esc_after_typing(dialog: QWidget) -> None:
        qtbot.keyClicks(focus_in(qtbot, dialog), "borrador")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    on_next_modal(esc_after_typing, log)
    notes.action("add").trigger()
    check(log)
    assert asked == [True]
    assert notes.model.rowCount() == before
    window.lock()


def test_every_field_error_at_once(qtbot: Any, demo_vault: Vault) -> None:
    """The child's form: no name, a CURP too short and a date that is not one are all
    said on the first save, and the focus goes to the first of them."""
    window = open_window(qtbot, demo_vault)
    people = window.workspace.people
    before = people.model.rowCount()
    log: list[Any] = []
    found: dict[str, str] = {}

    def save_badly(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values({"role": PartyRole.CHILD, "curp": "TERX17", "birth_date": None})
        dialog.inputs["birth_date"].setText("31/02/2017")  # type: ignore[attr-defined]
        qtbot.keyClick(focus_in(qtbot, dialog), Qt.Key.Key_Return, CTRL)
        assert dialog.isVisible()
        found.update({k: e.text() for k, e in dialog.errors.items() if e.isVisibleTo(dialog)})
        first = next(f.name for f in dialog.fields if f.name in found)
        assert QApplication.focusWidget() is dialog.inputs[first]
        dialog.discard()

    on_next_modal(save_badly, log)
    window.workspace.setCurrentWidget(people)
    people.table.setFocus()
    qtbot.keyClick(people.table, Qt.Key.Key_Insert)
    check(log)
    assert {"given_names", "curp", "birth_date"} <= set(found), found
    assert "dd/mm/yyyy" in found["birth_date"]
    assert people.model.rowCount() == before
    window.lock()


def test_tab_actions_have_keys_tooltips_and_a_context_menu(qtbot: Any, demo_vault: Vault) -> None:
    window = open_window(qtbot, demo_vault)
    people = window.workspace.people
    window.workspace.setCurrentWidget(people)
    edit = people.action("edit_person")
    assert edit.shortcut().toString() == "F2" and edit.toolTip().endswith("(F2)")
    assert people.action("add_person").shortcut().toString() == "Ins"
    names = [a.objectName() for a in people.table.actions()]
    assert "add_person" in names and "edit_person" in names
    assert people.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    # F2 and Enter on a row both open the edit form, with the person's name in it
    people.select_row(0)
    name = people.selected().person.given_names
    log: list[Any] = []
    titles: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        titles.append(dialog.inputs["given_names"].text())  # type: ignore[attr-defined]
        qtbot.keyClick(focus_in(qtbot, dialog), Qt.Key.Key_Escape)

    for key in (Qt.Key.Key_F2, Qt.Key.Key_Return):
        on_next_modal(look, log)
        active_again(qtbot, window)
        people.table.setFocus()
        qtbot.keyClick(people.table, key)
        check(log)
    assert titles == [name, name]
    # the Proceedings tab has two lists, each with its own Ins
    proceedings = window.workspace.proceedings
    window.workspace.setCurrentWidget(proceedings)
    opened: list[str] = []

    def title(dialog: QWidget) -> None:
        opened.append(dialog.windowTitle())
        qtbot.keyClick(focus_in(qtbot, dialog), Qt.Key.Key_Escape)

    for part in (proceedings.proceedings, proceedings.deadlines):
        on_next_modal(title, log)
        active_again(qtbot, window)
        part.table.setFocus()
        qtbot.keyClick(part.table, Qt.Key.Key_Insert)
        check(log)
    assert opened == ["Add proceeding", "Add deadline"]
    window.lock()


def test_ctrl_l_locks_over_an_open_form(qtbot: Any, demo_vault: Vault) -> None:
    """The form runs its own event loop (exec); Ctrl+L pressed inside it locks, closes
    the form and says so on the unlock screen."""
    window = open_window(qtbot, demo_vault)
    messages: list[str] = []
    window.locked.connect(messages.append)
    notes = window.workspace.notes
    window.workspace.setCurrentWidget(notes)
    typed: list[str] = []

    def press_lock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FormDialog)
        qtbot.keyClicks(focus_in(qtbot, dialog), "Domicilio nuevo de la madre")
        typed.append(dialog.inputs["body"].toPlainText())  # type: ignore[attr-defined]
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, CTRL)
        if dialog.isVisible():  # not locked: end the form so that the test can fail
            dialog.discard()

    QTimer.singleShot(50, press_lock)
    notes.action("add").trigger()  # returns when the lock closes the form
    assert typed == ["Domicilio nuevo de la madre"]
    assert window.vault is None and not demo_vault.is_open
    assert messages == ["The vault was locked. 1 form with unsaved changes was closed."]
    assert QApplication.activeModalWidget() is None


def test_after_unlock_the_same_case(qtbot: Any, demo_path: Path) -> None:
    shell = Shell(demo_path)
    shell.show_unlock()
    assert shell.dialog is not None
    qtbot.addWidget(shell.dialog)
    assert unlock(qtbot, shell.dialog, PASSPHRASE)
    window = shell.window
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    window.filter.setText("RU-2026-0003")
    window.table.selectRow(0)
    case_id = window.workspace.case_id
    assert case_id is not None
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert window.vault is None
    assert case_id not in settings_file().read_text(encoding="utf-8")  # memory only
    assert shell.dialog is not None
    qtbot.addWidget(shell.dialog)
    assert unlock(qtbot, shell.dialog, PASSPHRASE)
    again = shell.window
    assert again is not None and again is not window
    qtbot.addWidget(again)
    assert again.workspace.case_id == case_id
    assert again.stack.currentWidget() is again.workspace
    row = again.selected_case()
    assert row is not None and row.reference == "RU-2026-0003"
    again.lock()
