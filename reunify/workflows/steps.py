"""Pure rules about checklist steps: what blocks a step, what state a person should
see, how far a checklist is, which office apostilles a document, how template texts
are filled. No session here: the read model (`reunify.queries`) gathers the facts
(document kinds of the case, whether the safety plan is approved) in a fixed number
of queries and the operations (`reunify.operations.checklists`) act on the answer."""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import pycountry

from reunify import i18n
from reunify.i18n import N_
from reunify.models import Checklist, ChecklistStep, Document, IssuerLevel, StepState
from reunify.workflows import templates as tpl

FINISHED = (StepState.DONE, StepState.NOT_APPLICABLE)
SAFETY_PLAN_TEMPLATE = "safety_plan"
SAFETY_PLAN_FINAL_STEP = "approved"


# -- context for texts --------------------------------------------------------------


def _state_name(code: str | None) -> str:
    sub = pycountry.subdivisions.get(code=code) if code else None  # type: ignore[no-untyped-call]
    return str(sub.name) if sub is not None else ""


# The office's name in English (the msgid); each catalog has it in its language.
_OFFICES = {
    IssuerLevel.MX_FEDERAL: N_("SEGOB (Ministry of the Interior)"),
    IssuerLevel.MX_STATE: N_("Secretaría General de Gobierno of {state}"),
    IssuerLevel.US_STATE: N_("Secretary of State of {state}"),
    IssuerLevel.US_FEDERAL: N_("US Department of State, Office of Authentications"),
}


def apostille_office(doc: Document) -> tpl.Text:
    """The competent apostille office for a document, from who issued it (DOMAIN.md §6),
    in every language there is a catalog for (the step texts are stored in all)."""
    state = _state_name(doc.issuer_state)
    unknown = N_("to be decided from the issuer")
    message = _OFFICES.get(doc.issuer_level, unknown) if doc.issuer_level else unknown
    return tpl.Text(i18n.in_every_language(message, state=state or N_("the issuing state")))


def fill(text: str, context: dict[str, str]) -> str:
    """Fill {placeholders} we know; leave any other braces as they are."""
    values: defaultdict[str, str] = defaultdict(str, context)
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return text.format_map(values) if names <= set(context) else text


# -- blockers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Blocker:
    """Why a step cannot be completed yet."""

    kind: str  # "dependency" | "safety_plan" | "document" | "manual"
    detail: str  # the step key, the document kind, or the reason typed by a person


def blockers(
    step: ChecklistStep, *, document_kinds: Collection[str], safety_plan_ready: bool
) -> list[Blocker]:
    """Everything that keeps `step` from being done, given the case's facts.

    `document_kinds`: the kinds of the case's documents (DocumentKind values);
    `safety_plan_ready`: whether the case has an approved safety plan.
    """
    found: list[Blocker] = []
    if step.state == StepState.BLOCKED:
        found.append(Blocker("manual", step.state_reason))
    by_key = {s.key: s for s in step.checklist.steps}
    for dep in step.after:
        other = by_key.get(dep)
        if other is not None and other.state not in FINISHED:
            found.append(Blocker("dependency", dep))
    if step.safety_plan and not safety_plan_ready:
        found.append(Blocker("safety_plan", SAFETY_PLAN_TEMPLATE))
    found += [Blocker("document", kind) for kind in step.needs if kind not in document_kinds]
    return found


def effective_state(step: ChecklistStep, found: Collection[Blocker]) -> StepState:
    """What a person should see: an open step with blockers shows as blocked."""
    if step.state not in (StepState.TODO, StepState.IN_PROGRESS):
        return step.state
    return StepState.BLOCKED if found else step.state


def settled_sources(step: ChecklistStep) -> list[ChecklistStep]:
    """Steps whose periods are met now that `step` is finished: a period a step
    started is met once every step waiting on that step is finished (e.g. "Answer
    to the claim", started by service, is met when the answer step is done)."""
    steps = step.checklist.steps
    by_key = {s.key: s for s in steps}
    found = []
    for source_key in step.after:
        source = by_key.get(source_key)
        if source is None:
            continue
        if all(s.state in FINISHED for s in steps if source_key in s.after):
            found.append(source)
    return found


# -- progress -------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    finished: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100


def progress_of(states: Collection[StepState]) -> Progress:
    return Progress(sum(s in FINISHED for s in states), len(states))


def checklist_progress(checklist: Checklist) -> Progress:
    return progress_of([s.state for s in checklist.steps])
