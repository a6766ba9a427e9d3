"""Checklist templates: TOML data files shipped in the package, loaded and validated.

A template has an id, a version, texts, a scope (case, document or person) and
steps with an actor, dependencies (`after`), the document kinds a step needs and
produces, whether it needs a safety plan first, and an optional due-date rule.
Dependencies may only name earlier steps, so a template that loads has no cycles.

Texts are `{language: text}` maps (`Text`): every text in a template file needs
`es` and `en`; any other language is optional there. A further language is
added without touching the template files: a translation file next to its
gettext catalog, `reunify/locales/<lang>/templates.toml`, keyed by template id
and step key, merged at load::

    [locate_child]
    title = "Localiser l'enfant"
    description = "…"

    [locate_child.steps.intake]
    title = "Entretien initial"
    description = "…"
    due_title = "…"          # the step's deadline title, if its due rule has one

Any entry may be left out (that text falls back to English, then Spanish); an
unknown template id, step key or field is an error, so a typo does not go
unnoticed. Placeholders such as `{office}` stay as they are.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from reunify import i18n
from reunify.models.enums import ConsentScope, DeadlineUnit, DocumentKind
from reunify.resources import package_path

TEMPLATE_DIR = package_path("workflows", "templates")
REQUIRED_LANGUAGES = ("es", "en")  # every template file has these; others are optional
TRANSLATION_FILE = "templates.toml"  # in reunify/locales/<lang>/
SCOPES = ("case", "document", "person")
# "birth": the birth date of the person a person-scoped checklist is about (an age-out).
DUE_FROM = ("start", "trigger", "done", "birth")
# "case": the checklist's court calendar; "amparo": Ley de Amparo art. 19's days;
# "consulate": a Mexican consulate in the US (Mexican and US holidays).
DUE_CALENDARS = ("case", "lft", "us", "amparo", "consulate")
ACTORS = frozenset(
    {
        "attorney", "client", "court", "dif", "prosecutor", "consulate", "sre", "inm", "segob",
        "civil_registry", "state_government", "notary", "translator", "us_counsel", "uscis",
        "us_consulate", "iom", "cps", "respondent", "comar", "us_court", "nvc", "ceav",
        "ppnna", "police",
    }
)  # fmt: skip


STEP_FIELDS = {
    "key", "title", "description", "actor", "after", "needs", "produces", "safety_plan", "due",
    "only_if",
}  # fmt: skip
DUE_FIELDS = {"amount", "unit", "from", "calendar", "basis", "title"}
TEMPLATE_FIELDS = {
    "id", "version", "scope", "title", "description", "steps", "trigger", "consent_scope",
}  # fmt: skip


class TemplateError(ValueError):
    """A template file is malformed; the message names the file and the problem."""


class Text(Mapping[str, str]):
    """A text in several languages, `{language: text}`; immutable.

    `get(language)` always answers: the language asked for, else English, else
    Spanish, else any language it has (`reunify.i18n.in_language`).
    """

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str] | None = None, /, **by_language: str) -> None:
        self._texts = {**(texts or {}), **by_language}

    def __getitem__(self, language: str) -> str:
        return self._texts[language]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts.items()))

    def __repr__(self) -> str:
        return f"Text({self._texts!r})"

    def get(self, language: str, default: object = None) -> str:
        """The text to show in `language`, with the fallback above ("" when empty; `default`
        is only there to keep Mapping's signature)."""
        return i18n.in_language(self._texts, language)

    def merged(self, other: Mapping[str, str]) -> Text:
        """This text with `other`'s languages added (or replaced)."""
        return Text({**self._texts, **other})

    def as_dict(self) -> dict[str, str]:
        return dict(self._texts)


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
            data["title"] = self.title.as_dict()
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
    # An earlier step this one only happens after: marking that one "not applicable"
    # (no appeal was filed) marks this one too (no appellate ruling, no amparo).
    only_if: str | None = None


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    scope: str
    title: Text
    description: Text
    steps: tuple[StepTemplate, ...] = field(default_factory=tuple)
    source: str = ""
    # What the checklist's trigger date is ("the day she entered Mexico"); a template
    # with a rule counted from the trigger must say, so the form can ask for it.
    trigger: Text | None = None
    # What a bundle's consent must cover, besides the case facts, for the checklist's
    # steps to be shown (a T-3's steps are immigration facts); None: the case facts.
    consent_scope: ConsentScope | None = None


def _text(raw: Any, where: str) -> Text:
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}: expected a table with es and en")
    missing = [lang for lang in REQUIRED_LANGUAGES if not str(raw.get(lang, "")).strip()]
    if missing:
        raise TemplateError(f"{where}: missing text in {', '.join(missing)}")
    return Text({str(lang): str(text).strip() for lang, text in raw.items() if str(text).strip()})


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
    _only(raw, DUE_FIELDS, where)
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
    _only(data, TEMPLATE_FIELDS, where)
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
        _only(raw, STEP_FIELDS, swhere)
        if not key or key in seen:
            raise TemplateError(f"{swhere}: step keys must be present and unique")
        after = tuple(raw.get("after", ()))
        for dep in after:
            if dep not in seen:
                raise TemplateError(f"{swhere}: depends on {dep!r}, which is not an earlier step")
        only_if = raw.get("only_if")
        if only_if is not None and only_if not in seen:
            raise TemplateError(f"{swhere}: only_if {only_if!r} is not an earlier step")
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
                only_if=only_if,
            )
        )
        seen.add(key)
    if not steps:
        raise TemplateError(f"{where}: a template needs at least one step")
    trigger = _text(data["trigger"], f"{where}.trigger") if "trigger" in data else None
    if trigger is None and any(s.due is not None and s.due.start == "trigger" for s in steps):
        raise TemplateError(
            f"{where}: a due rule counts from the trigger date; name that date with "
            'trigger = { es = "…", en = "…" } (e.g. the day she entered Mexico)'
        )
    try:
        consent = ConsentScope(data["consent_scope"]) if "consent_scope" in data else None
    except ValueError:
        raise TemplateError(f"{where}: consent_scope must be one of {list(ConsentScope)}") from None
    return Template(
        id=tid,
        version=version,
        scope=scope,
        title=_text(data.get("title"), f"{where}.title"),
        description=_text(data.get("description"), f"{where}.description"),
        steps=tuple(steps),
        source=source,
        trigger=trigger,
        consent_scope=consent,
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


# -- translations of templates into further languages -----------------------------------


def _overlay_text(text: Text, raw: Any, language: str, where: str) -> Text:
    if not isinstance(raw, str) or not raw.strip():
        raise TemplateError(f"{where}: expected a non-empty string")
    return text.merged({language: raw.strip()})


def _only(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise TemplateError(f"{where}: unknown entr{'y' if len(unknown) == 1 else 'ies'} {unknown}")


def _text_changes(
    item: Template | StepTemplate, raw: Mapping[str, Any], language: str, where: str
) -> dict[str, Any]:
    """The title and description of `item` with one language's texts from `raw` added."""
    return {
        name: _overlay_text(getattr(item, name), raw[name], language, where)
        for name in ("title", "description", "trigger")
        if name in raw and getattr(item, name, None) is not None
    }


def _translate_step(step: StepTemplate, raw: Any, language: str, where: str) -> StepTemplate:
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}: expected a table")
    _only(raw, {"title", "description", "due_title"}, where)
    changes = _text_changes(step, raw, language, where)
    if "due_title" in raw:
        if step.due is None or step.due.title is None:
            raise TemplateError(f"{where}.due_title: the step's due rule has no title")
        title = _overlay_text(step.due.title, raw["due_title"], language, where)
        changes["due"] = replace(step.due, title=title)
    return replace(step, **changes)


def translate(template: Template, raw: Any, language: str, where: str) -> Template:
    """`template` with the texts of one entry of a translation file added."""
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}: expected a table")
    _only(raw, {"title", "description", "steps", "trigger"}, where)
    changes = _text_changes(template, raw, language, where)
    raw_steps = raw.get("steps", {})
    if not isinstance(raw_steps, dict):
        raise TemplateError(f"{where}.steps: expected a table keyed by step")
    _only(raw_steps, {s.key for s in template.steps}, f"{where}.steps")
    changes["steps"] = tuple(
        _translate_step(s, raw_steps[s.key], language, f"{where}.steps.{s.key}")
        if s.key in raw_steps
        else s
        for s in template.steps
    )
    return replace(template, **changes)


