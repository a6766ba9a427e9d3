"""Runtime language switch for the GUI: gettext catalogs plus Qt's own translations.

Switching installs Qt's translator for the language (standard buttons and
dialogs) and makes every widget receive QEvent.LanguageChange, on which it
calls its `retranslate_ui()` (Frescobaldi's pattern): no restart needed.
The choice persists in QSettings, since it must be known before unlocking.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtWidgets import QApplication

from reunify import i18n
from reunify.paths import settings_file

SETTINGS_KEY = "language"


def settings() -> QSettings:
    """Preferences that exist before unlocking (language, last vault): never case data."""
    # An explicit file, not Qt's UserScope: on Windows that is the roaming %APPDATA%,
    # while the data folder is local (reunify.paths keeps the two together).
    return QSettings(str(settings_file()), QSettings.Format.IniFormat)


class LanguageSwitcher:
    def __init__(self) -> None:
        self._qt_translators: list[QTranslator] = []

    def initial_language(self) -> str:
        saved = settings().value(SETTINGS_KEY, "", str)
        if saved in i18n.available_languages():
            return saved
        system = QLocale.system()
        # Qt reports the C locale as American English; that says nothing about her.
        ui = [] if system.language() == QLocale.Language.C else system.uiLanguages()
        return i18n.system_language(ui)

    def apply(self, language: str, *, persist: bool = True) -> str:
        lang = i18n.set_language(language)
        app = QCoreApplication.instance()
        for old in self._qt_translators:
            QCoreApplication.removeTranslator(old)
        self._qt_translators = []
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator()  # qtbase holds the standard buttons and dialogs
        if lang != "en" and translator.load(f"qtbase_{lang}", folder):
            QCoreApplication.installTranslator(translator)
            self._qt_translators.append(translator)
        if isinstance(app, QApplication):
            # Qt only *posts* LanguageChange when a translator comes or goes, and not at
            # all when none does; sending it now makes the switch visible at once.
            for widget in app.allWidgets():
                QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
        if persist:
            settings().setValue(SETTINGS_KEY, lang)
        return lang


switcher = LanguageSwitcher()


class Retranslating:
    """Mixin for widgets: QEvent.LanguageChange calls `retranslate_ui()` (Frescobaldi's pattern).

    List it before the Qt base class: `class MyDialog(Retranslating, QDialog)`.
    """

    def retranslate_ui(self) -> None:  # pragma: no cover - every user defines it
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)  # type: ignore[misc]
