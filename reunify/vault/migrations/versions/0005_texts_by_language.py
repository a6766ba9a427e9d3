"""Texts as {language: text} maps: checklist and step titles and descriptions in one
JSON column each; deadlines from a template keep their title and trigger event in
every language, so they are shown in the language of the screen or bundle.

Existing rows: the Spanish and English columns become the maps; a deadline that
came from a step gets its maps from that step's due rule (or title) and, for its
trigger event, from the step (periods counted from its completion) or the
checklist (periods counted from its start or trigger day).

Columns are added and dropped with SQLite's own ALTER TABLE instead of Alembic's
batch copy: copying `checklist` or `deadline` means dropping the old table, and
with foreign keys on that deletes every step (ON DELETE CASCADE) or unlinks
every step's deadline (SET NULL). None of the dropped columns is indexed or
constrained, which ALTER TABLE DROP COLUMN needs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

import json
from typing import Any

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Old column pairs -> the new map column, per table.
_MAPS = {
    "checklist": {"titles": ("title_es", "title_en", "VARCHAR(300)")},
    "checklist_step": {
        "titles": ("title_es", "title_en", "TEXT"),
        "descriptions": ("description_es", "description_en", "TEXT"),
    },
}


def _map(raw: Any) -> dict[str, str]:
    data = json.loads(raw) if isinstance(raw, str) else raw
    return {str(k): str(v) for k, v in (data or {}).items() if v}


def _json(texts: dict[str, str]) -> str | None:
    return json.dumps(texts, ensure_ascii=False) if texts else None


def upgrade() -> None:
    for table, columns in _MAPS.items():
        for new, (es, en, _type) in columns.items():
            op.execute(f"ALTER TABLE {table} ADD COLUMN {new} JSON NOT NULL DEFAULT '{{}}'")
            op.execute(f"UPDATE {table} SET {new} = json_object('es', {es}, 'en', {en})")
            op.execute(f"ALTER TABLE {table} DROP COLUMN {es}")
            op.execute(f"ALTER TABLE {table} DROP COLUMN {en}")
    op.execute("ALTER TABLE deadline ADD COLUMN titles JSON")
    op.execute("ALTER TABLE deadline ADD COLUMN trigger_events JSON")
    _fill_deadline_maps()


def _fill_deadline_maps() -> None:
    bind = op.get_bind()
    rows = bind.exec_driver_sql(
        "SELECT d.id, s.titles, s.due_rule, c.titles FROM deadline d "
        "JOIN checklist_step s ON s.id = d.source_step_id "
        "JOIN checklist c ON c.id = s.checklist_id"
    ).all()
    for deadline_id, step_titles, raw_rule, checklist_titles in rows:
        rule = json.loads(raw_rule) if isinstance(raw_rule, str) else (raw_rule or {})
        titles = _map(rule.get("title")) or _map(step_titles)
        events = _map(step_titles) if rule.get("from") == "done" else _map(checklist_titles)
        bind.exec_driver_sql(
            "UPDATE deadline SET titles = ?, trigger_events = ? WHERE id = ?",
            (_json(titles), _json(events), deadline_id),
        )


def downgrade() -> None:
    op.execute("ALTER TABLE deadline DROP COLUMN trigger_events")
    op.execute("ALTER TABLE deadline DROP COLUMN titles")
    for table, columns in _MAPS.items():
        for new, (es, en, type_) in columns.items():
            for lang, old in (("es", es), ("en", en)):
                op.execute(f"ALTER TABLE {table} ADD COLUMN {old} {type_} NOT NULL DEFAULT ''")
                # A text missing in one language takes the other's, as the app showed it.
                other = "en" if lang == "es" else "es"
                op.execute(
                    f"UPDATE {table} SET {old} = coalesce(json_extract({new}, '$.{lang}'), "
                    f"json_extract({new}, '$.{other}'), '')"
                )
            op.execute(f"ALTER TABLE {table} DROP COLUMN {new}")
