"""A new case as the attorney first hears of it, in one action: the family, the mother,
the child, the kind of case, its legal tracks and the checklists it usually needs.

One transaction: a refused field leaves nothing half-created (no case without its
mother, no mother without her case). Field errors name the form's own field
("mother_phone"), so the form shows each beside the right input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_, current_language
from reunify.models import Case, LegalTrack, PartyRole, Person
from reunify.operations.cases import create_case
from reunify.operations.checklists import start_checklist
from reunify.operations.people import create_person, link_person, relate
from reunify.workflows import templates as tpl

PERSON_KEYS = (
    "given_names", "paternal_surname", "maternal_surname", "sex", "birth_date",
    "birth_country", "phone", "languages",
)  # fmt: skip


@dataclass
class Intake:
    """What the new-case form gathered. `mother`/`child`: create_person keywords."""

    case: dict[str, Any]
    mother: dict[str, Any]
    child: dict[str, Any] = field(default_factory=dict)
    tracks: list[LegalTrack] = field(default_factory=list)
    checklists: list[str] = field(default_factory=list)


def _person(session: Session, values: dict[str, Any], prefix: str) -> Person:
    try:
        return create_person(session, **values)
    except ValidationError as exc:
        raise ValidationError(prefix + exc.field, exc.message, **exc.params) from exc


def _named(values: dict[str, Any], prefix: str) -> bool:
    """A person is entered when any of her fields is; then her given names are needed."""
    if not any(v not in (None, "", []) for v in values.values()):
        return False
    if not str(values.get("given_names") or "").strip():
        raise ValidationError(prefix + "given_names", N_("This field cannot be empty."))
    return True


# A case's title is case data, not screen text: the family as the Mexican court file
# and the case list name it, the same whichever language the screen was in.
FAMILY_TITLE = "Familia {surnames}"


def family_title(mother: dict[str, Any]) -> str:
    """ "Familia Quechol Tepatl" from the mother's surnames, when no title was typed."""
    surnames = [mother.get(k) or "" for k in ("paternal_surname", "maternal_surname")]
    names = " ".join(s.strip() for s in surnames if s.strip())
    return FAMILY_TITLE.format(surnames=names) if names else ""


def open_case(session: Session, intake: Intake) -> Case:
    """Create the case with its people and start the chosen checklists (person-scoped
    ones about the child); returns the case, flushed, not committed."""
    values = {k: v for k, v in intake.case.items() if v not in (None, "")}
    values["title"] = values.get("title") or family_title(intake.mother)
    if not values["title"]:
        raise ValidationError("title", N_("This field cannot be empty."))
    case = create_case(session, tracks=list(intake.tracks), **values)
    mother: Person | None = None
    child: Person | None = None
    if _named(intake.mother, "mother_"):
        mother = _person(session, intake.mother, "mother_")
        link_person(session, case, mother, PartyRole.CLIENT)
    if _named(intake.child, "child_"):
        child = _person(session, intake.child, "child_")
        link_person(session, case, child, PartyRole.CHILD)
        if mother is not None:
            relate(session, mother, "mother_of", child)
    for template_id in intake.checklists:
        scope = tpl.get(template_id).scope
        if scope == "document":
            continue  # needs a document: started from the Documents tab
        if scope == "person" and child is None:
            raise ValidationError(
                "checklists",
                N_("“{checklist}” is about the child: enter the child's name, or untick it."),
                checklist=tpl.get(template_id).title.get(current_language()),
            )
        start_checklist(session, case, template_id, person=child if scope == "person" else None)
    session.flush()
    return case
