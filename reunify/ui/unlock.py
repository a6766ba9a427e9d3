"""The first screen: language, which vault, passphrase; or a new vault; or the demo.

Repeated wrong passphrases make the next attempt wait longer (1, 2, 4 … 30 s),
and a likely Caps Lock is pointed out, since a passphrase is typed blind.

Unlocking derives the key (scrypt, ~0.25 s), may back up and migrate the vault,
and the demo may first have to be built (seconds): all of it runs as a
BackgroundTask behind a busy bar on this screen, which stays responsive. The
Vault is created on the worker thread and used on the GUI thread afterwards;
the engine's connections allow that (check_same_thread=False, and a pooled
connection is only ever checked out by one thread at a time).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reunify import i18n, strength
from reunify.errors import ReunifyError
from reunify.i18n import _
from reunify.paths import VAULT_SUFFIX, data_dir
from reunify.ui.about import show_about
from reunify.ui.file_dialogs import open_file, save_file
from reunify.ui.language import Retranslating, settings, switcher
from reunify.ui.tasks import BackgroundTask, TaskFailure
from reunify.vault import Vault
from reunify.vault.kdf import MIN_PASSPHRASE_LENGTH, check_new_passphrase

log = logging.getLogger(__name__)

FREE_ATTEMPTS = 2
MAX_DELAY_S = 30


def retry_delay(failures: int) -> int:
    """Seconds to wait before the next attempt: none at first, then doubling to a cap."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return int(min(2 ** (failures - FREE_ATTEMPTS - 1), MAX_DELAY_S))


def strength_text(passphrase: str) -> str:
    """A hint while the vault passphrase is typed: zxcvbn's estimate (reunify.strength),
    so repeats, keyboard runs and common passwords are called what they are."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return _(
            "Too short: use at least {minimum} characters, better a sentence only you know."
        ).format(minimum=MIN_PASSPHRASE_LENGTH)
    found = strength.estimate(passphrase)
    if found.common:
        return _("Weak: it is one of the passwords people use most. Use a sentence only you know.")
    if found.score <= 1:
        return _("Weak: easy to guess (repeated letters, a keyboard row, a year). Add words.")
    if found.score == 2:
        return _("Fair: one or two more uncommon words make it strong.")
    if found.score == 3:
        return _("Good: one more uncommon word makes it strong.")
    return _("Strong.")


class _CapsLockWatch(QObject):
    """Upper-case letters without Shift (or lower-case with it) suggest Caps Lock."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self.label = label

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if text.isalpha():
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.label.setVisible(text.isupper() != shift)
        return False


def _busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setVisible(False)
    return bar


