"""The page a reviewing lawyer reads to trust the app: every shipped template, the
legal track and kind of case that start it, its steps in order with who acts, and
every deadline rule with its period, start, calendar and legal basis.

Generated from the template files themselves (`make docs` writes
docs/templates.md in English and docs/plantillas.md in Spanish; a test fails when
they are stale), so the page never says something the app does not do.

    python -m reunify.workflows.reference --lang es > docs/plantillas.md
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from reunify import i18n
from reunify.i18n import N_, _
from reunify.labels import code_label, label
from reunify.models.enums import DocumentKind
from reunify.workflows import templates as tpl
from reunify.workflows.describe import period_text
from reunify.workflows.usual import TRACK_CHECKLISTS, VARIANT_CHECKLISTS

PAGES = {"en": "docs/templates.md", "es": "docs/plantillas.md"}

_FROM = {
    "start": N_("from the day the checklist starts"),
    "trigger": N_("from the checklist's trigger date"),
    "done": N_("from the day this step is done (or notified)"),
    "birth": N_("from the person's birth date"),
}
_CALENDAR = {
    "case": N_("the court's calendar chosen for the checklist"),
    "lft": N_("LFT art. 74 holidays"),
    "us": N_("US federal holidays"),
    "amparo": N_("Ley de Amparo art. 19 days"),
    "consulate": N_("Mexican consulate (Mexican and US holidays)"),
}
_SCOPE = {
    "case": N_("the case"),
    "person": N_("one person (usually the child)"),
    "document": N_("one document"),
}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _rule(rule: tpl.DueRule, language: str) -> str:
    period = period_text(rule.amount, rule.unit)
    parts = [f"**{period}** {_(_FROM[rule.start])}"]
    if rule.unit.value == "business_days":
        parts.append(_("counted on {calendar}").format(calendar=_(_CALENDAR[rule.calendar])))
    if rule.title is not None:
        parts.insert(0, f"“{rule.title.get(language)}”:")
    if rule.basis:
        parts.append(f"({rule.basis})")
    return " ".join(parts)


def _started_by(template_id: str) -> str:
    """Which legal tracks and kinds of case tick this template in the new-case form."""
    tracks = [label(track) for track, ids in TRACK_CHECKLISTS.items() if template_id in ids]
    kinds = [label(kind) for kind, ids in VARIANT_CHECKLISTS.items() if template_id in ids]
    parts = []
    if tracks:
        parts.append(_("track: {names}").format(names=", ".join(tracks)))
    if kinds:
        parts.append(_("kind of case: {names}").format(names=", ".join(kinds)))
    return "; ".join(parts) or "—"


def _placeholders(text: str) -> str:
    """ "{office}" is filled when the checklist starts; here it reads "[office]"."""
    return text.replace("{", "[").replace("}", "]")


def _steps_table(template: tpl.Template, language: str) -> Iterable[str]:
    yield (
        "| # | "
        + " | ".join((_("Step"), _("Who acts"), _("After"), _("Deadline it starts")))
        + " |"
    )
    yield "|---|---|---|---|---|"
    keys = {s.key: i + 1 for i, s in enumerate(template.steps)}
    for number, step in enumerate(template.steps, start=1):
        after = ", ".join(str(keys[k]) for k in step.after)
        if step.only_if:
            after += " " + _("(only if {n} happened)").format(n=keys[step.only_if])
        notes = []
        if step.safety_plan:
            notes.append(_("safety plan first"))
        if step.needs:
            kinds = ", ".join(label(DocumentKind(k)) for k in step.needs)
            notes.append(_("needs: {kinds}").format(kinds=kinds))
        title = _placeholders(step.title.get(language))
        title += f" ({'; '.join(notes)})" if notes else ""
        due = _rule(step.due, language) if step.due else ""
        actor = code_label("Actor", step.actor)
        yield f"| {number} | {_cell(title)} | {actor} | {after.strip()} | {_cell(due)} |"


def render(language: str) -> str:
    """The whole page in `language`."""
    templates = sorted(tpl.shipped().values(), key=lambda t: t.title.get(language).casefold())
    with i18n.override(language):
        lines = [
            "# " + _("Workflow templates: steps, deadlines and legal sources"),
            "",
            _(
                "Generated from reunify/workflows/templates/*.toml by `make docs`; do not edit "
                "by hand. Every step, period and calendar is data the attorney can check here. "
                "Facts marked (?) are unconfirmed: check them before relying on them. Business "
                "days skip weekends, the calendar's holidays and its vacation periods, and start "
                "the day after the event (CNPCyF art. 227). Nothing here is legal advice."
            ),
            "",
            "| " + " | ".join(
                (_("Template"), _("About"), _("Started by"), _("Steps"), _("Deadline rules"))
            ) + " |",
            "|---|---|---|---|---|",
        ]  # fmt: skip
        for t in templates:
            rules = sum(1 for s in t.steps if s.due)
            started = _started_by(t.id)
            link = f"[{_cell(t.title.get(language))}](#{t.id.replace('_', '-')})"
            about = _(_SCOPE[t.scope])
            lines.append(f"| {link} | {about} | {_cell(started)} | {len(t.steps)} | {rules} |")
        for t in templates:
            lines += [
                "",
                f'<a id="{t.id.replace("_", "-")}"></a>',
                "",
                f"## {t.title.get(language)}",
                "",
                _("Template `{id}`, version {version}, about {scope}.").format(
                    id=t.id, version=t.version, scope=_(_SCOPE[t.scope])
                ),
                "",
                _placeholders(t.description.get(language)),
                "",
                *_steps_table(t, language),
            ]
        return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(PAGES), default="en")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
