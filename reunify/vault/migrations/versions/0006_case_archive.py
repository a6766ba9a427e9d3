"""Archived cases: a date column on the case, and the case list's covering index with
it, so the list (which leaves archived cases out) still reads the index alone.

ALTER TABLE, not Alembic's batch copy: copying `case_file` drops the old table, and
with foreign keys on that would delete every row of every case (ON DELETE CASCADE).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_OLD = "(reference, title, status, safety_level, opened_on, id)"
_NEW = "(reference, title, status, safety_level, opened_on, id, archived_on)"


def upgrade() -> None:
    op.execute("ALTER TABLE case_file ADD COLUMN archived_on DATE")
    op.execute("DROP INDEX ix_case_file_list")
    op.execute(f"CREATE INDEX ix_case_file_list ON case_file {_NEW}")


def downgrade() -> None:
    op.execute("DROP INDEX ix_case_file_list")
    op.execute(f"CREATE INDEX ix_case_file_list ON case_file {_OLD}")
    op.execute("ALTER TABLE case_file DROP COLUMN archived_on")
