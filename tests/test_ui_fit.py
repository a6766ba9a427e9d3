"""Every window and dialog fits the field laptop (1366×768) and stays usable at 1280×720,
in Spanish and in English: minimum sizes measured on the real widgets, with the demo
vault's biggest case open (tests run on a 1366×768 offscreen screen: conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from reunify.queries import case_list, load_case_view
from reunify.ui import file_dialogs
from reunify.ui.app import MainWindow
from reunify.ui.crash_dialog import CrashDialog
from reunify.ui.fit import SMALLEST, available
from reunify.ui.forms import FormDialog
from reunify.ui.language import switcher
from reunify.ui.settings_dialog import CalendarsDialog
from reunify.ui.unlock import CreateVaultDialog, UnlockDialog
from reunify.ui.workspace.base import SectionTab
from reunify.vault import Vault

pytestmark = [pytest.mark.ui, pytest.mark.vault]


@pytest.fixture(params=["es", "en"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    switcher.apply(request.param, persist=False)
    yield request.param
    switcher.apply("en", persist=False)


def biggest_case(vault: Vault) -> str:
    """The demo case with the most steps, people and documents: the widest rows."""
    with vault.session() as s:
        ids = [row.id for row in case_list(s)]
        views = [load_case_view(s, i) for i in ids]
    sizes = {
        v.case.id: sum(len(steps) for steps in v.steps.values()) + len(v.parties) + len(v.documents)
        for v in views
    }
    return max(sizes, key=lambda i: sizes[i])


def minimum(widget: QWidget) -> QSize:
    """What the layout will not go below: the size hint, or a minimum set by hand."""
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())


def open_window(qtbot: Any, vault: Vault) -> MainWindow:
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_case(biggest_case(vault))
    return window


def rows_selected(tab: QWidget) -> None:
    """A row selected in each list of the tab: detail panes filled, actions enabled."""
    for part in [tab, *tab.findChildren(SectionTab)]:
        if isinstance(part, SectionTab) and part.model.rowCount():
            part.select_row(0)


def test_main_window_fits_on_every_tab(qtbot: Any, demo_vault: Vault, lang: str) -> None:
    window = open_window(qtbot, demo_vault)
    screen = available(window)
    assert screen.size() == QSize(1366, 768)  # the screen the tests run on
    assert window.frameGeometry().width() <= screen.width()
    assert window.frameGeometry().height() <= screen.height()
    workspace = window.workspace
    widths: dict[str, int] = {}
    for index in range(workspace.count()):
        workspace.setCurrentIndex(index)
        rows_selected(workspace.widget(index))
        QApplication.processEvents()
        size = minimum(window)
        widths[workspace.tabText(index)] = size.width()
        assert size.width() <= SMALLEST.width(), (lang, workspace.tabText(index), size)
        assert size.height() <= SMALLEST.height(), (lang, workspace.tabText(index), size)
        # the tab itself leaves room for the case list beside it
        tab = minimum(workspace.widget(index))
        assert tab.width() + minimum(window.list_pane).width() <= SMALLEST.width()
    print(lang, widths)
    window.do_dashboard()
    assert minimum(window).width() <= SMALLEST.width()
    # the window really shrinks to 1280×720 and keeps every tab reachable
    window.resize(SMALLEST)
    QApplication.processEvents()
    assert window.width() <= SMALLEST.width() and window.height() <= SMALLEST.height()
    window.lock()


class Seen:
    """Dialogs measured while the code under test thinks they ran modally."""

    def __init__(self) -> None:
        self.sizes: dict[str, tuple[QSize, QSize]] = {}

    def measure(self, dialog: QWidget) -> None:
        if isinstance(dialog, QMessageBox):
            return
        dialog.show()
        QApplication.processEvents()
        name = f"{type(dialog).__name__}: {dialog.windowTitle()}"
        self.sizes[name] = (minimum(dialog), dialog.frameGeometry().size())
        room = available(dialog)
        assert dialog.width() <= room.width() and dialog.height() <= room.height(), name
        if isinstance(dialog, FormDialog):
            # no horizontal scrollbar: the fields fit the width they are given
            bar = dialog.area.horizontalScrollBar()
            assert not bar.isVisible() and bar.maximum() == 0, name
            assert dialog.inner.width() <= dialog.area.viewport().width(), name

    def check(self) -> None:
        too_big = {
            name: (m.width(), m.height())
            for name, (m, _size) in self.sizes.items()
            if m.width() > SMALLEST.width() or m.height() > SMALLEST.height()
        }
        assert not too_big, too_big


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Every dialog opened with exec() is measured and then cancelled; questions say
    no and file dialogs choose nothing, so the walk writes nothing it cannot undo."""
    found = Seen()

    def fake_exec(dialog: QDialog) -> int:
        found.measure(dialog)
        if isinstance(dialog, FormDialog):
            dialog.discard()
        else:
            dialog.hide()
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: no)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: None)
    monkeypatch.setattr(file_dialogs, "_chosen", lambda dialog: [])  # every file dialog
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    return found


def test_every_dialog_fits(
    qtbot: Any, demo_vault: Vault, demo_path: Path, lang: str, seen: Seen
) -> None:
    window = open_window(qtbot, demo_vault)
    workspace = window.workspace
    # every form a tab opens: each action of each list, with a row selected
    for index in range(workspace.count()):
        workspace.setCurrentIndex(index)
        tab = workspace.widget(index)
        for part in [tab, *tab.findChildren(SectionTab)]:
            if not isinstance(part, SectionTab):
                continue
            for action in part.qactions:
                if part.model.rowCount():
                    part.select_row(0)
                if action.isEnabled():
                    action.trigger()
    summary = workspace.summary
    for button in (summary.edit_button, summary.status_button, summary.track_button):
        button.click()
    workspace.checklists.start_button.click()
    # the window's own dialogs (new case, passphrase, settings, calendars, …)
    skip = {"quit", "lock", "backup", "find", "dashboard"}
    for name, action in window.actions_.items():
        if name not in skip:
            action.trigger()
            QApplication.processEvents()
    for dialog in window.findChildren(QDialog):  # the non-modal ones: export, about, help
        if dialog.isVisible():
            seen.measure(dialog)
    calendars = CalendarsDialog(demo_vault, window)
    qtbot.addWidget(calendars)
    calendars.new_calendar()
    calendars.add_entry()
    for standalone in (
        UnlockDialog(demo_path),
        CreateVaultDialog(),
        CrashDialog("Traceback (most recent call last):\n  …\nRuntimeError: x", None),
    ):
        qtbot.addWidget(standalone)
        seen.measure(standalone)
    print(lang, {name: (m.width(), m.height()) for name, (m, _s) in seen.sizes.items()})
    assert len(seen.sizes) >= 30, sorted(seen.sizes)
    seen.check()
    window.lock()
