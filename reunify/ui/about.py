"""Help → About: which reunify this is, what it runs on, and where it keeps its files.

What support asks first ("which version? which Windows? where are the logs?")
in one place, with a button that copies it all as plain text. Nothing here is
case data; the folder paths do show the computer's user name, which is why
they are shown to her and copied only when she chooses to.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable

import PySide6
from PySide6.QtCore import QSysInfo, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reunify import __version__
from reunify.i18n import N_, _
from reunify.paths import APP_NAME
from reunify.ui.language import Retranslating
from reunify.vault.engine import library_versions


def operating_system() -> str:
    """Qt's product name ("Windows 11 Version 23H2", "Debian GNU/Linux 12") is what a
    person recognises; the kernel release and machine tell support the rest."""
    pretty = QSysInfo.prettyProductName()
    return f"{pretty} ({platform.system()} {platform.release()}, {platform.machine()})"


def versions() -> list[tuple[str, str]]:
    """(label, value) for reunify and everything it runs on; the labels are msgids,
    except the proper names, which no language translates."""
    cipher, sqlite = library_versions()
    python = f"{platform.python_version()} ({platform.python_implementation()})"
    if getattr(sys, "frozen", False):
        python += ", " + "frozen build"
    return [
        (N_("Version"), __version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLCipher", cipher),
        ("SQLite", sqlite),
        ("Python", python),
        (N_("Operating system"), operating_system()),
    ]


def folders() -> list[tuple[str, str]]:
    """(label msgid, path): where the vaults, the preferences and the logs are."""
    from reunify.paths import data_dir, log_dir, settings_file

    def safe(fn: Callable[[], object]) -> str:
        try:
            return str(fn())
        except OSError as exc:
            return f"? ({exc.strerror or type(exc).__name__})"

    return [
        (N_("Data folder"), safe(data_dir)),
        (N_("Preferences file"), safe(settings_file)),
        (N_("Log folder"), safe(log_dir)),
    ]


def about_text() -> str:
    """Everything the dialog shows, as plain text for the clipboard."""
    lines = [f"{APP_NAME} {__version__}"]
    lines += [f"{_(label)}: {value}" for label, value in versions()]
    lines += [f"{_(label)}: {value}" for label, value in folders()]
    return "\n".join(lines) + "\n"


class AboutDialog(Retranslating, QDialog):
    """Versions and folders, each value selectable; Copy puts them all on the clipboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.blurb = QLabel()
        self.blurb.setWordWrap(True)
        self.form = QFormLayout()
        self._rows: list[tuple[QLabel, str, QLabel]] = []
        for label, value in [*versions(), *folders()]:
            name, shown = QLabel(), QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            shown.setObjectName(f"value_{label}")
            self.form.addRow(name, shown)
            self._rows.append((name, label, shown))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.logs_button = QPushButton()
        self.logs_button.clicked.connect(self.open_log_folder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.logs_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.copied = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.blurb)
        layout.addLayout(self.form)
        layout.addWidget(self.copied)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("About reunify"))
        self.title.setText(f"<h2>{APP_NAME} {__version__}</h2>")
        self.blurb.setText(
            _(
                "Encrypted casework for cross-border family reunification. Everything stays "
                "on this computer. The log folder holds events and error reports only, never "
                "case data: you can send it to whoever helps you."
            )
        )
        for name, label, _shown in self._rows:
            name.setText(_(label) + ":")
        self.copy_button.setText(_("&Copy"))
        self.logs_button.setText(_("Open &log folder"))
        self.copied.clear()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(about_text())
        self.copied.setText(_("Copied."))

    def open_log_folder(self) -> None:
        from reunify.paths import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))


def show_about(parent: QWidget | None = None) -> AboutDialog:
    """Open the About dialog without blocking (it closes itself and is deleted)."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
