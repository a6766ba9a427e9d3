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
    # FTS5 cannot index entity_id, so a row is found again through its rowid.
    op.execute(
        "CREATE TABLE search_key (entity_id VARCHAR(36) PRIMARY KEY, fts_rowid INTEGER NOT NULL)"
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

    op.execute(
        "INSERT INTO search_key (entity_id, fts_rowid) SELECT entity_id, rowid FROM search_index"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_key")
    op.execute("DROP TABLE search_index")
