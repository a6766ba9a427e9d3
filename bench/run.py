"""Measure the big vault, encrypted and plain, in one run, and print a table.

    python -m bench.run --vault /tmp/big.reunify      (after bench.generate)

Each mode runs in its own child process so that peak RSS is per mode. Every
figure is the median and p95 of repeated runs, in milliseconds; the last column
is encrypted / plain.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.generate import PASSPHRASE
from reunify.bundle.export import export_bundle
from reunify.models import Case, Consent, Document
from reunify.operations import attach_file, find_case
from reunify.queries import case_list, load_case_view, what_is_next
from reunify.search import search_cases
from reunify.vault import Vault
from reunify.vault.kdf import derive_key, new_salt

TYPED = "martínez"
TARGETS = {
    "unlock → first query": 1000.0,
    "load case list": 50.0,
    "filter list per keystroke": 50.0,
    "full-text search per keystroke": 50.0,
    "open a case (all tabs)": 50.0,
    "dashboard: what is next": 50.0,
    "export 40-document bundle": 2000.0,
}


def plain_copy(encrypted: Path, plain: Path) -> None:
    """The same rows in an unencrypted SQLite file (benchmark only)."""
    vault = Vault.open(encrypted, PASSPHRASE)
    try:
        plain.unlink(missing_ok=True)
        with vault.engine.connect() as conn:
            conn.exec_driver_sql("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
            conn.exec_driver_sql("SELECT sqlcipher_export('plain')")
            conn.exec_driver_sql("DETACH DATABASE plain")
    finally:
        vault.close()


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def measure(mode: str, path: Path) -> dict[str, list[float] | float]:
    def opener() -> Vault:
        if mode == "encrypted":
            return Vault.open(path, PASSPHRASE)
        return Vault.open_plain_for_benchmark(path)

    results: dict[str, list[float] | float] = {}

    def unlock() -> None:
        vault = opener()
        with vault.session() as s:
            s.execute(select(Case.id).limit(1)).first()
        vault.close()

    results["unlock → first query"] = timed(unlock, 5)
    vault = opener()
    try:
        with vault.session() as s:
            results["load case list"] = timed(lambda: case_list(s), 10)
            rows = case_list(s)
            ids = [r.id for r in rows]

            def filter_list() -> None:
                for i in range(1, len(TYPED) + 1):
                    needle = TYPED[:i].casefold()
                    [
                        r
                        for r in rows
                        if needle in r.title.casefold() or needle in r.reference.casefold()
                    ]

            per_key = [t / len(TYPED) for t in timed(filter_list, 10)]
            results["filter list per keystroke"] = per_key

            def fts() -> None:
                for i in range(2, len(TYPED) + 1):
                    search_cases(s, TYPED[:i])

            results["full-text search per keystroke"] = [
                t / (len(TYPED) - 1) for t in timed(fts, 10)
            ]
            assert search_cases(s, "monica"), "accent-insensitive search found nothing"
        rng = random.Random(1)
        sample = rng.sample(ids, 30)

        def open_case() -> None:
            with vault.session() as s2:
                load_case_view(s2, sample.pop())

        results["open a case (all tabs)"] = timed(open_case, 30)
        with vault.session() as s:
            results["dashboard: what is next"] = timed(
                lambda: what_is_next(s, today=date(2026, 11, 22), horizon_days=14), 10
            )
        with tempfile.TemporaryDirectory() as tmp, vault.session() as s:
            case = find_case(s, "RU-2026-0001")
            assert case is not None and case.title == "Familia Cuarenta Documentos"
            consent = s.scalars(select(Consent).where(Consent.case_id == case.id)).one()
            n = iter(range(100))
            results["export 40-document bundle"] = timed(
                lambda: export_bundle(
                    s,
                    case,
                    Path(tmp) / f"b{next(n)}.pdf",
                    consent=consent,
                    language="en",
                    share_passphrase="tortuga lenta sobre piedra",
                    today=date(2026, 11, 22),
                ),
                3,
            )
        with tempfile.TemporaryDirectory() as tmp:
            case_id = case.id
            big = Path(tmp) / "audiencia.mp4"
            with big.open("wb") as fh:
                block = os.urandom(1 << 20)
                for _ in range(100):
                    fh.write(block)
            times = []
            for _ in range(2):
                session = Session(vault.engine)
                try:
                    doc = session.scalars(
                        select(Document).where(Document.case_id == case_id)
                    ).first()
                    t0 = time.perf_counter()
                    attach_file(session, doc, big)
                    session.flush()
                    times.append((time.perf_counter() - t0) * 1000)
                finally:
                    session.rollback()
                    session.close()
            results["import 100 MB attachment"] = times
    finally:
        vault.close()
    results["peak RSS (MiB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def qt_check(path: Path) -> dict[str, list[float] | float]:
    """The real window on the big vault: open, filter per keystroke, scroll to the end."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reunify.ui.app import MainWindow

    app = QApplication.instance() or QApplication([])
    vault = Vault.open(path, PASSPHRASE)
    t0 = time.perf_counter()
    window = MainWindow(vault)
    window.show()
    app.processEvents()
    shown = (time.perf_counter() - t0) * 1000
    keys = []
    for i in range(1, len(TYPED) + 1):
        t0 = time.perf_counter()
        window.filter.setText(TYPED[:i])
        app.processEvents()
        keys.append((time.perf_counter() - t0) * 1000)
    matches = window.model.total()
    window.filter.setText("")
    t0 = time.perf_counter()
    window.table.scrollToBottom()
    app.processEvents()
    scroll = (time.perf_counter() - t0) * 1000
    opens = open_cases(window, app, rows=range(0, window.model.rowCount(), 97))
    window.lock()
    return {
        "GUI: select a case, all eleven tabs filled": opens,
        "GUI: open window with case list": [shown],
        "GUI: filter per keystroke": keys,
        "GUI: scroll to end": [scroll],
        "GUI: matches": float(matches),
    }


