"""The minimal `make run` shell: unlock with a real vault, list cases, lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reunify.models import CaseStatus, SafetyLevel
from reunify.ui.app import MainWindow, UnlockDialog
from reunify.ui.case_table import ROW_ROLE, CaseRow
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.ui


def test_unlock_wrong_then_right(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(demo_path)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("no es esta")
    with qtbot.waitSignal(dialog.attempt_finished, timeout=30000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is None
    assert "passphrase is not correct" in dialog.error.text()
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is not None
    assert dialog.passphrase.text() == ""
    window = MainWindow(dialog.vault)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    assert window.model.rowCount() == 17
    window.filter.setText("tecuatl")
    assert window.model.rowCount() == 1
    row = window.model.index(0, 0).data(ROW_ROLE)
    assert isinstance(row, CaseRow) and row.reference == "RU-2026-0001"
    window.filter.setText("ximena")  # the child's name: found through full-text search
    assert window.model.total() == 1
    window.filter.setText("")
    window.model.sort(window.model.COL_SAFETY, Qt.SortOrder.DescendingOrder)
    assert window.model.index(0, 3).data() == "Critical"
    window.table.selectRow(0)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None and window.model.rowCount() == 0
    assert not dialog.vault.is_open


def test_case_model_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from reunify.ui.case_table import CaseTableModel

    model = CaseTableModel(
        [
            CaseRow("1", "RU-2026-0001", "Familia Peña", CaseStatus.ACTIVE, SafetyLevel.HIGH),
            CaseRow("2", "RU-2026-0002", "Familia Ávila", CaseStatus.INTAKE, SafetyLevel.LOW),
        ]
    )
    qtmodeltester.check(model)


def test_case_model_fetches_lazily(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from reunify.ui.case_table import CaseTableModel

    rows = [
        CaseRow(str(i), f"RU-2026-{i:04d}", f"Familia {i}", CaseStatus.ACTIVE, SafetyLevel.LOW)
        for i in range(1, 1201)
    ]
    model = CaseTableModel(rows)
    assert model.rowCount() == CaseTableModel.BATCH and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * CaseTableModel.BATCH
    model.fetch_all()
    assert model.rowCount() == 1200 and not model.canFetchMore()
    qtmodeltester.check(CaseTableModel(rows))
