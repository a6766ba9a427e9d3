"""Draw reunify's application icon (original artwork, no third-party assets).

The artwork is `reunify.icon.draw` (the running window uses it too); this writes it
at 1024 px as PNG, Windows ICO (16-256 px) and macOS ICNS.

    python packaging/make_icon.py OUT_DIR     # writes reunify.png/.ico/.icns

The spec calls `make_icons()` itself, so nothing binary is kept in git.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reunify.icon import SIZE, draw


def make_icons(out_dir: Path | str) -> dict[str, Path]:
    """Write reunify.png, reunify.ico and reunify.icns into out_dir; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    master = draw(SIZE)
    paths = {ext: out / f"reunify.{ext}" for ext in ("png", "ico", "icns")}
    master.save(paths["png"])
    master.save(paths["ico"], sizes=[(n, n) for n in (16, 24, 32, 48, 64, 128, 256)])
    master.save(paths["icns"])  # Pillow writes the 16-1024 px set macOS expects
    return paths


if __name__ == "__main__":
    for path in make_icons(sys.argv[1] if len(sys.argv) > 1 else "build/icons").values():
        print(path)
