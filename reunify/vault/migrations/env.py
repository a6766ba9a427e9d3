"""Alembic environment: always runs on the app's own (keyed) connection, never a URL."""

from __future__ import annotations

from alembic import context

from reunify.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guard against `alembic upgrade` with a URL
    raise RuntimeError("reunify migrations run only through reunify.vault.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
