"""What a bundle may reveal: the consent's scope, plus explicit choices by the attorney.

Every piece of the case the report can show belongs to one consent scope (the
table in `SCOPE_OF`); the report is built only from a `BundleView`
(reunify/bundle/view.py) that has already applied this policy, so no section
can read around it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from reunify.i18n import _
from reunify.models import CaseParty, ConsentScope, DocumentKind, LegalTrack, PartyRole, Person
from reunify.text import fold
from reunify.workflows import templates as tpl

# Which scope a document kind needs beyond DOCUMENTS: a medical record is health
# information, a proof of domicile is an address, a receipt notice is immigration.
DOCUMENT_SCOPE: dict[DocumentKind, ConsentScope] = {
    DocumentKind.MEDICAL_RECORD: ConsentScope.HEALTH,
    DocumentKind.PROOF_OF_DOMICILE: ConsentScope.ADDRESSES,
    DocumentKind.APPROVAL_NOTICE: ConsentScope.IMMIGRATION,
    DocumentKind.RECEIPT_NOTICE: ConsentScope.IMMIGRATION,
    DocumentKind.EXIT_PERMIT: ConsentScope.TRAVEL,
    DocumentKind.PROSECUTOR_REPORT: ConsentScope.CASE_FACTS,
    DocumentKind.DIF_REPORT: ConsentScope.CASE_FACTS,
    DocumentKind.PROTECTION_ORDER: ConsentScope.CASE_FACTS,
    DocumentKind.COURT_ORDER: ConsentScope.CASE_FACTS,
    DocumentKind.JUDGMENT: ConsentScope.CASE_FACTS,
    DocumentKind.FINAL_JUDGMENT_CERTIFICATE: ConsentScope.CASE_FACTS,
    DocumentKind.SWORN_STATEMENT: ConsentScope.CASE_FACTS,
}

# Tracks that need a scope beyond CASE_FACTS (a checklist's own need is its template's
# `consent_scope`: the steps of a T-3 checklist are immigration facts).
TRACK_SCOPE: dict[LegalTrack, ConsentScope] = {
    LegalTrack.IMMIGRATION_DERIVATIVE: ConsentScope.IMMIGRATION,
    LegalTrack.VAWA: ConsentScope.IMMIGRATION,
    LegalTrack.MX_MIGRATION_STATUS: ConsentScope.IMMIGRATION,
    LegalTrack.MX_REFUGEE: ConsentScope.IMMIGRATION,
    LegalTrack.US_ASYLUM: ConsentScope.IMMIGRATION,
}

# Names shorter than this are not scrubbed from free text on their own ("Ana" is
# kept as part of a full name; "Luz" alone would hit ordinary words).
MIN_NAME_TOKEN = 3


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

    def allows_checklist(self, template_id: str) -> bool:
        extra = checklist_scope(template_id)
        return self.allows(ConsentScope.CASE_FACTS) and (extra is None or self.allows(extra))

    def allows_track(self, track: LegalTrack) -> bool:
        extra = TRACK_SCOPE.get(track)
        return self.allows(ConsentScope.CASE_FACTS) and (extra is None or self.allows(extra))

    def allows_document(self, kind: DocumentKind) -> bool:
        extra = DOCUMENT_SCOPE.get(kind)
        return self.allows(ConsentScope.DOCUMENTS) and (extra is None or self.allows(extra))


def checklist_scope(template_id: str) -> ConsentScope | None:
    """The scope a checklist's steps need beyond the case facts: its template's."""
    template = tpl.shipped().get(template_id)
    return template.consent_scope if template is not None else None


def withheld() -> str:
    """The visible mark that replaces what the consent does not cover."""
    return _("[withheld]")


@dataclass
class NameScrubber:
    """Removes the names of withheld people from free text (titles, notes, descriptions).

    Full names and each given name or surname are scrubbed, except words that also
    belong to a person who is shown: a withheld father's surname that his shown
    daughter carries reveals nothing the daughter's name does not.
    """

    hidden: list[Person] = field(default_factory=list)
    shown: list[Person] = field(default_factory=list)
    _pattern: re.Pattern[str] | None = None

    def compile(self) -> None:
        kept = {fold(w) for p in self.shown for w in _words(p)}
        phrases: set[str] = set()
        for person in self.hidden:
            full = " ".join(_words(person))
            if full:
                phrases.add(fold(full))
            for alias in person.aliases or []:
                phrases.add(fold(alias))
            phrases.update(
                fold(w) for w in _words(person) if len(w) >= MIN_NAME_TOKEN and fold(w) not in kept
            )
        phrases.discard("")
        if not phrases:
            self._pattern = None
            return
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        # Fold character by character, remembering where each folded char came from,
        # so a match in the folded text maps back to the original exactly.
        folded: list[str] = []
        origin: list[int] = []
        for i, char in enumerate(text):
            piece = fold(char)
            folded.append(piece)
            origin.extend([i] * len(piece))
        flat = "".join(folded)
        out: list[str] = []
        last = 0
        for m in self._pattern.finditer(flat):
            if m.start() == m.end():
                continue
            start, end = origin[m.start()], origin[m.end() - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # a combining accent belongs to the scrubbed letter
            out.append(text[last:start])
            out.append(withheld())
            last = end
        out.append(text[last:])
        return "".join(out)


def _words(person: Person) -> list[str]:
    text = " ".join(
        x for x in (person.given_names, person.paternal_surname, person.maternal_surname) if x
    )
    return [w for w in re.split(r"\s+", text) if w]


def scrubber(hidden: Iterable[Person], shown: Iterable[Person]) -> NameScrubber:
    found = NameScrubber(list(hidden), list(shown))
    found.compile()
    return found
