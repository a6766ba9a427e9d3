"""Full-text search index (FTS5, accent-insensitive), filled from existing rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 12:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "body, entity UNINDEXED, entity_id UNINDEXED, case_id UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "INSERT INTO search_index (body, entity, entity_id, case_id) "
        "SELECT reference || ' ' || title || ' ' || summary, 'case', id, id FROM case_file"
    )
    op.execute(
        "INSERT INTO search_index (body, entity, entity_id, case_id) "
        "SELECT given_names || ' ' || paternal_surname || ' ' || maternal_surname || ' ' || "
        "coalesce(curp, ''), 'person', id, NULL FROM person"
    )
    op.execute(
        "INSERT INTO search_index (body, entity, entity_id, case_id) "
        "SELECT title || ' ' || issuer, 'document', id, case_id FROM document"
    )
    op.execute(
        "INSERT INTO search_index (body, entity, entity_id, case_id) "
        "SELECT body, 'note', id, case_id FROM note"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
