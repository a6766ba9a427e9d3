"""Long work off the GUI thread, with a progress bar and a cancel button.

One worker object on one QThread per task (Anki's taskman idea): the function
gets `progress(done, total)` and `cancelled()`; its result or its error comes
back through signals, so the window stays responsive while 100 MB are encrypted
or scrypt derives a key. Every slow action goes this one way: unlock, the demo,
a new vault, export, file import, backup, passphrase change.

Errors a user can act on (ReunifyError, OSError) come back as a `TaskFailure`
whose text is the message to show. Anything else is a bug: it takes the crash
dialog's path (`sys.excepthook`, which the GUI sets to the crash handler: a
scrubbed report is kept and shown), and the task still ends with a failure, so
the dialog that started it closes normally and nothing waits forever.
"""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from reunify.errors import DiskFull, ReunifyError
from reunify.fileio import os_error
from reunify.i18n import _
from reunify.logs import error_kind

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


@dataclass(frozen=True)
class TaskFailure:
    """Why a task failed: the message for the person, and the error's kind for the log.

    No exception is kept: its traceback would hold the worker's locals (a
    passphrase, case rows) for as long as the failure is referenced.
    """

    message: str
    kind: str
    unexpected: bool = False

    def __str__(self) -> str:
        return self.message


def os_error_message(exc: OSError) -> str:
    """A failed file operation in the person's words, with what to do next: the
    system's own text ("No space left on device") is English and names no next step."""
    path = Path(exc.filename) if exc.filename else None
    if exc.errno == errno.ENOSPC:
        return DiskFull().user_message()
    if path is not None:
        mapped = os_error(exc, path.parent, path)  # read-only folder or disk, file in use
        if isinstance(mapped, ReunifyError):
            return mapped.user_message()
    if exc.errno == errno.ENOENT and path is not None:
        return _(
            "{name} is no longer there: it was moved, renamed or deleted. Choose it again."
        ).format(name=path.name)
    if path is not None:
        return _(
            "{name} could not be read or written. Check that the disk or USB drive is still "
            "connected and try again; nothing already saved was lost."
        ).format(name=path.name)
    return _(
        "A file could not be read or written. Check that the disk or USB drive is still "
        "connected and try again; nothing already saved was lost."
    )


class _Worker(QObject):
    # object, not int: Qt's int is 32 bits and byte counts pass 2 GiB.
    progress = Signal(object, object)
    succeeded = Signal(object)
    failed = Signal(object)  # TaskFailure
    crashed = Signal(object)  # the unexpected exception, for the crash dialog
    ended = Signal()  # whatever happened: the thread may stop

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.cancel_requested = False

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.progress.emit, lambda: self.cancel_requested)
        except ReunifyError as exc:
            log.info("background task failed: %s", error_kind(exc))
            self.failed.emit(TaskFailure(exc.user_message(), error_kind(exc)))
        except OSError as exc:
            log.warning("background task failed: %s", error_kind(exc))
            self.failed.emit(TaskFailure(os_error_message(exc), error_kind(exc)))
        except Exception as exc:  # a bug: reported through the crash dialog, never swallowed
            log.error("background task failed unexpectedly: %s", error_kind(exc))
            self.crashed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.work = _spent  # the closure (a passphrase, a session) goes with it
            self.ended.emit()


class _Reaper(QObject):
    """Holds every task's thread and worker until the work has ended.

    Qt aborts the process when a running QThread is destroyed, and a worker
    deleted under its running code would crash it: if the window that started
    a task is destroyed first (a test that fails half-way, a window closed by
    the system), the thread and worker stay alive here until the work returns.
    """

    def __init__(self) -> None:
        super().__init__()
        self.running: dict[QThread, _Worker] = {}

    def keep(self, thread: QThread, worker: _Worker) -> None:
        self.running[thread] = worker
        # The thread stops when the work ends, even with nobody left to take the result.
        worker.ended.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._finished)  # queued: this object lives on the GUI thread

    @Slot()
    def _finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread):
            thread.wait()  # `finished` comes just before the thread really ends
            self.running.pop(thread, None)


_reaper: _Reaper | None = None


def _keep(thread: QThread, worker: _Worker) -> None:
    global _reaper
    if _reaper is None:
        _reaper = _Reaper()
    _reaper.keep(thread, worker)


def _spent(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> None:
    return None


class BackgroundTask(QObject):
    """Run `work` on a thread; `finished(ok, result or TaskFailure)` on the GUI thread.

    Progress shows in a window-modal dialog with a Cancel button, or, with
    `bar`, in a progress bar the caller's own window holds (the unlock screen
    and the export dialog, which stay on screen and say what happens there).
    """

    finished = Signal(bool, object)

    def __init__(
        self, parent: QWidget, label: str, work: Work, *, bar: QProgressBar | None = None
    ) -> None:
        super().__init__(parent)
        self.bar = bar
        self.dialog: QProgressDialog | None = None
        if bar is None:
            self.dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(_("Working…"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
        self.thread_ = QThread()  # no parent: see _Reaper
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread_)
        _keep(self.thread_, self.worker)
        self.thread_.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        # Bound slots of this object (which lives in the GUI thread), never lambdas:
        # a lambda would run in the worker's thread.
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.crashed.connect(self._crashed)
        self.running = False
        self._over = False  # finished or abandoned by a lock: a late result is ignored

    @classmethod
    def run(
        cls,
        parent: QWidget,
        label: str,
        work: Work,
        done: Callable[[bool, object], None],
        *,
        bar: QProgressBar | None = None,
    ) -> BackgroundTask:
        """Start `work` now; `done(ok, result or TaskFailure)` runs on the GUI thread."""
        task = cls(parent, label, work, bar=bar)
        task.finished.connect(done)
        task.start()
        return task

    def start(self) -> None:
        self.running = True
        if self.bar is not None:
            self.bar.setRange(0, 0)  # busy until the work says how much there is
            self.bar.setVisible(True)
        log.debug("background task started")
        self.thread_.start()

    def cancel(self) -> None:
        self.worker.cancel_requested = True

    @Slot(object, object)
    def _progress(self, done: int, total: int) -> None:
        if total > 0 and not self._over:
            scale = max(1, total // 1_000_000)  # progress widgets count in 32-bit ints
            target = self.bar if self.bar is not None else self.dialog
            assert target is not None
            target.setMaximum(total // scale)
            target.setValue(min(done // scale, total // scale))

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._done(True, result)

    @Slot(object)
    def _failed(self, failure: TaskFailure) -> None:
        self._done(False, failure)

    @Slot(object)
    def _crashed(self, exc: BaseException) -> None:
        failure = TaskFailure(
            _(
                "An unexpected error stopped this. Your saved work is safe in the vault; "
                "a report without case data was kept for support."
            ),
            error_kind(exc),
            unexpected=True,
        )
        over = self._over
        self._done(False, failure)  # the progress dialog goes before the crash dialog comes
        if not over:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _done(self, ok: bool, result: object) -> None:
        if self._over:
            return
        self._stop()
        self.finished.emit(ok, result)

    def _stop(self) -> None:
        self._over = True
        self.thread_.quit()
        self.thread_.wait()
        self.running = False
        if self.bar is not None:
            self.bar.setVisible(False)
        self._close_dialog()
        self.deleteLater()

    def _close_dialog(self) -> None:
        if self.dialog is None:
            return
        # reset() stops the timer that would otherwise show the dialog after it closed.
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        self.dialog = None

    def wait(self) -> None:
        """Locking waits for the work (cancelled) to stop before the key goes away."""
        if self.running:
            self.cancel()
            self._stop()
