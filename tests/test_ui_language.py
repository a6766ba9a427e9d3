"""The GUI in Spanish: no English msgid left on screen; switching needs no restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QWidget,
)

from reunify import i18n
from reunify.ui.app import MainWindow, UnlockDialog
from reunify.ui.forms import FormDialog
from reunify.ui.language import SETTINGS_KEY, settings, switcher
from reunify.ui.workspace.base import SectionTab
from reunify.ui.workspace.people import PERSON_FIELDS, ROLE_FIELDS
from tests.conftest import PASSPHRASE
from tests.ui_helpers import unlock

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parent.parent


def _english_msgids() -> set[str]:
    with (ROOT / "reunify/locales/es/LC_MESSAGES/reunify.po").open("rb") as fh:
        catalog = read_po(fh, locale="es")
    return {m.id for m in catalog if isinstance(m.id, str) and m.id and m.string != m.id}


def _model_texts(model: QAbstractItemModel) -> list[str]:
    texts = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        for c in range(model.columnCount())
    ]
    for r in range(min(model.rowCount(), 50)):
        for c in range(model.columnCount()):
            texts.append(str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)))
    return texts


def visible_texts(window: QWidget) -> list[str]:
    """Every piece of text a person can see in a window, as Qt holds it."""
    texts = [window.windowTitle()]
    for w in [window, *window.findChildren(QWidget)]:
        if not w.isVisibleTo(window) and w is not window:
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QMenu):
            texts.append(w.title())
        if isinstance(w, QTableView) and w.model() is not None:
            texts += _model_texts(w.model())
        texts += [a.text() for a in w.actions()]
        texts.append(w.accessibleName())
    return [t.replace("&", "") for t in texts if t]


def _untranslated(window: QWidget) -> list[str]:
    english = {m.replace("&", "") for m in _english_msgids()}
    return sorted({t for t in visible_texts(window) if t in english})


def test_main_screens_are_fully_spanish(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    switcher.apply("es")
    try:
        dialog = UnlockDialog(demo_path)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.unlock_button.text() == "Desbloquear"
        assert _untranslated(dialog) == []
        unlock(qtbot, dialog, "equivocada")
        assert dialog.error.text().startswith("La frase de acceso no es correcta")
        unlock(qtbot, dialog, PASSPHRASE)
        assert dialog.vault is not None
        window = MainWindow(dialog.vault)
        qtbot.addWidget(window)
        window.show()
        texts = visible_texts(window)
        assert "Reunificado" in texts and "Referencia" in texts
        assert _untranslated(window) == []
        window.filter.setText("RU-2026-0001")
        window.table.selectRow(0)
        workspace = window.workspace
        for index in range(workspace.count()):  # every tab, with a row selected
            workspace.setCurrentIndex(index)
            tab = workspace.widget(index)
            for part in [tab, *tab.findChildren(SectionTab)]:
                if isinstance(part, SectionTab) and part.model.rowCount():
                    part.select_row(0)
            assert _untranslated(window) == [], workspace.tabText(index)
        form = FormDialog("Add person", (*ROLE_FIELDS, *PERSON_FIELDS), lambda v: v, {}, window)
        qtbot.addWidget(form)
        form.show()
        assert form.windowTitle() == "Agregar persona"
        assert _untranslated(form) == []
        form.discard()
        window.actions_["export"].trigger()
        assert window.export_dialog.windowTitle().startswith("Exportar expediente")
        assert _untranslated(window.export_dialog) == []
        window.lock()
    finally:
        switcher.apply("en")


def test_switching_language_at_runtime_and_persisting(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    switcher.apply("en")
    dialog = UnlockDialog(demo_path, PASSPHRASE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Unlock vault"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert i18n.current_language() == "es"
    assert dialog.windowTitle() == "Desbloquear bóveda"
    assert settings().value(SETTINGS_KEY) == "es"
    unlock(qtbot, dialog)
    assert dialog.vault is not None
    window = MainWindow(dialog.vault)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Casos"
    english = next(a for a in window.language_actions.actions() if a.data() == "en")
    english.trigger()
    assert window.windowTitle() == "Cases"
    assert "Find: name, reference, CURP or file number" in _untranslated(window)  # can fail
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Reference"
    assert window.model.index(0, 2).data() in {"Reunified", "On hold", "Active", "Intake", "Closed"}
    assert settings().value(SETTINGS_KEY) == "en"
    assert switcher.initial_language() == "en"
    window.lock()


def test_qt_standard_buttons_follow_the_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    switcher.apply("es")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == (
            "Cancelar"
        )
    finally:
        switcher.apply("en")
