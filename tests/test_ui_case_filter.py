"""The case list's filter and the open case: a case that no longer matches closes
(with 0 hits the previous case stayed open), one that still matches stays open."""

from __future__ import annotations

from typing import Any

import pytest

from reunify.operations import create_case
from reunify.ui.app import MainWindow
from reunify.vault import Vault

pytestmark = [pytest.mark.ui, pytest.mark.vault]


def test_filter_closes_the_case_it_hides(qtbot: Any, vault: Vault) -> None:
    with vault.session() as s:
        open_id = create_case(s, title="Familia Xicohténcatl Pérez").id
        create_case(s, title="Familia Ortiz Luna")
    window = MainWindow(vault)
    qtbot.addWidget(window)
    assert window.select_case(open_id)
    assert window.workspace.case_id == open_id
    assert window.stack.currentWidget() is window.workspace
    window.filter.setText("xicohtencatl")  # still matches
    assert window.workspace.case_id == open_id and window.selected_case() is not None
    window.filter.setText("zzzzqx")  # nothing matches
    assert window.model.total() == 0
    assert window.workspace.case_id is None
    assert window.stack.currentWidget() is window.dashboard
    window.filter.clear()
    assert window.model.total() == 2
