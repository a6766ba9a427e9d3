"""The dashboard lists overdue and due-soon deadlines across cases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from reunify.models import Case
from reunify.ui.app import MainWindow
from reunify.ui.dashboard import ITEM_ROLE, NextItemsModel
from reunify.vault import Vault

pytestmark = pytest.mark.ui


def test_dashboard_shows_what_is_next(qtbot, demo_vault: Vault, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_vault, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    window.show()
    model = window.dashboard.model
    assert model.rowCount() >= 1
    first = model.index(0, 0).data(ITEM_ROLE)
    assert first.overdue and first.reference == "RU-2026-0001"
    assert "(overdue)" in model.index(0, NextItemsModel.COL_DUE).data()
    # the family beside the reference: a reference alone says nothing at a glance
    with demo_vault.session() as s:
        family = s.scalar(select(Case.title).where(Case.reference == "RU-2026-0001"))
    assert model.index(0, NextItemsModel.COL_CASE).data() == f"RU-2026-0001 · {family}"
    assert "Active: " in window.dashboard.counts.text()
    qtmodeltester.check(model)
    window.lock()
    assert model.rowCount() == 0


def test_one_change_one_reload_each(qtbot, demo_vault: Vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A change in the workspace is announced once; the workspace and the dashboard each
    read again once, and the dashboard drops the deadline that was met."""
    from reunify.ui.dashboard import Dashboard
    from reunify.ui.workspace.workspace import CaseWorkspace

    reloads = {"workspace": 0, "dashboard": 0}

    def counted(name: str, real):  # type: ignore[no-untyped-def]
        def reload(self, *args):  # type: ignore[no-untyped-def]
            reloads[name] += 1
            return real(self, *args)

        return reload

    monkeypatch.setattr(CaseWorkspace, "reload", counted("workspace", CaseWorkspace.reload))
    monkeypatch.setattr(Dashboard, "reload", counted("dashboard", Dashboard.reload))
    window = MainWindow(demo_vault, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    window.show()
    first = window.dashboard.model.index(0, 0).data(ITEM_ROLE)
    window.select_case(first.case_id)
    deadlines = window.workspace.proceedings.deadlines
    assert deadlines.select_id(first.deadline_id)
    reloads.update(workspace=0, dashboard=0)
    with qtbot.waitSignal(window.events.caseChanged):
        deadlines.mark_met(deadlines.selected())
    assert reloads == {"workspace": 1, "dashboard": 1}
    shown = [window.dashboard.model.index(r, 0).data(ITEM_ROLE).deadline_id
             for r in range(window.dashboard.model.rowCount())]  # fmt: skip
    assert first.deadline_id not in shown
    window.lock()


def test_enter_on_the_dashboard_opens_the_case(qtbot, demo_vault: Vault) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window = MainWindow(demo_vault, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    table = window.dashboard.table
    table.setFocus()
    table.setCurrentIndex(window.dashboard.model.index(0, 0))
    first = window.dashboard.model.index(0, 0).data(ITEM_ROLE)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.workspace.case_id == first.case_id
    assert window.stack.currentWidget() is window.workspace
    window.lock()
