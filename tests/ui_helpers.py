"""Driving real modal dialogs from tests: a timer acts on the dialog once exec() runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from reunify.ui.forms import FormDialog


def on_next_modal(action: Callable[[QWidget], None], log: list[Any]) -> None:
    """Run `action` on the next modal dialog; errors are kept in `log` for the test."""

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if tries < 200:
                QTimer.singleShot(10, lambda: attempt(tries + 1))
            else:
                log.append(AssertionError("no modal dialog appeared"))
            return
        try:
            action(dialog)
        except Exception as exc:  # reported by the test, not lost in the event loop
            log.append(exc)
            if isinstance(dialog, FormDialog):
                dialog.discard()  # never the "discard changes?" question: it would wait
            else:
                dialog.close()

    QTimer.singleShot(0, attempt)


def fill_form(values: dict[str, Any], log: list[Any], *, save: bool = True) -> None:
    """Fill the next FormDialog as a person would and press Save."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog), type(dialog)
        dialog.set_values(values)
        if save:
            dialog.save()
            if dialog.isVisible():
                errors = {k: e.text() for k, e in dialog.errors.items() if e.text()}
                general = dialog.general_error.text()
                dialog.discard()
                raise AssertionError(f"form refused: {errors} {general}")

    on_next_modal(act, log)


def check(log: list[Any]) -> None:
    if log:
        raise log[0]


def unlock(qtbot: Any, dialog: Any, passphrase: str | None = None) -> bool:
    """One unlock attempt as the person makes it (the key is derived on a worker
    thread); True when the vault opened."""
    if passphrase is not None:
        dialog.passphrase.setText(passphrase)
    with qtbot.waitSignal(dialog.attempt_finished, timeout=30000) as blocker:
        dialog.try_unlock()
    return bool(blocker.args[0])
