"""The one engine factory: the only code that hands key material to SQLCipher.

SQLAlchemy's `sqlite+pysqlcipher` dialect interpolates the passphrase into a
`PRAGMA key` string; we instead open sqlcipher3 connections ourselves with a
derived raw key (hex only) through `creator`, on the pysqlite dialect with the
sqlcipher3 DB-API module so that SQLAlchemy wraps sqlcipher3's exceptions.

The key statement goes through `executescript`, which prepares and finalizes it
at once (a cursor would keep it, key and all, in the statement cache until the
connection closes), and its text is overwritten right after. With
`cipher_memory_security` SQLCipher zeroes every block SQLite frees, so SQLite's
own copies of that text do not outlive it either. Engines hide bound parameters
in error messages: an ATTACH carries the key as one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.pool import QueuePool

from reunify.errors import ReunifyError, VaultCannotOpen, VaultStructureDamaged, WrongPassphrase
from reunify.hardening import wipe_immutable
from reunify.vault.kdf import VaultKey
from reunify.vault.messages import classify, damage_detail

# Page cache per connection, in KiB (negative = KiB for SQLite): 64 MiB keeps
# interactive queries from re-decrypting pages.
CACHE_KIB = 65536
BUSY_TIMEOUT_MS = 10000
# SQLCipher zeroes (and mlocks) every block SQLite allocates, so neither the key
# statement's text nor decrypted pages outlive their use in freed memory. It is
# process-wide and cannot be turned off once on. Cost measured on 300 small
# cases: searches ~4x slower (1 → 5 ms each), writes up to 1.5x, backup 1.6x.
# Without it a copy of the key's hex stayed in SQLite's freed heap after lock in
# about half the runs (tests/test_hardening.py).
SECURE_MEMORY = True


def _classify(exc: BaseException, path: Path) -> ReunifyError | None:
    """Map an SQLite error to the error a user can act on, or None (see vault/messages.py)."""
    return classify(exc, path)


def _unlock(conn: sqlcipher.Connection, key: VaultKey | None) -> None:
    """Hand the key to a new connection and prove it on the first read (the one place
    key text meets SQLCipher; see the module docstring)."""
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
    if key is not None:
        if SECURE_MEMORY:
            conn.execute("PRAGMA cipher_memory_security = ON").fetchall()
        statement = key.pragma_statement()
        try:
            conn.executescript(statement)
        finally:
            wipe_immutable(statement)
            del statement
    conn.execute("SELECT count(*) FROM sqlite_master").fetchall()


def connect_raw(path: Path, key: VaultKey | None) -> sqlcipher.Connection:
    """Open one connection and prove the key on the first read.

    A wrong key fails here with "file is not a database" before anything is
    written, so a wrong passphrase changes nothing on disk.
    """
    try:
        conn = sqlcipher.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlcipher.OperationalError as exc:
        raise classify(exc, path) or VaultCannotOpen(path=str(path)) from None
    cur = conn.cursor()
    try:
        _unlock(conn, key)
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if key is not None and "not a database" in str(exc):
            raise WrongPassphrase() from None
        # "unable to open database file" here is a folder where SQLite cannot create the
        # WAL's files, not a damaged vault: the place is asked before the text is read.
        mapped = classify(exc, path, key_accepted=False)
        raise mapped or VaultStructureDamaged(detail=damage_detail(str(exc))) from None
    try:
        for pragma in (
            "PRAGMA foreign_keys = ON",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA secure_delete = ON",
            "PRAGMA temp_store = MEMORY",
            f"PRAGMA cache_size = -{CACHE_KIB}",
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
        ):
            cur.execute(pragma).fetchall()
    except sqlcipher.DatabaseError as exc:
        conn.close()
        mapped = _classify(exc, path)
        if mapped is not None:
            raise mapped from None
        raise
    cur.close()
    return conn


def make_engine(path: Path, key: VaultKey | None, *, pool_size: int = 2) -> Engine:
    """Engine over an encrypted vault; `key=None` is a plain SQLite file (benchmarks only)."""
    path = Path(path)

    def creator() -> sqlcipher.Connection:
        return connect_raw(path, key)

    engine = create_engine(
        URL.create("sqlite+pysqlite", database=os.fspath(path)),
        module=sqlcipher,
        creator=creator,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=2,
        pool_pre_ping=False,
        hide_parameters=True,  # never a key (ATTACH … KEY ?) or case data in an error text
    )

    @event.listens_for(engine, "handle_error")
    def _user_errors(context: ExceptionContext) -> Any:
        mapped = _classify(context.original_exception, path)
        if mapped is not None:
            raise mapped from context.original_exception
        return None

    return engine


def library_versions() -> tuple[str, str]:
    """(SQLCipher, SQLite) as the linked library reports them, for About and crash
    reports: an in-memory connection, no vault, no key. Never raises (About must
    open even when the library is broken)."""
    try:
        conn = sqlcipher.connect(":memory:")
        try:
            row = conn.execute("PRAGMA cipher_version").fetchone()
        finally:
            conn.close()
        return (str(row[0]) if row else "?", str(sqlcipher.sqlite_version))
    except Exception as exc:
        return (f"? ({type(exc).__name__})", "?")


def connect_read_only(path: Path, key: VaultKey) -> sqlcipher.Connection:
    """A read-only connection to another file under the same key (a backup, whose audit
    head `check` compares): nothing is written to it, not even a journal-mode switch.
    Raises like `connect_raw` for a wrong key or a file that is not a vault."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    conn = sqlcipher.connect(uri, uri=True, check_same_thread=False)
    try:
        _unlock(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn
