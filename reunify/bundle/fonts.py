"""Fonts for the bundle PDF that draw every name the app accepts.

Clients' names come in Spanish, Indigenous orthographies (ʼ U+02BC, ꞌ U+A78C, ɨ, ʉ,
tone marks and combining accents), Chinese (simplified and traditional), Hebrew and
Arabic. No single free TrueType font covers all of them, so the body text is DejaVu
Sans (Latin, IPA, Latin Extended-D, arrows, Greek, Cyrillic, Hebrew, Arabic) and any
character it lacks is drawn in Droid Sans Fallback (CJK). Both ship inside the package
(`font_files/`, with their licences) so a bundle never depends on the machine's fonts;
ReportLab embeds only the glyphs used (subsets).

Use `markup` for Paragraph text and `draw_string` for canvas text: both split the text
into runs by which font has each glyph (read from the font's own cmap). A character
no font has (e.g. CJK Extension B, emoji) is drawn as U+FFFD "�": a bare missing glyph
would show an empty box and vanish from the PDF's text, so a reader or a search could
not tell a character was there. `unsupported` lists such characters.

ReportLab does no bidi reordering or Arabic shaping here (it needs the optional
`rlbidi` and `uharfbuzz` packages, which the project does not install): Hebrew and
Arabic glyphs are drawn, but in logical order left to right (so they read reversed)
and, for Arabic, unjoined. With uharfbuzz installed a Paragraph style with `shaping=1`
draws them correctly (tried with ReportLab 5.1); canvas text would also need rlbidi.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

# Face names as registered with ReportLab; use these in ParagraphStyle.fontName.
FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
CJK = "DroidSansFallback"

_FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}

# Where to look, in order, for a glyph the face lacks. The oblique faces have no
# Arabic, so they fall back to the upright face of the same weight before CJK.
_CHAINS: dict[str, tuple[str, ...]] = {
    REGULAR: (REGULAR, CJK),
    BOLD: (BOLD, REGULAR, CJK),
    ITALIC: (ITALIC, REGULAR, CJK),
    BOLD_ITALIC: (BOLD_ITALIC, BOLD, REGULAR, CJK),
    CJK: (CJK, REGULAR),
}

Align = Literal["left", "right", "center"]

# Drawn in place of a character no face has; DejaVu Sans has it.
REPLACEMENT = "\ufffd"

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the faces and the DejaVu family once; safe to call from any thread."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = resources.files("reunify.bundle") / "font_files"
        for name, file in _FILES.items():
            with (folder / file).open("rb") as fh:
                pdfmetrics.registerFont(TTFont(name, fh))
        # <b>/<i> inside a Paragraph pick the right DejaVu face; the CJK font has one
        # weight, so bold and italic CJK stay in it instead of failing.
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
        _registered = True


def has_glyph(font: str, char: str) -> bool:
    """Whether the face's cmap maps this character (not the .notdef box)."""
    return _has_glyph(font, ord(char))


@lru_cache(maxsize=65536)
def _has_glyph(font: str, codepoint: int) -> bool:
    register()
    face = pdfmetrics.getFont(font)
    return codepoint in face.face.charToGlyph


def _chain(font: str) -> tuple[str, ...]:
    if font not in _CHAINS:
        raise ValueError(f"{font!r} is not one of reunify.bundle.fonts' faces")
    return _CHAINS[font]


def _clings(char: str) -> bool:
    """Marks and joiners belong with the character before them, in its font."""
    return unicodedata.category(char) in ("Mn", "Me", "Cf")


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """Split text into (face, text) runs: each character in the first face that has it.

    `font` is the face the text is set in (the Paragraph style's font, or the canvas
    font). Combining marks stay in the face of their base character when it has them,
    so the mark is positioned against the right glyph. A character no face has
    becomes REPLACEMENT (whitespace and controls other than that are kept as given).
    """
    chain = _chain(font)
    out: list[tuple[str, str]] = []
    for char in text:
        if out and _clings(char) and has_glyph(out[-1][0], char):
            face = out[-1][0]
        else:
            found = next((f for f in chain if has_glyph(f, char)), None)
            if found is not None:
                face = found
            elif char.isspace():  # line breaks and the like: the layout handles them
                face = font
            else:
                char = REPLACEMENT
                face = next(f for f in chain if has_glyph(f, char))
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + char)
        else:
            out.append((face, char))
    return out


def unsupported(text: str) -> list[str]:
    """Characters of the (NFC) text that no bundled face can draw, in order, once each."""
    seen: dict[str, None] = {}
    for char in unicodedata.normalize("NFC", text):
        if not char.isspace() and not any(has_glyph(f, char) for f in _CHAINS[REGULAR]):
            seen[char] = None
    return list(seen)


def has_rtl(text: str) -> bool:
    """Whether the text has right-to-left letters (Hebrew, Arabic...), which need shaping."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def markup(text: str, font: str = REGULAR) -> str:
    """Escape plain text for a ReportLab Paragraph, with fallback faces where needed.

    Pass the face the Paragraph's style uses (REGULAR, BOLD, ITALIC, BOLD_ITALIC), so
    a bold heading falls back from the bold face, not the regular one. Runs the face
    has are left bare and so follow the style (and any <b>/<i> the caller wraps
    around them); other runs get <font name="..."> of the face that has them.
    """
    text = unicodedata.normalize("NFC", text)
    return "".join(
        escape(part) if face == font else f'<font name="{face}">{escape(part)}</font>'
        for face, part in runs(text, font)
    )


def string_width(text: str, font_size: float, font: str = REGULAR) -> float:
    """Width in points of text drawn by `draw_string` (each run in its own face)."""
    text = unicodedata.normalize("NFC", text)
    return float(sum(pdfmetrics.stringWidth(p, f, font_size) for f, p in runs(text, font)))


def draw_string(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font_size: float,
    align: Align = "left",
    font: str = REGULAR,
) -> float:
    """Draw one line on a canvas in mixed-font runs, for page headers and footers.

    `x` is the left edge, right edge or centre as `align` says. The canvas's font is
    left as `font` at `font_size` afterwards. Returns the width drawn.
    """
    text = unicodedata.normalize("NFC", text)
    parts = runs(text, font)
    widths = [float(pdfmetrics.stringWidth(part, face, font_size)) for face, part in parts]
    total = sum(widths)
    start = {"left": x, "right": x - total, "center": x - total / 2}[align]
    for (face, part), width in zip(parts, widths, strict=True):
        canvas.setFont(face, font_size)
        canvas.drawString(start, y, part)
        start += width
    canvas.setFont(font, font_size)
    return total
