"""The command line, run as a user would: a real process, passphrase from env or file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.vault


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    full_env.pop(
        "REUNIFY_PASSPHRASE", None
    ) if env is None or "REUNIFY_PASSPHRASE" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "reunify", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=300,
    )


def test_init_check_backup_restore_passwd(tmp_path: Path) -> None:
    vault = tmp_path / "office.reunify"
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    done = run(
        "init", "--vault", str(vault), "--passphrase-file", str(secret), "--operator", "Lic. A"
    )
    assert done.returncode == 0, done.stderr
    env = {"REUNIFY_PASSPHRASE": PASSPHRASE}
    done = run("check", "--vault", str(vault), env=env)
    assert done.returncode == 0 and "sound" in done.stdout
    done = run("backup", "--vault", str(vault), "--to", str(tmp_path / "bk"), env=env)
    assert done.returncode == 0, done.stderr
    backup = next((tmp_path / "bk").glob("*.reunify"))
    new_secret = tmp_path / "new.txt"
    new_secret.write_text("otra frase bastante larga\n", encoding="utf-8")
    done = run("passwd", "--vault", str(vault), "--new-passphrase-file", str(new_secret), env=env)
    assert done.returncode == 0, done.stderr
    assert run("check", "--vault", str(vault), env=env).returncode == 2
    done = run("restore", str(backup), "--vault", str(vault), env=env)
    assert done.returncode == 0, done.stderr
    assert "kept as" in done.stdout
    assert run("check", "--vault", str(vault), env=env).returncode == 0


def test_demo_and_cases(tmp_path: Path) -> None:
    vault = tmp_path / "demo.reunify"
    done = run("demo", "--vault", str(vault))
    assert done.returncode == 0, done.stderr
    assert "demo reunify 2026" in done.stdout
    done = run("cases", "--vault", str(vault), env={"REUNIFY_PASSPHRASE": "demo reunify 2026"})
    assert done.returncode == 0
    assert "Familia Tecuatl Xochitiotzi" in done.stdout
    assert len(done.stdout.splitlines()) == 17


def test_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    vault = tmp_path / "v.reunify"
    env = {"REUNIFY_PASSPHRASE": PASSPHRASE}
    assert run("init", "--vault", str(vault), env=env).returncode == 0
    done = run("check", "--vault", str(vault), env={"REUNIFY_PASSPHRASE": "equivocada"})
    assert done.returncode == 2
    assert "passphrase is not correct" in done.stderr and "Traceback" not in done.stderr
    done = run("check", "--vault", str(tmp_path / "missing.reunify"), env=env)
    assert done.returncode == 2 and "There is no vault" in done.stderr
    done = run("check", "--vault", str(vault))  # no tty, no env, no file
    assert done.returncode == 2 and "No passphrase given" in done.stderr
    done = run("init", "--vault", str(tmp_path / "w.reunify"), env={"REUNIFY_PASSPHRASE": "corta"})
    assert done.returncode == 2 and "at least 8" in done.stderr
