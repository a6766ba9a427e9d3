"""BackgroundTask: work on a thread, progress in a bar of the caller's window, the
result on the GUI thread, and no abort when the window goes away first."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QProgressBar, QVBoxLayout

from reunify.errors import VaultNotFound
from reunify.ui import tasks
from reunify.ui.tasks import BackgroundTask, TaskFailure

pytestmark = pytest.mark.ui


def _dialog_with_bar(qtbot: Any, *, owned: bool = True) -> tuple[QDialog, QProgressBar]:
    dialog = QDialog()
    bar = QProgressBar()
    bar.setVisible(False)
    QVBoxLayout(dialog).addWidget(bar)
    if owned:
        qtbot.addWidget(dialog)
    dialog.show()
    return dialog, bar


def test_progress_goes_to_the_callers_bar_and_the_result_to_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog, bar = _dialog_with_bar(qtbot)
    go = threading.Event()
    ran_on: list[str] = []
    big = 5 * 2**30  # byte counts past 2 GiB do not fit Qt's int

    def work(progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> str:
        ran_on.append(threading.current_thread().name)
        progress(big // 2, big)
        go.wait(10)
        return "hecho"

    results: list[tuple[bool, object, str]] = []
    task = BackgroundTask.run(
        dialog,
        "",
        work,
        lambda ok, r: results.append((ok, r, threading.current_thread().name)),
        bar=bar,
    )
    assert bar.isVisible() and task.dialog is None  # no modal progress window
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() * 2 == bar.maximum()
    go.set()
    qtbot.waitUntil(lambda: bool(results))
    assert results == [(True, "hecho", threading.main_thread().name)]
    assert ran_on and ran_on[0] != threading.main_thread().name
    assert not bar.isVisible() and not task.running


def test_a_users_error_is_a_failure_with_its_message(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog, bar = _dialog_with_bar(qtbot)

    def work(_p: object, _c: object) -> None:
        raise VaultNotFound(path="/tmp/no-existe.reunify")

    with qtbot.waitSignal(
        BackgroundTask.run(dialog, "", work, lambda ok, r: None, bar=bar).finished
    ) as blocker:
        pass
    ok, failure = blocker.args
    assert ok is False and isinstance(failure, TaskFailure)
    assert failure.kind == "VaultNotFound" and not failure.unexpected
    assert str(failure) == failure.message and "no-existe" in failure.message


def test_the_window_destroyed_mid_task_does_not_end_the_process(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt aborts when a running QThread is destroyed: the thread outlives its window."""
    dialog, bar = _dialog_with_bar(qtbot, owned=False)
    go = threading.Event()
    done: list[object] = []
    BackgroundTask.run(dialog, "", lambda _p, _c: go.wait(10), done.append, bar=bar)
    reaper = tasks._reaper
    assert reaper is not None and len(reaper.running) >= 1
    with qtbot.waitSignal(dialog.destroyed):
        dialog.deleteLater()
    go.set()
    qtbot.waitUntil(lambda: not reaper.running, timeout=10000)
    assert done == []  # nobody is left to tell
