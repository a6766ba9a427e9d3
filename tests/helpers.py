"""Small helpers shared by tests (not fixtures)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reunify import operations as ops
from reunify.bundle.export import ExportResult, export_bundle
from reunify.models import ConsentScope
from reunify.vault import Vault


def folder_digest(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of every file in a folder: proves that nothing on disk changed."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@contextlib.contextmanager
def read_only_dir(path: Path) -> Iterator[None]:
    """Make a folder unwritable, also for root (immutable flag), or skip the test."""
    if os.geteuid() != 0:
        path.chmod(0o500)
        try:
            yield
        finally:
            path.chmod(0o700)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a read-only folder")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("filesystem does not support the immutable flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


BUNDLE_SHARE = "compartir con la abogada 2026"


def export_case(
    vault: Vault,
    dest: Path,
    scope: list[ConsentScope],
    reference: str = "RU-2026-0001",
    language: str = "es",
    share: str | None = BUNDLE_SHARE,
    **kw: bool,
) -> ExportResult:
    """Record a consent with this scope for a demo case and export the case under it
    (unencrypted, explicitly, when `share` is None)."""
    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        consent = ops.record_consent(
            s,
            case,
            recipient="Demo Immigration Counsel, NY",
            purpose="T-3",
            scope=scope,
            given_on=date(2026, 11, 1),
            expires_on=date(2027, 11, 1),
        )
        return export_bundle(
            s,
            case,
            dest,
            consent=consent,
            language=language,
            share_passphrase=share,
            allow_unencrypted=share is None,
            today=date(2026, 11, 22),
            **kw,
        )


# -- real faults (issue #15's fault matrices) -----------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real disk of `size` (e.g. "2m") mounted at `folder`, or skip where mounting is not
    allowed; always unmounted, lazily if something still holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs is not permitted here (needs root)")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextlib.contextmanager
def read_only_disk(folder: Path) -> Iterator[None]:
    """Remount the disk `small_disk` mounted at `folder` read-only (EROFS), then back."""
    done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("remounting read-only is not permitted here")
    try:
        yield
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)


def private_file(path: Path, text: str) -> Path:
    """A passphrase file as the CLI accepts it: one line, readable by its owner only."""
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def fill(folder: Path) -> Path:
    """Take every free byte of the disk under `folder` (one file; remove it to free them)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free < 4096
    return filler


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """A file nobody may change or rename, root included (chattr +i), or skip."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr: cannot make a file read-only for root")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("filesystem does not support the immutable flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def damage_page(path: Path, table: str, passphrase: str) -> int:
    """Flip bytes in the middle of `table`'s root page (never page 1, which holds the salt):
    the vault opens, reading that table fails its page check. Returns the page number."""
    from sqlalchemy import text

    with Vault.open(path, passphrase) as v, v.session() as s:
        page = int(
            s.execute(
                text("SELECT rootpage FROM sqlite_master WHERE name = :t"), {"t": table}
            ).scalar_one()
        )
    assert page > 1
    with path.open("r+b") as fh:
        fh.seek((page - 1) * 4096 + 2048)
        fh.write(b"\xa5" * 48)
    return page


_HOLDER = """
import sys
from reunify.vault import Vault, kdf
kdf.SCRYPT_N = int(sys.argv[3])
vault = Vault.open(sys.argv[1], sys.argv[2])
print("open", flush=True)
sys.stdin.read()
vault.close()
"""


@contextlib.contextmanager
def held_elsewhere(path: Path, passphrase: str, scrypt_n: int) -> Iterator[None]:
    """Another reunify process with the vault open (its sidecar lock held) until the block
    ends; `scrypt_n` is the cost the vault's key was derived at."""
    with holding(_HOLDER, "open", path, passphrase, scrypt_n):
        yield


@contextlib.contextmanager
def holding(script: str, ready: str, path: Path, passphrase: str, scrypt_n: int) -> Iterator[None]:
    """`script` in another process (argv: path, passphrase, scrypt cost) from the line it
    prints `ready` until the block ends (its stdin is closed then)."""
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path), passphrase, str(scrypt_n)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=Path(__file__).parent.parent,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == ready
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