def open_cases(window: Any, app: Any, rows: Iterable[int]) -> list[float]:
    """Selecting a case in the list: read the case view and fill every workspace tab."""
    times = []
    for row in rows:
        t0 = time.perf_counter()
        window.table.selectRow(row)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--child", choices=("encrypted", "plain", "qt"))
    args = parser.parse_args()
    if args.child:
        result = qt_check(args.vault) if args.child == "qt" else measure(args.child, args.vault)
        print(json.dumps(result))
        return
    plain = args.vault.with_name(args.vault.stem + ".plain.sqlite")
    if not plain.exists():
        plain_copy(args.vault, plain)
    runs = {}
    for mode, target in (("encrypted", args.vault), ("plain", plain), ("qt", args.vault)):
        done = subprocess.run(
            [sys.executable, "-m", "bench.run", "--vault", str(target), "--child", mode],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            sys.exit(done.stderr)
        runs[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    enc, pla = runs["encrypted"], runs["plain"]
    header = f"{'figure':34} {'encrypted med/p95 ms':>22} {'plain med/p95 ms':>18}"
    print(f"{header} {'ratio':>6} {'target':>8}")
    for name, values in enc.items():
        if isinstance(values, float):
            print(
                f"{name:34} {values:22.0f} {pla[name]:18.0f} {values / pla[name]:6.2f} {'< 300':>8}"
            )
            continue
        em, ep = _stats(values)
        pm, pp = _stats(pla[name])
        target = TARGETS.get(name)
        print(
            f"{name:34} {em:10.1f} / {ep:9.1f} {pm:7.1f} / {pp:8.1f} {em / pm:6.2f} "
            f"{(f'< {target:.0f}' if target else ''):>8}"
        )
    for name, values in runs["qt"].items():
        if isinstance(values, float):
            print(f"{name:34} {values:22.0f}")
        else:
            med, p95 = _stats(values)
            print(f"{name:34} {med:10.1f} / {p95:9.1f}")
    print(f"key derivation alone: {_kdf_ms():.0f} ms (scrypt, once per unlock)")


def _kdf_ms() -> float:
    t0 = time.perf_counter()
    derive_key("x" * 12, new_salt())
    return (time.perf_counter() - t0) * 1000


if __name__ == "__main__":
    main()
