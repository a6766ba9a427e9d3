"""The export dialog drives a real export on a worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from reunify.bundle.verify import verify_bundle
from reunify.models import Case
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
    window = _window_with_selection(qtbot, demo_vault, "RU-2026-0003")
    window.actions_["export"].trigger()
    dialog = window.export_dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.consent.count() == 0  # the migrant case has no consent recorded
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
    assert "do not match" in dialog.passphrase_problem.text() and not dest.exists()
    dialog.confirm.setText("frase para compartir")
    dialog.export_button.click()
    qtbot.waitUntil(
        lambda: dialog.export_result is not None or "could not" in dialog.message.text(),
        timeout=30000,
    )
    assert dialog.export_result is not None
    # The phrase stays readable (to read to counsel by phone) until the dialog closes.
    assert dialog.passphrase.text() == "frase para compartir" and dialog.passphrase.isReadOnly()
    assert dialog.hash_field.text() == dialog.export_result.manifest_sha256
    result = verify_bundle(dest, "frase para compartir", dialog.hash_field.text())
    assert result.ok and result.checked == 3
    dialog.accept()
    assert dialog.passphrase.text() == "" and dialog.confirm.text() == ""
    window2.lock()
    assert not demo_vault.is_open


def _dialog(qtbot, vault: Vault, reference: str, tmp_path: Path) -> ExportDialog:  # type: ignore[no-untyped-def]
    from reunify import operations as ops

    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        case_id = case.id
    dialog = ExportDialog(vault, case_id)
    qtbot.addWidget(dialog)
    dialog.dest.setText(str(tmp_path / "bundle.pdf"))
    dialog.show()
    return dialog


def test_generate_fills_a_readable_phrase_in_the_bundle_language(  # type: ignore[no-untyped-def]
    qtbot, demo_vault: Vault, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from reunify.bundle import share_passphrase

    dialog = _dialog(qtbot, demo_vault, "RU-2026-0001", tmp_path)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.generate_button.setFocus()
    qtbot.keyClick(dialog.generate_button, Qt.Key.Key_Space)  # keyboard, no mouse
    phrase = dialog.passphrase.text()
    words = phrase.split(" ")
    assert len(words) == 6 and set(words) <= set(share_passphrase.word_list("es"))
    assert dialog.confirm.text() == phrase  # nothing to retype
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Normal  # shown readable
    assert dialog.show_passphrase.isChecked()
    assert "Strong" in dialog.strength.text()
    assert "phone" in dialog.channel_reminder.text()
    dialog.generate_button.click()
    assert dialog.passphrase.text() != phrase
    dialog.show_passphrase.setChecked(False)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    # Alt+G reaches the button from anywhere in the dialog
    assert "&G" in dialog.generate_button.text()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=30000)
    dialog.reject()


def test_refusals_show_under_the_field_in_the_users_language(  # type: ignore[no-untyped-def]
    qtbot, demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reunify import i18n
    from tests.conftest import PASSPHRASE

    # Any modal box would block the test: there must be none.
    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: pytest.fail("modal box"))
    i18n.set_language("es")
    dialog = _dialog(qtbot, demo_vault, "RU-2026-0001", tmp_path)
    dest = tmp_path / "bundle.pdf"

    # The strength line follows the typing.
    qtbot.keyClicks(dialog.passphrase, "contrasena")  # QTest cannot type ñ
    assert "Muy débil" in dialog.strength.text() and "más comunes" in dialog.strength.text()

    def refused(text: str) -> str:
        dialog.passphrase.setText(text)
        dialog.confirm.setText(text)
        dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog.passphrase_problem.isVisible(), timeout=30000)
        assert dialog.task is None and not dest.exists()
        return dialog.passphrase_problem.text()

    assert "más comunes" in refused("password")
    assert "referencia del caso" in refused("RU-2026-0001")
    assert "al menos 8" in refused("corta")
    assert dialog.focusWidget() is dialog.passphrase
    # The vault's own passphrase scores strong: it is refused by the export itself.
    assert "frase de acceso de la bóveda" in refused(PASSPHRASE)
    dialog.passphrase.setText("x")  # typing again clears the refusal
    qtbot.keyClicks(dialog.passphrase, "y")
    assert not dialog.passphrase_problem.isVisible()


def test_export_dialog_fits_the_field_laptop(qtbot, demo_vault: Vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reunify.bundle import share_passphrase

    for language in ("en", "es"):
        from reunify import i18n

        i18n.set_language(language)
        dialog = _dialog(qtbot, demo_vault, "RU-2026-0002", tmp_path)
        dialog.generate_passphrase()
        dialog.passphrase_problem.setText("x " * 80)
        dialog.passphrase_problem.setVisible(True)
        hint = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        assert hint.width() <= 1366 and hint.height() <= 768 - 60, (language, hint)
        dialog.resize(hint)
        qtbot.waitUntil(lambda d=dialog: d.isVisible())
        assert dialog.width() <= 1366 and dialog.height() <= 708
        # the longest phrase the generator can make is seen whole, to be read out
        metrics = dialog.passphrase.fontMetrics()
        for words in (share_passphrase.word_list("en"), share_passphrase.word_list("es")):
            widest = max(words, key=metrics.horizontalAdvance)
            assert metrics.horizontalAdvance(" ".join([widest] * 6)) < (
                dialog.passphrase.contentsRect().width() - 8
            )
        dialog.close()


def test_an_unexpected_error_in_the_export_leaves_the_dialog_closable(  # type: ignore[no-untyped-def]
    qtbot, demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the export: a message in the dialog, the crash dialog with a scrubbed
    report, the dialog closes, the vault still works."""
    from reunify import logs
    from reunify.ui import export_dialog
    from reunify.ui.crash_dialog import CrashDialog, CrashHandler

    client = "Xóchitl Ramírez Tepale"  # invented; the report must not carry it

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"could not lay out the page of {client}")

    monkeypatch.setattr(export_dialog, "export_bundle", broken)
    handler = CrashHandler(block=False).install()
    try:
        dialog = _dialog(qtbot, demo_vault, "RU-2026-0001", tmp_path)
        dialog.generate_passphrase()
        dialog.export_button.click()
        assert dialog.task is not None and dialog.progress.isVisible()
        dialog.reject()  # Esc while the bundle is being written: refused
        assert dialog.isVisible()
        qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
        assert dialog.task is None and dialog.export_result is None
        assert "unexpected error" in dialog.message.text()
        assert dialog.export_button.isEnabled() and not dialog.progress.isVisible()
        crash = handler.dialog
        assert isinstance(crash, CrashDialog)
        report = crash.details.toPlainText()
        assert "RuntimeError" in report and "in broken" in report and client not in report
        assert len(handler.reports) == 1
        dialog.reject()  # closable: it was not before, the worker never said it ended
        assert not dialog.isVisible()
        with demo_vault.session() as s:  # the session of the failed export was let go
            assert s.get(Case, dialog.case_id) is not None
    finally:
        handler.uninstall()
        if handler.dialog is not None:
            handler.dialog.close()
            handler.dialog.deleteLater()
        logs.teardown_logging()
