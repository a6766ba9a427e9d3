"""Checklist templates: TOML data files shipped in the package, loaded and validated.

A template has an id, a version, Spanish and English texts, a scope (case,
document or person) and steps with an actor, dependencies (`after`), the
document kinds a step needs and produces, whether it needs a safety plan first,
and an optional due-date rule. Dependencies may only name earlier steps, so a
template that loads has no cycles.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reunify.models.enums import DeadlineUnit, DocumentKind
from reunify.resources import package_path

TEMPLATE_DIR = package_path("workflows", "templates")
LANGUAGES = ("es", "en")
SCOPES = ("case", "document", "person")
DUE_FROM = ("start", "trigger", "done")
DUE_CALENDARS = ("case", "lft", "us")
ACTORS = frozenset(
    {
        "attorney", "client", "court", "dif", "prosecutor", "consulate", "sre", "inm", "segob",
        "civil_registry", "state_government", "notary", "translator", "us_counsel", "uscis",
        "us_consulate", "iom", "cps",
    }
)  # fmt: skip


class TemplateError(ValueError):
    """A template file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Text:
    es: str
    en: str


@dataclass(frozen=True)
class DueRule:
    amount: int
    unit: DeadlineUnit
    start: str  # "start" | "trigger" | "done"
    calendar: str
    basis: str
    title: Text | None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "amount": self.amount,
            "unit": self.unit.value,
            "from": self.start,
            "calendar": self.calendar,
            "basis": self.basis,
        }
        if self.title is not None:
            data["title"] = {"es": self.title.es, "en": self.title.en}
        return data


@dataclass(frozen=True)
class StepTemplate:
    key: str
    title: Text
    description: Text
    actor: str
    after: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()
    safety_plan: bool = False
    due: DueRule | None = None


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    scope: str
    title: Text
    description: Text
    steps: tuple[StepTemplate, ...] = field(default_factory=tuple)
    source: str = ""


def _text(raw: Any, where: str) -> Text:
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}: expected a table with es and en")
    missing = [lang for lang in LANGUAGES if not str(raw.get(lang, "")).strip()]
    if missing:
        raise TemplateError(f"{where}: missing text in {', '.join(missing)}")
    return Text(es=str(raw["es"]).strip(), en=str(raw["en"]).strip())


def _kinds(raw: Any, where: str) -> tuple[str, ...]:
    values = tuple(raw or ())
    known = {k.value for k in DocumentKind}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise TemplateError(f"{where}: unknown document kind(s) {unknown}")
    return values


def _due(raw: Any, where: str) -> DueRule | None:
    if raw is None:
        return None
    try:
        unit = DeadlineUnit(raw["unit"])
        amount = int(raw["amount"])
    except (KeyError, ValueError, TypeError) as exc:
        raise TemplateError(f"{where}: due needs amount and a valid unit ({exc})") from None
    start = raw.get("from", "done")
    calendar = raw.get("calendar", "case")
    if start not in DUE_FROM or calendar not in DUE_CALENDARS or amount < 0:
        raise TemplateError(f"{where}: due.from must be {DUE_FROM}, calendar {DUE_CALENDARS}")
    title = _text(raw["title"], f"{where}.title") if "title" in raw else None
    return DueRule(amount, unit, start, calendar, str(raw.get("basis", "")), title)


def parse(data: dict[str, Any], source: str) -> Template:
    """Build and validate one template; raises TemplateError naming what is wrong."""
    tid = str(data.get("id", "")).strip()
    if not tid:
        raise TemplateError(f"{source}: no id")
    where = f"{source} ({tid})"
    scope = data.get("scope", "case")
    if scope not in SCOPES:
        raise TemplateError(f"{where}: scope must be one of {SCOPES}")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise TemplateError(f"{where}: version must be a positive integer")
    steps: list[StepTemplate] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("steps", [])):
        key = str(raw.get("key", "")).strip()
        swhere = f"{where} step {i + 1} ({key})"
        if not key or key in seen:
            raise TemplateError(f"{swhere}: step keys must be present and unique")
        after = tuple(raw.get("after", ()))
        for dep in after:
            if dep not in seen:
                raise TemplateError(f"{swhere}: depends on {dep!r}, which is not an earlier step")
        actor = raw.get("actor", "attorney")
        if actor not in ACTORS:
            raise TemplateError(f"{swhere}: unknown actor {actor!r}")
        steps.append(
            StepTemplate(
                key=key,
                title=_text(raw.get("title"), f"{swhere}.title"),
                description=_text(raw.get("description"), f"{swhere}.description"),
                actor=actor,
                after=after,
                needs=_kinds(raw.get("needs"), f"{swhere}.needs"),
                produces=_kinds(raw.get("produces"), f"{swhere}.produces"),
                safety_plan=bool(raw.get("safety_plan", False)),
                due=_due(raw.get("due"), f"{swhere}.due"),
            )
        )
        seen.add(key)
    if not steps:
        raise TemplateError(f"{where}: a template needs at least one step")
    return Template(
        id=tid,
        version=version,
        scope=scope,
        title=_text(data.get("title"), f"{where}.title"),
        description=_text(data.get("description"), f"{where}.description"),
        steps=tuple(steps),
        source=source,
    )


def load_file(path: Path) -> Template:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path.name}: {exc}") from None
    return parse(data, path.name)


def load_dir(folder: Path) -> dict[str, Template]:
    templates: dict[str, Template] = {}
    for path in sorted(folder.glob("*.toml")):
        template = load_file(path)
        if template.id in templates:
            raise TemplateError(f"{path.name}: duplicate template id {template.id!r}")
        templates[template.id] = template
    return templates


@cache
def shipped() -> dict[str, Template]:
    """The templates that come with reunify (validated once per process)."""
    return load_dir(TEMPLATE_DIR)


def get(template_id: str) -> Template:
    try:
        return shipped()[template_id]
    except KeyError:
        raise TemplateError(f"unknown template {template_id!r}") from None
