"""Shared machinery of the operations: validation by field, diffs, audit.

Every operation changes rows only through `create` / `update` here (or writes
its own audit event), so nothing reaches the vault without a trace.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from reunify import identifiers as ids
from reunify.errors import NotFound, ValidationError
from reunify.i18n import N_, format_number
from reunify.models import AuditAction, Case, Entity, Person, audit
from reunify.models.base import new_id
from reunify.operations import limits
from reunify.text import disguising, multi_line, nfc, one_line

E = TypeVar("E", bound=Entity)
# Debug level (REUNIFY_LOG_LEVEL=debug): the action and the kind of row, never values.
log = logging.getLogger(__name__)

PROTECTED = frozenset({"id", "created_at", "updated_at"})


def _opt(fn: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """Empty input clears the field instead of failing validation."""

    def wrapped(value: Any, field: str) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return fn(value, field)

    return wrapped


def _language(value: Any, field: str) -> Any:
    """A document's language: as typed ("inglés", "náhuatl") to its code; empty stays empty."""
    return ids.language_code(value, field) if isinstance(value, str) and value.strip() else value


VALIDATORS: dict[str, Callable[[Any, str], Any]] = {
    "curp": _opt(ids.normalize_curp),
    "a_number": _opt(ids.normalize_a_number),
    "receipt_number": _opt(ids.normalize_receipt_number),
    "phone": _opt(ids.normalize_phone),
    "birth_country": _opt(ids.normalize_country),
    "country": _opt(ids.normalize_country),  # addresses, passports
    "issuer_country": _opt(ids.normalize_country),
    "nationalities": lambda v, f: ids.normalize_countries(list(v or []), f),
    "languages": lambda v, f: ids.normalize_languages(list(v or []), f),
    "language": _language,  # a document's
    "mx_state": _opt(lambda v, f: ids.normalize_subdivision(v, "MX", f)),
    "us_state": _opt(lambda v, f: ids.normalize_subdivision(v, "US", f)),
    "birth_record_state": _opt(lambda v, f: ids.normalize_subdivision(v, "MX", f)),
}
# What a form checks while a field is typed, where it differs from the operation's rule:
# the form's check cannot see the other fields (the address's country, a nationality)
# that tell a US number from a Mexican one, so the operation says that on saving.
LIVE_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "phone": _opt(lambda v, f: ids.normalize_phone(v, f, settle=False)),
}


def field_validator(name: str) -> Callable[[Any, str], Any] | None:
    """The rule a field of this name is held to, for a form's check as it is typed:
    the text rules of `clean_text` (length, invisible characters), then its own."""
    rule = LIVE_CHECKS.get(name) or VALIDATORS.get(name)
    checked = rule is not None or any(field == name for _model, field in ROW_RULES)

    def check(value: Any, field: str) -> Any:
        if isinstance(value, str):
            value = clean_text(field, value, checked=checked)
        return rule(value, field) if rule is not None else value

    return check


def _code_or_none(value: object) -> str | None:
    try:
        return ids.normalize_country(str(value))
    except ValidationError:
        return None


def _country_of(row: Mapping[str, Any], field: str, default: str | None) -> str | None:
    """The row's country as a code, if it reads as one (its own rule reports it if not)."""
    value = row.get(field)
    return _code_or_none(value) if value else default


def _state_of_row(
    country_field: str, default: str | None = "MX"
) -> Callable[[Any, str, Mapping[str, Any]], Any]:
    """A state, normalised against the row's own country field ("NY" with US).

    Without a country the state is looked for in every country of
    ids.STATE_COUNTRIES; in a country outside those, a state that is not
    found is kept as typed.
    """

    def rule(value: Any, field: str, row: Mapping[str, Any]) -> Any:
        country = _country_of(row, country_field, default)
        if country is None or country in ids.STATE_COUNTRIES:
            return ids.normalize_subdivision(value, country, field)
        try:
            return ids.normalize_subdivision(value, country, field)
        except ValidationError:
            return value

    return rule


