"""PySide6 6.12.0 dropped a reference to None each time it converted one (an empty
QVariant read by Python, a None argument to a Python override): a table painting its
cells did that thousands of times, and the interpreter aborted ("none_dealloc") after
a while of work. pyproject keeps PySide6 below 6.12; this notices a version that leaks."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

pytestmark = pytest.mark.ui


def test_reading_empty_cells_keeps_none_alive(qtbot: Any) -> None:
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("Familia Tlapale"))
    before = sys.getrefcount(None)
    for _ in range(2_000):  # few enough not to abort on a leaking version, enough to see
        assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert sys.getrefcount(None) >= before - 50
