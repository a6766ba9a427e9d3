"""Long work off the GUI thread, with a progress bar and a cancel button.

One worker object on one QThread per task (Anki's taskman idea): the function
gets `progress(done, total)` and `cancelled()`; its result or its error comes
back through signals, so the window stays responsive while 100 MB are encrypted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from reunify.errors import ReunifyError
from reunify.i18n import _
from reunify.logs import error_kind, safe_traceback

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Worker(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

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
            self.failed.emit(exc.user_message())
        except OSError as exc:
            log.warning("background task failed: %s", error_kind(exc))
            self.failed.emit(
                _("The file could not be read or written: {reason}").format(
                    reason=exc.strerror or exc.__class__.__name__
                )
            )
        except Exception as exc:  # a bug: reported, never swallowed
            # The same scrubbed text for the log and the screen: the message of an
            # unexpected exception may quote case data.
            report = safe_traceback(type(exc), exc, exc.__traceback__).rstrip("\n")
            log.error("background task failed unexpectedly\n%s", report)
            self.failed.emit(_("Unexpected error:") + "\n" + report)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Run `work` on a thread behind a modal progress dialog; `finished(ok, result)`."""

    finished = Signal(bool, object)

    def __init__(self, parent: QWidget, label: str, work: Work) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(_("Working…"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.thread_ = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        # Bound slots of this object (which lives in the GUI thread), never lambdas:
        # a lambda would run in the worker's thread.
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.running = False
        self._over = False  # finished or abandoned by a lock: a late result is ignored

    @classmethod
    def run(
        cls, parent: QWidget, label: str, work: Work, done: Callable[[bool, object], None]
    ) -> BackgroundTask:
        """Start `work` now; `done(ok, result or message)` runs on the GUI thread."""
        task = cls(parent, label, work)
        task.finished.connect(done)
        task.start()
        return task

    def start(self) -> None:
        self.running = True
        log.debug("background task started")
        self.thread_.start()

    def cancel(self) -> None:
        self.worker.cancel_requested = True

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            scale = max(1, total // 1_000_000)  # QProgressDialog counts in ints
            self.dialog.setMaximum(total // scale)
            self.dialog.setValue(min(done // scale, total // scale))

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._done(True, result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._done(False, message)

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
        self._close_dialog()
        self.deleteLater()

    def _close_dialog(self) -> None:
        # reset() stops the timer that would otherwise show the dialog after it closed.
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    def wait(self) -> None:
        """Locking waits for the work (cancelled) to stop before the key goes away."""
        if self.running:
            self.cancel()
            self._stop()
