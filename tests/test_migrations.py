"""Schema migrations on a real encrypted vault written at an older revision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select

from reunify.models import Base, Checklist, ChecklistStep, Deadline
from reunify.vault import Vault, migrate
from reunify.vault.engine import make_engine
from reunify.vault.kdf import derive_key, new_salt
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.vault

STAMP = "'2025-01-02T00:00:00.000000+00:00'"
CASE = "0b7c6f1e-0000-4000-8000-000000000001"
CHECKLIST = "0b7c6f1e-0000-4000-8000-0000000000c1"
SERVICE, ANSWER = "0b7c6f1e-0000-4000-8000-0000000000s1", "0b7c6f1e-0000-4000-8000-0000000000s2"
FROM_SERVICE, FROM_START, TYPED = (
    "0b7c6f1e-0000-4000-8000-0000000000d1",
    "0b7c6f1e-0000-4000-8000-0000000000d2",
    "0b7c6f1e-0000-4000-8000-0000000000d3",
)
DUE_RULE = {
    "amount": 9,
    "unit": "business_days",
    "from": "done",
    "calendar": "case",
    "basis": "CNPCyF art. 665",
    "title": {"es": "Contestación de la demanda", "en": "Answer to the claim"},
}


def _vault_at_0004(path: Path) -> Engine:
    """A vault as the app before 0005 left it: Spanish and English columns, and deadlines
    whose title was stored in the language of the screen that created them."""
    path.touch(mode=0o600)
    engine = make_engine(path, derive_key(PASSPHRASE, new_salt()))
    migrate.upgrade(engine, "0004")
    with engine.begin() as conn:
        run = conn.exec_driver_sql
        run(
            "INSERT INTO vault_setting (key, value) VALUES ('format', 'reunify-vault-1'), "
            "('operator', 'Lic. Antigua')"
        )
        run(
            "INSERT INTO case_file (id, reference, title, variant, status, safety_level, "
            "confidential_1367, summary, safety_notes, created_at, updated_at) VALUES "
            f"('{CASE}', 'RU-2025-0007', 'Familia Pionera', 'other', 'active', 'high', 0, '', "
            f"'', {STAMP}, {STAMP})"
        )
        run(
            "INSERT INTO checklist (id, case_id, template_id, template_version, title_es, "
            "title_en, started_on, context, created_at, updated_at) VALUES "
            f"('{CHECKLIST}', '{CASE}', 'custody_cnpcyf', 1, 'Custodia (CNPCyF)', "
            f"'Custody (CNPCyF)', '2025-01-02', '{{}}', {STAMP}, {STAMP})"
        )
        for sid, key, pos, es, en, rule in (
            (SERVICE, "service", 0, "Emplazamiento", "Service", json.dumps(DUE_RULE)),
            (ANSWER, "answer", 1, "Contestación", "Answer", "{}"),
        ):
            run(
                "INSERT INTO checklist_step (id, checklist_id, key, position, title_es, title_en, "
                "description_es, description_en, actor, after, needs, produces, safety_plan, "
                "due_rule, state, state_reason, notes, created_at, updated_at) VALUES "
                f"('{sid}', '{CHECKLIST}', '{key}', {pos}, '{es}', '{en}', 'Desc {es}', "
                f"'Desc {en}', 'attorney', '[]', '[]', '[]', 0, '{rule}', 'todo', '', '', "
                f"{STAMP}, {STAMP})"
            )
        for did, title, event, source in (
            (FROM_SERVICE, "Contestación de la demanda", "Emplazamiento", f"'{SERVICE}'"),
            (FROM_START, "Contestación", "Custodia (CNPCyF)", f"'{ANSWER}'"),
            (TYPED, "Audiencia de ratificación", "Auto del juez", "NULL"),
        ):
            run(
                "INSERT INTO deadline (id, case_id, title, trigger_event, trigger_date, amount, "
                "unit, legal_basis, override_reason, status, notes, source_step_id, created_at, "
                f"updated_at) VALUES ('{did}', '{CASE}', '{title}', '{event}', '2025-01-10', 9, "
                f"'business_days', '', '', 'open', '', {source}, {STAMP}, {STAMP})"
            )
        run(f"UPDATE checklist_step SET deadline_id = '{FROM_START}' WHERE id = '{ANSWER}'")
    return engine


def _schema_drift(engine: Engine, tables: set[str]) -> list[object]:
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    return [d for d in diffs if any(t in repr(d) for t in tables)]


def test_0005_texts_become_language_maps(vault_path: Path, tmp_path: Path) -> None:
    _vault_at_0004(vault_path).dispose()
    with Vault.open(vault_path, PASSPHRASE, backup_dir=tmp_path / "pre") as v:
        assert migrate.current_revision(v.engine) == migrate.head_revision()
        with v.session() as s:
            checklist = s.get(Checklist, CHECKLIST)
            assert checklist is not None
            assert checklist.titles == {"es": "Custodia (CNPCyF)", "en": "Custody (CNPCyF)"}
            service, answer = checklist.steps  # no step lost when columns were dropped
            assert service.titles == {"es": "Emplazamiento", "en": "Service"}
            assert service.description("en") == "Desc Service"
            assert answer.deadline_id == FROM_START  # links between rows kept
            # A period started by completing a step: the rule's title, the step as event.
            period = s.get(Deadline, FROM_SERVICE)
            assert period is not None
            assert period.title_in("en") == "Answer to the claim"
            assert period.trigger_event_in("en") == "Service"
            # A period counted from the checklist's start: the step title, the checklist.
            started = s.get(Deadline, FROM_START)
            assert started is not None
            assert started.title_in("en") == "Answer"
            assert started.trigger_event_in("en") == "Custody (CNPCyF)"
            # Typed by a person: one text, whatever the language.
            typed = s.get(Deadline, TYPED)
            assert typed is not None and typed.titles is None and typed.trigger_events is None
            assert typed.title_in("en") == "Audiencia de ratificación"
        assert not _schema_drift(v.engine, {"checklist", "checklist_step", "deadline"})
        assert v.check().ok


def test_0005_downgrade_restores_the_columns(vault_path: Path) -> None:
    engine = _vault_at_0004(vault_path)
    migrate.upgrade(engine)
    with engine.begin() as conn:  # a text only in English, as a template could now have
        conn.exec_driver_sql(
            "UPDATE checklist_step SET titles = ? WHERE id = ?",
            (json.dumps({"en": "Answer only"}), ANSWER),
        )
    with engine.begin() as conn:
        command.downgrade(migrate._config(conn), "0004")
    with engine.connect() as conn:
        steps = conn.exec_driver_sql(
            "SELECT title_es, title_en, description_es FROM checklist_step ORDER BY position"
        ).all()
        checklist = conn.exec_driver_sql("SELECT title_es, title_en FROM checklist").one()
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(deadline)")}
    assert steps == [
        ("Emplazamiento", "Service", "Desc Emplazamiento"),
        ("Answer only", "Answer only", "Desc Contestación"),
    ]
    assert tuple(checklist) == ("Custodia (CNPCyF)", "Custody (CNPCyF)")
    assert not {"titles", "trigger_events"} & columns
    migrate.upgrade(engine)  # and up again
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM checklist_step").scalar()
        titles = conn.exec_driver_sql(
            f"SELECT titles FROM deadline WHERE id = '{FROM_SERVICE}'"
        ).scalar()
    assert count == 2 and json.loads(titles)["en"] == "Answer to the claim"
    engine.dispose()


def test_models_match_the_migrated_schema(vault: Vault) -> None:
    """A new vault (created at head) has exactly the columns the models declare."""
    assert not _schema_drift(vault.engine, {"checklist", "checklist_step", "deadline"})
    with vault.session() as s:
        assert s.scalars(select(ChecklistStep)).all() == []
