"""argparse's own words ("usage:", "error:", "invalid choice") in the user's language.

argparse translates through the module-global `gettext` functions it imported;
pointing them at reunify's catalogs makes `reunify --help` and its errors fully
Spanish. The msgids below are argparse's (Python 3.11–3.13), listed here so
Babel extracts them into our catalog.
"""

from __future__ import annotations

import argparse

from reunify import i18n
from reunify.i18n import N_

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("invalid %(type)s value: %(value)r"),
    N_("can't open '%(filename)s': %(error)s"),
)


def translate_argparse() -> None:
    """Route argparse's messages through reunify's current language."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
