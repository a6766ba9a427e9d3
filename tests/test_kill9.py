"""Power-loss stand-in: a writer killed with SIGKILL loses nothing it had committed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bench import kill9
from reunify import operations as ops
from reunify.models import Note
from reunify.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.vault, pytest.mark.real_kdf]

WRITER = """
import os, sys
from reunify.vault import Vault
from bench import kill9
from reunify import operations as ops
vault = Vault.open(sys.argv[1], os.environ["REUNIFY_PASSPHRASE"])
with vault.session() as s:
    case = ops.find_case(s, sys.argv[2])
i = 0
while True:
    with vault.session() as s:
        s.add(case)
        ops.add_note(s, case, f"nota número {i}")
    print(i, flush=True)  # printed only after the commit returned
    i += 1
"""


def test_kill_during_writes_keeps_committed_records(vault: Vault, vault_path: Path) -> None:
    with vault.session() as s:
        ref = ops.create_case(s, title="Familia Apagón").reference
    vault.close()
    env = {**os.environ, "REUNIFY_PASSPHRASE": PASSPHRASE}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(vault_path), ref],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    committed: list[int] = []
    assert child.stdout is not None
    deadline = time.monotonic() + 120
    while len(committed) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        committed.append(int(line))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # Lines already in the pipe were committed too.
    committed += [int(x) for x in child.stdout.read().split()]
    assert len(committed) >= 40, child.stderr.read() if child.stderr else ""

    with Vault.open(vault_path, PASSPHRASE) as v:
        report = v.check()
        assert report.ok, report.problems()
        with v.session() as s:
            bodies = set(s.scalars(select(Note.body)))
    missing = [i for i in committed if f"nota número {i}" not in bodies]
    assert missing == []


def test_harness_counts_a_missing_acknowledged_write_as_a_loss(tmp_path: Path) -> None:
    """The harness's checker can fail: every kind of acknowledged write it looks for."""
    setup = kill9.Setup(tmp_path, tmp_path, "RU-2026-0001", kill9.Contents(), [], {}, {})
    acks = ["note 3", "person 2", "document 1"]
    assert kill9._missing("writes", acks, kill9.Contents(), setup) == 3
    person = kill9.person_fields(2)
    found = kill9.Contents(
        notes={"nota del corte número 3"},
        documents={"Constancia 1": [(kill9._sha(kill9.write_file_bytes(1)), True)]},
        people={
            (
                str(person["given_names"]),
                str(person["paternal_surname"]),
                str(person["maternal_surname"]),
                person["birth_date"],  # type: ignore[arg-type]
            )
        },
    )
    assert kill9._missing("writes", acks, found, setup) == 0
    assert kill9._missing("writes", [*acks, "note 4"], found, setup) == 1
    # A document without its file is a torn transaction, not a loss.
    assert kill9._torn("writes", kill9.Contents(documents={"Constancia 9": []}), setup)


@pytest.mark.slow
def test_kill9_harness_short_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two kills of each kind (writes, passwd, backup, import): nothing acknowledged lost,
    the vault opens with exactly one passphrase and checks sound; once recovery on open
    is in, nothing left behind. The full run (≥ 200 trials) is `python -m bench.kill9`."""
    seed = random.randrange(10**6)
    summaries, setup = kill9.run(
        dict.fromkeys(kill9.KINDS, 2), seed=seed, work=tmp_path, log=False, calibration_runs=1
    )
    table = kill9.table(summaries) + "\n" + kill9.landed(summaries)
    context = f"seed {seed}\n{table}\n" + "\n".join(
        f"{t.kind}: {t.failures}" for s in summaries for t in s.trials if t.failures
    )
    assert [s.kind for s in summaries] == list(kill9.KINDS)
    assert sum(s.total("losses") for s in summaries) == 0, context
    assert sum(s.failures for s in summaries) == 0, context
    writes = summaries[0]
    assert writes.total("acknowledged") > 0, context  # the writer did commit before the kill
    assert all(d > 0 for d in setup.durations.values()), context
    if kill9.recovery_present():
        assert sum(s.total("left_behind") for s in summaries) == 0, context
    assert "Familia" not in capsys.readouterr().out  # only counts are printed
