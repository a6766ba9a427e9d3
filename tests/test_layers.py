"""The domain must run headless: importing it never loads Qt."""

from __future__ import annotations

import subprocess
import sys


def test_domain_packages_do_not_import_pyside6() -> None:
    code = (
        "import sys\n"
        "import reunify.models, reunify.vault, reunify.workflows, reunify.operations\n"
        "import reunify.workflows.calendars, reunify.demo, reunify.cli, reunify.identifiers\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"Qt imported by the domain: {result.stdout} {result.stderr}"


def test_ui_package_is_the_one_that_imports_qt() -> None:
    """Guard the guard: the check above would also pass if the probe were broken."""
    code = "import sys, reunify.ui.app; sys.exit(0 if 'PySide6' in sys.modules else 1)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_vault_and_models_do_not_reach_up() -> None:
    """The store sits at the bottom: loading it never pulls in operations, services or UI."""
    code = (
        "import sys\n"
        "import reunify.vault, reunify.models\n"
        "up = sorted(m for m in sys.modules if m.startswith(('reunify.operations', "
        "'reunify.workflows', 'reunify.bundle', 'reunify.search', 'reunify.ui')))\n"
        "print(','.join(up))\n"
        "sys.exit(1 if up else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"lower layers import upper ones: {result.stdout}"
