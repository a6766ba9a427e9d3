"""How long the GUI thread stalls during scripted actions on a real MainWindow.

    python -m bench.gui_lag [--cases 500] [--keep DIR]

A 10 ms QTimer ticks on the GUI thread while each action runs; the longest gap
between two ticks, less the 10 ms interval, is the longest time the window could
not repaint or take a key ("stall"). Actions: unlock (the key is derived on a
worker thread, then the main window is built), open the biggest case, switch
through its tabs, search the case list as typed, export a bundle, import a 20 MB
file, lock. They run offscreen (QT_QPA_PLATFORM=offscreen) over a fresh demo
vault and over a generated vault (bench/generate.py, `--cases` cases); stalls
over 50 ms are flagged. Everything lives in a temporary folder; every name is
invented. Figures depend on the machine: compare runs on one machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

LIMIT_MS = 50.0
TICK_MS = 10


class LagProbe:
    """The longest gap between ticks of a 10 ms timer on the GUI thread.

    With `where`, a watchdog thread samples the GUI thread's Python stack while
    a tick is overdue by more than the limit, and counts the reunify frames it
    finds there: where the stalls are, for whoever fixes them.
    """

    def __init__(self, where: bool = False) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.worst = 0.0
        self.samples: Counter[str] = Counter()
        self.stopped = False
        self.timer.start()
        if where:
            gui = threading.get_ident()
            threading.Thread(target=self._watch, args=(gui,), daemon=True).start()

    def _watch(self, gui: int) -> None:
        me = threading.get_ident()
        while not self.stopped:
            time.sleep(0.005)
            if time.perf_counter() - self.last < (LIMIT_MS + TICK_MS) / 1000:
                continue
            frames = sys._current_frames()
            own = _own_frames(frames.get(gui))
            if own:
                self.samples[" <- ".join(reversed(own[-3:]))] += 1
                continue
            # Nothing of ours on the GUI thread: it waits for the GIL (or is in Qt).
            # Whose Python line is running on another thread says who holds it.
            for ident, frame in frames.items():
                if ident in (gui, me) or frame.f_code.co_name == "_watch":
                    continue
                inner = traceback.extract_stack(frame)[-1]
                others = _own_frames(frame)
                where = others[-1] if others else ""
                self.samples[f"[other thread] {_short(inner)} (from {where})"] += 1

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def pump(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            QApplication.processEvents()
            time.sleep(0.001)

    def measure(
        self,
        action: Callable[[], object],
        until: Callable[[], bool] | None = None,
        timeout: float = 120.0,
    ) -> tuple[float, float]:
        """(stall ms, wall ms) of `action` and of the events until `until()` holds."""
        self.pump(0.05)  # settle: earlier work and its repaints are not counted
        self.last = time.perf_counter()
        self.worst = 0.0
        started = time.perf_counter()
        action()
        deadline = started + timeout
        while until is not None and not until():
            if time.perf_counter() > deadline:
                raise TimeoutError("the action did not finish")
            QApplication.processEvents()
            time.sleep(0.001)
        wall = time.perf_counter() - started
        self.pump(0.03)  # the tick after a synchronous action records its gap
        return max(0.0, (self.worst - TICK_MS / 1000) * 1000), wall * 1000


def _short(f: traceback.FrameSummary) -> str:
    name = f.filename.rsplit("site-packages/", 1)[-1].rsplit("reunify/", 1)[-1]
    return f"{name}:{f.lineno} {f.name}"


def _own_frames(frame: object) -> list[str]:
    if frame is None:
        return []
    return [
        _short(f)
        for f in traceback.extract_stack(frame)  # type: ignore[arg-type]
        if "/reunify/" in f.filename and "/bench/" not in f.filename
    ]


def _biggest_case(vault: object) -> str:
    """The case with the most checklist steps and documents."""
    from reunify.models import Case, Checklist, ChecklistStep, Document

    with vault.session() as s:  # type: ignore[attr-defined]
        steps = dict(
            s.execute(
                select(Checklist.case_id, func.count())
                .join(ChecklistStep, ChecklistStep.checklist_id == Checklist.id)
                .group_by(Checklist.case_id)
            ).all()
        )
        docs = dict(
            s.execute(select(Document.case_id, func.count()).group_by(Document.case_id)).all()
        )
        ids = s.scalars(select(Case.id)).all()
    return str(max(ids, key=lambda i: steps.get(i, 0) + docs.get(i, 0)))


def run(
    label: str, path: Path, passphrase: str, work: Path, where: bool = False
) -> list[tuple[str, float, float]]:
    from reunify.ui.app import MainWindow
    from reunify.ui.export_dialog import ExportDialog
    from reunify.ui.unlock import UnlockDialog

    probe = LagProbe(where)
    rows: list[tuple[str, float, float]] = []
    state: dict[str, object] = {}

    def record(name: str, stall_wall: tuple[float, float]) -> None:
        rows.append((name, *stall_wall))
        if probe.samples:
            print(f"  [{label}] {name}: where the GUI thread was during stalls (5 ms samples)")
            for frames, count in probe.samples.most_common(4):
                print(f"    {count:3d}  {frames}")
            probe.samples.clear()

    # unlock: the attempt (worker thread), then the main window is built and shown
    dialog = UnlockDialog(path)
    dialog.show()
    dialog.passphrase.setText(passphrase)
    dialog.attempt_finished.connect(lambda ok: state.__setitem__("unlocked", ok))
    record(
        "unlock: derive key, open", probe.measure(dialog.try_unlock, lambda: "unlocked" in state)
    )
    assert state["unlocked"], "the bench vault did not open"
    vault = dialog.vault
    assert vault is not None

    def build() -> None:
        window = MainWindow(vault)
        window.show()
        state["window"] = window

    record("unlock: build main window", probe.measure(build))
    window = state["window"]
    assert isinstance(window, MainWindow)
    case_id = _biggest_case(vault)
    window.filter.clear()
    record("open the biggest case", probe.measure(lambda: window.select_case(case_id)))
    workspace = window.workspace

    def tabs() -> None:
        for i in range(workspace.count()):
            workspace.setCurrentIndex(i)
            QApplication.processEvents()

    worst_tab = probe.measure(tabs)
    record("switch through the tabs", worst_tab)
    workspace.setCurrentIndex(0)
    typed = "garcía"

    def search() -> None:
        for i in range(1, len(typed) + 1):
            window.filter.setText(typed[:i])
            QApplication.processEvents()

    record(f"search the case list ('{typed}' typed)", probe.measure(search))
    window.filter.clear()
    window.select_case(case_id)

    # export: the dialog, then the bundle written on a worker thread
    def open_export() -> None:
        window.do_export()

    record("export: open the dialog", probe.measure(open_export))
    export = getattr(window, "export_dialog", None)
    if isinstance(export, ExportDialog) and export.consents:
        export.generate_passphrase()
        export.dest.setText(str(work / f"{label}-bundle.pdf"))
        record(
            "export: write the bundle",
            probe.measure(
                export.export_button.click,
                lambda: export.task is None,
            ),
        )
        export.accept()
    else:
        if isinstance(export, ExportDialog):
            export.reject()
        rows.append(("export: write the bundle (no consent: skipped)", 0.0, 0.0))

    # import a 20 MB file into the biggest case's documents
    big = work / f"{label}-escaneo-20mb.pdf"
    big.write_bytes(b"%PDF-1.4\n" + os.urandom(20 * 2**20))
    before = workspace.documents.model.rowCount()

    def imported() -> bool:
        return workspace.documents.model.rowCount() > before

    record(
        "import a 20 MB file",
        probe.measure(lambda: workspace.documents.import_files([big]), imported),
    )

    record("lock", probe.measure(window.lock))
    window.deleteLater()
    dialog.deleteLater()
    probe.timer.stop()
    probe.stopped = True
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=500, help="cases in the generated vault")
    parser.add_argument("--keep", type=Path, help="reuse/keep the vaults in this folder")
    parser.add_argument("--where", action="store_true", help="sample the stalled GUI stack")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    # A warning box (e.g. an import problem) would wait for a click forever.
    QMessageBox.warning = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
    from bench.generate import PASSPHRASE as GEN_PASSPHRASE
    from bench.generate import generate
    from reunify.demo import create_demo_vault
    from reunify.i18n import set_language

    set_language("es")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["REUNIFY_HOME"] = str(Path(tmp) / "home")  # backups, logs: not the real home
        demo = folder / "demo.reunify"
        demo_passphrase = "bench demo passphrase 2026"
        if not demo.exists():
            create_demo_vault(demo, demo_passphrase).close()
        generated = folder / f"generated-{args.cases}.reunify"
        if not generated.exists():
            started = time.perf_counter()
            generate(generated, args.cases, seed=7)
            print(f"(generated in {time.perf_counter() - started:.0f} s)")
        results = {
            "demo": run("demo", demo, demo_passphrase, Path(tmp), args.where),
            f"generated ({args.cases} cases)": run(
                "generated", generated, GEN_PASSPHRASE, Path(tmp), args.where
            ),
        }
    flagged = 0
    for vault_label, rows in results.items():
        print(f"\n{vault_label}: longest GUI-thread stall per action (limit {LIMIT_MS:.0f} ms)")
        print(f"  {'action':44} {'stall ms':>9} {'wall ms':>9}")
        for name, stall, wall in rows:
            flag = "  OVER" if stall > LIMIT_MS else ""
            flagged += stall > LIMIT_MS
            print(f"  {name:44} {stall:9.0f} {wall:9.0f}{flag}")
    print(f"\n{flagged} action(s) over {LIMIT_MS:.0f} ms")
    del app


if __name__ == "__main__":
    main()
