"""Unlock → first query, list-cases and bundle-export times on the demo vault.

Run with `make bench`. The caseload-scale benchmark (10,000 cases, encrypted vs
plain) builds on this.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from reunify import operations as ops
from reunify.bundle.export import export_bundle
from reunify.demo import DEMO_PASSPHRASE, create_demo_vault
from reunify.models import Case, Consent
from reunify.vault import Vault

ROUNDS = 7


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.reunify"
        t0 = time.perf_counter()
        create_demo_vault(path).close()
        build = time.perf_counter() - t0
        unlock, listing = [], []
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            vault = Vault.open(path, DEMO_PASSPHRASE)
            with vault.session() as s:
                s.execute(select(Case.id).limit(1)).first()
            unlock.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            with vault.session() as s:
                cases = ops.list_cases(s)
            listing.append(time.perf_counter() - t0)
            vault.close()
        exports = []
        vault = Vault.open(path, DEMO_PASSPHRASE)
        with vault.session() as s:
            case = ops.find_case(s, "RU-2026-0001")
            consent = s.scalars(select(Consent).where(Consent.case_id == case.id)).first()
            for i in range(ROUNDS):
                t0 = time.perf_counter()
                export_bundle(
                    s,
                    case,
                    Path(tmp) / f"b{i}.pdf",
                    consent=consent,
                    language="es",
                    share_passphrase="tortuga lenta sobre piedra",
                    today=consent.given_on,
                )
                exports.append(time.perf_counter() - t0)
        vault.close()
        opens = _open_every_case(path)
        print(f"demo vault build ({len(cases)} cases): {build * 1000:.0f} ms")
        print(f"unlock → first query:  {_ms(unlock)}")
        print(f"list cases:            {_ms(listing)}")
        print(f"export demo bundle:    {_ms(exports)}")
        print(f"GUI: select a case, all tabs filled: {_ms(opens)}")


def _open_every_case(path: Path) -> list[float]:
    """The real window: select each case in turn (read it, fill all eleven tabs)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bench.run import open_cases
    from reunify.ui.app import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(Vault.open(path, DEMO_PASSPHRASE))
    window.show()
    app.processEvents()
    rounds = [open_cases(window, app, range(window.model.rowCount())) for _ in range(3)]
    window.lock()
    window.deleteLater()  # destroyed by Qt now, not by the interpreter's shutdown
    app.sendPostedEvents(None, 0)
    app.processEvents()
    return [t / 1000 for times in rounds for t in times]


if __name__ == "__main__":
    main()
