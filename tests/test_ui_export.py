"""The export dialog drives a real export on a worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from reunify.bundle.verify import verify_bundle
from reunify.ui.app import MainWindow
from reunify.ui.export_dialog import ExportDialog
from reunify.vault import Vault

pytestmark = pytest.mark.ui


def _window_with_selection(qtbot, vault: Vault, reference: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    window.filter.setText(reference)
    window.table.selectionModel().select(
        window.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return window


def test_export_from_the_window(qtbot, demo_vault: Vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _window_with_selection(qtbot, demo_vault, "RU-2024-0001")
    window.actions_["export"].trigger()
    dialog = window.export_dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.consent.count() == 0  # the demo consent for this case has no valid one
    assert "no valid consent" in dialog.no_consent.text()
    assert not dialog.export_button.isEnabled()
    dialog.reject()

    window2 = _window_with_selection(qtbot, demo_vault, "RU-2026-0001")
    window2.actions_["export"].trigger()
    dialog = window2.export_dialog
    assert dialog.consent.count() == 1
    dest = tmp_path / "bundle.pdf"
    dialog.dest.setText(str(dest))
    dialog.passphrase.setText("frase para compartir")
    dialog.confirm.setText("otra cosa")
    dialog.export_button.click()
    assert "do not match" in dialog.message.text() and not dest.exists()
    dialog.confirm.setText("frase para compartir")
    dialog.export_button.click()
    qtbot.waitUntil(
        lambda: dialog.export_result is not None or "could not" in dialog.message.text(),
        timeout=30000,
    )
    assert dialog.export_result is not None
    assert (
        dialog.passphrase.text() == ""
        and dialog.hash_field.text() == dialog.export_result.manifest_sha256
    )
    result = verify_bundle(dest, "frase para compartir", dialog.hash_field.text())
    assert result.ok and result.checked == 3
    window2.lock()
    assert not demo_vault.is_open
