"""Entry of the frozen `reunify-gui` executable, the one people click.

Built windowed (no console): on Windows and in a macOS .app, `sys.stdout` and
`sys.stderr` are None, so a stray print or a library's warning would raise. They
are pointed at the null device instead: nothing is written to a file here, because
what reaches stderr may hold case data; events and crash reports go through
reunify's own logs, which are written to be safe to hand to support.
With no arguments it opens the GUI; `reunify-gui --demo` opens the demo vault.
"""

import os
import sys


def _null_streams() -> None:
    if sys.stdout is None or sys.stderr is None:
        null = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the app
        sys.stdout = sys.stdout or null
        sys.stderr = sys.stderr or null


def _arguments() -> list[str]:
    # Older macOS Finder launches add a process serial number: not an argument of ours.
    return [a for a in sys.argv[1:] if not a.startswith("-psn_")]


if __name__ == "__main__":
    _null_streams()
    from reunify.cli import main

    sys.exit(main(_arguments()))
