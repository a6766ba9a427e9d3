"""Completion for fields people fill with a name from a list: languages, states, countries.

Why: the operations accept "náhuatl", "CDMX", "Nueva York" or "EE. UU." (reunify.
identifiers), but people should not have to guess a spelling. As they type, a popup
offers the names in the language shown, with the code, matching anywhere in the
name, any of its aliases or its code, without regard to case, accents, spaces or
apostrophes ("kiche" finds k'iche', "nuevay" finds Nueva York, "cdmx" Ciudad de
México). Choosing one writes the name, which the operation reads as the code. In a
comma-separated field ("languages", "nationalities") the item being typed is
completed and the earlier ones are kept.

Forms attach a completer by the field's name (`completer_for`), so every form that
has such a field gets one without wiring.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from reunify import identifiers as ids
from reunify.i18n import current_language

KEYS_ROLE = Qt.ItemDataRole.UserRole + 1  # "|"-joined match keys of every spelling
INSERT_ROLE = Qt.ItemDataRole.UserRole + 2  # what choosing the item writes

LANGUAGE_FIELDS = frozenset({"languages", "language"})
STATE_FIELDS = frozenset({"state", "issuer_state", "birth_record_state"})
COUNTRY_FIELDS = frozenset({"country", "issuer_country", "birth_country", "nationalities"})
# Fields holding several values separated by commas: the item typed last is completed.
LIST_FIELDS = frozenset({"languages", "nationalities"})
MAX_VISIBLE = 10

Index = QModelIndex | QPersistentModelIndex


def _language_items(language: str) -> list[tuple[str, str, set[str]]]:
    keys = ids.completion_keys("language")
    return [(name, code, keys[code]) for code, name in ids.language_choices(language)]


def _country_items(language: str) -> list[tuple[str, str, set[str]]]:
    keys = ids.completion_keys("country")
    return [(name, code, keys.get(code, set())) for code, name in ids.country_choices(language)]


def _state_items(language: str, countries: tuple[str, ...]) -> list[tuple[str, str, set[str]]]:
    keys = ids.completion_keys("state")
    items = []
    for country in countries:
        for code, name in ids.state_choices(country, language):
            items.append((name, code, keys.get(code, set())))
    return items


@cache
def items_for(name: str, language: str) -> list[tuple[str, str, set[str]]] | None:
    """(name shown, code, match keys) offered for a field of this name, or None; read
    once per language (the catalogues change with a new version, not while it runs)."""
    if name in LANGUAGE_FIELDS:
        return _language_items(language)
    if name in COUNTRY_FIELDS:
        return _country_items(language)
    if name == "birth_record_state":  # a Mexican birth record (DOMAIN.md §4)
        return _state_items(language, ("MX",))
    if name in STATE_FIELDS:
        return _state_items(language, ids.STATE_COUNTRIES)
    return None


class MatchAnywhere(QSortFilterProxyModel):
    """Rows any of whose spellings contain the typed key; those that start with it first."""

    def __init__(self, source: QAbstractItemModel) -> None:
        super().__init__()
        self.key = ""
        self.setSourceModel(source)

    def set_key(self, key: str) -> None:
        self.key = key
        self.invalidate()
        self.sort(0)

    def _keys(self, index: Index) -> list[str]:
        return str(index.data(KEYS_ROLE) or "").split("|")

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        return any(self.key in k for k in self._keys(index))

    def lessThan(self, left: Index, right: Index) -> bool:
        def rank(index: Index) -> tuple[bool, int]:
            starts = any(k.startswith(self.key) for k in self._keys(index))
            return (not starts, index.row())

        return rank(left) < rank(right)


@cache
def source_model(name: str, language: str) -> QStandardItemModel | None:
    """The names offered for a field of this name, built once per language and shared
    by every form's picker (each filters it through its own MatchAnywhere)."""
    items = items_for(name, language)
    if items is None:
        return None
    source = QStandardItemModel()
    names = [shown for shown, _code, _keys in items]
    for shown, code, keys in items:
        item = QStandardItem(f"{shown} ({code})" if code.casefold() != shown.casefold() else shown)
        # A name found in two countries ("La Paz") is written as its code.
        item.setData(shown if names.count(shown) == 1 else code, INSERT_ROLE)
        item.setData("|".join(sorted(keys | {ids.match_key(shown)})), KEYS_ROLE)
        item.setEditable(False)
        source.appendRow(item)
    return source


class Picker(QCompleter):
    """A popup of names for one line edit; `many` completes the last comma-separated item."""

    def __init__(
        self, source: QStandardItemModel, widget: QLineEdit, *, many: bool = False
    ) -> None:
        self.matches = MatchAnywhere(source)
        super().__init__(self.matches, widget)
        self.many = many
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(MAX_VISIBLE)
        self.line = widget
        self.setWidget(widget)  # also when used without QLineEdit.setCompleter
        widget.textEdited.connect(self._typed)

    def current_item(self, text: str) -> str:
        """The part of the field being typed: all of it, or after the last comma."""
        return text.rsplit(",", 1)[-1].strip() if self.many else text.strip()

    def _typed(self, text: str) -> None:
        key = ids.match_key(self.current_item(text))
        self.matches.set_key(key)
        if key and self.matches.rowCount() > 0:
            self.complete()
        elif (popup := self.popup()) is not None:
            popup.hide()

    def splitPath(self, path: str) -> list[str]:
        return [self.current_item(path)]

    def pathFromIndex(self, index: Index) -> str:
        chosen = str(index.data(INSERT_ROLE) or "")
        if not self.many:
            return chosen
        before = [p.strip() for p in self.line.text().split(",")[:-1] if p.strip()]
        return ", ".join([*before, chosen])


def completer_for(name: str, widget: QLineEdit) -> QCompleter | None:
    """The picker for a field of this name (languages, states, countries), or None."""
    source = source_model(name, current_language())
    if source is None:
        return None
    return Picker(source, widget, many=name in LIST_FIELDS)
