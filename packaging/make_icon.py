"""Draw reunify's application icon (original artwork, no third-party assets).

A rounded teal square with two figures, a grown-up and a child, held under one
arc: a family brought back together. Drawn with Pillow (a ReportLab dependency,
so it is always in the build environment) at 1024 px, 4x supersampled, then
written as PNG, Windows ICO (16-256 px) and macOS ICNS.

    python packaging/make_icon.py OUT_DIR     # writes reunify.png/.ico/.icns

The spec calls `make_icons()` itself, so nothing binary is kept in git.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

SIZE = 1024
SUPER = 4  # draw at 4096 px and shrink: smooth edges without an antialiasing API

TEAL = (17, 94, 89, 255)
TEAL_LIGHT = (45, 140, 130, 255)
CREAM = (255, 248, 235, 255)
GOLD = (242, 179, 61, 255)


def draw(size: int = SIZE) -> Image.Image:
    s = size * SUPER
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (round(x0 * s), round(y0 * s), round(x1 * s), round(y1 * s))

    # Background: rounded square with a lighter lower band.
    d.rounded_rectangle(box(0.04, 0.04, 0.96, 0.96), radius=round(0.2 * s), fill=TEAL)
    band = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ImageDraw.Draw(band).ellipse(box(-0.3, 0.62, 1.3, 1.5), fill=TEAL_LIGHT)
    band.putalpha(ImageChops.multiply(band.getchannel("A"), img.getchannel("A")))
    img.alpha_composite(band)

    # The arc over both figures (a roof, an embrace).
    d.arc(box(0.17, 0.17, 0.83, 0.83), start=200, end=340, fill=GOLD, width=round(0.055 * s))

    # Grown-up: head and shoulders.
    d.ellipse(box(0.30, 0.34, 0.46, 0.50), fill=CREAM)
    d.rounded_rectangle(box(0.24, 0.53, 0.52, 0.80), radius=round(0.12 * s), fill=CREAM)
    # Child: smaller, leaning in.
    d.ellipse(box(0.56, 0.45, 0.68, 0.57), fill=CREAM)
    d.rounded_rectangle(box(0.52, 0.60, 0.72, 0.80), radius=round(0.09 * s), fill=CREAM)
    # The joined hands.
    d.ellipse(box(0.485, 0.64, 0.565, 0.72), fill=GOLD)

    return img.resize((size, size), Image.Resampling.LANCZOS)


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
