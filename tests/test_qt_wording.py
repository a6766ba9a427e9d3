"""The file dialog in Mexican Spanish: no English labels, no "fichero"; and no Python
QTranslator, whose every call crashed the app after a few thousand Qt strings."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QLabel

from reunify.ui.file_dialogs import file_dialog
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
        dialog = file_dialog(None, "Adjuntar archivos", mode=QFileDialog.FileMode.ExistingFiles)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = _texts(dialog)
        assert "&Buscar en:" in texts and "Archivos de &tipo:" in texts
        assert "Todos los archivos (*)" in texts
        assert not [t for t in texts if "fichero" in t.lower() or "fic&hero" in t.lower()]
        assert not [t for t in texts if t in ("&Look in:", "Files of &type:")]
    finally:
        switcher.apply("en", persist=False)


def test_many_qt_strings_in_spanish_do_not_wear_anything_out() -> None:
    """A Python translate() leaked a reference to None per call (PySide6 on 3.11): the
    interpreter aborted after some thousands. Only Qt's own .qm translator is installed."""
    switcher.apply("es", persist=False)
    try:
        before = sys.getrefcount(None)
        for _ in range(20_000):
            QCoreApplication.translate("QFileDialog", "not a Qt string")
        assert sys.getrefcount(None) >= before - 100
        assert QCoreApplication.translate("QPlatformTheme", "Close") == "Cerrar"  # not blank
    finally:
        switcher.apply("en", persist=False)