def _where_person_is(row: Mapping[str, Any]) -> list[str | None]:
    """Countries that say which numbering plan a person's phone is in, strongest first:
    the last known address, the other addresses (latest first), then a US birth or
    nationality. A Mexican nationality alone says nothing: many clients live in the US."""
    addresses = sorted(
        row.get("addresses") or [],
        key=lambda a: (not a.is_last_known, -(a.valid_from.toordinal() if a.valid_from else 0)),
    )
    hints: list[str | None] = [a.country for a in addresses]
    born_or_citizen = [row.get("birth_country"), *(row.get("nationalities") or [])]
    if any(_code_or_none(c) == "US" for c in born_or_citizen if c):
        hints.append("US")
    return hints


def _person_phone(value: Any, field: str, row: Mapping[str, Any]) -> Any:
    return ids.normalize_phone(value, field, hints=_where_person_is(row))


def _organisation_phone(value: Any, field: str, row: Mapping[str, Any]) -> Any:
    return ids.normalize_phone(value, field, hints=[_country_of(row, "country", None)])


def _jurisdiction(value: Any, field: str, row: Mapping[str, Any]) -> Any:
    """A court's state: Mexican first (most proceedings are), then a US state by name
    ("California", "Nueva York"), so nobody has to type "US-CA"."""
    for country in ("MX", "US"):
        try:
            return ids.normalize_subdivision(value, country, field)
        except ValidationError:
            continue
    raise ValidationError(
        field,
        N_(
            "“{value}” is not a state of Mexico or of the United States. Write its name "
            "(Puebla, California) or its code (MX-PUE, US-CA)."
        ),
        value=str(value).strip(),
    )


# Rules that need the rest of the row, by (model, field).
ROW_RULES: dict[tuple[str, str], Callable[[Any, str, Mapping[str, Any]], Any]] = {
    ("Address", "state"): _state_of_row("country"),
    ("Apostille", "state"): _state_of_row("country"),
    ("Document", "issuer_state"): _state_of_row("issuer_country", None),
    ("Person", "phone"): _person_phone,
    ("Organisation", "state"): _state_of_row("country"),
    ("Organisation", "phone"): _organisation_phone,
    ("Proceeding", "jurisdiction"): _jurisdiction,
}
# (start, end) date pairs that must not run backwards, by model.
DATE_RANGES: dict[str, tuple[str, str]] = {
    "Address": ("valid_from", "valid_to"),
    "CalendarEntry": ("starts_on", "ends_on"),
}

REQUIRED_TEXT = frozenset({"given_names", "title", "recipient", "purpose", "body", "name", "form"})


def get(session: Session, model: type[E], id_: str) -> E:
    obj = session.get(model, id_)
    if obj is None:
        log.info("%s not found", model.__name__)
        raise NotFound(what=model.__name__)
    return obj


def _columns(model: type[Entity]) -> set[str]:
    return {c.key for c in inspect(model).column_attrs}


def clean_text(
    field: str, value: str, model: type[Entity] | None = None, *, checked: bool = False
) -> str:
    """A typed text as the vault stores it, by the one rule set of reunify.text: a
    multi-line field (limits.MULTILINE) keeps its line breaks, any other is one line.
    Refused, with a sentence for the field: a value over its limit (never cut), and a
    one-line value (a name, title, identifier, label) holding invisible characters that
    can turn it around or make two values look alike. `checked` says the field has a
    rule of its own, so it is not held to its column's length (see limits.limit).
    """
    multiline = field in limits.MULTILINE
    text = multi_line(value) if multiline else one_line(value)
    most = limits.limit(field, model, checked=checked)
    if len(text) > most:
        raise ValidationError(
            field,
            N_("This can be at most {limit} characters long; this text has {count}."),
            limit=format_number(most),
            count=format_number(len(text)),
        )
    hidden = set(disguising(text)) if not multiline else set()
    if hidden:
        raise ValidationError(
            field,
            N_(
                "“{value}” contains invisible characters (shown here as {mark}) that can "
                "change the direction or the look of the text. Type it again instead of "
                "copying and pasting it."
            ),
            value="".join("\ufffd" if i in hidden else c for i, c in enumerate(text)),
            mark="\ufffd",
        )
    return text


