"""Schema versions with Alembic, on the vault's own connection."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from reunify.errors import VaultTooNew
from reunify.resources import package_path

MIGRATIONS = package_path("vault", "migrations")
FIRST_REVISION = "0001"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    """True when the vault is older than this app; raises VaultTooNew when it is newer."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise VaultTooNew()
    return current != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)
