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
