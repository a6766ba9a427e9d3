"""The test suite's cheap key derivation stays in the test process (conftest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reunify.errors import WrongPassphrase
from reunify.vault import Vault, kdf
from tests.conftest import CHEAP_SCRYPT_N, PASSPHRASE, REAL_SCRYPT_N, copy_vault

pytestmark = pytest.mark.vault


@pytest.mark.real_kdf
def test_the_shipped_cost_is_what_a_fresh_process_and_real_kdf_tests_see() -> None:
    code = "from reunify.vault import kdf; print(kdf.SCRYPT_N, kdf.SCRYPT_R, kdf.SCRYPT_P)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["65536", "8", "1"], done.stderr
    assert kdf.SCRYPT_N == REAL_SCRYPT_N == 2**16


def test_a_test_vault_is_derived_cheaply_and_opens_only_at_that_cost(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why a vault another process opens needs real_kdf: the cost is part of the key."""
    assert kdf.SCRYPT_N == CHEAP_SCRYPT_N
    vault.close()
    monkeypatch.setattr(kdf, "SCRYPT_N", REAL_SCRYPT_N)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)


def test_copies_of_the_template_are_separate_vaults(
    vault: Vault, tmp_path: Path, _vault_template: Path
) -> None:
    from reunify import operations as ops
    from reunify.models import Case

    with vault.session() as s:
        ops.create_case(s, title="Familia Copia Uno")
    other = copy_vault(_vault_template, tmp_path / "otra.reunify")
    if sys.platform != "win32":
        assert other.stat().st_mode & 0o777 == 0o600
    with Vault.open(other, PASSPHRASE) as second, second.session() as s:
        assert s.query(Case).count() == 0
        assert second.actor == "Lic. Prueba"
