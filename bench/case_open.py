"""SQL statements per case opening: the workspace's read model must cost a fixed number
of queries however many checklist steps a case holds.

    python -m bench.case_open

Counts every statement the driver executes (SQLAlchemy's `before_cursor_execute`)
while `load_case_view` runs, on each case of a fresh demo vault and on a generated
case with 5, 50 and 500 steps; it exits 1 if the generated cases differ. The column
"per-step before" adds what the Checklists tab used to read on top of it
(`step_blockers` for each step, `step_documents` once), for comparison. Everything
lives in a temporary folder; every name is invented.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from reunify.demo import create_demo_vault
from reunify.models import Case
from reunify.operations import create_case
from reunify.operations.checklists import start_checklist
from reunify.queries import load_case_view, step_blockers, step_documents
from reunify.vault import Vault

PASSPHRASE = "bench passphrase 2026"
FIVE_STEP_TEMPLATE = "international_return"  # 5 steps, scope "case"


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """Statements executed on `engine` while the block runs."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements(vault: Vault, case_id: str) -> tuple[int, int, int, float]:
    """(statements of load_case_view, steps, statements of the old per-step reads, ms)."""
    with vault.session() as s, counting(vault.engine) as seen:
        started = time.perf_counter()
        view = load_case_view(s, case_id)
        ms = (time.perf_counter() - started) * 1000
        now = len(seen)
        steps = [st for c in view.checklists for st in c.steps]
        step_documents(s, [st.id for st in steps])
        for st in steps:
            step_blockers(s, st)
        before = len(seen) - now
    return now, len(steps), before, ms


def generated_case(vault: Vault, steps: int) -> str:
    """A case with `steps` steps: five-step checklists started one after another."""
    with vault.session() as s:
        case = create_case(s, title="Familia Xicohténcatl Tlapale", opened_on=date(2026, 1, 12))
        for _ in range(steps // 5):
            start_checklist(s, case, FIVE_STEP_TEMPLATE, started_on=date(2026, 1, 12))
        return case.id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    rows: list[tuple[str, int, int, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = create_demo_vault(Path(tmp) / "demo.reunify", PASSPHRASE)
        try:
            with demo.session() as s:
                cases = list(s.execute(select(Case.id, Case.reference).order_by(Case.reference)))
            for case_id, reference in cases:
                rows.append((reference, *statements(demo, case_id)))
        finally:
            demo.close()
        made = Vault.create(Path(tmp) / "steps.reunify", PASSPHRASE, operator="bench")
        try:
            for n in (5, 50, 500):
                rows.append((f"generated, {n} steps", *statements(made, generated_case(made, n))))
        finally:
            made.close()
    print(f"{'case':<24}{'steps':>7}{'statements':>12}{'per-step before':>17}{'ms':>8}")
    for name, now, steps, before, ms in rows:
        print(f"{name:<24}{steps:>7}{now:>12}{now + before:>17}{ms:>8.1f}")
    # Fewer on small cases: an eager load whose parents are all absent (no documents,
    # so no apostilles) is not sent. What counts is that steps never add any.
    generated = {now for name, now, *_rest in rows if name.startswith("generated")}
    most = max(now for _name, now, *_rest in rows)
    flat = len(generated) == 1
    print(f"at most {most} statements; the same for 5, 50 and 500 steps: {'yes' if flat else 'no'}")
    return 0 if flat else 1


if __name__ == "__main__":
    raise SystemExit(main())
