"""Shared fixtures: every test gets its own REUNIFY_HOME and real vault files in tmp_path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest

from reunify import i18n
from reunify.vault import Vault

PASSPHRASE = "frase de prueba ñandú 2026"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real home: data dir, backups and XDG paths live in tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("REUNIFY_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.delenv("REUNIFY_PASSPHRASE", raising=False)
    monkeypatch.delenv("REUNIFY_NEW_PASSPHRASE", raising=False)
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path) -> None:
    """GUI preferences go to a private folder, never the real QSettings."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    folder = tmp_path / "vaults"
    folder.mkdir()
    return folder / "office.reunify"


@pytest.fixture
def vault(vault_path: Path) -> Iterator[Vault]:
    v = Vault.create(vault_path, PASSPHRASE, operator="Lic. Prueba")
    yield v
    if v.is_open:
        v.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reunify.demo import create_demo_vault

    path = tmp_path_factory.mktemp("demo") / "demo.reunify"
    create_demo_vault(path, PASSPHRASE).close()
    return path


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo vault (built once per run: the demo takes seconds)."""
    folder = tmp_path / "demo"
    folder.mkdir()
    dest = folder / "demo.reunify"
    shutil.copyfile(_demo_template, dest)
    return dest


@pytest.fixture
def demo_vault(demo_path: Path) -> Iterator[Vault]:
    v = Vault.open(demo_path, PASSPHRASE)
    yield v
    if v.is_open:
        v.close()
