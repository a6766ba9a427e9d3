"""Every fault a person can cause or fix reads as a sentence in the GUI (issue #15).

Real faults only: a real full disk (a small tmpfs mounted for the test), a folder
made read-only with the immutable flag, a vault with a page of its file damaged,
a vault another process holds open. Each row drives the real window or dialog as a
person would and checks what is on screen: the translated sentence (in Spanish for
some rows), no crash dialog, what was typed still in the form after a failed save,
and the vault reopening with everything committed before the fault.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reunify import i18n, logs
from reunify import operations as ops
from reunify.models import Case, CaseVariant
from reunify.operations.imports import import_files
from reunify.ui.app import MainWindow, Shell
from reunify.ui.crash_dialog import CrashHandler
from reunify.ui.export_dialog import ExportDialog
from reunify.ui.forms import FormDialog
from reunify.ui.unlock import CreateVaultDialog, UnlockDialog
from reunify.vault import Vault
from tests.conftest import CHEAP_SCRYPT_N, PASSPHRASE, copy_vault
from tests.helpers import damage_page, fill, held_elsewhere, immutable, read_only_dir, small_disk
from tests.ui_helpers import check, on_next_modal, unlock

pytestmark = pytest.mark.ui

FAMILY = "Familia Tlapale Xicoténcatl"  # invented
TYPED = {"title": "Familia Cuautle Zempoalteca", "variant": CaseVariant.OTHER}  # invented

# What never reaches a person: SQLite's and the OS's own words, a Python name.
RAW = ("malformed", "HMAC", "OperationalError", "Traceback", "Errno", "No space left", "sqlite")


# -- the faults ---------------------------------------------------------------------------
@contextlib.contextmanager
def no_crash_dialog() -> Iterator[CrashHandler]:
    """The GUI's own crash handler, installed as run_gui does; the block must end with
    no crash dialog shown and no report written."""
    handler = CrashHandler(block=False).install()
    try:
        yield handler
        assert handler.dialog is None, handler.dialog.details.toPlainText()
        assert handler.reports == []
    finally:
        handler.uninstall()
        for widget in (handler.dialog, handler.notice):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        logs.teardown_logging()


def read_box(seen: list[str], log: list[Any], after: QWidget | None = None) -> None:
    """Read the next message box's text (not `after`, the one just answered) and close it."""

    def attempt(tries: int = 0) -> None:
        box = QApplication.activeModalWidget()
        if box is None or box is after or not box.isVisible():
            if tries < 500:
                QTimer.singleShot(10, lambda: attempt(tries + 1))
            else:
                log.append(AssertionError("no message box appeared"))
            return
        if not isinstance(box, QMessageBox):
            log.append(AssertionError(f"not a message box: {type(box).__name__}"))
        else:
            seen.append(box.text())
        box.close()

    QTimer.singleShot(0, attempt)


def a_sentence(text: str) -> None:
    assert text.strip(), "nothing was said"
    for raw in RAW:
        assert raw.lower() not in text.lower(), text


def full_disk(text: str) -> None:
    """Said as a full disk (or refused before writing for want of space), in the
    language shown."""
    words = {
        "en": ("disk is full", "not enough free space"),
        "es": ("disco está lleno", "espacio libre"),
    }[i18n.current_language()]
    assert any(w in text for w in words), text


def read_only(text: str, folder: Path) -> None:
    """Said as a folder that cannot be written, naming it; never "restore a backup"
    (the audit's misleading advice: a permissions problem is no damage)."""
    words = {
        "en": ("cannot write to", "cannot create files in"),
        "es": ("no puede escribir en", "no puede crear archivos en"),
    }[i18n.current_language()]
    assert any(w in text for w in words) and str(folder) in text, text
    assert "restore" not in text and "restaure" not in text, text


@pytest.fixture
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def window_on(qtbot: Any, vault: Vault, case_id: str | None = None) -> MainWindow:
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    if case_id is not None:
        assert window.select_case(case_id)
    return window


