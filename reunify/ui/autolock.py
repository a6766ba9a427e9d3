"""Lock the vault after N idle minutes, measured on the wall clock.

The wall clock (not a monotonic one) keeps counting while a laptop sleeps, so a
machine that wakes after the timeout locks at once. The app also locks when Qt
reports that it was suspended.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class AutoLock(QObject):
    lock_requested = Signal()

    def __init__(self, idle_seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.idle_seconds = idle_seconds
        self.last_activity = time.time()
        self._timer = QTimer(self)
        self._timer.setInterval(max(100, min(5000, int(idle_seconds * 1000 / 4))))
        self._timer.timeout.connect(self.check)
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.applicationStateChanged.connect(self._state_changed)  # type: ignore[attr-defined]
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = time.time()
        return False

    def check(self) -> None:
        if time.time() - self.last_activity >= self.idle_seconds:
            self.stop()
            self.lock_requested.emit()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.stop()
            self.lock_requested.emit()

    def stop(self) -> None:
        self._timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
