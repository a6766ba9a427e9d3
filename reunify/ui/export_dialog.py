"""Export dialog: recipient (through its consent), language, redaction, passphrase.

The export runs as a BackgroundTask with the dialog's own progress bar, so the
window stays responsive while large evidence files are encrypted into the
bundle, and an unexpected error ends in a message (and the crash dialog), never
in a dialog that cannot be closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont, QFontDatabase, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
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

from reunify import i18n
from reunify.bundle import share_passphrase
from reunify.bundle.export import ExportResult, export_bundle
from reunify.errors import WeakPassphrase
from reunify.i18n import _
from reunify.models import Case, Consent
from reunify.operations.consents import valid_consents
from reunify.ui.file_dialogs import save_file
from reunify.ui.language import Retranslating
from reunify.ui.tasks import BackgroundTask, Work, os_error_message
from reunify.vault import Vault


@dataclass(frozen=True)
class _Refused:
    """The export did not start: a reason shown under the passphrase field or the file."""

    message: str
    under_passphrase: bool


def export_work(
    vault: Vault, case_id: str, consent_id: str, dest: Path, options: dict[str, Any]
) -> Work:
    """The export as a BackgroundTask's work: a session of its own on the worker thread."""

    def work(progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
        try:
            with vault.session() as s:
                case = s.get(Case, case_id)
                consent = s.get(Consent, consent_id)
                assert case is not None
                return export_bundle(
                    s,
                    case,
                    dest,
                    consent=consent,
                    progress=progress,
                    is_vault_passphrase=vault.verify_passphrase,
                    **options,
                )
        except WeakPassphrase as exc:
            return _Refused(exc.user_message(), under_passphrase=True)
        except OSError as exc:  # full disk, read-only folder, file in use: said as such
            return _Refused(os_error_message(exc), under_passphrase=False)

    return work


class ExportDialog(Retranslating, QDialog):
    def __init__(self, vault: Vault, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.case_id = vault, case_id
        self.export_result: ExportResult | None = None
        self.task: BackgroundTask | None = None
        with vault.session() as s:
            case = s.get(Case, case_id)
            assert case is not None
            self.reference = case.reference
            self._case_words = share_passphrase.case_user_inputs(case)
            self.consents = [
                (c.id, c.recipient, c.purpose, c.expires_on) for c in valid_consents(s, case)
            ]
        self.consent = QComboBox()
        # Long recipient names must not squeeze the labels beside them.
        self.consent.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.consent.setMinimumContentsLength(30)
        for cid, recipient, purpose, until in self.consents:
            until_text = i18n.format_date(until, "medium") if until else "—"
            self.consent.addItem(f"{recipient} — {purpose} ({until_text})", cid)
        self.no_consent = QLabel()
        self.no_consent.setWordWrap(True)
        self.language = QComboBox()
        for code in sorted(i18n.available_languages(), key=lambda c: (c != "en", c)):
            self.language.addItem(i18n.language_name(code), code)  # English first: US counsel
        self.include_confidential = QCheckBox()
        self.include_adverse = QCheckBox()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        # A generated phrase is read aloud and copied by hand: a fixed-width font
        # keeps "rn" from looking like "m" and shows each single space.
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), self.font().pointSizeF()))
        self.passphrase.setFont(mono)
        self.passphrase.textEdited.connect(self._typed)
        self.passphrase.textChanged.connect(self._update_strength)
        self.generate_button = QPushButton()
        self.generate_button.setAutoDefault(False)
        self.generate_button.clicked.connect(self.generate_passphrase)
        self.show_passphrase = QCheckBox()
        self.show_passphrase.toggled.connect(self._show_toggled)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase, 1)
        passphrase_row.addWidget(self.generate_button)
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.passphrase_problem = QLabel()
        self.passphrase_problem.setWordWrap(True)
        self.passphrase_problem.setStyleSheet("color: #b00020;")  # red on light themes
        self.passphrase_problem.setVisible(False)
        self.channel_reminder = QLabel()
        self.channel_reminder.setWordWrap(True)
        small = QFont(self.font())
        small.setItalic(True)
        self.channel_reminder.setFont(small)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setFont(mono)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm, 1)
        confirm_row.addWidget(self.show_passphrase)
        # The lines under each field sit in the field's own column, and take no room
        # while hidden (an empty row of the form would keep its spacing).
        passphrase_box = QVBoxLayout()
        passphrase_box.setSpacing(4)
        passphrase_box.addLayout(passphrase_row)
        passphrase_box.addWidget(self.strength)
        passphrase_box.addWidget(self.passphrase_problem)
        confirm_box = QVBoxLayout()
        confirm_box.setSpacing(4)
        confirm_box.addLayout(confirm_row)
        confirm_box.addWidget(self.channel_reminder)
        self.unencrypted = QCheckBox()
        self.unencrypted.toggled.connect(self._update)
        self.dest = QLineEdit(str(Path.home() / f"{self.reference}-bundle.pdf"))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose_file)
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.dest, 1)
        dest_row.addWidget(self.browse)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.hash_field = QLineEdit()
        self.hash_field.setReadOnly(True)
        self.hash_field.setVisible(False)
        self.export_button = QPushButton()
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        self.labels = {
            k: QLabel() for k in ("consent", "language", "passphrase", "confirm", "dest")
        }
        form = QFormLayout()
        form.addRow(self.labels["consent"], self.consent)
        form.addRow("", self.no_consent)
        form.addRow(self.labels["language"], self.language)
        form.addRow("", self.include_confidential)
        form.addRow("", self.include_adverse)
        form.addRow(self.labels["passphrase"], passphrase_box)
        form.addRow(self.labels["confirm"], confirm_box)
        form.addRow("", self.unencrypted)
        form.addRow(self.labels["dest"], dest_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.hash_field)
        layout.addLayout(buttons)
        self.setTabOrder(self.passphrase, self.generate_button)
        self.setTabOrder(self.generate_button, self.confirm)
        self.setTabOrder(self.confirm, self.show_passphrase)
        self.consent.currentIndexChanged.connect(lambda _i: self._update_strength())
        self.setMinimumWidth(720)
        self.retranslate_ui()
        self._update()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Export case bundle — {reference}").format(reference=self.reference))
        self.labels["consent"].setText(_("&Recipient (consent)"))
        self.labels["consent"].setBuddy(self.consent)
        self.labels["language"].setText(_("Language of the bundle"))
        self.labels["passphrase"].setText(_("Share &passphrase"))
        self.labels["passphrase"].setBuddy(self.passphrase)
        self.generate_button.setText(_("&Generate"))
        self.generate_button.setToolTip(
            _("Fill in six random words in the language of the bundle, easy to read aloud")
        )
        self.show_passphrase.setText(_("Sho&w"))
        self.channel_reminder.setText(
            _(
                "Send the passphrase by a different channel than the bundle: read it to the "
                "recipient over the phone, for example. Never put it in the same e-mail or "
                "message as the file."
            )
        )
        self._update_strength()
        self.labels["confirm"].setText(_("Repeat it"))
        self.labels["dest"].setText(_("Save &as"))  # Alt+C in Spanish ("Guardar &como")
        self.labels["dest"].setBuddy(self.dest)
        self.no_consent.setText(
            _("This case has no valid consent. Record the client's written consent first.")
            if not self.consents
            else ""
        )
        self.no_consent.setVisible(not self.consents)
        self.include_confidential.setText(_("Include confidential addresses and people"))
        self.include_adverse.setText(_("Include the adverse party's details"))
        self.unencrypted.setText(_("Export without encryption (anyone with the file can read it)"))
        self.browse.setText(_("Choose…"))
        self.export_button.setText(_("Export"))
        self.close_button.setText(_("Close"))
        self.passphrase.setAccessibleName(_("Share passphrase"))
        self.confirm.setAccessibleName(_("Repeat it"))
        self.hash_field.setAccessibleName(_("Manifest SHA-256"))

    def _update(self) -> None:
        plain = self.unencrypted.isChecked()
        self.passphrase.setEnabled(not plain)
        self.confirm.setEnabled(not plain)
        self.generate_button.setEnabled(not plain)
        self.show_passphrase.setEnabled(not plain)
        self.export_button.setEnabled(bool(self.consents) and self.task is None)

    def _choose_file(self) -> None:
        path = save_file(self, _("Save as"), self.dest.text(), "PDF (*.pdf)")
        if path:
            self.dest.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _words_of_case(self) -> list[str]:
        recipient = next(
            (r for cid, r, *_rest in self.consents if cid == self.consent.currentData()), ""
        )
        return [*self._case_words, recipient]

    def generate_passphrase(self) -> None:
        """Six random words in the bundle's language (its reader types them), shown in clear."""
        phrase = share_passphrase.generate(
            share_passphrase.words_language(self.language.currentData())
        )
        self.passphrase.setText(phrase)
        self.confirm.setText(phrase)
        self.show_passphrase.setChecked(True)
        self._show_passphrase_problem("")
        self.passphrase.setFocus()
        self.passphrase.setCursorPosition(0)  # the start in view, nothing selected

    def _typed(self, _text: str) -> None:
        self._show_passphrase_problem("")

    def _show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _update_strength(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.strength.setText(share_passphrase.rate("").hint)
            self._fit_height()
            return
        rating = share_passphrase.rate(text, self._words_of_case())
        self.strength.setText(
            _("Strength: {label}. {hint}").format(label=rating.label, hint=rating.hint)
        )
        self._fit_height()

    def _show_passphrase_problem(self, message: str) -> None:
        # The refusal takes the place of the strength line, which would repeat its reason.
        self.passphrase_problem.setText(message)
        self.passphrase_problem.setVisible(bool(message))
        self.strength.setVisible(not message)
        if message:
            self.passphrase.setFocus()
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to show every wrapped line: a top-level dialog's minimum size does not
        follow its labels' height-for-width, so wrapped messages would be clipped."""
        layout = self.layout()
        if layout is None:
            return
        needed = max(layout.totalMinimumSize().height(), layout.totalHeightForWidth(self.width()))
        self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _passphrase_problem(self) -> str:
        """The quick checks, before any work starts; the export repeats them and also
        refuses the vault's own passphrase (that check derives a key, so it runs there)."""
        rating = share_passphrase.rate(self.passphrase.text(), self._words_of_case())
        if not rating.acceptable:
            return rating.hint
        if self.passphrase.text() != self.confirm.text():
            return _("The two passphrases do not match.")
        return ""

    def _problem(self) -> str:
        dest = Path(self.dest.text()).expanduser()
        if not self.dest.text().strip() or dest.is_dir():
            return _("Choose the file to save.")
        if dest.exists():
            return _(
                "{path} already exists. Choose another name so nothing is overwritten."
            ).format(path=dest)
        return ""

    def start_export(self) -> None:
        passphrase_problem = "" if self.unencrypted.isChecked() else self._passphrase_problem()
        self._show_passphrase_problem(passphrase_problem)
        if passphrase_problem:
            self.message.setText("")
            return
        problem = self._problem()
        if problem:
            self.message.setText(problem)
            return
        options: dict[str, object] = {
            "language": self.language.currentData(),
            "share_passphrase": None if self.unencrypted.isChecked() else self.passphrase.text(),
            "allow_unencrypted": self.unencrypted.isChecked(),
            "include_confidential": self.include_confidential.isChecked(),
            "include_adverse": self.include_adverse.isChecked(),
        }
        # The phrase stays on screen until the dialog closes: the attorney reads it to
        # the recipient (by phone, not with the file) after the export.
        self.message.setText(_("Exporting…"))
        self.task = BackgroundTask.run(
            self,
            _("Exporting…"),
            export_work(
                self.vault,
                self.case_id,
                self.consent.currentData(),
                Path(self.dest.text()).expanduser(),
                options,
            ),
            self._finished,
            bar=self.progress,
        )
        self._update()

    def _finished(self, ok: bool, result: object) -> None:
        self.task = None
        self._update()
        if isinstance(result, _Refused):
            if result.under_passphrase:
                self.message.setText("")
                self._show_passphrase_problem(result.message)
            else:
                self.message.setText(result.message)
            return
        if not ok:  # a TaskFailure: the user's message (a bug also has its crash dialog)
            self.message.setText(str(result))
            return
        assert isinstance(result, ExportResult)
        self.export_result = result
        self.message.setText(
            _(
                "Bundle saved to {path}. Send the passphrase and this manifest hash to the "
                "recipient by another channel (not with the file):"
            ).format(path=result.path)
        )
        self.hash_field.setText(result.manifest_sha256)
        self.hash_field.setVisible(True)
        self.passphrase.setReadOnly(True)
        self.confirm.setReadOnly(True)

    def wait_for_export(self) -> None:
        """Locking waits for a running export: a bundle is never left half-written."""
        if self.task is not None:
            self.task.wait()
            self.task = None

    def done(self, result: int) -> None:
        """Closing forgets the share passphrase (as far as Qt's own copies allow)."""
        self.passphrase.clear()
        self.confirm.clear()
        super().done(result)

    def reject(self) -> None:
        if self.task is not None:
            return  # never abandon a half-written bundle; the export finishes first
        super().reject()
