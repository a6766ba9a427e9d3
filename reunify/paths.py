"""Where reunify keeps its files: platformdirs, overridable with REUNIFY_HOME.

One documented pair per platform, both local to the machine (never a roaming
profile that a domain could copy to a server):

- data (vaults, backups): Linux `~/.local/share/reunify`, Windows
  `%LOCALAPPDATA%\\reunify`, macOS `~/Library/Application Support/reunify`;
- preferences (`reunify.ini`: language, last vault, never case data): Linux
  `~/.config/reunify`, Windows `%LOCALAPPDATA%\\reunify`, macOS
  `~/Library/Application Support/reunify`.

With REUNIFY_HOME set (tests, a portable install on an encrypted USB drive)
everything lives in that one folder.
"""

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


def config_dir() -> Path:
    """The preferences folder (see the module docstring), created private."""
    override = os.environ.get("REUNIFY_HOME")
    path = (
        Path(override)
        if override
        else Path(platformdirs.user_config_dir(APP_NAME, False, roaming=False))
    )
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def settings_file() -> Path:
    return config_dir() / f"{APP_NAME}.ini"


def backups_dir(vault_path: Path) -> Path:
    """Default folder for rotating backups of one vault."""
    return data_dir() / "backups" / vault_path.stem


def demo_vault_path() -> Path:
    return data_dir() / f"demo{VAULT_SUFFIX}"
