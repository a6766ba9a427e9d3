"""Power-loss stand-in: a writer killed with SIGKILL loses nothing it had committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from reunify import operations as ops
from reunify.models import Note
from reunify.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.vault, pytest.mark.real_kdf]

WRITER = """
import os, sys
from reunify.vault import Vault
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
