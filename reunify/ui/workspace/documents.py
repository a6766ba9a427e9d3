"""Documents tab: the paper of the case, its files (by dialog or drag and drop, stored
encrypted inside the vault), apostilles, translations and an in-memory preview."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from reunify.errors import ReunifyError, ValidationError
from reunify.i18n import N_, _, ngettext
from reunify.labels import label
from reunify.models import Attachment, Document, DocumentKind
from reunify.models.enums import IssuerLevel, TranslationDirection, TranslationType
from reunify.operations import (
    add_document,
    export_attachment,
    read_attachment,
    record_apostille,
    record_translation,
    update_document,
)
from reunify.operations.documents import delete_document, document_removal
from reunify.operations.imports import ImportResult, import_files
from reunify.queries import CaseView
from reunify.ui.file_dialogs import open_files, save_file
from reunify.ui.fit import remember_splitter
from reunify.ui.forms import Field, enum_choices, long_date
from reunify.ui.tasks import BackgroundTask, os_error_message
from reunify.ui.workspace.base import Action, esc, rank
from reunify.ui.workspace.preview import MAX_PREVIEW_BYTES, PreviewPane
from reunify.ui.workspace.records import RecordTab, confirm, refuse

if TYPE_CHECKING:
    from reunify.ui.workspace.workspace import CaseWorkspace

DOCUMENT_FIELDS = (
    Field("kind", N_("Kind"), "choice", enum_choices(DocumentKind)),
    Field("title", N_("Title"), required=True),
    Field("issuer", N_("Issued by")),
    Field("issuer_level", N_("Level of the issuer (decides the apostille office)"), "choice",
          enum_choices(IssuerLevel, blank=True)),
    Field("issuer_country", N_("Country of issue"), placeholder=N_("e.g. Mexico or US")),
    Field("issuer_state", N_("State of issue"),
          placeholder=N_("e.g. Tlaxcala, CDMX, Texas or MX-TLA")),
    Field("issued_on", N_("Issued on (certified copy)"), "date"),
    Field("language", N_("Language"), placeholder=N_("e.g. Spanish, English, Mixtec")),
    Field("original_location", N_("Where the paper original is")),
    Field("notes", N_("Notes"), "multiline"),
)  # fmt: skip
APOSTILLE_FIELDS = (
    Field("authority", N_("Apostille authority"), required=True),
    Field("country", N_("Country"), placeholder=N_("e.g. Mexico or US")),
    Field("state", N_("State"), placeholder=N_("e.g. Tlaxcala, CDMX or MX-TLA")),
    Field("number", N_("Apostille number")),
    Field("issued_on", N_("Issued on"), "date"),
    Field("verification", N_("Verification link or code (e-Apostille)")),
    Field("notes", N_("Notes"), "multiline"),
)


def translation_direction(language: str | None) -> TranslationDirection:
    """The direction a translation of an original in `language` usually goes: an
    English original into Spanish, a Spanish one into English, others marked other."""
    if language == "eng":
        return TranslationDirection.EN_ES
    if language in (None, "", "spa"):
        return TranslationDirection.ES_EN
    return TranslationDirection.OTHER


class _DropFilter(QObject):
    """Files dropped on the table: onto a row attaches them to that document,
    elsewhere each becomes a new document."""

    def __init__(self, tab: DocumentsTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent)
            if event.mimeData().hasUrls():
                event.acceptProposedAction()
                return True
        if event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            index = self.tab.table.indexAt(event.position().toPoint())
            target = self.tab.model.rows()[index.row()] if index.isValid() else None
            event.acceptProposedAction()
            self.tab.import_files(paths, target.id if target is not None else None)
            return True
        return False


class DocumentsTab(RecordTab):
    rows_of = staticmethod(lambda v: v.documents)
    add_title, edit_title = N_("Add document"), N_("Edit document")
    add_op, edit_op = staticmethod(add_document), staticmethod(update_document)
    fields = DOCUMENT_FIELDS

    def __init__(self, workspace: CaseWorkspace) -> None:
        self.view: CaseView | None = None
        self.last_import: int | None = None
        super().__init__(
            workspace,
            [
                (N_("Kind"), lambda d: label(d.kind), lambda d: rank(d.kind)),
                (N_("Title"), lambda d: d.title),
                (N_("Issued"), lambda d: long_date(d.issued_on), lambda d: d.issued_on),
                (N_("Apostille"), self._apostille, self._apostille_key),
                (N_("Translation"), self._translation),
                (
                    N_("Files"),
                    lambda d: str(len(d.attachments)) if d.attachments else "",
                    lambda d: len(d.attachments),
                ),
            ],
            [
                Action(N_("Attach files…"), self.attach, name="attach"),
                Action(N_("Record apostille…"), self.apostille, name="apostille"),
                Action(N_("Pair with translation…"), self.pair, name="pair"),
                Action(N_("Start apostille checklist"), self.start_apostille, name="start_apo"),
                Action(N_("Start translation checklist"), self.start_translation, name="start_tr"),
                Action(N_("Save a copy…"), self.save_copy, name="save_copy"),
                Action(N_("Delete document…"), self.delete, name="delete", shortcut="Del"),
            ],
            detail=self._detail,
            stretch=1,
        )
        # Files and preview on the right of the table.
        self.files = QComboBox()
        self.files.currentIndexChanged.connect(self._preview_current)
        self.preview = PreviewPane()
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.files)
        box.addWidget(self.preview, 1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)  # the list gets most of a 1366 px screen
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 240])
        remember_splitter(splitter, "documents_splitter")  # per user, layout only
        layout.insertWidget(1, splitter, 3)
        self.table.setAcceptDrops(True)
        self.table.viewport().setAcceptDrops(True)
        self.table.viewport().installEventFilter(_DropFilter(self))
        workspace.events.importFiles.connect(self._import_intent)

    def rows_for(self, view: CaseView) -> Sequence[Any]:
        self.view = view
        return view.documents

    def _apostille(self, d: Document) -> str:
        if not d.apostilles:
            return ""
        a = d.apostilles[-1]
        return "✓ " + " ".join(x for x in (a.number, long_date(a.issued_on)) if x)

    @staticmethod
    def _apostille_key(d: Document) -> object:
        """Apostilled documents by the date of their apostille; the others last."""
        return (d.apostilles[-1].issued_on or date.min) if d.apostilles else None

    def _translation(self, d: Document) -> str:
        pairs = self.view.translations if self.view else []
        out = [
            "→ " + (t.translated.title if t.translated else label(t.direction))
            for t in pairs
            if t.original_id == d.id
        ]
        out += ["← " + t.original.title for t in pairs if t.translated_id == d.id]
        return "; ".join(out)

    def _detail(self, d: Document) -> str:
        facts = [
            (_("Issued by"), d.issuer),
            (_("Where the paper original is"), d.original_location),
            (_("Concerns"), ", ".join(p.full_name for p in d.persons)),
            (_("Notes"), d.notes),
        ]
        for a in d.apostilles:
            facts.append((_("Apostille"), f"{a.authority} {a.number} {long_date(a.issued_on)}"))
        return "<br>".join(f"{esc(k)}: {esc(v)}" for k, v in facts if v.strip())

    def _row_changed(self, *args: object) -> None:
        super()._row_changed(*args)
        doc = self.selected()
        self.files.blockSignals(True)
        self.files.clear()
        for att in doc.attachments if doc is not None else []:
            size = f"{att.size / 1_048_576:.1f} MB" if att.size > 1 << 20 else f"{att.size} B"
            self.files.addItem(f"{att.filename} ({size})", att.id)
        self.files.blockSignals(False)
        self._preview_current()

    def _preview_current(self) -> None:
        doc = self.selected()
        att = next(
            (a for a in (doc.attachments if doc else []) if a.id == self.files.currentData()),
            None,
        )
        if att is None or not self.workspace.vault.is_open:
            self.preview.clear()
            return
        if self.preview.key == (att.id, att.sha256):
            return  # already shown: a reload after some other change reads no file again
        data = None
        if att.size <= MAX_PREVIEW_BYTES:
            with self.workspace.vault.session() as s:
                data = read_attachment(s, s.get_one(Attachment, att.id))
        self.preview.show_data(att.filename, data, att.media_type, att.size, (att.id, att.sha256))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.preview.retranslate_ui()

    def clear(self) -> None:
        super().clear()
        self.view = None
        self.files.clear()
        self.preview.clear()

    # -- files -----------------------------------------------------------------------
    def attach(self, doc: Document) -> None:
        paths = open_files(self, _("Attach files"))
        if paths:
            self.import_files([Path(p) for p in paths], doc.id)

    def import_files(
        self, paths: list[Path], target_id: str | None = None, person_id: str | None = None
    ) -> None:
        """Encrypt files into the vault off the GUI thread (`operations.imports`): each
        file commits on its own. Without a target each file becomes a new document,
        about `person_id` when given."""
        case_id = self.workspace.case_id
        if not paths or case_id is None:
            return
        vault = self.workspace.vault

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            return import_files(
                vault,
                case_id,
                paths,
                document_id=target_id,
                person_id=person_id,
                progress=progress,
                cancelled=cancelled,
            )

        def done(ok: bool, result: object) -> None:
            self._imported(case_id, ok, result)

        BackgroundTask.run(self.window(), _("Encrypting files into the vault…"), work, done)

    def _import_intent(self, paths: list[object], target_id: str, person_id: str) -> None:
        """The `importFiles` intent (a person's photos, from the People tab)."""
        self.import_files([Path(str(p)) for p in paths], target_id or None, person_id or None)

    def _imported(self, case_id: str, ok: bool, result: object) -> None:
        self.workspace.events.caseChanged.emit(case_id)  # also what was added before an error
        if not ok:
            QMessageBox.warning(self, _("Attach files"), str(result))
            return
        assert isinstance(result, ImportResult)
        self.last_import = result.count
        message = ngettext(
            "{n} file added to the vault.", "{n} files added to the vault.", result.count
        )
        text = message.format(n=result.count)
        if result.cancelled:
            text = _("Cancelled.") + " " + text
        self.workspace.notify(text)
        if result.problems:
            QMessageBox.warning(
                self,
                _("Attach files"),
                "\n".join(message for _path, message in result.problems),
            )

    def save_copy(self, doc: Document) -> None:
        att = next((a for a in doc.attachments if a.id == self.files.currentData()), None)
        if att is None:
            return
        answer = QMessageBox.warning(
            self,
            _("Save a decrypted copy"),
            _(
                "The copy will NOT be encrypted: anyone with access to this computer or "
                "the folder can read it. Save it only where it is safe, and delete it "
                "when done. This is recorded in the case history."
            ),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Save:
            return
        dest = save_file(self, _("Save a decrypted copy"), att.filename)
        if not dest:
            return
        try:
            self.workspace.on_row(att, lambda s, a: export_attachment(s, a, dest))
        except OSError as exc:  # a read-only folder, a full disk, a file open elsewhere
            QMessageBox.warning(self, _("Save a decrypted copy"), os_error_message(exc))
        except ReunifyError as exc:
            QMessageBox.warning(self, _("Save a decrypted copy"), exc.user_message())

    # -- apostille and translation ---------------------------------------------------
    def apostille(self, doc: Document) -> None:
        initial = {"country": doc.issuer_country or "MX", "state": doc.issuer_state or ""}
        self.workspace.row_form(
            N_("Record apostille"), APOSTILLE_FIELDS, doc, record_apostille, initial, doc.title
        )

    def pair(self, doc: Document) -> None:
        fields = (
            Field("translated_id", N_("Its translation"), "choice",
                  self.workspace.document_choices(exclude=doc.id)),
            Field("direction", N_("Direction"), "choice", enum_choices(TranslationDirection)),
            Field("type", N_("Kind of translation"), "choice", enum_choices(TranslationType)),
            Field("translator_name", N_("Translator")),
            Field("translator_registry", N_("Translator's list or registry")),
            Field("includes_apostille", N_("The apostille is translated too"), "bool"),
            Field("certified_on", N_("Certified on"), "date"),
            Field("checked", N_("Names and numbers checked against the original"), "bool"),
        )  # fmt: skip

        def submit(v: dict[str, Any]) -> object:
            translated_id = v.pop("translated_id")

            def op(s: Session, original: Document) -> object:
                translated = s.get(Document, translated_id) if translated_id else None
                return record_translation(s, original, translated=translated, **v)

            return self.workspace.on_row(doc, op)

        self.workspace.form(
            N_("Pair with translation"),
            fields,
            submit,
            {"direction": translation_direction(doc.language)},
            intro=doc.title,
        )

    def _start_for(self, doc: Document, template_id: str) -> None:
        self.workspace.events.startChecklist.emit(template_id, doc.id)

    def start_apostille(self, doc: Document) -> None:
        self._start_for(doc, "apostille")

    def start_translation(self, doc: Document) -> None:
        template = "translation_to_english" if doc.language == "spa" else "translation_to_spanish"
        self._start_for(doc, template)

    # -- deleting --------------------------------------------------------------------
    def delete(self, doc: Document) -> None:
        """Entered by mistake: ask, naming what goes with it; refused with the reason
        when a completed step, a consent or an exported bundle cites it."""
        with self.workspace.vault.session() as s:
            removal = document_removal(s, s.get_one(Document, doc.id))
        title = _("Delete document")
        if not removal.allowed:
            text = _("This document cannot be deleted: {reasons}.")
            refuse(self, title, text.format(reasons="; ".join(removal.refusals)))
            return
        goes: list[str] = []
        if files := len(removal.files):
            goes.append(
                ngettext("{n} file: {names}", "{n} files: {names}", files).format(
                    n=files, names=", ".join(removal.files)
                )
            )
        if removal.apostilles:
            goes.append(
                ngettext("{n} apostille", "{n} apostilles", removal.apostilles).format(
                    n=removal.apostilles
                )
            )
        goes += [_("its pairing with “{title}”").format(title=t) for t in removal.translations]
        goes += [
            _("the checklist “{title}” started for it").format(title=t) for t in removal.checklists
        ]
        text = _("Delete “{title}” from the case?").format(title=doc.title)
        if goes:
            text += "\n\n" + _("With it go:") + "\n" + "\n".join("• " + g for g in goes)
        text += "\n\n" + _("This cannot be undone. The case history records the deletion.")
        if not confirm(self, title, text, _("Delete")):
            return
        try:
            self.workspace.on_row(doc, delete_document)
        except ValidationError as exc:
            refuse(self, title, exc.user_message())
            return
        self.workspace.notify(_("Document deleted."))
