"""Entry of the frozen `reunify` console executable: the same `reunify.cli:main` as
the pip-installed command (no subcommand opens the GUI, subcommands run headless)."""

import sys

from reunify.cli import main

if __name__ == "__main__":
    sys.exit(main())
