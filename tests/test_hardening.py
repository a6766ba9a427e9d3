"""Secrets in memory: no core dumps, and no key left in the process once the vault is locked.

The memory test reads a real reunify process's memory (/proc/<pid>/maps and
/proc/<pid>/mem) while the vault is open and after it is locked, looking for the
raw key, its hex text and the passphrase.

Measured (Linux, CPython 3.11, SQLCipher 4.19): while open, the raw key is in
memory once and its hex once (SQLCipher's copy); after lock, neither is found.
The code before this change left the raw key and 2-3 copies of the hex after
lock. Without cipher_memory_security about half the runs still found one hex
copy in SQLite's freed heap (its copy of the PRAGMA text). The passphrase:
reunify keeps none, but the `str` a caller held stays in freed memory unless
the caller overwrites it, which this test's child does.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from reunify.hardening import wipe, wipe_immutable
from reunify.vault import Vault
from reunify.vault.kdf import derive_key

pytestmark = [pytest.mark.vault, pytest.mark.real_kdf]

CHILD = """
import gc, sys
from pathlib import Path
from reunify.hardening import protect_process, wipe, wipe_immutable
protect_process()
from reunify import operations as ops
from reunify.vault import Vault

vault_path, secret_file, backup_dir = sys.argv[1:4]
buf = bytearray(256)
with open(secret_file, "rb", buffering=0) as fh:  # unbuffered: no copy in a file buffer
    n = fh.readinto(buf)
passphrase = str(memoryview(buf)[:n], "ascii")
wipe(buf)
vault = Vault.open(vault_path, passphrase)
with vault.session() as s:
    ops.create_case(s, title="Familia Memoria")
vault.backup(Path(backup_dir))  # the ATTACH … KEY path too
assert vault.check(attachments=False).ok
print("open", flush=True)
sys.stdin.readline()
vault.close()
wipe_immutable(passphrase)  # the caller's own str: only the caller can overwrite it
del passphrase
gc.collect()
print("locked", flush=True)
sys.stdin.readline()
"""


def _scan(pid: int, needles: dict[str, bytes]) -> dict[str, list[str]]:
    """Where each needle occurs in the readable memory of process `pid` (mapping names)."""
    found: dict[str, list[str]] = {name: [] for name in needles}
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            where = fields[5] if len(fields) > 5 else "anonymous"
            if "r" not in fields[1] or where in ("[vvar]", "[vsyscall]"):
                continue
            low, high = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(low)
                data = mem.read(high - low)
            except OSError:
                continue
            for name, needle in needles.items():
                at = data.find(needle)
                while at >= 0:
                    found[name].append(f"{where}+{at:#x}")
                    at = data.find(needle, at + 1)
    return found


def _can_read_memory_of(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/mem", "rb", 0) as mem, open(f"/proc/{pid}/maps") as maps:
            low = int(maps.readline().split("-")[0], 16)
            mem.seek(low)
            mem.read(1)
    except OSError:
        return False
    return True


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc/<pid>/mem")
def test_locked_vault_leaves_no_key_in_memory(tmp_path: Path) -> None:
    passphrase = "memoria " + secrets.token_hex(12)  # unique: any hit is this test's
    vault_path = tmp_path / "scan.reunify"
    Vault.create(vault_path, passphrase).close()
    secret_file = tmp_path / "secret"
    secret_file.write_text(passphrase, encoding="ascii")
    key = derive_key(passphrase, vault_path.read_bytes()[:16])
    needles = {
        "raw key": bytes(key.key),
        "key hex": key.key.hex().encode(),
        "KEY HEX": key.key.hex().upper().encode(),
        "passphrase": passphrase.encode("utf-8"),
    }
    key.wipe()
    env = {**os.environ, "REUNIFY_ALLOW_MEMORY_SCAN": "1"}  # keep the child readable
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(vault_path), str(secret_file), str(tmp_path / "bk")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        if child.stdout.readline().strip() != "open":
            raise AssertionError(child.communicate(timeout=30)[1])
        if not _can_read_memory_of(child.pid):
            pytest.skip("/proc/<pid>/mem of a child is not readable here (ptrace policy)")
        while_open = _scan(child.pid, needles)
        # The scan works: the unlocked key is there to be found.
        assert while_open["raw key"], while_open
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "locked"
        after_lock = _scan(child.pid, needles)
    finally:
        child.kill()
        child.wait()
    assert after_lock["raw key"] == [], after_lock
    assert after_lock["key hex"] == [] and after_lock["KEY HEX"] == [], after_lock
    # reunify keeps no copy of the passphrase (and wipes the UTF-8 copy scrypt read).
    assert after_lock["passphrase"] == [], after_lock


PROBE = """
import ctypes, os, resource, sys
from reunify.hardening import protect_process
protect_process()
libc = ctypes.CDLL(None)
print(resource.getrlimit(resource.RLIMIT_CORE), libc.prctl(3, 0, 0, 0, 0))
print(os.stat(f"/proc/{os.getpid()}/mem").st_uid)
"""


def _probe(**env: str) -> tuple[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "REUNIFY_ALLOW_MEMORY_SCAN"} | env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    return first, int(second)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux only")
def test_protect_process_no_core_dumps_not_dumpable() -> None:
    limits, mem_owner = _probe()
    assert limits == "(0, 0) 0"  # RLIMIT_CORE (0, 0); PR_GET_DUMPABLE 0
    assert mem_owner == 0  # a non-dumpable process's /proc files belong to root


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux only")
def test_memory_scan_opt_out_keeps_core_dumps_off() -> None:
    limits, mem_owner = _probe(REUNIFY_ALLOW_MEMORY_SCAN="1")
    assert limits == "(0, 0) 1"  # dumpable for the scan, still no core file
    assert mem_owner == os.getuid()


def test_protect_process_without_posix_facilities() -> None:
    """As on Windows: no `resource` module; protect_process must not fail."""
    code = (
        "import sys\n"
        "sys.modules['resource'] = None\n"
        "from reunify.hardening import protect_process\n"
        "protect_process()\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_wipe_helpers() -> None:
    buf = bytearray(b"secreto")
    address = id(buf)
    wipe(buf)
    assert buf == bytes(7) and id(buf) == address
    raw = os.urandom(32)
    assert wipe_immutable(raw) and raw == bytes(32)
    literal = "x'" + secrets.token_hex(16) + "'"
    assert wipe_immutable(literal) and literal == "\0" * len(literal)
    # What it refuses: shared singletons, non-ASCII text, subclasses.
    assert not wipe_immutable("a") and chr(97) == "a"
    assert not wipe_immutable("contraseña") and "contraseña".endswith("ña")

    class Text(str):
        pass

    assert not wipe_immutable(Text("abcdef"))


def test_key_is_zeroed_when_the_vault_locks(vault: Vault) -> None:
    key = vault._key
    assert key is not None and not key.wiped
    vault.close()
    assert key.wiped and key.key == bytearray(32)
    with pytest.raises(ValueError):
        key.pragma_statement()  # a locked vault cannot key a connection


def test_passphrase_change_zeroes_the_old_key(vault: Vault) -> None:
    old = vault._key
    assert old is not None
    vault.change_passphrase("una frase nueva y larga")
    assert old.wiped
    assert vault._key is not None and not vault._key.wiped
    assert vault.check(attachments=False).ok
