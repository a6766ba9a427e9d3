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
    """The rule's title (else the step's) and the step or checklist as trigger event,
    in one statement per column (no Python loop over a 10,000-case vault's deadlines)."""
    step = "SELECT {value} FROM checklist_step s JOIN checklist c ON c.id = s.checklist_id "
    step += "WHERE s.id = deadline.source_step_id"
    title = "coalesce(json_extract(s.due_rule, '$.title'), s.titles)"
    event = "CASE WHEN json_extract(s.due_rule, '$.from') = 'done' THEN s.titles ELSE c.titles END"
    op.execute(
        f"UPDATE deadline SET titles = ({step.format(value=title)}), "
        f"trigger_events = ({step.format(value=event)}) "
        "WHERE source_step_id IN (SELECT id FROM checklist_step)"
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