def a_case(vault: Vault, title: str = FAMILY) -> str:
    with vault.session() as s:
        return ops.create_case(s, title=title).id


def reopened_has(path: Path, case_id: str, passphrase: str = PASSPHRASE) -> None:
    """Nothing committed before the fault was lost."""
    with Vault.open(path, passphrase) as v, v.session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.title == FAMILY


# -- unlocking ------------------------------------------------------------------------
def _wrong(path: Path) -> str:
    return "equivocada de verdad"


def _damaged_header(path: Path) -> str:
    with path.open("r+b") as fh:  # the salt: the key comes out wrong
        fh.write(bytes(b ^ 0xFF for b in fh.read(16)))
    return PASSPHRASE


def _not_a_vault(path: Path) -> str:
    path.unlink()
    path.write_text("Nombre;Fecha\nJuana;01/02/2026\n", encoding="utf-8")
    return PASSPHRASE


def _missing(path: Path) -> str:
    path.unlink()
    return PASSPHRASE


UNLOCK_FAULTS: dict[str, tuple[Callable[[Path], str], str, str]] = {
    # fault: (make it, what the sentence says in English, and in Spanish)
    "wrong passphrase": (_wrong, "passphrase is not correct", "no es correcta"),
    "damaged header": (_damaged_header, "may be damaged", "dañado"),
    "not a vault": (_not_a_vault, "is not a reunify vault", "no es una bóveda"),
    "missing file": (_missing, "There is no vault at", "No hay una bóveda en"),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("fault", list(UNLOCK_FAULTS))
def test_unlock_refusals_are_sentences(
    qtbot: Any, vault_path: Path, _vault_template: Path, fault: str, language: str
) -> None:
    copy_vault(_vault_template, vault_path)
    make, english, spanish_words = UNLOCK_FAULTS[fault]
    passphrase = make(vault_path)
    i18n.set_language(language)
    try:
        with no_crash_dialog():
            dialog = UnlockDialog(vault_path)
            qtbot.addWidget(dialog)
            assert not unlock(qtbot, dialog, passphrase)
            said = dialog.error.text()
    finally:
        i18n.set_language("en")
    a_sentence(said)
    assert (english if language == "en" else spanish_words) in said, said
    assert dialog.vault is None


def test_unlock_a_read_only_folder_says_so(
    qtbot: Any, vault_path: Path, _vault_template: Path
) -> None:
    copy_vault(_vault_template, vault_path)
    with read_only_dir(vault_path.parent), no_crash_dialog():
        dialog = UnlockDialog(vault_path)
        qtbot.addWidget(dialog)
        assert not unlock(qtbot, dialog, PASSPHRASE)
    said = dialog.error.text()
    a_sentence(said)
    read_only(said, vault_path.parent)


def test_unlock_a_read_only_file_says_so(
    qtbot: Any, vault_path: Path, _vault_template: Path
) -> None:
    copy_vault(_vault_template, vault_path)
    with immutable(vault_path), no_crash_dialog():
        dialog = UnlockDialog(vault_path)
        qtbot.addWidget(dialog)
        opened = unlock(qtbot, dialog, PASSPHRASE)
        if opened:  # read-only files may open for reading on some systems: then close
            assert dialog.vault is not None
            dialog.vault.close()
    said = dialog.error.text()
    if not opened:
        a_sentence(said)
        assert "restore" not in said, said  # a permissions problem, not a damaged vault


def test_unlock_a_vault_open_in_another_program(
    qtbot: Any, vault_path: Path, _vault_template: Path, spanish: None
) -> None:
    copy_vault(_vault_template, vault_path)
    with held_elsewhere(vault_path, PASSPHRASE, CHEAP_SCRYPT_N), no_crash_dialog():
        dialog = UnlockDialog(vault_path)
        qtbot.addWidget(dialog)
        assert not unlock(qtbot, dialog, PASSPHRASE)
        said = dialog.error.text()
    a_sentence(said)
    assert "ya está abierta" in said, said
    # once the other program has closed it, it opens here with nothing lost
    assert unlock(qtbot, dialog, PASSPHRASE) or dialog.unlock_button.isEnabled()


def test_a_damaged_page_read_after_unlock_is_a_sentence_not_a_crash(
    qtbot: Any, demo_path: Path
) -> None:
    """The vault opens (the damaged page is not read yet) and the damage shows when a
    case is opened: a message box with what to do, never the crash dialog."""
    damage_page(demo_path, "passport", PASSPHRASE)
    seen: list[str] = []
    log: list[Any] = []
    with no_crash_dialog() as handler:
        shell = Shell(demo_path)
        shell.show_unlock()
        assert shell.dialog is not None
        qtbot.addWidget(shell.dialog)
        assert unlock(qtbot, shell.dialog, PASSPHRASE)
        window = shell.window
        if window is None:  # the damage was met while the window was built
            assert shell.dialog.isVisible()
            seen.append(shell.dialog.error.text())
        else:
            qtbot.addWidget(window)
            window.filter.setText("RU-2026-0001")
            window.table.selectionModel().select(
                window.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            qtbot.waitUntil(lambda: handler.notice is not None, timeout=5000)
            assert handler.notice is not None
            seen.append(handler.notice.text())
            window.lock(quitting=True)
    check(log)
    a_sentence(seen[0])
    assert "damaged" in seen[0] and "backup" in seen[0], seen[0]


# -- a new vault ------------------------------------------------------------------------
def _create(qtbot: Any, path: Path) -> CreateVaultDialog:
    dialog = CreateVaultDialog()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.operator.setText("Lic. Prueba")
    dialog.passphrase.setText(PASSPHRASE)
    dialog.confirm.setText(PASSPHRASE)
    dialog.create_vault()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    return dialog


def test_new_vault_in_a_read_only_folder(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "solo_lectura"
    folder.mkdir()
    with read_only_dir(folder), no_crash_dialog():
        dialog = _create(qtbot, folder / "despacho.reunify")
    assert dialog.vault is None
    read_only(dialog.error.text(), folder)
    a_sentence(dialog.error.text())


def test_new_vault_over_an_existing_file(qtbot: Any, tmp_path: Path) -> None:
    existing = tmp_path / "despacho.reunify"
    existing.write_bytes(b"algo")
    with no_crash_dialog():
        dialog = _create(qtbot, existing)
    assert dialog.vault is None and "already exists" in dialog.error.text()
    assert existing.read_bytes() == b"algo"


def test_new_vault_on_a_full_disk(qtbot: Any, tmp_path: Path, spanish: None) -> None:
    with small_disk(tmp_path / "usb", "320k") as disk, no_crash_dialog():
        dialog = _create(qtbot, disk / "despacho.reunify")
        said = dialog.error.text()
        left = sorted(p.name for p in disk.iterdir())
    assert dialog.vault is None
    a_sentence(said)
    full_disk(said)
    assert left == []  # no half-made vault left behind


# -- forms and actions on a full disk ------------------------------------------------------
@pytest.fixture
def full_disk_vault(tmp_path: Path, _vault_template: Path) -> Iterator[tuple[Vault, str, Path]]:
    """A vault on a small disk with one case committed, then the disk filled.
    Yields (vault, case id, filler); the vault is closed before the disk goes."""
    with small_disk(tmp_path / "disk", "24m") as disk:
        path = copy_vault(_vault_template, disk / "office.reunify")
        vault = Vault.open(path, PASSPHRASE)
        try:
            case_id = a_case(vault)
            filler = fill(disk)
            yield vault, case_id, filler
        finally:
            if vault.is_open:
                vault.close()


def test_a_form_that_cannot_be_saved_keeps_what_was_typed(
    qtbot: Any, full_disk_vault: tuple[Vault, str, Path], spanish: None
) -> None:
    vault, case_id, filler = full_disk_vault
    path = vault.path
    seen: dict[str, Any] = {}
    log: list[Any] = []

    def save_on_full_disk(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values(TYPED)
        dialog.save()
        seen["visible"] = dialog.isVisible()
        seen["said"] = dialog.general_error.text()
        label = dialog.general_error  # every line of it shows (it was cut to one)
        seen["fits"] = label.height() >= label.heightForWidth(label.width())
        seen["kept"] = dialog.values()["title"]
        seen["pending"] = dialog.has_pending_edits()
        dialog.discard()

    with no_crash_dialog():
        window = window_on(qtbot, vault)
        on_next_modal(save_on_full_disk, log)
        window.do_new_case()
        check(log)
        window.lock(quitting=True)
    assert seen["visible"], "the form closed: what was typed would be lost"
    assert seen["kept"] == TYPED["title"] and seen["pending"] and seen["fits"]
    a_sentence(seen["said"])
    full_disk(seen["said"])
    assert "sigue en este formulario" in seen["said"], seen["said"]
    filler.unlink()
    reopened_has(path, case_id)
    with Vault.open(path, PASSPHRASE) as v, v.session() as s:
        assert ops.find_case(s, "RU-2026-0002") is None  # the failed save left nothing


def test_attaching_a_file_on_a_full_disk(
    qtbot: Any, full_disk_vault: tuple[Vault, str, Path], tmp_path: Path
) -> None:
    vault, case_id, filler = full_disk_vault
    path = vault.path
    scan = tmp_path / "acta de nacimiento.pdf"
    scan.write_bytes(os.urandom(256 * 1024))
    seen: list[str] = []
    log: list[Any] = []
    with no_crash_dialog():
        window = window_on(qtbot, vault, case_id)
        read_box(seen, log)
        window.workspace.documents.import_files([scan])
        qtbot.waitUntil(lambda: bool(seen) or bool(log), timeout=30000)
        check(log)
        window.lock(quitting=True)
    a_sentence(seen[0])
    full_disk(seen[0])
    filler.unlink()
    reopened_has(path, case_id)


def test_attaching_files_that_vanished_or_cannot_be_read(
    qtbot: Any, vault: Vault, tmp_path: Path
) -> None:
    case_id = a_case(vault)
    gone = tmp_path / "foto borrada.jpg"
    folder = tmp_path / "una carpeta.pdf"
    folder.mkdir()
    good = tmp_path / "pasaporte.pdf"
    good.write_bytes(b"%PDF-1.4 prueba")
    seen: list[str] = []
    log: list[Any] = []
    with no_crash_dialog():
        window = window_on(qtbot, vault, case_id)
        read_box(seen, log)
        window.workspace.documents.import_files([gone, folder, good])
        qtbot.waitUntil(lambda: bool(seen) or bool(log), timeout=30000)
        check(log)
    a_sentence(seen[0])
    assert "foto borrada.jpg" in seen[0] and "una carpeta.pdf" in seen[0], seen[0]
    assert window.workspace.documents.last_import == 1  # the readable one went in
    window.lock(quitting=True)


def _at_least(said: list[str], log: list[Any], count: int) -> bool:
    return len(said) >= count or bool(log)


def test_backup_now_to_a_full_disk_and_to_a_read_only_folder(
    qtbot: Any, vault: Vault, tmp_path: Path, spanish: None
) -> None:
    case_id = a_case(vault)
    said: list[str] = []
    log: list[Any] = []
    with small_disk(tmp_path / "usb", "64k") as disk, no_crash_dialog():
        window = window_on(qtbot, vault)
        for count, folder in enumerate((disk, tmp_path / "respaldos"), start=1):
            folder.mkdir(exist_ok=True)
            with vault.session() as s:
                ops.set_setting(s, "backup_dir", str(folder))
            with read_only_dir(folder) if folder.name == "respaldos" else contextlib.nullcontext():
                read_box(said, log)
                window.do_backup()
                qtbot.waitUntil(functools.partial(_at_least, said, log, count), timeout=30000)
                check(log)
            assert [p.name for p in folder.iterdir() if p.suffix != ".lock"] == []
        window.lock(quitting=True)
    for text in said:
        a_sentence(text)
    full_disk(said[0])
    read_only(said[1], tmp_path / "respaldos")
    reopened_has(vault.path, case_id)


def test_passphrase_change_on_a_full_disk(
    qtbot: Any, full_disk_vault: tuple[Vault, str, Path]
) -> None:
    vault, case_id, filler = full_disk_vault
    path = vault.path
    said: list[str] = []
    log: list[Any] = []

    def new_passphrase(dialog: QWidget) -> None:
        assert isinstance(dialog, FormDialog)
        new = "otra frase larga 2027"
        dialog.set_values({"current": PASSPHRASE, "passphrase": new, "confirm": new})
        dialog.save()
        read_box(said, log)

    with no_crash_dialog():
        window = window_on(qtbot, vault)
        on_next_modal(new_passphrase, log)
        window.do_passphrase()
        qtbot.waitUntil(lambda: bool(said) or bool(log), timeout=60000)
        check(log)
        window.lock(quitting=True)
    a_sentence(said[0])
    full_disk(said[0])
    filler.unlink()
    reopened_has(path, case_id)  # the old passphrase still opens it


# -- files the person chooses: bundles, decrypted copies, calendars ------------------------
def _export_dialog(qtbot: Any, vault: Vault, dest: Path) -> ExportDialog:
    with vault.session() as s:
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None
        case_id = case.id
    dialog = ExportDialog(vault, case_id)
    qtbot.addWidget(dialog)
    dialog.dest.setText(str(dest))
    dialog.show()
    dialog.generate_passphrase()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    return dialog


@pytest.mark.parametrize("fault", ["full disk", "read-only folder"])
def test_bundle_export_to_a_place_that_cannot_take_it(
    qtbot: Any, demo_vault: Vault, tmp_path: Path, fault: str
) -> None:
    target = tmp_path / "destino"
    target.mkdir()
    with contextlib.ExitStack() as stack:
        if fault == "full disk":
            stack.enter_context(small_disk(target, "48k"))
        else:
            stack.enter_context(read_only_dir(target))
        with no_crash_dialog():
            dialog = _export_dialog(qtbot, demo_vault, target / "paquete.pdf")
            said = dialog.message.text()
            left = list(target.iterdir())
        dialog.reject()
    assert dialog.export_result is None
    a_sentence(said)
    if fault == "full disk":
        full_disk(said)
    else:
        read_only(said, target)
    assert left == []


def test_a_decrypted_copy_to_a_read_only_folder(
    qtbot: Any, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reunify.ui.workspace import documents

    case_id = a_case(vault)
    scan = tmp_path / "acta.pdf"
    scan.write_bytes(b"%PDF-1.4 acta")
    import_files(vault, case_id, [scan])
    folder = tmp_path / "solo_lectura"
    folder.mkdir()
    monkeypatch.setattr(documents, "save_file", lambda *_a: str(folder / "acta.pdf"))
    said: list[str] = []
    log: list[Any] = []
    with no_crash_dialog():
        window = window_on(qtbot, vault, case_id)
        tab = window.workspace.documents
        tab.select_row(0)

        def answer_save(box: QWidget) -> None:  # "the copy will not be encrypted"
            assert isinstance(box, QMessageBox)
            read_box(said, log, after=box)
            box.button(QMessageBox.StandardButton.Save).click()

        on_next_modal(answer_save, log)
        with read_only_dir(folder):
            tab.save_copy(tab.selected())
        check(log)
        window.lock(quitting=True)
    a_sentence(said[0])
    read_only(said[0], folder)