def apply_translations(templates: dict[str, Template], path: Path, language: str) -> None:
    """Merge one language's translation file into `templates` (in place)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{language}/{path.name}: {exc}") from None
    _only(data, set(templates), f"{language}/{path.name}")
    for tid, raw in data.items():
        templates[tid] = translate(templates[tid], raw, language, f"{language}/{path.name} [{tid}]")


def translation_files(locale_dir: Path) -> dict[str, Path]:
    """`{language: path}` of every `<lang>/templates.toml` under the catalogs' folder."""
    if not locale_dir.is_dir():
        return {}
    return {p.parent.name: p for p in sorted(locale_dir.glob(f"*/{TRANSLATION_FILE}"))}


def load(folder: Path, locale_dir: Path) -> dict[str, Template]:
    """Templates in `folder` with every language's translations from `locale_dir`."""
    templates = load_dir(folder)
    for language, path in translation_files(locale_dir).items():
        apply_translations(templates, path, language)
    return templates


@cache
def _shipped(
    folder: Path, locale_dir: Path, _stamp: tuple[tuple[str, float], ...]
) -> dict[str, Template]:
    return load(folder, locale_dir)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def shipped() -> dict[str, Template]:
    """The templates that come with reunify, in every language they are translated into;
    validated once, and again only when a translation file comes, goes or changes."""
    stamp = tuple((lang, _mtime(p)) for lang, p in translation_files(i18n.LOCALE_DIR).items())
    return _shipped(TEMPLATE_DIR, i18n.LOCALE_DIR, stamp)


def get(template_id: str) -> Template:
    try:
        return shipped()[template_id]
    except KeyError:
        raise TemplateError(f"unknown template {template_id!r}") from None
