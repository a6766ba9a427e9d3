"""The window icon: the same artwork as the installers' icon, drawn at run time."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize

from reunify.icon import png_bytes
from reunify.ui.app import app_icon

pytestmark = pytest.mark.ui


def test_window_icon_is_the_artwork(qtbot: Any) -> None:
    assert png_bytes(32).startswith(b"\x89PNG")
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(QSize(32, 32)).toImage()
    assert image.width() == 32
    centre = image.pixelColor(16, 4)  # the teal square, not transparent
    assert centre.alpha() == 255 and centre.green() > centre.red()
