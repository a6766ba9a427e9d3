"""Where the package's data files are: one place, through importlib.resources.

Templates, catalogs, fonts, word lists and migrations ship inside the package
(pyproject's package-data; PyInstaller collects the same list), so a wheel, an
editable install and a frozen build all find them the same way. Alembic and
ReportLab need real paths, so a zipped install is refused with a clear error
rather than half-working.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_path(*parts: str) -> Path:
    """A real folder or file inside the installed `reunify` package."""
    traversable = files("reunify").joinpath(*parts)
    path = Path(str(traversable))
    if not path.exists():
        raise FileNotFoundError(
            f"reunify is installed without its data file {'/'.join(parts)}; reinstall it"
        )
    return path
