"""reunify: offline-first, encrypted casework for cross-border family reunification."""

import logging
from importlib.metadata import PackageNotFoundError, version

try:
    # Defined once, in pyproject.toml; a frozen build carries the metadata too.
    __version__ = version("reunify")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"

# Nothing is logged anywhere until reunify.logs.setup_logging() chooses the file;
# before that, Python's last-resort handler must not print our records to a console.
logging.getLogger("reunify").addHandler(logging.NullHandler())
