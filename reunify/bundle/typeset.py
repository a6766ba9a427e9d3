"""The report's fonts and text markup, in one place (the fonts themselves: fonts.py)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

BODY = "Body"
BODY_BOLD = "Body-Bold"
MONO = "Body"
_FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
_READY = False


def register_fonts() -> None:
    global _READY
    if _READY:
        return
    for name, file in (
        (BODY, "Vera.ttf"),
        (BODY_BOLD, "VeraBd.ttf"),
        ("Body-Italic", "VeraIt.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BODY_BOLD, italic="Body-Italic")
    _READY = True


def markup(text: str) -> str:
    """Paragraph markup for plain text: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def draw_string(
    canv: Canvas, x: float, y: float, text: str, size: float, align: str = "left"
) -> None:
    canv.setFont(BODY, size)
    if align == "right":
        canv.drawRightString(x, y, text)
    else:
        canv.drawString(x, y, text)
