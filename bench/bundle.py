"""Export and verify time and peak memory with one large exhibit (100 MB, 500 MB).

    .venv/bin/python -m bench.bundle [--sizes 100 500] [--kind random|text]

Each export and each verify runs in its own process, so its peak RSS
(ru_maxrss) is its own. The exhibit is random bytes by default, the worst case
for Flate (nothing to compress: a video, a JPEG scan); `--kind text` is a
repeated text that compresses about 100:1. The exhibit goes into the vault
first (not timed), as it would in use.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PASSPHRASE = "banco de pruebas del expediente"
SHARE = "compartida con la abogada"
MiB = 1 << 20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _make_vault(vault: Path, exhibit: Path) -> None:
    from reunify import operations as ops
    from reunify.models import ConsentScope, DocumentKind
    from reunify.vault import Vault

    with Vault.create(vault, PASSPHRASE, operator="bench") as v, v.session() as s:
        case = ops.create_case(s, title="Familia Banco de Pruebas")
        doc = ops.add_document(s, case, kind=DocumentKind.OTHER, title="Video de la audiencia")
        ops.attach_file(s, doc, exhibit)
        ops.record_consent(
            s,
            case,
            recipient="US counsel",
            purpose="bench",
            scope=[ConsentScope.DOCUMENTS],
            given_on=date(2026, 1, 1),
            expires_on=date(2027, 1, 1),
        )


def _child_export(vault: Path, out: Path) -> None:
    from sqlalchemy import select

    from reunify.bundle.export import export_bundle
    from reunify.models import Case, Consent
    from reunify.vault import Vault

    with Vault.open(vault, PASSPHRASE) as v, v.session() as s:
        case = s.scalars(select(Case)).one()
        consent = s.scalars(select(Consent)).one()
        base = _peak_mib()
        t0 = time.perf_counter()
        export_bundle(
            s,
            case,
            out,
            consent=consent,
            language="en",
            share_passphrase=SHARE,
            today=date(2026, 6, 1),
        )
        print(time.perf_counter() - t0, base, _peak_mib())


def _child_verify(bundle: Path) -> None:
    from reunify.bundle.verify import verify_bundle

    base = _peak_mib()
    t0 = time.perf_counter()
    result = verify_bundle(bundle, SHARE)
    if not result.ok:
        raise SystemExit(f"bundle did not verify: {result.problems}")
    print(time.perf_counter() - t0, base, _peak_mib())


def _run(*args: str) -> tuple[float, float, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bundle", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    seconds, base, peak = (float(x) for x in done.stdout.split())
    return seconds, base, peak


def _write_exhibit(path: Path, mib: int, kind: str) -> None:
    line = b"Acta de nacimiento, copia certificada, folio 1234, Tlaxcala. " * 16
    with path.open("wb") as fh:
        for _ in range(mib):
            fh.write(os.urandom(MiB) if kind == "random" else (line * (MiB // len(line) + 1))[:MiB])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500], help="MiB")
    parser.add_argument("--kind", choices=("random", "text"), default="random")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *paths = args.child
        if mode == "export":
            _child_export(Path(paths[0]), Path(paths[1]))
        else:
            _child_verify(Path(paths[0]))
        return
    print(f"exhibit: {args.kind} bytes; peak RSS is the process's, above its start in brackets")
    for mib in args.sizes:
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
            folder = Path(tmp)
            exhibit = folder / "exhibit.bin"
            _write_exhibit(exhibit, mib, args.kind)
            _make_vault(folder / "bench.reunify", exhibit)
            exhibit.unlink()
            out = folder / "bundle.pdf"
            seconds, base, peak = _run("--child", "export", str(folder / "bench.reunify"), str(out))
            size = out.stat().st_size / MiB
            print(
                f"{mib:4d} MiB  export {seconds:6.1f} s  peak RSS {peak:6.0f} MiB "
                f"(+{peak - base:4.0f})  bundle {size:6.0f} MiB"
            )
            seconds, base, peak = _run("--child", "verify", str(out))
            print(
                f"{mib:4d} MiB  verify {seconds:6.1f} s  peak RSS {peak:6.0f} MiB "
                f"(+{peak - base:4.0f})"
            )


if __name__ == "__main__":
    main()
