"""Where reunify keeps its files: platformdirs, overridable with REUNIFY_HOME.

One documented set of folders per platform, all local to the machine (never a roaming
profile that a domain could copy to a server):

- data (vaults, backups): Linux `~/.local/share/reunify`, Windows
  `%LOCALAPPDATA%\\reunify`, macOS `~/Library/Application Support/reunify`;
- preferences (`reunify.ini`: language, last vault, never case data): Linux
  `~/.config/reunify`, Windows `%LOCALAPPDATA%\\reunify`, macOS
  `~/Library/Application Support/reunify`;
- logs and crash reports (events only, never case data; see reunify.logs): Linux
  `~/.local/state/reunify/log`, Windows `%LOCALAPPDATA%\\reunify\\Logs`, macOS
  `~/Library/Logs/reunify`.

With REUNIFY_HOME set (tests, a portable install on an encrypted USB drive)
everything lives in that one folder (logs in its `logs` subfolder).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "reunify"
VAULT_SUFFIX = ".reunify"


def _private_dir(platform_dir: str, under_home: str = "") -> Path:
    """REUNIFY_HOME (or a folder inside it) when set, else the platform's folder;
    created private (0700) on first use."""
    override = os.environ.get("REUNIFY_HOME")
    path = Path(override) / under_home if override else Path(platform_dir)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir() -> Path:
    """Vaults and their backups."""
    return _private_dir(platformdirs.user_data_dir(APP_NAME, False))


def config_dir() -> Path:
    """Preferences (see the module docstring)."""
    return _private_dir(platformdirs.user_config_dir(APP_NAME, False, roaming=False))


def log_dir() -> Path:
    """Logs and crash reports (`<REUNIFY_HOME>/logs` when set).

    Kept apart from the data so the attorney can send this one folder to support
    without the vaults or their backups coming along.
    """
    return _private_dir(platformdirs.user_log_dir(APP_NAME, False), "logs")


def settings_file() -> Path:
    return config_dir() / f"{APP_NAME}.ini"


def backups_dir(vault_path: Path) -> Path:
    """Default folder for rotating backups of one vault."""
    return data_dir() / "backups" / vault_path.stem


def demo_vault_path() -> Path:
    return data_dir() / f"demo{VAULT_SUFFIX}"
