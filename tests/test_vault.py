"""The encrypted store with real SQLCipher files: open, lock, rekey, backup, damage."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from reunify import operations as ops
from reunify.errors import (
    DiskFull,
    NotAVault,
    ReadOnlyLocation,
    VaultAlreadyOpen,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultTooNew,
    WeakPassphrase,
    WrongPassphrase,
)
from reunify.models import AuditEvent, Case, CaseVariant, DocumentKind
from reunify.vault import Vault, migrate
from reunify.vault.engine import make_engine
from reunify.vault.kdf import derive_key, new_salt
from tests.conftest import PASSPHRASE
from tests.helpers import folder_digest, read_only_dir

pytestmark = [pytest.mark.vault, pytest.mark.real_kdf]


def _add_case(v: Vault, title: str = "Familia Ramírez Ochoa") -> str:
    with v.session() as s:
        return ops.create_case(s, title=title, variant=CaseVariant.OTHER).reference


def test_create_open_and_file_is_private(vault: Vault, vault_path: Path) -> None:
    ref = _add_case(vault)
    vault.close()
    assert (vault_path.stat().st_mode & 0o777) == 0o600
    assert not vault_path.read_bytes().startswith(b"SQLite format 3")
    with Vault.open(vault_path, PASSPHRASE) as v2, v2.session() as s:
        assert ops.find_case(s, ref) is not None
        assert v2.actor == "Lic. Prueba"


def test_connection_settings(vault: Vault) -> None:
    with vault.engine.connect() as conn:

        def pragma(name: str) -> object:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("secure_delete") == 1
        assert pragma("temp_store") == 2  # MEMORY
        assert pragma("cipher_version").startswith("4.")
        assert int(pragma("cache_size")) <= -65536
        fts = conn.exec_driver_sql("PRAGMA compile_options").scalars().all()
        assert "ENABLE_FTS5" in fts


def test_wrong_passphrase_changes_nothing_on_disk(
    vault: Vault, vault_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _add_case(vault)
    vault.close()
    before = folder_digest(vault_path.parent)
    for attempt in ("frase equivocada", PASSPHRASE.upper(), PASSPHRASE + " "):
        with pytest.raises(WrongPassphrase) as err:
            Vault.open(vault_path, attempt)
        assert "passphrase" in err.value.user_message()
    assert folder_digest(vault_path.parent) == before
    # SQLCipher's own log lines ("hmac check failed…") are silenced.
    captured = capfd.readouterr()
    assert "hmac" not in captured.err.lower() and "ERROR CORE" not in captured.err
    with Vault.open(vault_path, PASSPHRASE):
        pass


def test_passphrase_never_reaches_sql(vault_path: Path) -> None:
    """The passphrase can hold quotes: it never becomes SQL text, so nothing breaks."""
    tricky = 'it\'s "quoted"; DROP TABLE x; -- ñ'
    Vault.create(vault_path, tricky).close()
    with Vault.open(vault_path, tricky) as v:
        assert v.check(attachments=False).ok
    key = derive_key(tricky, new_salt())
    assert set(key.key_literal()) <= set("x'0123456789abcdef")
    assert key.pragma_statement() == 'PRAGMA key = "' + key.key_literal() + '"'
    assert key.key_literal() == "x'" + key.key.hex() + key.salt.hex() + "'"
    assert key.key.hex() not in repr(key) and "<set>" in repr(key)
    key.wipe()
    assert key.wiped and "<wiped>" in repr(key)


def test_unicode_passphrase_normalised(vault_path: Path) -> None:
    composed, decomposed = "contraseña año 2026", "contrasen\u0303a an\u0303o 2026"
    Vault.create(vault_path, composed).close()
    with Vault.open(vault_path, decomposed):
        pass


def test_create_refuses_weak_passphrase_and_existing_file(vault_path: Path) -> None:
    with pytest.raises(WeakPassphrase):
        Vault.create(vault_path, "corta")
    assert not vault_path.exists()
    vault_path.write_bytes(b"algo que no se debe perder")
    with pytest.raises(VaultExists):
        Vault.create(vault_path, PASSPHRASE)
    assert vault_path.read_bytes() == b"algo que no se debe perder"


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nada.reunify", PASSPHRASE)


def test_locked_vault_refuses_work(vault: Vault) -> None:
    vault.close()
    with pytest.raises(VaultLocked), vault.session():
        pass


def test_rekey_then_reopen(vault: Vault, vault_path: Path) -> None:
    ref = _add_case(vault)
    # Not read from the file: closing a descriptor of it would drop SQLite's locks (POSIX).
    assert vault._key is not None
    salt_before = vault._key.salt
    vault.change_passphrase("una frase nueva y larga")
    vault.finish_passphrase_change()  # the caller told the person (tests/test_recovery.py)
    with vault.session() as s:  # still usable after the swap
        assert ops.find_case(s, ref) is not None
    vault.close()
    assert vault_path.read_bytes()[:16] != salt_before
    assert not list(vault_path.parent.glob("*.rekey*"))
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)
    with Vault.open(vault_path, "una frase nueva y larga") as v2:
        with v2.session() as s:
            assert ops.find_case(s, ref) is not None
            actions = s.scalars(text("SELECT action FROM audit_event ORDER BY seq")).all()
        assert "vault.passphrase_changed" in actions
        assert v2.check().ok


def test_backup_then_restore(vault: Vault, vault_path: Path, tmp_path: Path) -> None:
    ref = _add_case(vault, "Familia Antes")
    backup = vault.backup(tmp_path / "usb")
    assert (backup.stat().st_mode & 0o777) == 0o600
    ref_after = _add_case(vault, "Familia Después")
    vault.close()

    moved = Vault.restore(backup, vault_path, PASSPHRASE)
    assert moved is not None and moved.exists()
    with Vault.open(vault_path, PASSPHRASE) as v, v.session() as s:
        assert ops.find_case(s, ref) is not None
        assert ops.find_case(s, ref_after) is None
    with Vault.open(moved, PASSPHRASE) as old, old.session() as s:  # nothing is lost
        assert ops.find_case(s, ref_after) is not None


def test_restore_refuses_wrong_passphrase_and_keeps_vault(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    backup = vault.backup(tmp_path / "bk")
    vault.close()
    before = folder_digest(vault_path.parent)
    with pytest.raises(WrongPassphrase):
        Vault.restore(backup, vault_path, "no es la frase")
    assert folder_digest(vault_path.parent) == before


def test_restore_refuses_while_open(vault: Vault, vault_path: Path, tmp_path: Path) -> None:
    backup = vault.backup(tmp_path / "bk")
    with pytest.raises(VaultAlreadyOpen):
        Vault.restore(backup, vault_path, PASSPHRASE)


def test_rotating_backups_keep_last_n(vault: Vault) -> None:
    made = [vault.backup(keep=3) for _ in range(5)]
    folder = made[0].parent
    assert folder == vault.default_backup_dir()
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in made[-3:])
    with Vault.open(made[-1], PASSPHRASE) as copy:
        assert copy.check().ok


def test_second_process_gets_already_open(vault: Vault, vault_path: Path) -> None:
    code = (
        "import sys\n"
        "from reunify.vault import Vault\n"
        "from reunify.errors import VaultAlreadyOpen\n"
        "try:\n"
        f"    Vault.open({str(vault_path)!r}, {PASSPHRASE!r})\n"
        "except VaultAlreadyOpen as e:\n"
        "    print(e.user_message()); sys.exit(3)\n"
        "sys.exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    assert "already open" in done.stdout
    with pytest.raises(VaultAlreadyOpen):  # a second window in the same process too
        Vault.open(vault_path, PASSPHRASE)
    vault.close()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_plain_sqlite_and_truncated_files_are_not_vaults(tmp_path: Path) -> None:
    plain = tmp_path / "plain.reunify"
    con = sqlite3.connect(plain)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (zeroblob(9000))")
    con.commit()
    con.close()
    empty = tmp_path / "empty.reunify"
    empty.write_bytes(b"")
    truncated = tmp_path / "truncated.reunify"
    truncated.write_bytes(os.urandom(5000))
    for path in (plain, empty, truncated):
        with pytest.raises(NotAVault):
            Vault.open(path, PASSPHRASE)


def test_encrypted_database_not_made_by_reunify(tmp_path: Path) -> None:
    path = tmp_path / "other.reunify"
    path.touch()
    salt = new_salt()
    engine = make_engine(path, derive_key(PASSPHRASE, salt))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notas (x)")
    engine.dispose()
    with pytest.raises(NotAVault):
        Vault.open(path, PASSPHRASE)


def test_damaged_page_is_reported(vault: Vault, vault_path: Path) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Daño")
        doc = ops.add_document(s, case, kind=DocumentKind.PHOTO, title="Foto")
        import io

        ops.attach_stream(s, doc, io.BytesIO(os.urandom(600_000)), "foto.jpg")
    vault.close()
    data = bytearray(vault_path.read_bytes())
    pages = len(data) // 4096
    victim = (pages - 3) * 4096 + 1000  # a data page near the end, not page 1
    data[victim : victim + 16] = bytes(16)
    vault_path.write_bytes(bytes(data))
    with Vault.open(vault_path, PASSPHRASE) as v:
        report = v.check()
        assert not report.ok
        assert report.cipher, "cipher_integrity_check must name the damaged page"
        with pytest.raises(VaultDamaged) as err, v.session() as s:
            for att in s.scalars(text("SELECT id FROM attachment")).all():
                s.execute(
                    text("SELECT data FROM attachment_chunk WHERE attachment_id=:a"), {"a": att}
                ).all()
        assert "damaged" in err.value.user_message()


def test_newer_vault_is_refused_unchanged(vault: Vault, vault_path: Path) -> None:
    with vault.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    vault.close()
    before = folder_digest(vault_path.parent)
    with pytest.raises(VaultTooNew) as err:
        Vault.open(vault_path, PASSPHRASE)
    assert "newer version" in err.value.user_message()
    assert folder_digest(vault_path.parent) == before


def test_migration_from_first_schema(vault_path: Path, tmp_path: Path) -> None:
    """A vault written at the first revision opens, upgrades to head, keeps its rows."""
    vault_path.touch(mode=0o600)
    key = derive_key(PASSPHRASE, new_salt())
    engine = make_engine(vault_path, key)
    migrate.upgrade(engine, migrate.FIRST_REVISION)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO vault_setting (key, value) VALUES ('format', 'reunify-vault-1'), "
            "('operator', 'Lic. Antigua')"
        )
        conn.exec_driver_sql(
            "INSERT INTO case_file (id, reference, title, variant, status, safety_level, "
            "confidential_1367, summary, safety_notes, created_at, updated_at) VALUES "
            "('0b7c6f1e-0000-4000-8000-000000000001', 'RU-2025-0007', 'Familia Pionera', "
            "'other', 'active', 'high', 0, '', '', '2025-01-02T00:00:00.000000+00:00', "
            "'2025-01-02T00:00:00.000000+00:00')"
        )
    engine.dispose()
    backups = tmp_path / "pre"
    with Vault.open(vault_path, PASSPHRASE, backup_dir=backups) as v:
        assert migrate.current_revision(v.engine) == migrate.head_revision()
        with v.session() as s:
            case = s.get(Case, "0b7c6f1e-0000-4000-8000-000000000001")
            assert case is not None and case.title == "Familia Pionera"
            from reunify.search import search_cases

            assert search_cases(s, "pionera") == [case.id]  # the index was built from old rows
        if migrate.head_revision() != migrate.FIRST_REVISION:
            assert len(list(backups.glob("*pre-migration*.reunify"))) == 1
        assert v.check().ok


def test_restore_a_pre_migration_backup(vault_path: Path, tmp_path: Path) -> None:
    """The backup taken before a migration restores, and is migrated again on open."""
    test_migration_from_first_schema(vault_path, tmp_path)
    backup = next((tmp_path / "pre").glob("*pre-migration*.reunify"))
    Vault.restore(backup, vault_path, PASSPHRASE)
    with Vault.open(vault_path, PASSPHRASE, backup_dir=tmp_path / "pre2") as v:
        assert migrate.current_revision(v.engine) == migrate.head_revision()
        with v.session() as s:
            assert s.get(Case, "0b7c6f1e-0000-4000-8000-000000000001") is not None


def test_disk_full_keeps_saved_work(vault: Vault) -> None:
    ref = _add_case(vault)
    import io

    with pytest.raises(DiskFull) as err, vault.session() as s:
        conn = s.connection()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {int(pages) + 20}")
        case = ops.find_case(s, ref)
        assert case is not None
        doc = ops.add_document(s, case, kind=DocumentKind.OTHER, title="Escaneo grande")
        ops.attach_stream(s, doc, io.BytesIO(os.urandom(2_000_000)), "grande.pdf")
    assert "disk is full" in err.value.user_message()
    vault.engine.dispose()  # forget the connection whose page limit we lowered
    with vault.session() as s:
        assert ops.find_case(s, ref) is not None
        assert s.scalar(text("SELECT count(*) FROM document")) == 0
    assert vault.check().ok


def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only_dir(folder), pytest.raises(ReadOnlyLocation) as err:
        Vault.create(folder / "v.reunify", PASSPHRASE)
    assert str(folder) in err.value.user_message()


def test_backup_to_read_only_folder(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "locked-usb"
    folder.mkdir()
    with read_only_dir(folder), pytest.raises(ReadOnlyLocation):
        vault.backup(folder)


def test_audit_is_append_only_in_the_database(vault: Vault) -> None:
    _add_case(vault)
    for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(Exception, match="append-only"), vault.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    with vault.session() as s:
        assert s.scalar(text("SELECT count(*) FROM audit_event")) >= 2


def test_check_detects_forged_audit_event(vault: Vault) -> None:
    _add_case(vault)
    assert vault.check().ok
    with vault.engine.begin() as conn:  # someone with the key bypasses the triggers
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        conn.exec_driver_sql("UPDATE audit_event SET actor = 'otra persona' WHERE seq = 2")
    report = vault.check()
    assert any("altered" in p for p in report.audit)
    with vault.session() as s:
        assert s.scalar(text("SELECT count(*) FROM audit_event")) == len(
            s.scalars(text("SELECT id FROM audit_event")).all()
        )
    assert AuditEvent.__tablename__ == "audit_event"


def test_deadline_dates_round_trip(vault: Vault) -> None:
    from reunify.models import DeadlineUnit

    with vault.session() as s:
        case = ops.create_case(s, title="Familia Fechas")
        dl = ops.add_deadline(
            s,
            case,
            title="Contestación",
            trigger_date=date(2026, 12, 10),
            amount=9,
            unit=DeadlineUnit.BUSINESS_DAYS,
        )
        dl_id = dl.id
    with vault.session() as s:
        from reunify.models import Deadline

        stored = s.get(Deadline, dl_id)
        assert stored is not None and stored.computed_due == date(2026, 12, 23)
