"""Choosing files, in the person's language: the one place the app opens a file dialog.

Where the platform has a native dialog (Windows, macOS) it is used and speaks the
system's language. Qt's own dialog (Linux) takes its labels from qtbase_es, which
leaves "&Look in:" and "Files of &type:" in English and says Spain's "fichero"; here
they are set through our catalog instead (`setLabelText` and the dialog's named
actions), in Mexican Spanish.

(A Python QTranslator subclass did this first and crashed the app: with Python 3.11,
PySide6 drops a reference to None on every call of a Python translate(), and after a
few thousand Qt strings the interpreter aborts with "none_dealloc".)
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from reunify.i18n import N_, _

LABELS = (
    (QFileDialog.DialogLabel.LookIn, N_("&Look in:")),
    (QFileDialog.DialogLabel.FileName, N_("File &name:")),
    (QFileDialog.DialogLabel.FileType, N_("Files of &type:")),
)
ACTIONS = {  # Qt's object names of the dialog's context-menu actions
    "qt_show_hidden_action": N_("Show &hidden files"),
    "qt_delete_action": N_("&Delete"),
    "qt_rename_action": N_("&Rename"),
    "qt_new_folder_action": N_("&New Folder"),
}


def file_dialog(
    parent: QWidget | None,
    title: str,
    start: str = "",
    filters: str = "",
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    save: bool = False,
) -> QFileDialog:
    """A file dialog with our words on it; `filters` defaults to "All files (*)"."""
    dialog = QFileDialog(parent, title, start, filters or _("All files (*)"))
    dialog.setFileMode(mode)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    for which, text in LABELS:
        dialog.setLabelText(which, _(text))
    for action in dialog.findChildren(QAction):
        if action.objectName() in ACTIONS:
            action.setText(_(ACTIONS[action.objectName()]))
    return dialog


def _chosen(dialog: QFileDialog) -> list[str]:
    try:
        return dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def open_file(parent: QWidget | None, title: str, start: str = "", filters: str = "") -> str:
    """One existing file, or "" when cancelled."""
    return next(iter(_chosen(file_dialog(parent, title, start, filters))), "")


def open_files(parent: QWidget | None, title: str, start: str = "", filters: str = "") -> list[str]:
    mode = QFileDialog.FileMode.ExistingFiles
    return _chosen(file_dialog(parent, title, start, filters, mode))


def save_file(parent: QWidget | None, title: str, start: str = "", filters: str = "") -> str:
    """Where to write; the platform's dialog asks before replacing a file."""
    mode = QFileDialog.FileMode.AnyFile
    return next(iter(_chosen(file_dialog(parent, title, start, filters, mode, save=True))), "")
