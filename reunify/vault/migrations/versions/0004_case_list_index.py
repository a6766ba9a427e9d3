"""Covering index for the case list, so loading it reads the index alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 12:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_case_file_list ON case_file "
        "(reference, title, status, safety_level, opened_on, id)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_case_file_list")
