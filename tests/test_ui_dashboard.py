"""The dashboard lists overdue and due-soon deadlines across cases."""

from __future__ import annotations

from datetime import date

import pytest

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
    assert "Active: " in window.dashboard.counts.text()
    qtmodeltester.check(model)
    window.lock()
    assert model.rowCount() == 0
