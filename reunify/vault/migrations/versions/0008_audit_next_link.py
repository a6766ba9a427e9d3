"""The audit trail refuses an INSERT that is not the next link of its chain, and the
vault gets an id its chain anchors outside the file are kept under.

`INSERT OR REPLACE` (and an UPSERT) on audit_event deleted the conflicting event
without running the DELETE trigger (SQLite runs none for REPLACE unless recursive
triggers are on), so with the key the chain could be rewritten in place. This
BEFORE INSERT trigger runs before any conflict is resolved: an event whose seq is
not the next one, whose prev_hash is not the newest event's hash, or whose id is
taken is refused. The text is frozen here (models/audit.TRIGGERS holds the same
text for `check`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 18:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.execute(
        "CREATE TRIGGER audit_event_next_link BEFORE INSERT ON audit_event "
        "WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_event) "
        "OR NEW.prev_hash IS NOT coalesce("
        "(SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), '" + GENESIS + "') "
        "OR EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'an audit event must be the next link of the chain'); END"
    )
    op.execute(
        "INSERT OR IGNORE INTO vault_setting (key, value) "
        "VALUES ('vault_id', lower(hex(randomblob(16))))"
    )


def downgrade() -> None:
    op.execute("DELETE FROM vault_setting WHERE key = 'vault_id'")
    op.execute("DROP TRIGGER IF EXISTS audit_event_next_link")
