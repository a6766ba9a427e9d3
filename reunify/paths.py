"""Where reunify keeps its files: platformdirs, overridable with REUNIFY_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "reunify"
VAULT_SUFFIX = ".reunify"


def data_dir() -> Path:
    """The user data folder, created private (0700) on first use."""
    override = os.environ.get("REUNIFY_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def backups_dir(vault_path: Path) -> Path:
    """Default folder for rotating backups of one vault."""
    return data_dir() / "backups" / vault_path.stem


def demo_vault_path() -> Path:
    return data_dir() / f"demo{VAULT_SUFFIX}"