def clean(
    model: type[Entity], fields: Mapping[str, Any], current: Entity | None = None
) -> dict[str, Any]:
    """Reject unknown fields, clean text (`clean_text`), run each field's validator,
    check dates.

    `current` is the row being updated, so rules that look at other fields see them
    (and a person's addresses, which tell where the phone number is from). A field
    with a rule in ROW_RULES is held to that rule instead of its VALIDATORS one.
    """
    allowed = _columns(model) - PROTECTED
    row = {**({c: getattr(current, c) for c in allowed} if current is not None else {}), **fields}
    if isinstance(current, Person):
        row["addresses"] = list(current.addresses)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{model.__name__} has no editable field {name!r}")
        value = nfc(value)
        rule = ROW_RULES.get((model.__name__, name))
        checked = rule is not None or name in VALIDATORS
        if type(value) is str:  # not str-valued enums: they must stay enums
            value = clean_text(name, value, model, checked=checked)
        elif isinstance(value, list) and all(type(v) is str for v in value):
            value = [clean_text(name, v, model, checked=checked) for v in value]
        if rule is not None and value not in (None, ""):
            value = rule(value, name, row)
        elif name in VALIDATORS:
            value = VALIDATORS[name](value, name)
        if name in REQUIRED_TEXT and isinstance(value, str) and not value:
            raise ValidationError(name, N_("This field cannot be empty."))
        out[name] = value
    if model.__name__ in DATE_RANGES:
        start_field, end_field = DATE_RANGES[model.__name__]
        start, end = {**row, **out}.get(start_field), {**row, **out}.get(end_field)
        if start and end and end < start:
            raise ValidationError(end_field, N_("The end date is before the start date."))
    return out


def _audit_value(value: Any) -> Any:
    """Coded values go in the trail; free text never does (it may be case content)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return "…"


def case_of(obj: Entity) -> str | None:
    return getattr(obj, "case_id", None) or (obj.id if isinstance(obj, Case) else None)


def create(
    session: Session,
    model: type[E],
    action: AuditAction,
    fields: Mapping[str, Any],
    *,
    audit_case_id: str | None = None,
    **fixed: Any,
) -> E:
    """Validate, insert and audit one row; `fixed` are trusted keys set by the operation."""
    values = clean(model, fields)
    # Rows of earlier operations go to the database first: foreign keys here are plain
    # columns, so the unit of work could not order them. The id is set now, not at
    # flush, so the audit event can name the row; both are written with the next flush.
    session.flush()
    obj = model(**{"id": new_id(), **values, **fixed})
    session.add(obj)
    audit.append(
        session,
        action,
        entity=obj,
        case_id=audit_case_id or case_of(obj),
        details={"fields": {k: _audit_value(v) for k, v in values.items()}},
    )
    log.debug("%s: new %s", action, model.__name__)
    return obj


def update(session: Session, obj: E, action: AuditAction, changes: Mapping[str, Any]) -> E:
    """Apply only real changes; audit which fields changed (coded values only)."""
    values = clean(type(obj), changes, current=obj)
    diff: dict[str, Any] = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            diff[name] = {"from": _audit_value(old), "to": _audit_value(value)}
            setattr(obj, name, value)
    if diff:
        audit.append(session, action, entity=obj, case_id=case_of(obj), details={"changed": diff})
        log.debug("%s: %s, %d field(s) changed", action, type(obj).__name__, len(diff))
    return obj


def delete(session: Session, obj: Entity, action: AuditAction) -> None:
    case_id = case_of(obj)
    audit.append(session, action, entity=obj, case_id=case_id)
    session.delete(obj)
    session.flush()
    log.debug("%s: %s deleted", action, type(obj).__name__)
