"""Forms built from field lists: every add/edit dialog of the workspace is one of these.

Why one class: validation shown inline under the field it concerns (from the
operation's own `ValidationError.field`, so the rules live in one place), a
dialog that stays open with everything typed when saving fails, and a question
before pending edits are thrown away.

Keyboard-first: the first field has the focus, Ctrl+Enter saves from any field,
Esc cancels, and Save shows every field's problem at once (the first one gets the
focus) before the operation is even called. Sized to its fields and the screen:
no horizontal scrollbar, the fields scroll vertically when the screen is short.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reunify.errors import ReunifyError, ValidationError
from reunify.i18n import N_, _
from reunify.labels import label
from reunify.operations._base import field_validator
from reunify.ui.fit import fit_to_screen
from reunify.ui.language import Retranslating
from reunify.ui.pickers import completer_for
from reunify.ui.tasks import os_error_message
from reunify.workflows.describe import fmt_date

ERROR_STYLE = "color: #b00020"
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # Enter on the keypad too
COMFORTABLE_WIDTH = 560  # wide enough for a CURP or an address; less on a small screen
Choices = Callable[[], Sequence[tuple[str, object]]]


class DateError(ValidationError):
    message = N_("Write the date as dd/mm/yyyy (e.g. 23/11/2026).")


def parse_date(text: str, field_name: str = "date") -> date | None:
    """Dates as Mexican attorneys write them (dd/mm/yyyy), or ISO; empty means none."""
    text = text.strip()
    if not text:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dmy = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        pass
    raise DateError(field_name)


def show_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""  # the input format, not a display format


def enum_choices(enum: type[Enum], *, blank: bool = False) -> Choices:
    def choices() -> list[tuple[str, object]]:
        items: list[tuple[str, object]] = [(label(m), m) for m in enum]
        return ([("—", None)] if blank else []) + items

    return choices


@dataclass(frozen=True)
class Field:
    """One input: `name` is the operation's keyword (and ValidationError.field)."""

    name: str
    label: str  # msgid
    kind: str = "text"  # text | secret | multiline | date | choice | bool | list | multi | combo
    choices: Choices | None = None
    # Live check when the field is left: (text, name) -> raises. By default the
    # operations' own validator for a field of this name (operations._base.VALIDATORS),
    # so the form and the operation apply one rule.
    check: Callable[[str, str], object] | None = None
    placeholder: str = ""  # msgid
    required: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # The field this one is checked and completed as, when its own name differs
    # ("mother_phone" in the new-case form is a person's "phone").
    like: str = ""

    @property
    def rule_name(self) -> str:
        return self.like or self.name


def _check_of(f: Field) -> Callable[[str, str], object] | None:
    return f.check or (field_validator(f.rule_name) if f.kind == "text" else None)


