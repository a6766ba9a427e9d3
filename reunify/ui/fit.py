"""Fitting the field laptop's screen (1366×768, usable at 1280×720).

Windows and dialogs sized from their content and the screen they are on, never a
fixed size; text that does not fit is elided and shown whole in a tooltip; the
sizes a person gives the splitters are remembered per user, in the preferences
file next to the language (`ui.language.settings`), never in the vault and never
with anything about a case.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from reunify.ui.language import settings

FIELD_LAPTOP = QSize(1366, 768)  # the screen the GUI is designed for
SMALLEST = QSize(1280, 720)  # still usable: every window's minimum fits in this
PREFIX = "ui/"  # keys in the preferences file: layout only, nothing about a case


def available(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary one) not taken by panels."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fit_to_screen(widget: QWidget, wanted: QSize, margin: int = 24) -> QSize:
    """Resize `widget` to `wanted`, but never larger than its screen (less `margin` for
    the window frame) nor smaller than its own minimum; returns the size given."""
    room = available(widget).size() - QSize(margin, margin * 2)
    minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    size = wanted.boundedTo(room).expandedTo(minimum.boundedTo(room))
    widget.resize(size)
    return size


# -- remembered layout ---------------------------------------------------------------
def restore_splitter(splitter: QSplitter, key: str) -> bool:
    """Sizes the person gave this splitter last time; False when there are none."""
    state = settings().value(PREFIX + key)
    if isinstance(state, QByteArray | bytes) and state:
        return bool(splitter.restoreState(QByteArray(state)))
    return False


def remember_splitter(splitter: QSplitter, key: str) -> None:
    """Restore `key` now and save it whenever the person moves the handle."""
    restore_splitter(splitter, key)
    splitter.splitterMoved.connect(lambda *_a: save_splitter(splitter, key))


def save_splitter(splitter: QSplitter, key: str) -> None:
    settings().setValue(PREFIX + key, splitter.saveState())


def restore_geometry(widget: QWidget, key: str) -> bool:
    state = settings().value(PREFIX + key)
    if isinstance(state, QByteArray | bytes) and state:
        return bool(widget.restoreGeometry(QByteArray(state)))
    return False


def save_geometry(widget: QWidget, key: str) -> None:
    settings().setValue(PREFIX + key, widget.saveGeometry())


# -- tables ----------------------------------------------------------------------------
class ElidedTips(QStyledItemDelegate):
    """A cell whose text is cut ("Familia Tecu…") shows it whole as a tooltip; a cell
    that fits shows none (or the model's own tooltip)."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return bool(super().helpEvent(event, view, option, index))
        if index.data(Qt.ItemDataRole.ToolTipRole):
            return bool(super().helpEvent(event, view, option, index))
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if text and is_elided(view, option, text):
            QToolTip.showText(event.globalPos(), text, view, option.rect)
            return True
        QToolTip.hideText()
        event.ignore()
        return True


def is_elided(view: QAbstractItemView, option: QStyleOptionViewItem, text: str) -> bool:
    """Whether `text` is wider than the room its cell (`option.rect`) gives it."""
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    room = option.rect.width() - 2 * margin
    return option.fontMetrics.horizontalAdvance(text) > room


class KeepReadable(QObject):
    """Keeps a table's stretching column (a family, a title) at least `least` pixels
    wide: when the table gets narrower, the other columns give way first, down to
    `floor` each, instead of the stretching one shrinking to a sliver (the Documents
    tab's title was 25 px at 1366)."""

    def __init__(self, table: QTableView, column: int, least: int = 160, floor: int = 56):
        super().__init__(table)
        self.table, self.column, self.least, self.floor = table, column, least, floor
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.apply()
        return False

    def apply(self) -> None:
        header: QHeaderView = self.table.horizontalHeader()
        model: QAbstractItemModel | None = self.table.model()
        if model is None or not 0 <= self.column < model.columnCount():
            return
        others = [
            c
            for c in range(model.columnCount())
            if c != self.column and not header.isSectionHidden(c)
        ]
        taken = sum(header.sectionSize(c) for c in others)
        room = self.table.viewport().width() - self.least
        if not others or taken <= room:
            return
        # shrink the others in proportion, none below `floor`
        scale = max(room, 0) / taken
        for c in others:
            header.resizeSection(c, max(self.floor, int(header.sectionSize(c) * scale)))


def readable_table(table: QTableView, stretch: int, least: int = 160) -> None:
    """Tab leaves the table; cut text ends in "…" with the whole text as a tooltip;
    the stretching column stays readable."""
    table.setTabKeyNavigation(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setItemDelegate(ElidedTips(table))
    KeepReadable(table, stretch, least)
