"""Programming errors end here: logged, kept as a report, and said plainly on screen.

This has to work in the windowed build, where there is no console and
`sys.stderr` is None: nothing here writes to stderr unless it exists. The
report (`crash_report`) is safe to send to support: versions, exception types
and code frames, with every exception message that may carry case data withheld
(see reunify.logs). One dialog at a time: a crash loop (a timer or a paint that
fails again and again) updates the open dialog's count instead of stacking
dialogs, and an error inside the hook itself falls back to the log.

A user's error that escapes the action that met it (a full disk under a click
that writes, a damaged page read when a case opens) is no bug: it is shown as
its sentence in a message box, and logged by kind, with no report.

Covered: `sys.excepthook` (the GUI thread, and slots PySide6 runs on worker
threads), `threading.excepthook` (Python threads), and Qt's own critical and
fatal messages (`qInstallMessageHandler`; a fatal one aborts the process, so it
is logged and reported before Qt ends it, and faulthandler adds the stacks).
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QThread,
    QtMsgType,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reunify import __version__
from reunify.errors import ReunifyError
from reunify.i18n import _, ngettext
from reunify.logs import error_kind, safe_stack, safe_traceback, write_crash_report
from reunify.ui.file_dialogs import save_file

log = logging.getLogger("reunify.crash")

ExcHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]
QtHandler = Callable[[QtMsgType, QMessageLogContext, str], Any]

# From where a path starts (after a space, quote, "=", ":" or "(") to where a path
# cannot go on: file names have spaces, so the rest of the words go too.
_PATH = re.compile(r"(?:(?<=^)|(?<=[\s\"'=:(]))(?:[A-Za-z]:)?[\\/][^\"'\n(),;]*")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
MAX_QT_MESSAGE = 300


def environment_lines() -> list[str]:
    """Versions for a report, labels in English (the report goes to support)."""
    try:
        from reunify.ui.about import versions

        return [f"{label}: {value}" for label, value in versions()]
    except Exception as exc:  # a report without versions beats no report
        return [f"Version: {__version__}", f"(versions unavailable: {type(exc).__name__})"]


def crash_report(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    *,
    thread: str | None = None,
) -> str:
    """The text of a crash report: when, which versions, where in the code; never
    an exception message that may carry case data, never local variables."""
    lines = [
        "reunify crash report",
        f"Time: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        *environment_lines(),
        f"Thread: {thread or threading.current_thread().name}",
        "",
        safe_traceback(exc_type, exc, tb).rstrip("\n"),
    ]
    return "\n".join(lines) + "\n"


def scrub_qt_message(message: str) -> str:
    """Qt's messages are about code, but may quote a file path or a string from a
    widget: paths and quoted text are replaced, the rest shortened."""
    cleaned = _QUOTED.sub('"…"', message)
    cleaned = _PATH.sub("<path>", cleaned)
    return cleaned[:MAX_QT_MESSAGE]


class CrashDialog(QDialog):
    """What happened, that saved work is safe, the versions; Save, Copy, Quit, Close."""

    def __init__(self, report: str, saved_to: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.report = report
        self.saved_to = saved_to
        self.more = 0
        self.setWindowTitle(_("Something went wrong"))
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        self.message = QLabel(
            _(
                "reunify hit an error it did not expect. Everything saved before this moment "
                "is safe in the vault. If it happens again, lock the vault and restart the app."
            )
        )
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(self.message, 1)
        self.where = QLabel(
            _(
                "A report was kept in the log folder: {path}. It says which part of the "
                "program failed, never what your cases contain, so you can send it to "
                "whoever helps you."
            ).format(path=saved_to)
            if saved_to is not None
            else _(
                "The report could not be kept in the log folder; save or copy it below. It "
                "says which part of the program failed, never what your cases contain."
            )
        )
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(180)
        self.details.setAccessibleName(_("Error report"))
        self.repeats = QLabel()
        self.repeats.setVisible(False)
        self.status = QLabel()
        self.save_button = QPushButton(_("&Save report…"))
        self.save_button.clicked.connect(self.save)
        self.copy_button = QPushButton(_("&Copy report"))
        self.copy_button.clicked.connect(self.copy)
        self.quit_button = QPushButton(_("&Quit reunify"))
        self.quit_button.clicked.connect(self.quit_app)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.save_button, self.copy_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.where)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.repeats)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(720, 460)

    def another(self) -> None:
        """One more error while this dialog is open: counted, not a new dialog."""
        self.more += 1
        self.repeats.setText(
            ngettext(
                "{n} more error happened while this window was open (see the log folder).",
                "{n} more errors happened while this window was open (see the log folder).",
                self.more,
            ).format(n=self.more)
        )
        self.repeats.setVisible(True)

    def save(self) -> None:
        from reunify.paths import data_dir

        try:
            start = str(Path.home() / "reunify-error-report.txt")
        except RuntimeError:  # no home folder known
            start = str(data_dir() / "reunify-error-report.txt")
        path = save_file(self, _("Save report"), start, _("Text files (*.txt);;All files (*)"))
        if not path:
            return
        try:
            Path(path).write_text(self.report, encoding="utf-8")
        except OSError as exc:
            self.status.setText(
                _("The report could not be saved: {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return
        self.status.setText(_("Report saved."))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.status.setText(_("Report copied. Paste it into an email or a message."))

    def quit_app(self) -> None:
        """Close every window (the main window locks the vault as it closes) and quit."""
        self.done(QDialog.DialogCode.Rejected)
        QApplication.closeAllWindows()
        QApplication.quit()


class CrashHandler(QObject):
    """Installs the hooks; shows at most one CrashDialog, on the GUI thread."""

    _present = Signal(str, str)  # report, file it was kept in ("" when it was not)
    _say = Signal(str)  # a user's error that escaped its action: its sentence

    def __init__(self, *, block: bool | None = None) -> None:
        super().__init__()
        self.dialog: CrashDialog | None = None
        self.notice: QMessageBox | None = None
        self.reports: list[Path] = []
        self.block = block  # None: exec() only when no event loop runs (see _show)
        self._local = threading.local()
        self._previous_hook: ExcHook | None = None
        self._previous_thread_hook: Callable[[Any], Any] | None = None
        self._previous_qt: QtHandler | None = None
        self._installed = False
        self._present.connect(self._show)
        self._say.connect(self._show_notice)

    # -- installation ---------------------------------------------------------------
    def install(self) -> CrashHandler:
        if not self._installed:
            self._previous_hook = sys.excepthook
            self._previous_thread_hook = threading.excepthook
            sys.excepthook = self.excepthook
            threading.excepthook = self.thread_excepthook
            self._previous_qt = qInstallMessageHandler(self.qt_message)
            self._installed = True
        return self

    def uninstall(self) -> None:
        if not self._installed:
            return
        sys.excepthook = self._previous_hook or sys.__excepthook__
        threading.excepthook = self._previous_thread_hook or threading.__excepthook__
        qInstallMessageHandler(self._previous_qt)
        self._installed = False

    # -- the hooks --------------------------------------------------------------------
    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        thread: str | None = None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            self._fallback(exc_type, exc, tb, "interrupted")  # Ctrl+C: as Python would
            return
        if isinstance(exc, ReunifyError):  # the person can act on it: not a bug
            self._user_error(exc)
            return
        if getattr(self._local, "busy", False):  # the hook failed inside itself
            self._fallback(exc_type, exc, tb, "error while reporting an error")
            return
        self._local.busy = True
        printed = False
        try:
            printed = self._console(exc_type, exc, tb)
            report = crash_report(exc_type, exc, tb, thread=thread)
            path = write_crash_report(report)
            if path is not None:
                self.reports.append(path)
            log.critical(
                "unexpected error; report %s\n%s",
                path.name if path is not None else "not written",
                safe_traceback(exc_type, exc, tb).rstrip("\n"),
            )
            if isinstance(QApplication.instance(), QApplication):
                self._present.emit(report, str(path) if path is not None else "")
        except BaseException:
            self._fallback(exc_type, exc, tb, "error while reporting an error", printed)
        finally:
            self._local.busy = False

    def thread_excepthook(self, args: Any) -> None:
        """threading.excepthook: a Python thread's error, shown on the GUI thread."""
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback, thread=name)

    def qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        """Qt's critical and fatal messages go to the log, scrubbed; a fatal one also
        leaves a report, since Qt aborts as soon as this returns."""
        try:
            if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
                fatal = mode == QtMsgType.QtFatalMsg
                text = scrub_qt_message(message)
                log.log(logging.CRITICAL if fatal else logging.ERROR, "Qt: %s", text)
                if fatal:
                    stack = safe_stack()
                    write_crash_report(
                        "reunify crash report (Qt fatal error)\n"
                        + "\n".join(environment_lines())
                        + f"\n\nQt: {text}\n\nPython stack (code only):\n{stack}"
                    )
        except Exception:
            pass  # never let logging a message end the process
        if self._previous_qt is not None:
            self._previous_qt(mode, context, message)
        elif sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(message + "\n")

    @staticmethod
    def _console(
        exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        """The scrubbed traceback, only when there is a console: a terminal's
        scrollback can be logged or shared too, so it gets what the report gets."""
        if sys.stderr is None:
            return False
        try:
            sys.stderr.write(safe_traceback(exc_type, exc, tb))
        except Exception:
            return False
        return True

    def _fallback(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        what: str,
        printed: bool = False,
    ) -> None:
        """When the hook cannot do its work: the console if any, and one log line."""
        try:
            if not printed:
                self._console(exc_type, exc, tb)
            log.critical("%s: %s", what, exc_type.__name__)
        except BaseException:
            pass

    def _user_error(self, exc: ReunifyError) -> None:
        try:
            log.info("user error outside a task: %s", error_kind(exc))
            if isinstance(QApplication.instance(), QApplication):
                self._say.emit(exc.user_message())
        except Exception:
            log.critical("a user error could not be shown: %s", type(exc).__name__)

    # -- the dialog -------------------------------------------------------------------
    @Slot(str)
    def _show_notice(self, message: str) -> None:
        """The sentence in a message box; one at a time (the same fault met again by
        the next click or repaint updates the open box)."""
        try:
            if self.notice is not None and self.notice.isVisible():
                self.notice.setText(message)
                return
            if self.notice is not None:
                self.notice.deleteLater()
            parent = QApplication.activeWindow()
            self.notice = QMessageBox(
                QMessageBox.Icon.Warning,
                _("This could not be done"),
                message,
                QMessageBox.StandardButton.Ok,
                parent,
            )
            self.notice.setObjectName("user_error")
            self.notice.setWindowModality(Qt.WindowModality.ApplicationModal)
            if QThread.currentThread().loopLevel() == 0 and self.block is not False:
                self.notice.exec()
            else:
                self.notice.show()
        except Exception:
            log.critical("the message could not be shown")

    @Slot(str, str)
    def _show(self, report: str, path: str) -> None:
        try:
            # Always on the GUI thread (a queued signal from any other), so no lock.
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.another()
                return
            if self.dialog is not None:
                self.dialog.deleteLater()
            self.dialog = CrashDialog(report, Path(path) if path else None)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            # No event loop (an error before app.exec() or after it returned): show()
            # alone would never paint, so the dialog runs its own.
            block = (
                self.block if self.block is not None else QThread.currentThread().loopLevel() == 0
            )
            if block:
                self.dialog.exec()
            else:
                self.dialog.show()
                if QGuiApplication.platformName() != "offscreen":  # it cannot, and says so
                    self.dialog.raise_()
                    self.dialog.activateWindow()
        except Exception:
            log.critical("the error dialog could not be shown")


_handler: CrashHandler | None = None


def install_crash_handler() -> CrashHandler:
    """For run_gui, once the QApplication exists: the hooks stay for the process."""
    global _handler
    if _handler is None:
        _handler = CrashHandler()
    return _handler.install()
