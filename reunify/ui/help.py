"""F1: a help window with topics and the keyboard shortcuts of this very window.

It was a three-paragraph message box. Now each topic answers a question the attorney
has in the field; the shortcut list is read from the window's actions, so it cannot
go stale. Nothing here opens a link or the network (QTextBrowser with external links
off and no search paths).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reunify.i18n import N_, _
from reunify.ui.language import Retranslating

TOPICS: tuple[tuple[str, str], ...] = (
    (
        N_("Start here"),
        N_(
            "<p>Every case lives in one encrypted vault on this computer. reunify never "
            "connects to the network. A case leaves the laptop only when you export a "
            "bundle for US counsel, and only with a recorded consent that covers it.</p>"
            "<p>On the left is the list of cases (type in the search box to filter by "
            "name, CURP, reference, file, apostille or passport number). On the right, the "
            "dashboard shows what is overdue or due within two weeks; choose a case to "
            "open it.</p>"
        ),
    ),
    (
        N_("A new case"),
        N_(
            "<p><b>Ctrl+N</b> opens the new-case form: the kind of case, the mother and "
            "the child in one form. Choosing the kind of case ticks the legal tracks and "
            "checklists such a case usually needs; untick what does not apply. Leave the "
            "family name empty and it is made from the mother's surnames.</p>"
            "<p>Save any form with <b>Ctrl+Enter</b>; <b>Esc</b> cancels and asks before "
            "throwing away what you typed.</p>"
        ),
    ),
    (
        N_("People and relationships"),
        N_(
            "<p>In the People tab, add each person once with their role in this case. "
            "Languages may be typed in Spanish or English (español, náhuatl, mam) and "
            "states by name or abbreviation (Tlaxcala, CDMX). Write US phone numbers with "
            "+1 when nothing else says the person is in the US.</p>"
            "<p>Relationships can be entered from either side: on the child's record "
            "choose “daughter or son of”; on the mother's, “mother of”.</p>"
        ),
    ),
    (
        N_("Checklists and deadlines"),
        N_(
            "<p>A checklist copies the steps of a legal procedure into the case. Due dates "
            "are counted in the court's business days, with its calendar of holidays and "
            "vacations (Edit → Court calendars). A step that waits for another step, a "
            "document or an approved safety plan says so.</p>"
            "<p>When you mark a step done on an earlier day, say why: the reason is kept "
            "in the case history.</p>"
        ),
    ),
    (
        N_("Documents, apostilles and translations"),
        N_(
            "<p>Drag files onto the Documents tab, or use “Attach files…”. They are "
            "encrypted into the vault; the original file on disk is not touched and can "
            "be deleted. Record the apostille and pair each document with its certified "
            "translation.</p>"
            "<p>“Save a copy…” writes a decrypted file: anyone with access to that folder "
            "can read it. Use it only where it is safe.</p>"
        ),
    ),
    (
        N_("The bundle for US counsel"),
        N_(
            "<p><b>Ctrl+E</b> exports the open case as one encrypted PDF with the evidence "
            "inside. Only what the chosen consent covers goes in. Read the share "
            "passphrase to counsel by phone, never in the same e-mail as the bundle. "
            "Counsel can check that nothing was changed with the page that explains "
            "how.</p>"
        ),
    ),
    (
        N_("Safety and locking"),
        N_(
            "<p><b>Ctrl+L</b> locks at once, even with a form open: the case leaves the "
            "screen and the unlock screen says how many unsaved forms were closed. The "
            "vault also locks after the idle minutes set in Settings and when the "
            "computer sleeps.</p>"
            "<p>Mark confidential addresses as such and keep the safety level of each case "
            "current. Steps that reveal where a child or mother is wait for an approved "
            "safety plan.</p>"
        ),
    ),
    (
        N_("Backups and the passphrase"),
        N_(
            "<p><b>Ctrl+B</b> makes an encrypted backup now; keep one copy away from the "
            "laptop (an encrypted USB stick kept elsewhere). A backup opens with the "
            "passphrase the vault had when it was made.</p>"
            "<p>Nobody can recover a forgotten passphrase, not even the developers: write "
            "it down and keep it where only you can find it.</p>"
        ),
    ),
)


# Keys that mean the same in every tab and form; each tab's own action behind Ins, F2
# or Del differs ("Agregar nota", "Eliminar documento"), so they are said in general.
GENERAL_KEYS: tuple[tuple[str, str], ...] = (
    ("Alt+1…9", N_("Go to that tab of the case, into its list")),
    ("Ctrl+PgDown", N_("Next tab of the case (Ctrl+PgUp: the previous one)")),
    ("Ins", N_("Add, in the tab that is open")),
    ("F2", N_("Edit the selected row")),
    ("Del", N_("Delete the selected row (it asks first)")),
    ("Return", N_("The selected row's main action")),
    ("Menu", N_("Every action of the selected row")),
    ("Ctrl+Return", N_("Save the form")),
    ("Esc", N_("Close the form (it asks before throwing away what you typed)")),
)


def shortcut_rows(root: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do): the window's own actions, read from the window so the list
    cannot go stale, then the keys every tab and form share."""
    rows: dict[str, str] = {}
    for action in root.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut:
            continue  # a tab's action: said once in general below
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text and keys not in rows:
            rows[keys] = text
    own = sorted(rows.items(), key=lambda kv: (len(kv[0]), kv[0]))
    native = QKeySequence.SequenceFormat.NativeText
    shared = [
        (keys if "…" in keys else QKeySequence(keys).toString(native), _(text))
        for keys, text in GENERAL_KEYS
    ]
    return own + [row for row in shared if row[0] not in rows]


class HelpDialog(Retranslating, QDialog):
    """Topics on the left, the chosen one on the right; the last topic is the keys."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("help")
        self.source = window
        self.topics = QListWidget()
        self.topics.setObjectName("help_topics")
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.topics.currentRowChanged.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.topics.setWordWrap(True)  # "Documentos, apostillas y traducciones" whole
        self.topics.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QHBoxLayout()
        row.addWidget(self.topics, 2)
        row.addWidget(self.text, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.retranslate_ui()
        self.topics.setCurrentRow(0)
        self.topics.setFocus(Qt.FocusReason.OtherFocusReason)
        screen = window.screen().availableGeometry() if window.screen() else None
        width, height = 860, 560
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 80)
        self.resize(width, height)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Help"))
        current = max(self.topics.currentRow(), 0)
        self.topics.blockSignals(True)
        self.topics.clear()
        self.topics.addItems([_(title) for title, _body in TOPICS] + [_("Keyboard")])
        self.topics.blockSignals(False)
        self.topics.setCurrentRow(current)
        self._show(current)

    def _show(self, row: int) -> None:
        if 0 <= row < len(TOPICS):
            title, body = TOPICS[row]
            self.text.setHtml(f"<h3>{html.escape(_(title))}</h3>{_(body)}")
        elif row == len(TOPICS):
            cells = "".join(
                f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(text)}</td></tr>"
                for keys, text in shortcut_rows(self.source)
            )
            title, tab = _("Keyboard"), _("Tab moves between fields and out of tables.")
            self.text.setHtml(
                f"<h3>{html.escape(title)}</h3><p>{html.escape(tab)}</p>"
                f"<table cellpadding='4'>{cells}</table>"
            )
