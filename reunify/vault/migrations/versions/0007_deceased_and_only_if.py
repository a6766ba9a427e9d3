"""A person's date of death (a murdered father, a deceased parent whose consent is no
longer needed), and a checklist step's `only_if`: the earlier step it only happens
after (no appeal filed → no appellate ruling → no amparo).

ALTER TABLE ADD COLUMN, not Alembic's batch copy (see 0006: copying a table with
foreign keys on would cascade-delete its children).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE person ADD COLUMN deceased_on DATE")
    op.execute("ALTER TABLE checklist_step ADD COLUMN only_if VARCHAR(80)")


def downgrade() -> None:
    op.execute("ALTER TABLE checklist_step DROP COLUMN only_if")
    op.execute("ALTER TABLE person DROP COLUMN deceased_on")
