"""What a bundle may reveal: the consent's scope, plus explicit choices by the attorney."""

from __future__ import annotations

from dataclasses import dataclass

from reunify.i18n import _
from reunify.models import CaseParty, ConsentScope, PartyRole


@dataclass(frozen=True)
class Redaction:
    scope: frozenset[ConsentScope]
    include_confidential: bool = False  # addresses and people flagged confidential
    include_adverse: bool = False  # the other side's details beyond the consent

    def allows(self, item: ConsentScope) -> bool:
        return item in self.scope

    def is_adverse(self, party: CaseParty) -> bool:
        return party.role == PartyRole.ADVERSE_PARTY or party.linked_to_trafficker

    def show_adverse(self) -> bool:
        return self.include_adverse or ConsentScope.ADVERSE_PARTY in self.scope


def withheld() -> str:
    """The visible mark that replaces what the consent does not cover."""
    return _("[withheld]")