class FormDialog(Retranslating, QDialog):
    """Ask for `fields`, then call `submit(values)`; a ValidationError keeps the dialog open."""

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        submit: Callable[[dict[str, Any]], object],
        initial: dict[str, Any] | None = None,
        parent: QWidget | None = None,
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.title_msgid, self.fields, self.submit = title, fields, submit
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.result_value: object = None
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # A long caption ("Level of the issuer (decides the apostille office)") puts its
        # field on the next line instead of making the dialog wider than the screen.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for f in fields:
            widget = self._make(f)
            if isinstance(widget, QComboBox):
                # a long choice is cut in the closed box (whole in its list), never
                # widening the dialog past the screen
                widget.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                widget.setMinimumContentsLength(18)
                # ...and as wide as the other fields, so it is cut only when it must be
                # ("Madre deportada, hija o hi…" in a 580 px form)
                policy = widget.sizePolicy()
                policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
                widget.setSizePolicy(policy)
            self.inputs[f.name] = widget
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            self.errors[f.name] = error
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            holder = QWidget()
            holder.setLayout(box)
            caption = QLabel()
            caption.setBuddy(widget)
            self.labels[f.name] = caption
            form.addRow(caption, holder)
        self.inner = inner = QWidget()
        inner.setLayout(form)
        self.area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.intro = QLabel(intro)  # already in the person's language: often case data
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        for keys in SAVE_KEYS:
            QShortcut(QKeySequence(keys), self, self.save)
        self.set_values(initial or {})
        self._saved_snapshot = self._snapshot()
        self._focused = False
        self.retranslate_ui()
        self.fit()

    def fit(self) -> None:
        """As wide as the fields want (at least comfortable) and as tall as they are,
        within the screen; taller forms scroll, vertically only."""
        chrome = self.sizeHint() - self.area.sizeHint()
        content = self.inner.sizeHint()
        bar = self.area.verticalScrollBar().sizeHint().width()
        wanted = QSize(max(COMFORTABLE_WIDTH, content.width() + bar), content.height())
        fit_to_screen(self, wanted + QSize(chrome.width(), max(chrome.height(), 0)))

    def _fit_width(self) -> None:
        """The scroll area is never narrower than its fields' minimum: the dialog's own
        minimum carries it, so no field is ever cut off sideways."""
        bar = self.area.verticalScrollBar().sizeHint().width()
        self.area.setMinimumWidth(self.inner.minimumSizeHint().width() + bar)

    def first_input(self) -> QWidget | None:
        return self.inputs[self.fields[0].name] if self.fields else None

    def showEvent(self, event: QShowEvent) -> None:
        """The first field has the focus when the form opens: the first key typed
        lands in it (it went to no field before)."""
        super().showEvent(event)
        first = self.first_input()
        if not self._focused and first is not None:
            self._focused = True
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- widgets ---------------------------------------------------------------------
    def _make(self, f: Field) -> QWidget:
        widget: QWidget
        if f.kind == "multiline":
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(80)
        elif f.kind == "combo":  # pick a name from the list or type one that is not in it
            widget = QComboBox()
            widget.setEditable(True)
            widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            widget.addItems([text for text, _value in (f.choices() if f.choices else ())])
            widget.setEditText("")
            if (completer := widget.completer()) is not None:
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        elif f.kind == "choice":
            widget = QComboBox()
            for text, value in f.choices() if f.choices else ():
                widget.addItem(text, value)
        elif f.kind == "bool":
            widget = QCheckBox()
        elif f.kind == "multi":
            widget = QListWidget()
            for text, value in f.choices() if f.choices else ():
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                widget.addItem(item)
            widget.setMaximumHeight(150)
        else:
            widget = QLineEdit()
            if f.kind == "secret":
                widget.setEchoMode(QLineEdit.EchoMode.Password)
            elif (picker := completer_for(f.rule_name, widget)) is not None:
                widget.setCompleter(picker)  # languages, states, countries (ui/pickers.py)
            if f.kind == "date" or _check_of(f) is not None:
                widget.editingFinished.connect(lambda f=f: self._live_check(f))
        return widget

    def _live_check(self, f: Field) -> None:
        """Checks that need no database run as soon as the field is left."""
        widget = self.inputs[f.name]
        assert isinstance(widget, QLineEdit)
        text = widget.text()
        try:
            if f.kind == "date":
                parse_date(text, f.name)
            elif (check := _check_of(f)) is not None and text.strip():
                check(text, f.name)
        except ValidationError as exc:
            self.show_error(f.name, exc.user_message())
            return
        self.show_error(f.name, "")

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_(self.title_msgid))
        for f in self.fields:
            text = _(f.label) + (" *" if f.required else "")
            self.labels[f.name].setText(text)
            widget = self.inputs[f.name]
            widget.setAccessibleName(_(f.label))
            if isinstance(widget, QComboBox) and (line := widget.lineEdit()) is not None:
                line.setPlaceholderText(_(f.placeholder) if f.placeholder else "")
            if isinstance(widget, QLineEdit):
                hint = _(f.placeholder) if f.placeholder else ""
                widget.setPlaceholderText(hint or (_("dd/mm/yyyy") if f.kind == "date" else ""))
        self._fit_width()

    # -- values ----------------------------------------------------------------------
    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            if f.name not in values:
                continue
            value, widget = values[f.name], self.inputs[f.name]
            if isinstance(widget, QComboBox) and widget.isEditable():
                widget.setEditText("" if value is None else str(value))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QListWidget):
                chosen = set(value or [])
                for i in range(widget.count()):
                    item = widget.item(i)
                    on = item.data(Qt.ItemDataRole.UserRole) in chosen
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value or ""))
            elif isinstance(widget, QLineEdit):
                if f.kind == "date":
                    widget.setText(show_date(value))
                elif f.kind == "list":
                    widget.setText(", ".join(value or []))
                else:
                    widget.setText("" if value is None else str(value))

    def _raw(self, f: Field) -> object:
        widget = self.inputs[f.name]
        if isinstance(widget, QComboBox):
            return widget.currentText() if widget.isEditable() else widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QListWidget):
            return [
                widget.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked
            ]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def _snapshot(self) -> list[object]:
        return [self._raw(f) for f in self.fields]

    def has_pending_edits(self) -> bool:
        return self._snapshot() != self._saved_snapshot

    def values(self) -> dict[str, Any]:
        """Typed values; raises ValidationError for a date or list that cannot be read."""
        out: dict[str, Any] = {}
        for f in self.fields:
            raw = self._raw(f)
            if f.kind == "date":
                out[f.name] = parse_date(str(raw), f.name)
            elif f.kind == "list":
                out[f.name] = [p.strip() for p in str(raw).split(",") if p.strip()]
            elif f.kind == "secret":
                out[f.name] = str(raw)  # as typed: spaces count in a passphrase
            elif f.kind in ("text", "multiline", "combo"):
                text = str(raw).strip()
                if f.required and not text:
                    raise ValidationError(f.name, N_("This field cannot be empty."))
                out[f.name] = text
            else:
                if f.required and raw is None:
                    raise ValidationError(f.name, N_("Choose one."))
                out[f.name] = raw
        return out

    # -- saving ----------------------------------------------------------------------
    def show_error(self, name: str, message: str) -> None:
        target = self.errors.get(name)
        if target is None:
            self.show_general(message)
            return
        target.setText(message)
        target.setVisible(bool(message))

    def show_general(self, message: str) -> None:
        """A problem of the whole form, on as many lines as it needs: the form keeps its
        size, so the fields' scroll area gives up the height (it was cut to one line)."""
        self.general_error.setText(message)
        width = self.general_error.width() or self.width()
        self.general_error.setMinimumHeight(self.general_error.heightForWidth(width))
        if (layout := self.layout()) is not None:
            layout.activate()

    def clear_errors(self) -> None:
        for name in self.errors:
            self.show_error(name, "")
        self.general_error.clear()
        self.general_error.setMinimumHeight(0)

    def field_problems(self) -> dict[str, str]:
        """Every field's own check at once (required, the date, the live rule), before
        the operation runs: the child's form took three saves when they came one by one."""
        problems: dict[str, str] = {}
        for f in self.fields:
            raw = self._raw(f)
            try:
                if f.kind == "date":
                    parse_date(str(raw), f.name)
                elif (
                    f.kind in ("text", "multiline", "combo") and f.required and not str(raw).strip()
                ):
                    raise ValidationError(f.name, N_("This field cannot be empty."))
                elif f.kind == "choice" and f.required and raw is None:
                    raise ValidationError(f.name, N_("Choose one."))
                check = _check_of(f)
                if check is not None and f.kind != "date" and str(raw).strip():
                    check(str(raw), f.name)
            except ValidationError as exc:
                problems[f.name] = exc.user_message()
        return problems

    def save(self) -> None:
        self.clear_errors()
        problems = self.field_problems()
        if problems:
            for name, message in problems.items():
                self.show_error(name, message)
            first = next(f.name for f in self.fields if f.name in problems)
            self.inputs[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            self.result_value = self.submit(self.values())
        except ValidationError as exc:
            self.show_error(exc.field, exc.user_message())
            widget = self.inputs.get(exc.field)
            if widget is not None:
                widget.setFocus()
            return
        except ReunifyError as exc:
            field = getattr(exc, "field", None)  # e.g. WeakPassphrase: its own field
            if isinstance(field, str) and field in self.inputs:
                self.show_error(field, exc.user_message())
                self.inputs[field].setFocus()
            else:
                self.show_general(kept(exc.user_message()))
            return
        except OSError as exc:  # a file the form names (a folder, a photo) failed
            self.show_general(kept(os_error_message(exc)))
            return
        self._saved_snapshot = self._snapshot()
        self.accept()

    def reject(self) -> None:
        """Cancel or Esc: pending edits are only dropped when the person says so."""
        if self.has_pending_edits() and not self.confirm_discard():
            return
        super().reject()

    def discard(self) -> None:
        """Close without asking (the vault is locking)."""
        self._saved_snapshot = self._snapshot()
        super().reject()

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("Discard what you typed in this form?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


def kept(problem: str) -> str:
    """A failed save's reason, and that the typing was not lost: a full disk or a
    read-only vault leaves the form open with everything in it."""
    return problem + " " + _("What you typed is still in this form: save again when that is fixed.")


def long_date(day: date | None) -> str:
    """`fmt_date` (the project's medium date), or nothing for a missing date."""
    return fmt_date(day) if day else ""
