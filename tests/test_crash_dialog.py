"""The crash dialog: a report without case data, a dialog with no console, one dialog
in a crash loop, errors from slots and threads, Qt's fatal messages."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMessageLogContext, Qt, QTimer, QtMsgType
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from reunify import __version__, logs
from reunify.errors import VaultNotFound
from reunify.ui import crash_dialog, file_dialogs
from reunify.ui.crash_dialog import CrashDialog, CrashHandler, crash_report, scrub_qt_message

pytestmark = pytest.mark.ui

CLIENT = "Xóchitl Ramírez Tepale"  # invented; never on a line that raises


def _fail_with(text: str) -> None:
    raise ValueError(f"could not save the person {text}")


def _caught(text: str = CLIENT) -> tuple[type[BaseException], BaseException, object]:
    try:
        _fail_with(text)
    except ValueError as exc:
        return type(exc), exc, exc.__traceback__
    raise AssertionError("no exception")


@pytest.fixture
def handler() -> Iterator[CrashHandler]:
    """Hooks installed for one test, never blocking (the test drives the dialog)."""
    h = CrashHandler(block=False).install()
    yield h
    h.uninstall()
    if h.dialog is not None:
        h.dialog.close()
        h.dialog.deleteLater()
    logs.teardown_logging()


def test_crash_report_keeps_type_frames_and_versions_not_the_message() -> None:
    kind, exc, tb = _caught()
    report = crash_report(kind, exc, tb)  # type: ignore[arg-type]
    assert CLIENT not in report and "Ramírez" not in report
    assert "ValueError: [message withheld" in report
    assert "in _fail_with" in report and "in _caught" in report
    assert 'raise ValueError(f"could not save the person {text}")' in report  # code line
    for line in (f"Version: {__version__}", "Qt: ", "PySide6: ", "SQLCipher: ", "Python: "):
        assert line in report
    assert "Operating system: " in report and "Thread: MainThread" in report
    own = crash_report(VaultNotFound, VaultNotFound(path=f"/home/{CLIENT}.reunify"), None)
    assert "VaultNotFound: There is no vault at {path}" in own and CLIENT not in own


def test_qt_messages_lose_paths_and_quoted_text() -> None:
    text = scrub_qt_message(f'QFile::open: cannot open "{CLIENT}" at /home/ana/{CLIENT}.pdf')
    assert "Xóchitl" not in text and "Tepale" not in text and "/home/ana" not in text
    assert text == 'QFile::open: cannot open "…" at <path>'
    # file names have spaces: the rest of the words go with the path
    assert scrub_qt_message(rf"Cannot lock C:\Users\ana\{CLIENT}.pdf (busy)") == (
        "Cannot lock <path>(busy)"
    )
    assert scrub_qt_message("QFont::setPointSize: Point size <= 0 (-1)") == (
        "QFont::setPointSize: Point size <= 0 (-1)"
    )
    assert scrub_qt_message("x" * 1000) == "x" * 300


def test_dialog_with_no_console_saves_and_copies_the_report(
    qtbot, handler: CrashHandler, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stderr", None)  # a windowed build
    log_file = logs.setup_logging("gui")
    kind, exc, tb = _caught()
    sys.excepthook(kind, exc, tb)  # type: ignore[arg-type]
    dialog = handler.dialog
    assert isinstance(dialog, CrashDialog)
    qtbot.waitExposed(dialog)
    assert dialog.isModal() and "safe in the vault" in dialog.message.text()
    report = dialog.details.toPlainText()
    assert "ValueError" in report and CLIENT not in report and f"Version: {__version__}" in report
    # kept in the log folder, private, and named in the dialog
    assert len(handler.reports) == 1 and handler.reports[0].read_text(encoding="utf-8") == report
    assert str(handler.reports[0]) in dialog.where.text()
    if os.name == "posix":
        assert stat.S_IMODE(handler.reports[0].stat().st_mode) == 0o600
    logged = log_file.read_text(encoding="utf-8")
    assert "unexpected error; report crash-gui-" in logged and CLIENT not in logged
    # Save report… writes the file the person chose
    chosen = tmp_path / "para soporte.txt"
    monkeypatch.setattr(file_dialogs, "_chosen", lambda dialog: [str(chosen)])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert chosen.read_text(encoding="utf-8") == report
    assert dialog.status.text() == "Report saved."
    # Copy report puts the same text on the clipboard
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report
    # an unwritable destination is said, not raised
    monkeypatch.setattr(file_dialogs, "_chosen", lambda dialog: [str(tmp_path / "no" / "x.txt")])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("The report could not be saved")


def test_a_crash_loop_shows_one_dialog(qtbot, handler: CrashHandler, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stderr", None)
    for _ in range(5):
        handler.excepthook(*_caught())  # type: ignore[arg-type]
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]
    assert dialogs == [handler.dialog] and handler.dialog is not None
    assert handler.dialog.more == 4
    assert handler.dialog.repeats.text().startswith("4 more errors happened")
    assert len(handler.reports) == 5  # each one is still logged and kept
    handler.dialog.close()
    handler.excepthook(*_caught())  # type: ignore[arg-type]
    assert handler.dialog.isVisible() and handler.dialog.more == 0  # a new one, later


def test_a_console_gets_the_scrubbed_report_too(
    qtbot, handler: CrashHandler, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A terminal's scrollback can be logged or shared: it gets what the files get."""
    handler.excepthook(*_caught())  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and "in _fail_with" in err and CLIENT not in err
    assert handler.dialog is not None and CLIENT not in handler.dialog.report
    assert CLIENT not in handler.reports[0].read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_dialog(
    qtbot, handler: CrashHandler, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The real path: PySide6 hands a slot's exception to sys.excepthook."""
    monkeypatch.setattr(sys, "stderr", None)
    QTimer.singleShot(0, lambda: _fail_with(CLIENT))
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog is not None
    report = handler.dialog.details.toPlainText()
    assert "in _fail_with" in report and CLIENT not in report


def test_an_exception_in_a_python_thread_is_shown_on_the_gui_thread(
    qtbot, handler: CrashHandler, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stderr", None)
    worker = threading.Thread(target=_fail_with, args=(CLIENT,), name="export-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog is not None
    report = handler.dialog.details.toPlainText()
    assert "Thread: export-worker" in report and CLIENT not in report


def test_an_error_inside_the_hook_falls_back_quietly(
    handler: CrashHandler, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the report itself failed")

    monkeypatch.setattr(crash_dialog, "crash_report", broken)
    log_file = logs.setup_logging("gui")
    monkeypatch.setattr(sys, "stderr", None)
    handler.excepthook(*_caught())  # type: ignore[arg-type]  # no exception, no dialog
    assert handler.dialog is None
    assert "error while reporting an error: ValueError" in log_file.read_text(encoding="utf-8")
    monkeypatch.undo()  # with a console, Python's own printing
    monkeypatch.setattr(crash_dialog, "crash_report", broken)
    handler.excepthook(*_caught())  # type: ignore[arg-type]
    assert "ValueError" in capsys.readouterr().err


@pytest.mark.qt_log_ignore("cannot open")
def test_qt_critical_messages_are_logged_scrubbed_and_passed_on(handler: CrashHandler) -> None:
    seen: list[str] = []
    handler._previous_qt = lambda mode, context, message: seen.append(message)
    log_file = logs.setup_logging("gui")
    message = f"QFile: cannot open /home/ana/{CLIENT}.pdf"
    handler.qt_message(QtMsgType.QtCriticalMsg, QMessageLogContext(), message)
    handler.qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), "a warning")
    logged = log_file.read_text(encoding="utf-8")
    assert "ERROR reunify.crash [MainThread]: Qt: QFile: cannot open <path>" in logged
    assert "Xóchitl" not in logged and "a warning" not in logged  # warnings are noise
    assert seen == [message, "a warning"]  # the previous handler still gets everything


@pytest.mark.skipif(os.name != "posix", reason="signals and core limits")
def test_a_qt_fatal_error_leaves_a_report_and_the_stacks(tmp_path: Path) -> None:
    """qFatal aborts the process: the report and faulthandler's stacks are what remain."""
    home = tmp_path / "portable"
    code = (
        "import resource; resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
        "import sys; sys.stderr = None\n"
        "from reunify.logs import setup_logging\n"
        "from reunify.ui.crash_dialog import install_crash_handler\n"
        "from PySide6.QtCore import qFatal\n"
        "setup_logging('gui')\n"
        "install_crash_handler()\n"
        "def deep_in_the_app():\n"
        f"    qFatal('cannot map ' + '/home/ana/' + {CLIENT!r} + '.pdf')\n"
        "deep_in_the_app()\n"
    )
    env = {**os.environ, "REUNIFY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    folder = home / "logs"
    reports = list(folder.glob("crash-gui-*.txt"))
    assert len(reports) == 1
    report = reports[0].read_text(encoding="utf-8")
    # (PySide6 hands Qt a fixed text for a qFatal made from Python; Qt's own fatal
    # messages come through as they are, scrubbed as tested above)
    assert "(Qt fatal error)" in report and "Qt: [A qFatal() call" in report
    assert 'File "<string>", line 9, in deep_in_the_app' in report and "Xóchitl" not in report
    assert "in qt_message" not in report  # the handler's own frame is left out
    assert "CRITICAL reunify.crash" in (folder / "gui.log").read_text(encoding="utf-8")
    faults = (folder / "gui-faults.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Aborted" in faults and "deep_in_the_app" in faults
