"""How long a typed value may be, and which fields hold more than one line: data, so a
new field needs a line here rather than a new rule somewhere.

A value over its limit is refused with its length, never cut: a name cut at 200
characters is a different name, and the person would not notice. Limits stay at or
below the models' String(n) lengths (`limit` caps an entry at its column, and a test
holds every entry to them), so a value the vault accepts fits every export.
"""

from __future__ import annotations

from sqlalchemy import String, inspect

from reunify.models import Entity

NAME = 200  # a person's, an organisation's, a calendar's name
TITLE = 300  # a case, a document, a deadline
IDENTIFIER = 40  # references, numbers on a document, form names
LINE = 500  # any other one-line text
LONG_TEXT = 100_000  # notes, descriptions, reasons: about 40 printed pages

# Fields typed in a multi-line box (QPlainTextEdit): line breaks and tabs are kept.
MULTILINE = frozenset(
    {
        "body",
        "description",
        "exception_reason",  # ASFA: kept as the TPR deadline's notes
        "medical_needs",
        "notes",
        "override_reason",
        "physical_description",
        "revocation_note",
        "safety_notes",
        "state_reason",
        "reason",  # a step done on an earlier day: stored as state_reason
        "summary",
    }
)

# By field name (the operations' keyword, and ValidationError.field). A field that is
# not listed gets LINE, or LONG_TEXT if it is multi-line.
LIMITS: dict[str, int] = {
    # names
    "given_names": NAME,
    "paternal_surname": 120,
    "maternal_surname": 120,
    "aliases": NAME,  # each
    "name": NAME,
    "translator_name": NAME,
    "translator_registry": NAME,
    "us_counsel": NAME,
    "position": NAME,
    "operator": NAME,  # a setting: the attorney's name on the bundle
    "authority_name": TITLE,
    "authority": TITLE,
    "issuer": TITLE,
    "recipient": TITLE,
    "escort": TITLE,
    # titles and labels
    "title": TITLE,
    "label": NAME,
    "trigger_event": TITLE,
    "legal_basis": TITLE,
    "kind": NAME,  # a protection measure's kind, typed
    "stage": 80,
    "filename": TITLE,
    # identifiers (a CURP, an A-number, a receipt or a phone has its own rule as well)
    "reference": IDENTIFIER,
    "curp": IDENTIFIER,
    "a_number": IDENTIFIER,
    "receipt_number": IDENTIFIER,
    "phone": IDENTIFIER,
    "file_number": 80,
    "number": IDENTIFIER,
    "form": IDENTIFIER,
    "category": 20,
    "ds160_confirmation": IDENTIFIER,
    "i94_number": 20,
    "postal_code": 12,
    "birth_record_office": 60,
    "birth_record_book": 60,
    "birth_record_number": 60,
    "birth_record_municipality": 120,
    "consular_post": 120,
    # one-line text
    "purpose": LINE,
    "verification": LINE,
    "contact": LINE,  # a setting
    "backup_dir": 4096,  # a setting: a folder path (PATH_MAX on Linux)
}


def _column_length(model: type[Entity] | None, field: str) -> int | None:
    if model is None:
        return None
    column = inspect(model).columns.get(field)
    if column is None or not isinstance(column.type, String):
        return None
    return column.type.length


def limit(field: str, model: type[Entity] | None = None, *, checked: bool = False) -> int:
    """The most characters `field` may hold. `checked` fields have a rule of their own
    (a CURP, a country typed as its name) that says more than a length could, and
    normalise to a short code, so only the table's limit holds them, not the column's."""
    allowed = LIMITS.get(field, LONG_TEXT if field in MULTILINE else LINE)
    length = None if checked else _column_length(model, field)
    return min(allowed, length) if length else allowed
