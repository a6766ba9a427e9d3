"""`make screenshots`: PNGs of the main screens in Spanish and English, offscreen,
on a 1366×768 screen (the field laptop's): what the attorney sees, at the size she
has. The main window fills the available screen, as it opens there.

Works on a fresh demo vault in a temporary folder (invented families only) with
private QSettings, so it never touches the person's own vaults or preferences.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

SCREEN = {"name": "field-laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
SCREEN |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}


def _offscreen_1366(folder: str) -> None:
    """Qt's offscreen screen is 800×800 unless told otherwise (a config file)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return  # a real display: its own size
    config = Path(folder) / "screen.json"
    config.write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        _offscreen_1366(tmp)
        os.environ["REUNIFY_HOME"] = str(Path(tmp) / "home")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication, QWidget

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        app = QApplication.instance() or QApplication(sys.argv)
        from reunify.demo import DEMO_PASSPHRASE, create_demo_vault
        from reunify.ui.app import MainWindow
        from reunify.ui.forms import FormDialog
        from reunify.ui.language import switcher
        from reunify.ui.settings_dialog import CalendarsDialog
        from reunify.ui.unlock import UnlockDialog
        from reunify.ui.workspace.base import SectionTab
        from reunify.ui.workspace.checklists import ChecklistsTab
        from reunify.ui.workspace.people import PERSON_FIELDS, ROLE_FIELDS
        from reunify.vault import Vault

        path = Path(tmp) / "demo.reunify"
        create_demo_vault(path, DEMO_PASSPHRASE).close()

        def grab(widget: QWidget, name: str) -> None:
            widget.show()
            for _ in range(3):
                app.processEvents()
            widget.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")

        for lang in ("es", "en"):
            switcher.apply(lang, persist=False)
            unlock = UnlockDialog(path, DEMO_PASSPHRASE)
            grab(unlock, f"unlock-{lang}")
            unlock.close()
            vault = Vault.open(path, DEMO_PASSPHRASE)
            window = MainWindow(vault)
            window.resize(window.screen().availableGeometry().size())  # all of 1366×768
            grab(window, f"dashboard-{lang}")
            window.filter.setText("RU-2026-0001")
            window.table.selectRow(0)
            window.filter.clear()
            for index in range(window.workspace.count()):
                window.workspace.setCurrentIndex(index)
                tab = window.workspace.widget(index)
                assert tab is not None
                if isinstance(tab, ChecklistsTab):
                    tab.select_row(min(6, tab.model.rowCount() - 1))
                elif isinstance(tab, SectionTab) and tab.model.rowCount():
                    tab.select_row(0)
                grab(window, f"case-{tab.objectName()}-{lang}".replace(" ", "-"))
            form = FormDialog("Add person", (*ROLE_FIELDS, *PERSON_FIELDS), lambda v: v, {}, window)
            form.set_values({"given_names": "Itzel", "curp": "ABC"})
            form.inputs["curp"].setFocus()
            form._live_check(next(f for f in PERSON_FIELDS if f.name == "curp"))
            grab(form, f"form-person-{lang}")
            form.discard()
            calendars = CalendarsDialog(vault, window)
            grab(calendars, f"calendars-{lang}")
            calendars.close()
            window.lock()
            window.deleteLater()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
