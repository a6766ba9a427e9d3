"""The one object that carries change signals and intents between the window's parts.

The main window owns it and hands it to the workspace and the dashboard. Whoever
changes a case says so once (`caseChanged`); the workspace, the case list and the
dashboard each listen and read again what they show. Tabs never call each other:
one emits an intent (start a checklist for this document, import these files) and
the tab that does that work listens for it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CaseEvents(QObject):
    caseChanged = Signal(str)  # case id: something of this case was written
    calendarsChanged = Signal()  # court calendars changed: deadlines may have moved
    # -- intents between tabs -------------------------------------------------------
    startChecklist = Signal(str, str)  # template id, document id: start it, then show it
    showChecklist = Signal(str)  # template id: bring its latest checklist to the front
    importFiles = Signal(list, str, str)  # paths, target document id, person id ("": none)
