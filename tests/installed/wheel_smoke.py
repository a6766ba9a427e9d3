"""The built wheel, installed as a user would get it, run from outside the tree.

`make test` runs this after the unit tests: it builds the wheel from the files git
tracks (plus the compiled catalogs), installs it with its declared dependencies
into a new virtual environment in a temporary folder, and from another folder
runs `--version`, `demo`, `cases --lang es`, `export` and `verify`. A data file
missing from the package, an undeclared dependency or a path that only exists
in a checkout fails here and nowhere else.

Usage: python tests/installed/wheel_smoke.py [--keep]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSPHRASE = "demo reunify 2026"


def step(title: str) -> None:
    print(f"wheel smoke: {title}", flush=True)


def run(cmd: list[str | Path], *, cwd: Path, env: dict[str, str], expect: int = 0) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != expect:
        sys.exit(
            f"wheel smoke FAILED: {' '.join(map(str, cmd))} exited {done.returncode}\n"
            f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        )
    return done.stdout + done.stderr


def copy_tracked_tree(dest: Path) -> None:
    """The files git tracks and the built .mo catalogs: no build/, no egg-info, no venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    names = [n for n in listed.split("\0") if n]
    names += [str(p.relative_to(ROOT)) for p in (ROOT / "reunify/locales").glob("*/*/*.mo")]
    for name in names:
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def main() -> int:
    keep = "--keep" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="reunify-wheel-"))
    try:
        step(f"building the wheel in {work}")
        source, dist = work / "source", work / "dist"
        copy_tracked_tree(source)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REUNIFY_", "PYTHON"))}
        run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, source],
            cwd=work,
            env=env,
        )
        wheel = next(dist.glob("reunify-*.whl"))
        step(f"installing {wheel.name} with its dependencies into a new venv")
        venv.create(work / "venv", with_pip=True)
        bindir = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
        run([bindir / "python", "-m", "pip", "install", "--quiet", wheel], cwd=work, env=env)
        reunify = bindir / "reunify"

        elsewhere = work / "elsewhere"
        elsewhere.mkdir()
        env.update(
            {"REUNIFY_HOME": str(work / "home"), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
        )
        step("--version and Spanish help")
        out = run([reunify, "--version"], cwd=elsewhere, env=env)
        assert re.match(r"reunify \d+\.\d+", out), out
        out = run([reunify, "--lang", "es", "--help"], cwd=elsewhere, env=env)
        assert out.startswith("uso: reunify") and "mostrar esta ayuda" in out, out

        step("demo, cases --lang es")
        vault = elsewhere / "demo.reunify"
        out = run([reunify, "demo", "--vault", vault], cwd=elsewhere, env=env)
        assert DEMO_PASSPHRASE in out, out
        assert not list(elsewhere.glob("*.building*")), "the demo build left a partial file"
        secret = {**env, "REUNIFY_PASSPHRASE": DEMO_PASSPHRASE}
        out = run([reunify, "cases", "--lang", "es", "--vault", vault], cwd=elsewhere, env=secret)
        assert "RU-2026-0001\tActivo" in out and "En pausa" in out, out

        step("export and verify")
        bundle = elsewhere / "expediente.pdf"
        out = run(
            [reunify, "--lang", "en", "export", "RU-2026-0001", "--vault", vault, "--to", bundle,
             "--generate-share-passphrase"],
            cwd=elsewhere, env=secret,
        )  # fmt: skip
        share = re.search(r"^Share passphrase.*: (.+)$", out, re.M)
        manifest = re.search(r"Manifest SHA-256.*: ([0-9a-f]{64})", out)
        assert share and manifest and bundle.is_file(), out
        share_file = work / "share.txt"
        share_file.write_text(share.group(1) + "\n", encoding="utf-8")
        share_file.chmod(0o600)
        out = run(
            [reunify, "--lang", "en", "verify", bundle, "--expect", manifest.group(1),
             "--share-passphrase-file", share_file],
            cwd=elsewhere, env=env,
        )  # fmt: skip
        assert "Verified" in out, out

        step("the GUI modules import from the installed package")
        run(
            [bindir / "python", "-c", "import reunify.ui.app, reunify.ui.workspace"],
            cwd=elsewhere,
            env=env,
        )
        step("passed")
        return 0
    finally:
        if keep:
            print(f"wheel smoke: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
