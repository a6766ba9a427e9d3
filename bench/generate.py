"""Build a caseload-scale synthetic vault through the real operations.

10,000 cases, 40,000 people, ~150,000 checklist steps, 20,000 documents (200
with 1–5 MB files) and 50,000 notes, in Spanish with accents; deterministic
from the seed. Every name is invented.

    python -m bench.generate --vault /tmp/big.reunify [--cases 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import io
import random
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from reunify import operations as ops
from reunify.invented import NOTES, STATES, invented_name
from reunify.models import (
    CalendarBase,
    CaseStatus,
    CaseVariant,
    ConsentScope,
    CourtCalendar,
    DocumentKind,
    IssuerLevel,
    PartyRole,
    RelationshipKind,
    SafetyLevel,
)
from reunify.operations import checklists
from reunify.vault import Vault

PASSPHRASE = "bench passphrase 2026"
DOC_KINDS = [
    DocumentKind.BIRTH_RECORD,
    DocumentKind.CURP,
    DocumentKind.COURT_ORDER,
    DocumentKind.PROSECUTOR_REPORT,
    DocumentKind.PHOTO,
    DocumentKind.SCHOOL_RECORD,
]


def _person(s: Session, rng: random.Random, female: bool, born: date, state: str) -> object:
    name = invented_name(rng, female=female)
    curp = name.curp(born, state) if rng.random() < 0.6 else None
    return ops.create_person(
        s,
        given_names=name.given,
        paternal_surname=name.paternal,
        maternal_surname=name.maternal,
        birth_date=born,
        sex=name.sex,
        curp=curp,
        languages=["spa"],
    )


def _one_case(s: Session, rng: random.Random, cal: CourtCalendar, file_budget: list[int]) -> None:
    state, curp_state = rng.choice(STATES)
    opened = date(2023, 1, 2) + timedelta(days=rng.randrange(0, 1400))
    mother = _person(
        s,
        rng,
        True,
        date(1975 + rng.randrange(25), rng.randrange(1, 13), rng.randrange(1, 28)),
        curp_state,
    )
    child = _person(
        s,
        rng,
        rng.random() < 0.5,
        date(2008 + rng.randrange(16), rng.randrange(1, 13), rng.randrange(1, 28)),
        curp_state,
    )
    father = _person(
        s,
        rng,
        False,
        date(1970 + rng.randrange(25), rng.randrange(1, 13), rng.randrange(1, 28)),
        curp_state,
    )
    other = _person(s, rng, rng.random() < 0.5, date(1950 + rng.randrange(40), 1, 1), curp_state)
    case = ops.create_case(
        s,
        title=f"Familia {mother.paternal_surname} {mother.maternal_surname}",  # type: ignore[attr-defined]
        variant=rng.choice(list(CaseVariant)),
        status=rng.choice(list(CaseStatus)),
        safety_level=rng.choice(list(SafetyLevel)),
        mx_state=state,
        opened_on=opened,
        summary=rng.choice(NOTES),
    )
    ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)  # type: ignore[arg-type]
    ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)  # type: ignore[arg-type]
    ops.link_person(s, case, father, PartyRole.OTHER_PARENT)  # type: ignore[arg-type]
    ops.link_person(s, case, other, PartyRole.CAREGIVER, linked_to_trafficker=rng.random() < 0.3)  # type: ignore[arg-type]
    ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)  # type: ignore[arg-type]
    ops.add_relationship(s, father, RelationshipKind.FATHER, child)  # type: ignore[arg-type]
    docs = []
    for _ in range(2):
        kind = rng.choice(DOC_KINDS)
        doc = ops.add_document(
            s,
            case,
            kind=kind,
            title=f"{kind.value.replace('_', ' ').capitalize()} de {child.given_names}",  # type: ignore[attr-defined]
            issuer="Registro Civil",
            issuer_level=IssuerLevel.MX_STATE,
            issuer_state=f"MX-{state}",
            issued_on=opened + timedelta(days=rng.randrange(0, 200)),
        )
        if file_budget[0] > 0 and rng.random() < 0.02:
            file_budget[0] -= 1
            size = rng.randrange(1, 6) * (1 << 20)
            ops.attach_stream(s, doc, io.BytesIO(rng.randbytes(size)), "escaneo.pdf")
        docs.append(doc)
    locate = checklists.start_checklist(s, case, "locate_child", started_on=opened)
    plan = checklists.start_checklist(s, case, "safety_plan", started_on=opened)
    if rng.random() < 1 / 3:
        checklists.start_checklist(
            s, case, "apostille", document=docs[0], started_on=opened, calendar=cal
        )
    for step in plan.steps[: rng.randrange(0, 6)]:
        checklists.complete_step(s, step, on=opened + timedelta(days=3))
    for step in locate.steps[: rng.randrange(0, 3)]:  # intake, then identifiers
        checklists.complete_step(s, step, on=opened + timedelta(days=5))
    for _ in range(5):
        ops.add_note(s, case, rng.choice(NOTES))


def _bundle_case(s: Session, rng: random.Random) -> None:
    """One case with 40 documents (20 with files) for the export benchmark."""
    case = ops.create_case(
        s, title="Familia Cuarenta Documentos", status=CaseStatus.ACTIVE, opened_on=date(2026, 1, 5)
    )
    mother = _person(s, rng, True, date(1990, 3, 4), "PL")
    ops.link_person(s, case, mother, PartyRole.CLIENT)  # type: ignore[arg-type]
    for i in range(40):
        doc = ops.add_document(
            s,
            case,
            kind=rng.choice(DOC_KINDS),
            title=f"Documento {i + 1} — expedición",
            issued_on=date(2026, 1, 5),
        )
        if i % 2 == 0:
            ops.attach_stream(s, doc, io.BytesIO(rng.randbytes(200_000)), f"doc-{i + 1}.pdf")
    ops.record_consent(
        s,
        case,
        recipient="US counsel (bench)",
        purpose="bench",
        scope=list(ConsentScope),
        given_on=date(2026, 1, 1),
        expires_on=date(2036, 1, 1),
    )


def generate(path: Path, cases: int, seed: int, batch: int = 50) -> None:
    rng = random.Random(seed)
    vault = Vault.create(path, PASSPHRASE, operator="Lic. Benchmark")
    started = time.perf_counter()
    file_budget = [200]
    try:
        with vault.session() as s:
            cal = ops.create_calendar(s, name="TSJ Benchmark", base=CalendarBase.MX_FEDERAL)
            cal_id = cal.id
            _bundle_case(s, rng)
        done = 0
        while done < cases:
            with vault.session() as s:
                cal = s.get(CourtCalendar, cal_id)
                assert cal is not None
                for _ in range(min(batch, cases - done)):
                    _one_case(s, rng, cal, file_budget)
                    done += 1
            if done % 1000 == 0:
                rate = done / (time.perf_counter() - started)
                print(f"{done:6d} cases, {rate:5.1f} cases/s", flush=True)
    finally:
        vault.close()
    print(f"generated {cases} cases in {time.perf_counter() - started:.0f} s: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.vault.exists():
        parser.error(f"{args.vault} exists")
    generate(args.vault, args.cases, args.seed)


if __name__ == "__main__":
    main()