class UnlockDialog(Retranslating, QDialog):
    """Choose a language, give the passphrase, get an open Vault (or a clear message)."""

    attempt_finished = Signal(bool)  # after every unlock attempt: opened or not

    def __init__(self, path: Path, passphrase_hint: str = "") -> None:
        super().__init__()
        self.path = path
        self.vault: Vault | None = None
        self.failures = 0
        self.task: BackgroundTask | None = None
        self.language = QComboBox()
        for code in i18n.available_languages():
            self.language.addItem(i18n.language_name(code), code)
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.path_label = QLabel(str(path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._choose_vault)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self._new_vault)
        self.demo_button = QPushButton()
        self.demo_button.clicked.connect(self.open_demo)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_label, 1)
        path_row.addWidget(self.choose_button)
        path_row.addWidget(self.new_button)
        self.passphrase = QLineEdit(passphrase_hint)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.caps = QLabel()
        self.caps.setVisible(False)
        self.passphrase.installEventFilter(_CapsLockWatch(self.caps))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.language_label, self.vault_label, self.passphrase_label = QLabel(), QLabel(), QLabel()
        self.passphrase_label.setBuddy(self.passphrase)
        self.form = QFormLayout()
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.vault_label, path_row)
        self.form.addRow(self.passphrase_label, self.passphrase)
        self.form.addRow("", self.caps)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.busy = _busy_bar()
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.unlock_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)
        self.about_button = QPushButton()  # versions and the log folder, before unlocking
        self.about_button.setFlat(True)
        self.about_button.clicked.connect(lambda: show_about(self))
        layout.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(620)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(lambda: self.unlock_button.setEnabled(True))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Unlock vault"))
        self.language_label.setText(_("Language"))
        self.vault_label.setText(_("Vault"))
        self.passphrase_label.setText(_("&Passphrase"))
        self.unlock_button.setText(_("Unlock"))
        self.choose_button.setText(_("Choose…"))
        self.new_button.setText(_("New vault…"))
        self.demo_button.setText(_("Open the demo vault (invented cases, to try things out)"))
        self.caps.setText(_("Caps Lock seems to be on."))
        self.about_button.setText(_("About reunify"))
        self.busy.setAccessibleName(_("Unlocking…"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.language.setAccessibleName(_("Language"))

    def _language_changed(self) -> None:
        switcher.apply(self.language.currentData())

    def _choose_vault(self) -> None:
        path = open_file(
            self, _("Open vault"), str(self.path.parent), f"reunify (*{VAULT_SUFFIX});;* (*)"
        )
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.path_label.setText(str(path))
        self.error.clear()
        self.failures = 0

    def _new_vault(self) -> None:
        if self.task is not None:
            return
        dialog = CreateVaultDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.vault is not None:
            self.vault = dialog.vault
            self.path = dialog.vault.path
            settings().setValue("last_vault", str(self.path))
            self.accept()

    def open_demo(self) -> None:
        """First use: a vault of invented families, created on demand, opened at once."""
        from reunify.demo import DEMO_PASSPHRASE, ensure_demo_vault

        def work(_progress: object, _cancelled: object) -> tuple[Path, Vault]:
            path = ensure_demo_vault()
            return path, Vault.open(path, DEMO_PASSPHRASE)

        if self.unlock_button.isEnabled() and self.task is None:
            self.passphrase.setText(DEMO_PASSPHRASE)
            self._start(work)

    def show_message(self, message: str) -> None:
        self.error.setText(message)

    def try_unlock(self) -> None:
        """Start an attempt; `attempt_finished` says how it ended."""
        if not self.unlock_button.isEnabled() or self.task is not None:
            return
        path, passphrase = self.path, self.passphrase.text()
        self._start(lambda _p, _c: (path, Vault.open(path, passphrase)))

    def _start(self, work: Callable[[Any, Any], tuple[Path, Vault]]) -> None:
        self.error.clear()
        self._set_busy(True)
        self.task = BackgroundTask.run(self, "", work, self._unlock_done, bar=self.busy)

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self.passphrase,
            self.unlock_button,
            self.demo_button,
            self.choose_button,
            self.new_button,
        ):
            widget.setEnabled(not busy)

    def _unlock_done(self, ok: bool, result: object) -> None:
        self.task = None
        self._set_busy(False)
        if not ok:
            self._refused(result)
            return
        assert isinstance(result, tuple)
        path, vault = result
        self.vault = vault
        self.path = path
        self.path_label.setText(str(path))
        self.failures = 0
        self.error.clear()
        self.passphrase.clear()
        settings().setValue("last_vault", str(self.path))
        self.attempt_finished.emit(True)
        self.accept()

    def _refused(self, failure: object) -> None:
        self.failures += 1
        kind = failure.kind if isinstance(failure, TaskFailure) else "?"
        log.info("unlock refused: %s (attempt %d)", kind, self.failures)
        message = str(failure)
        delay = retry_delay(self.failures)
        if delay:
            message += " " + i18n.ngettext(
                "Try again in {n} second.", "Try again in {n} seconds.", delay
            ).format(n=delay)
            self.unlock_button.setEnabled(False)
            self._retry.start(delay * 1000)
        self.error.setText(message)
        self.passphrase.setFocus()
        self.passphrase.selectAll()
        self.attempt_finished.emit(False)

    def reject(self) -> None:
        if self.task is not None:
            return  # the key is being derived (or the vault migrated): it ends in a moment
        super().reject()


class CreateVaultDialog(Retranslating, QDialog):
    """A new, empty vault: where, who works in it, and its passphrase (twice)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.task: BackgroundTask | None = None
        self.path = QLineEdit(str(data_dir() / (_("office") + VAULT_SUFFIX)))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.operator = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.textChanged.connect(self._strength)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.create_button = QPushButton()
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_vault)
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        form.addRow(self.labels[0], row)
        form.addRow(self.labels[1], self.operator)
        form.addRow(self.labels[2], self.passphrase)
        form.addRow("", self.strength)
        form.addRow(self.labels[3], self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.busy = _busy_bar()
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.create_button)
        self.setMinimumWidth(620)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New vault"))
        for label, text in zip(
            self.labels,
            (_("File"), _("Your name (for the history)"), _("Passphrase"), _("Repeat it")),
            strict=True,
        ):
            label.setText(text)
        self.browse.setText(_("Choose…"))
        self.create_button.setText(_("Create vault"))
        self.busy.setAccessibleName(_("Creating the vault…"))
        self._strength()

    def _strength(self) -> None:
        self.strength.setText(
            strength_text(self.passphrase.text()) if self.passphrase.text() else ""
        )

    def _choose(self) -> None:
        path = save_file(self, _("New vault"), self.path.text(), f"reunify (*{VAULT_SUFFIX})")
        if path:
            self.path.setText(path if path.endswith(VAULT_SUFFIX) else path + VAULT_SUFFIX)

    def create_vault(self) -> None:
        """Start creating (scrypt and the schema, off the GUI thread); `finished` or an error."""
        if self.task is not None:
            return
        try:
            check_new_passphrase(self.passphrase.text(), self.confirm.text())
        except ReunifyError as exc:
            self.error.setText(exc.user_message())
            return
        path = Path(self.path.text()).expanduser()
        passphrase, operator = self.passphrase.text(), self.operator.text().strip()
        self.error.clear()
        self.create_button.setEnabled(False)
        self.task = BackgroundTask.run(
            self,
            "",
            lambda _p, _c: Vault.create(path, passphrase, operator=operator),
            self._created,
            bar=self.busy,
        )

    def _created(self, ok: bool, result: object) -> None:
        self.task = None
        self.create_button.setEnabled(True)
        if not ok:
            self.error.setText(str(result))
            return
        assert isinstance(result, Vault)
        self.vault = result
        self.passphrase.clear()
        self.confirm.clear()
        self.accept()

    def reject(self) -> None:
        if self.task is not None:
            return  # the new vault is being written: it ends in a moment
        super().reject()
