"""Qt's own file dialog in Mexican Spanish: no English labels, no "fichero"."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QLabel

from reunify.ui.language import switcher

pytestmark = pytest.mark.ui


def _texts(dialog: QFileDialog) -> list[str]:
    found = [w.text() for w in dialog.findChildren(QLabel)]
    found += [w.text() for w in dialog.findChildren(QAbstractButton)]
    found += [a.text() for a in dialog.findChildren(QAction)]
    for combo in dialog.findChildren(QComboBox):
        found += [combo.itemText(i) for i in range(combo.count())]
    return [t for t in found if t]


def test_file_dialog_speaks_mexican_spanish(qtbot: Any) -> None:
    switcher.apply("es", persist=False)
    try:
        dialog = QFileDialog(None, "Adjuntar archivos")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = _texts(dialog)
        assert "&Buscar en:" in texts and "Archivos de &tipo:" in texts
        assert "Todos los archivos (*)" in texts
        assert not [t for t in texts if "fichero" in t.lower() or "fic&hero" in t.lower()]
        assert not [t for t in texts if t in ("&Look in:", "Files of &type:")]
    finally:
        switcher.apply("en", persist=False)
