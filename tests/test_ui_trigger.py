"""The checklists tab asks for the date a checklist's periods run from, by its name,
only for a checklist that has one; the period is counted once it is entered."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from reunify import operations as ops
from reunify.models import Deadline
from reunify.operations.checklists import start_checklist
from reunify.ui.app import MainWindow
from tests.ui_helpers import check, fill_form


def test_the_trigger_date_is_asked_by_name_and_counts_the_period(qtbot: Any, vault: Any) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Orellana Paz", opened_on=date(2026, 8, 3))
        start_checklist(s, case, "locate_child", started_on=date(2026, 8, 3))
        start_checklist(s, case, "comar_refugee", started_on=date(2026, 8, 3))
    window = MainWindow(vault)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.table.selectRow(0)
    tab = window.workspace.checklists
    window.workspace.setCurrentWidget(tab)
    tab.chooser.setCurrentIndex(tab.chooser.findText("Locate the child"))
    assert not tab.trigger_button.isVisible()  # none of its periods runs from a date
    tab.chooser.setCurrentIndex(tab.chooser.count() - 1)
    assert tab.trigger_button.isVisible()
    assert tab.trigger_button.toolTip() == "Day of entry into Mexico"
    tab.select_row(1)
    assert "not counted yet" in tab.detail.text()
    log: list[Any] = []
    fill_form({"trigger_on": date(2026, 8, 5)}, log)
    tab.trigger_button.click()
    check(log)
    with vault.session() as s:
        due = {d.title_in("en"): d.computed_due for d in s.scalars(select(Deadline))}
    # 30 business days (LFT base) after Wed 5 Aug 2026: 6–7, 10–14, 17–21, 24–28 Aug,
    # 31 Aug–4 Sep, 7–11 Sep, 14–15 and 17 Sep (16 Sep closed) → Thu 17 Sep 2026.
    assert date(2026, 9, 17) in due.values()
    tab.select_row(1)
    assert "not counted yet" not in tab.detail.text()
    window.lock()
