"""reunify's icon (original artwork, no third-party assets), drawn where it is needed.

A rounded teal square with two figures, a grown-up and a child, held under one
arc: a family brought back together. Drawn with Pillow (a ReportLab dependency),
supersampled 4x; the window and taskbar use it at run time, and the packaging
writes it as ICO and ICNS (packaging/make_icon.py), so nothing binary is in git.
"""

from __future__ import annotations

import io

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


def png_bytes(size: int = 256) -> bytes:
    """The icon as PNG bytes, for a window icon (Qt reads them without a file)."""
    out = io.BytesIO()
    draw(size).save(out, format="PNG")
    return out.getvalue()
