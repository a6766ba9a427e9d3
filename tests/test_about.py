"""About: the versions support asks for, the folders, a Copy button; reachable from the
Help menu and the unlock screen; run_gui names the app and sets up logs and hooks."""

from __future__ import annotations

import os
import platform
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest
import sqlcipher3.dbapi2 as sqlcipher
from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from reunify import __version__, logs
from reunify.paths import data_dir, log_dir, settings_file
from reunify.ui import crash_dialog
from reunify.ui.about import AboutDialog, about_text
from reunify.ui.app import MainWindow
from reunify.ui.language import switcher
from reunify.ui.unlock import UnlockDialog
from reunify.vault import Vault

pytestmark = pytest.mark.ui


def _value(dialog: AboutDialog, label: str) -> str:
    widget = dialog.findChild(QLabel, f"value_{label}")
    assert widget is not None, label
    return widget.text()


def test_about_shows_versions_and_folders(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "About reunify"
    assert _value(dialog, "Version") == __version__ != ""
    assert _value(dialog, "Qt") == qVersion()
    assert _value(dialog, "PySide6") == PySide6.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+ community", _value(dialog, "SQLCipher"))
    assert _value(dialog, "SQLite") == sqlcipher.sqlite_version
    assert _value(dialog, "Python").startswith(platform.python_version())
    assert platform.system() in _value(dialog, "Operating system")
    assert _value(dialog, "Data folder") == str(data_dir())
    assert _value(dialog, "Preferences file") == str(settings_file())
    assert _value(dialog, "Log folder") == str(log_dir())
    assert Path(_value(dialog, "Log folder")) == Path(os.environ["REUNIFY_HOME"]) / "logs"
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == about_text() and dialog.copied.text() == "Copied."
    for needle in (__version__, qVersion(), sqlcipher.sqlite_version, str(log_dir())):
        assert needle in copied


def test_help_menu_opens_about_and_locking_closes_it(qtbot, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    about = window.actions_["about"]
    assert about in window.help_menu.actions() and about.text() == "&About reunify"
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    window.lock(quitting=True)
    assert not dialog.isVisible()


def test_unlock_screen_has_an_about_button(qtbot, vault_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(vault_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.about_button.text() == "About reunify"
    qtbot.mouseClick(dialog.about_button, Qt.MouseButton.LeftButton)
    about = dialog.findChild(AboutDialog)
    assert about is not None
    qtbot.waitUntil(about.isVisible)
    assert _value(about, "Version") == __version__
    about.close()


@pytest.fixture
def _restore_app() -> Iterator[None]:
    """run_gui changes process-wide state; put it back for the tests that follow."""
    quit_on_last = QApplication.quitOnLastWindowClosed()
    hook = sys.excepthook
    yield
    if crash_dialog._handler is not None:
        crash_dialog._handler.uninstall()
        crash_dialog._handler = None
    sys.excepthook = hook
    logs.teardown_logging()
    QApplication.setQuitOnLastWindowClosed(quit_on_last)
    QApplication.setApplicationDisplayName("")
    switcher.apply("en", persist=False)


@pytest.mark.usefixtures("_restore_app")
def test_run_gui_names_the_app_and_sets_up_logs_and_crash_hooks(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reunify.ui.app import run_gui

    seen: dict[str, object] = {}

    def look_then_close() -> None:
        seen["name"] = QApplication.applicationName()
        seen["version"] = QApplication.applicationVersion()
        seen["display"] = QApplication.applicationDisplayName()
        seen["organization"] = QApplication.organizationName()
        seen["hook"] = sys.excepthook
        unlock = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog)]
        seen["unlock"] = [w.isVisible() for w in unlock]
        for w in unlock:
            w.reject()  # closing the unlock screen ends the app

    QTimer.singleShot(0, look_then_close)
    assert run_gui() == 0
    assert seen["name"] == "reunify" and seen["display"] == "reunify"
    assert seen["version"] == __version__ and seen["organization"] == "reunify"
    assert seen["unlock"] == [True]
    handler = crash_dialog._handler
    assert handler is not None and seen["hook"] == handler.excepthook
    text = (log_dir() / "gui.log").read_text(encoding="utf-8")
    assert "gui started: reunify" in text and "GUI started" in text and "GUI ended" in text
