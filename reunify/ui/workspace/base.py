"""What every workspace tab is made of: a table of rows, actions on the selected row
(a toolbar, the table's context menu, a shortcut each) and a detail pane. Tabs declare
columns and actions; this does the rest."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reunify.i18n import _
from reunify.queries import CaseView
from reunify.ui.fit import readable_table
from reunify.ui.table_model import ROW_ROLE, RowTableModel

if TYPE_CHECKING:
    from reunify.ui.workspace.workspace import CaseWorkspace

Getter = Callable[[Any], str]
SortKey = Callable[[Any], Any]  # a comparable value, or None (sorted last)
# (header msgid, what the cell shows[, what it sorts by]): without a sort key a
# column sorts by its text, casefolded.
Column = tuple[str, Getter] | tuple[str, Getter, SortKey]


def rank(value: Enum | None) -> int | None:
    """An enum member's place in its definition: statuses sort in their natural order."""
    return None if value is None else list(type(value)).index(value)


class ColumnModel(RowTableModel):
    """A table model from columns (header, getter, sort key): dates sort by date, numbers
    by number and states by rank, not by the text shown ("10" after "9", "2 abr 2027"
    after "10 dic 2026")."""

    def __init__(
        self,
        columns: Sequence[Column],
        foreground: Callable[[Any], object] | None = None,
    ) -> None:
        super().__init__()
        self.HEADERS = tuple(column[0] for column in columns)
        self._getters = [column[1] for column in columns]
        self._keys: list[SortKey] = [
            column[2] if len(column) > 2 else _text_key(column[1]) for column in columns
        ]
        self._foreground = foreground

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._reset(list(rows))

    def rows(self) -> list[Any]:
        return list(self._all)

    def display(self, row: Any, column: int) -> str:
        return self._getters[column](row)

    def foreground(self, row: Any) -> object:
        return self._foreground(row) if self._foreground else None

    def sort_key(self, row: Any, column: int) -> Any:
        return self._keys[column](row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Stable, and rows without a value (no date yet) stay last in either order."""
        if not 0 <= column < len(self._keys):
            return
        key = self._keys[column]
        keyed = [(key(row), row) for row in self._all]
        present = [pair for pair in keyed if pair[0] is not None]
        present.sort(key=lambda pair: pair[0], reverse=order == Qt.SortOrder.DescendingOrder)
        self._reset([row for _k, row in present] + [row for k, row in keyed if k is None])


def _text_key(getter: Getter) -> SortKey:
    return lambda row: getter(row).casefold()


@dataclass(frozen=True)
class Action:
    """An action of a tab. `run` gets the selected row (None when `needs_row` is False)."""

    text: str  # msgid
    run: Callable[[Any], None]
    needs_row: bool = True
    name: str = ""  # object name, so tests and screen readers can find it
    # A key sequence ("Del", "Ctrl+Shift+A"); empty: the house default for its kind
    # (`default_shortcut`). Shown in the tooltip and the context menu.
    shortcut: str = ""


ADD_KEYS = ("Ins", "Ctrl+Shift+N")  # Ctrl+N is "New case", anywhere in the window
EDIT_KEY = "F2"  # as in a file manager or a spreadsheet


def default_shortcut(action: Action, first_add: bool) -> list[QKeySequence]:
    """The same keys on every tab: the tab's add action (the first one that needs no
    row) on Ins, an edit action (named `edit` or `edit_…`) on F2."""
    if action.shortcut:
        return [QKeySequence(action.shortcut)]
    if first_add:
        return [QKeySequence(k) for k in ADD_KEYS]
    if action.name == "edit" or action.name.startswith("edit_"):
        return [QKeySequence(EDIT_KEY)]
    return []


def with_shortcut(text: str, keys: Sequence[QKeySequence]) -> str:
    """ "Edit… (F2)": the key beside the words, as a tooltip shows it."""
    if not keys:
        return text
    return f"{text} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"


class _ReturnActivates(QObject):
    """Enter on a row does what a double click does (the tab's first row action)."""

    def __init__(self, tab: SectionTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if plain and enter and self.tab.selected() is not None:
                self.tab._double_clicked(QModelIndex())
                return True
        return False


def esc(value: object) -> str:
    return html.escape(str(value))


class SectionTab(QWidget):
    """A table, its actions and a detail pane for the selected row.

    The actions sit in a toolbar, which folds what does not fit into its ">>" menu
    instead of pushing the window wider than a 1366 px screen; the same actions are
    the table's context menu (right click, or the Menu key) and have shortcuts that
    work while the focus is anywhere in this tab.
    """

    def __init__(
        self,
        workspace: CaseWorkspace,
        columns: Sequence[Column],
        actions: Sequence[Action] = (),
        *,
        detail: Callable[[Any], str] | None = None,
        stretch: int = 1,
        foreground: Callable[[Any], object] | None = None,
        above: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self._wanted: str | None = None  # the row just added, selected when it appears
        self.model = ColumnModel(columns, foreground)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # No column sorted until the person clicks one: rows come in the view's order.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setDefaultSectionSize(150)
        # Tab leaves the table (it does not walk cells); cut text shows whole as a
        # tooltip; the stretching column keeps room to be read.
        readable_table(self.table, stretch)
        self.table.selectionModel().selectionChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.installEventFilter(_ReturnActivates(self))
        self.actions_ = list(actions)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("actions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setFloatable(False)
        self.toolbar.setMovable(False)
        self.qactions: list[QAction] = []
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        first_add = next((a for a in self.actions_ if not a.needs_row), None)
        self._keys: list[list[QKeySequence]] = []
        for action in self.actions_:
            qaction = QAction(self)
            qaction.setObjectName(action.name or action.text)
            keys = default_shortcut(action, action is first_add)
            qaction.setShortcuts(keys)
            # Only while the focus is in this tab: the Proceedings tab holds two lists,
            # each with its own "add" on Ins.
            qaction.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            qaction.triggered.connect(lambda _c=False, a=action: self.trigger(a))
            self._keys.append(keys)
            self.qactions.append(qaction)
            self.toolbar.addAction(qaction)
            self.addAction(qaction)
            self.table.addAction(qaction)
        self.detail_fn = detail
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setVisible(detail is not None)
        self.empty = QLabel()
        self.empty.setStyleSheet("color: #666")
        layout = QVBoxLayout(self)
        if above is not None:
            layout.addWidget(above)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.empty)
        layout.addWidget(self.detail, 1)
        self._update_buttons()

    # -- data ----------------------------------------------------------------------
    def rows_for(self, view: CaseView) -> Sequence[Any]:
        raise NotImplementedError

    def refresh(self, view: CaseView) -> None:
        """Rows from the case view alone: everything a tab shows was read with it."""
        self.show_rows(self.rows_for(view))

    def select_after_reload(self, row_id: str) -> None:
        """The row just added is selected when it appears, so the next action (record
        its apostille, edit it) needs no key to select it first."""
        self._wanted = row_id

    def show_rows(self, rows: Sequence[Any]) -> None:
        """New rows, keeping the selected one selected when it is still there (or
        selecting the one just added)."""
        keep = self.selected_id()
        wanted, self._wanted = self._wanted, None
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        if 0 <= header.sortIndicatorSection() < self.model.columnCount():
            # the order the person chose survives a reload (the arrow still shows it)
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.model.fetch_all()
        if wanted is not None and self.select_id(wanted):
            pass
        elif keep is None or not self.select_id(keep):
            self._row_changed()  # a model reset clears the selection without a signal
        self._update_empty()

    def clear(self) -> None:
        self.model.set_rows([])
        self._row_changed()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_id(self) -> str | None:
        row = self.selected()
        return _row_id(row) if row is not None else None

    def select_id(self, row_id: str) -> bool:
        for i, row in enumerate(self.model.rows()):
            if _row_id(row) == row_id:
                self.table.selectRow(i)  # selectionChanged updates buttons and detail
                return True
        return False

    def select_row(self, index: int) -> None:
        self.table.selectRow(index)

    def action(self, name: str) -> QAction:
        """The action named `name` (tests and screen readers find it by its name)."""
        found = next((a for a in self.qactions if a.objectName() == name), None)
        if found is None:
            raise KeyError(name)
        return found

    # -- behaviour -----------------------------------------------------------------
    def trigger(self, action: Action) -> None:
        row = self.selected() if action.needs_row else None
        if action.needs_row and row is None:
            return
        action.run(row)

    def _double_clicked(self, _index: QModelIndex) -> None:
        for action in self.actions_:
            if action.needs_row:
                self.trigger(action)
                return

    def _row_changed(self, *_args: object) -> None:
        self._update_buttons()
        if self.detail_fn is not None:
            row = self.selected()
            self.detail.setText(self.detail_fn(row) if row is not None else "")

    def _update_buttons(self) -> None:
        has_row = self.selected() is not None
        for action, qaction in zip(self.actions_, self.qactions, strict=True):
            qaction.setEnabled(has_row or not action.needs_row)

    def retranslate_ui(self) -> None:
        for action, qaction, keys in zip(self.actions_, self.qactions, self._keys, strict=True):
            text = _(action.text)
            qaction.setText(text)
            plain = text.replace("&", "").rstrip("…")
            qaction.setToolTip(with_shortcut(plain, keys))
            button = self.toolbar.widgetForAction(qaction)
            if button is not None:
                button.setAccessibleName(plain)
        self.model.retranslate()
        self._update_empty()
        self._row_changed()

    def _update_empty(self) -> None:
        self.empty.setText(_("Nothing here yet.") if self.model.total() == 0 else "")


def _row_id(row: Any) -> str | None:
    ident = getattr(row, "id", None)
    return str(ident) if ident is not None else None
