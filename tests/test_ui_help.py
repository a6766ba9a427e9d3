"""F1 opens a help window with topics and the window's own shortcuts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from reunify.ui.app import MainWindow
from reunify.ui.help import TOPICS, HelpDialog, shortcut_rows
from reunify.vault import Vault

pytestmark = [pytest.mark.ui, pytest.mark.vault]


def test_f1_opens_topics_and_the_real_shortcuts(qtbot: Any, vault: Vault) -> None:
    window = MainWindow(vault)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(HelpDialog, "help")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.topics.count() == len(TOPICS) + 1
    assert "encrypted vault" in dialog.text.toPlainText()
    dialog.topics.setCurrentRow(dialog.topics.count() - 1)
    keys = dialog.text.toPlainText()
    assert "Ctrl+N" in keys and "Ctrl+L" in keys  # read from the window's actions
    rows = dict(shortcut_rows(window))
    assert rows["Ctrl+E"] == "Export bundle"
    # Ins adds in whichever tab is open: said in general, not as one tab's "Add note"
    assert rows["Ins"] == "Add, in the tab that is open"
    assert "Add note" not in rows.values() and "Delete document…" not in rows.values()
    qtbot.keyClick(window, Qt.Key.Key_F1)  # again: the same window comes forward
    assert len(window.findChildren(HelpDialog)) == 1
    assert dialog.width() <= 1366 and dialog.height() <= 768
    window.lock()
