"""An open vault: create, unlock, sessions, rekey, backup, restore, check, close.

The passphrase is used once to derive the key and then dropped; only the
derived key is kept (in this object) while the vault is unlocked.
"""

from __future__ import annotations

import contextlib
import hmac
import re
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reunify import __version__
from reunify.errors import (
    BackupDamaged,
    FileInUse,
    NotAVault,
    ReadOnlyLocation,
    VaultAlreadyOpen,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from reunify.fileio import (
    file_size,
    folder_writable,
    fsync_dir,
    fsync_path,
    os_error,
    private_empty_file,
    replace,
    require_free_space,
    sidecar_paths,
)
from reunify.i18n import _
from reunify.models import VaultSetting, audit
from reunify.models.audit import AuditAction
from reunify.models.files import verify_all_attachments
from reunify.models.meta import VAULT_FORMAT
from reunify.paths import VAULT_SUFFIX, backups_dir
from reunify.vault import anchors as anchor_store
from reunify.vault import messages, migrate, recovery
from reunify.vault.anchors import Anchor
from reunify.vault.copy import export_encrypted
from reunify.vault.engine import connect_read_only, make_engine
from reunify.vault.kdf import (
    SALT_BYTES,
    VaultKey,
    check_new_passphrase,
    derive_key,
    new_salt,
)
from reunify.vault.lock import VaultFileLock, read_header

PAGE_SIZE = 4096
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
DEFAULT_KEEP_BACKUPS = 10
BACKUP_STAMP = "%Y%m%d-%H%M%S-%f"
# Room beyond a copy's own size: the rollback journal SQLite keeps of the new copy
# while writing it, and the file system's own blocks.
COPY_MARGIN = 1 << 20


@dataclass
class CheckReport:
    """Result of `Vault.check()`; empty problem lists mean the vault is sound."""

    cipher: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # the chain against its heads kept outside
    attachments: list[str] = field(default_factory=list)
    audit_events: int = 0
    compared_with: list[str] = field(default_factory=list)  # where those copies came from

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        return (
            self.cipher
            + self.integrity
            + self.foreign_keys
            + self.audit
            + self.anchors
            + self.attachments
        )


def backup_files(folder: Path, stem: str) -> list[Path]:
    """The rotating backups of the vault named `stem` in `folder`, oldest first (the
    stamp sorts by time; a `.lock` sidecar or a `.partial` is not a backup)."""
    pattern = re.compile(re.escape(stem) + r"\.\d{8}-\d{6}-\d{6}(-[\w-]+)?\.reunify$")
    return sorted(p for p in folder.iterdir() if pattern.match(p.name))


def _remove_with_sidecars(path: Path) -> None:
    for p in [path, *sidecar_paths(path)]:
        p.unlink(missing_ok=True)


class Vault:
    """An unlocked vault. Use `Vault.create` or `Vault.open`; always `close()`."""

    # Upkeep that upper layers register (reunify.operations installs the court calendars
    # shipped with the app): run in the transaction that creates a vault, and once after
    # a vault is opened to work in (not when it is opened only for inspection).
    on_unlock: ClassVar[list[Callable[[Session], object]]] = []

    def __init__(
        self, path: Path, engine: Engine, key: VaultKey | None, lock: VaultFileLock
    ) -> None:
        self.path = path
        self._engine: Engine | None = engine
        self._key: VaultKey | None = key
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.actor = ""
        self.actor = self.get_setting("operator", "")
        # Sentences about interrupted operations found on open, for the person to read
        # once (reunify.vault.recovery); acknowledge_notices() after showing them.
        self.notices: list[str] = []
        # The audit trail no longer holds what this computer recorded of it: said at
        # every unlock, as a warning (reunify.vault.anchors.drift), until looked into.
        self.warnings: list[str] = []
        self._pending_change: recovery.PendingChange | None = None
        # False for a vault opened only to be inspected (a backup checked before a restore).
        self.records_anchors = True

    # -- life cycle ---------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        operator: str = "",
        reference_prefix: str = "RU",
    ) -> Vault:
        path = Path(path)
        check_new_passphrase(passphrase)
        if path.exists():
            raise VaultExists(path=str(path))
        if not path.parent.is_dir():
            raise VaultNotFound(path=str(path.parent))
        if not folder_writable(path.parent):
            raise messages.location_error(path) or ReadOnlyLocation(path=str(path.parent))
        try:
            private_empty_file(path)
        except OSError as exc:
            raise os_error(exc, path.parent) from None
        lock = VaultFileLock(path)
        try:
            lock.acquire()
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        key = derive_key(passphrase, new_salt())
        engine = make_engine(path, key)
        try:
            migrate.upgrade(engine)
            vault = cls(path, engine, key, lock)
            with vault.session() as s:
                s.add_all(
                    [
                        VaultSetting(key="format", value=VAULT_FORMAT),
                        VaultSetting(key="created_by", value=__version__),
                        VaultSetting(key="created_at", value=datetime.now(UTC).isoformat()),
                        VaultSetting(key="operator", value=operator),
                        VaultSetting(key="reference_prefix", value=reference_prefix),
                        VaultSetting(key="backup_keep", value=str(DEFAULT_KEEP_BACKUPS)),
                    ]
                )
                s.info["actor"] = operator
                audit.append(s, AuditAction.VAULT_CREATE, details={"app_version": __version__})
                for upkeep in cls.on_unlock:
                    upkeep(s)
            vault.actor = operator
            with vault.session() as s:  # a new vault owns its place from now on
                anchor_store.claim_path(path, anchor_store.vault_id(s))
            return vault
        except BaseException:
            engine.dispose()
            key.wipe()
            lock.release()
            _remove_with_sidecars(path)
            raise

    @classmethod
    def open(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        upgrade: bool = True,
        backup_dir: Path | None = None,
    ) -> Vault:
        """Unlock a vault; a wrong passphrase raises WrongPassphrase and writes nothing.

        An older vault is migrated (after an encrypted backup); `upgrade=False`
        leaves its schema alone, for inspection only (checking a backup before a
        restore).
        """
        path = Path(path)
        if not path.is_file():
            raise VaultNotFound(path=str(path))
        lock = VaultFileLock(path)
        lock.acquire()
        engine: Engine | None = None
        key: VaultKey | None = None
        try:
            # Before SQLite opens the file: closing this descriptor later would drop its locks.
            header, size = read_header(path, len(SQLITE_PLAIN_HEADER))
            if (
                size < PAGE_SIZE
                or size % PAGE_SIZE
                or header == SQLITE_PLAIN_HEADER
                or len(header) < SALT_BYTES
            ):
                raise NotAVault(path=str(path))
            pending = recovery.pending_change(path, header[:SALT_BYTES])
            key = derive_key(passphrase, header[:SALT_BYTES])
            engine = make_engine(path, key)
            try:
                cls._require_vault(engine, path)
            except WrongPassphrase:
                if pending is None:
                    raise
                raise pending.wrong_passphrase() from None
            if migrate.needs_upgrade(engine) and upgrade:
                vault = cls(path, engine, key, lock)
                vault.backup(dest_dir=backup_dir, label="pre-migration")
                migrate.upgrade(engine)
                with vault.session() as s:
                    audit.append(
                        s, AuditAction.VAULT_MIGRATE, details={"to": migrate.head_revision()}
                    )
            else:
                vault = cls(path, engine, key, lock)
                vault.records_anchors = upgrade
            if upgrade and cls.on_unlock:
                with vault.session() as s:
                    for upkeep in cls.on_unlock:
                        upkeep(s)
            if upgrade:  # not when only inspecting a file (a backup before a restore)
                vault._pending_change = pending
                vault.notices = recovery.recover(path, pending, vault.default_backup_dir())
            if upgrade:
                vault.warnings = vault._anchor_drift_then_record()
            return vault
        except BaseException:
            if engine is not None:
                engine.dispose()
            if key is not None:
                key.wipe()
            lock.release()
            raise

    @classmethod
    def open_plain_for_benchmark(cls, path: Path | str) -> Vault:
        """The same code on an unencrypted SQLite copy, to measure what encryption costs.

        Benchmarks only: no product path ever writes or opens a plain vault.
        """
        path = Path(path)
        lock = VaultFileLock(path)
        lock.acquire()
        engine = make_engine(path, None)
        cls._require_vault(engine, path)
        return cls(path, engine, None, lock)

    @staticmethod
    def _require_vault(engine: Engine, path: Path) -> None:
        try:
            with engine.connect() as conn:
                fmt = conn.execute(
                    text("SELECT value FROM vault_setting WHERE key = 'format'")
                ).scalar()
        except OperationalError:
            raise NotAVault(path=str(path)) from None
        if fmt != VAULT_FORMAT:
            raise NotAVault(path=str(path))

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLocked()
        return self._engine

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def close(self) -> None:
        """Lock the vault: drop every connection, zero the key, release the file.

        SQLCipher wipes its own copy of the key when its connections close.
        """
        if self._engine is not None:
            self._record_anchor("close")
            self._engine.dispose()
            self._engine = None
        if self._key is not None:
            self._key.wipe()
            self._key = None
        self._lock.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _anchor_drift_then_record(self) -> list[str]:
        """At unlock, in one session: what to warn about at every unlock (not once)
        while the audit trail no longer holds the head this computer recorded, cut or
        rewritten while reunify was not looking; then the record moved forward (never
        over such a warning: see reunify.vault.anchors.record)."""
        with contextlib.suppress(Exception), self.session() as s:
            warnings = anchor_store.drift(s, self.path)
            anchor_store.record(s, "open", self.path)
            return warnings
        return []

    def _record_anchor(self, where: str) -> None:
        """Move this computer's record of the audit chain's head forward (best effort:
        see reunify.vault.anchors.record)."""
        if self._engine is None or self._key is None or not self.records_anchors:
            return
        # Never costs the person the operation.
        with contextlib.suppress(Exception), self.session() as s:
            anchor_store.record(s, where, self.path)

    # -- sessions -----------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on error."""
        if self._engine is None:
            raise VaultLocked()
        with self._sessions() as s:
            s.info["actor"] = self.actor
            with s.begin():
                yield s

    def get_setting(self, key: str, default: str = "") -> str:
        with self.session() as s:
            value = s.scalar(select(VaultSetting.value).where(VaultSetting.key == key))
        return default if value is None else value

    # -- passphrase ---------------------------------------------------------

    def verify_passphrase(self, passphrase: str) -> bool:
        """Whether `passphrase` opens this vault (asked again before changing it, so an
        unlocked laptop left alone is not enough to lock its owner out)."""
        if self._key is None:
            raise VaultLocked()
        candidate = derive_key(passphrase, self._key.salt)
        try:
            return hmac.compare_digest(candidate.key, self._key.key)
        finally:
            candidate.wipe()

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-encrypt everything under a new passphrase (and a new salt).

        The vault is exported to a new file, checked, given its audit event, and
        only then put in place of the old one, so a crash or a refused rename
        leaves the old vault intact (and its trail without a change that did not
        happen). The sidecar lock is held throughout: no other process can open
        the vault between the two files.

        A marker beside the vault (reunify.vault.recovery) says a change to the
        new salt has started; it stays after the swap until the caller has told
        the person and calls `finish_passphrase_change()`, so a reunify killed in
        between still says, on the next open, which passphrase opens the vault.
        """
        check_new_passphrase(new_passphrase)
        if self._key is None:
            raise VaultLocked()
        # The re-encrypted copy sits beside the vault until the swap.
        require_free_space(self.path.parent, self._size() + COPY_MARGIN)
        salt = new_salt()
        new_key = derive_key(new_passphrase, salt)
        tmp = self.path.with_name(self.path.name + recovery.REKEY_SUFFIX)
        swapped = False
        self._pending_change = None  # the new marker replaces one not yet acknowledged
        try:
            recovery.write_marker(self.path, salt)
            _remove_with_sidecars(tmp)
            export_encrypted(self.engine, tmp, new_key)
            probe = make_engine(tmp, new_key, pool_size=1)
            try:
                self._require_vault(probe, tmp)
                with Session(probe) as s, s.begin():
                    s.info["actor"] = self.actor
                    audit.append(s, AuditAction.VAULT_PASSPHRASE_CHANGED)
            finally:
                probe.dispose()
            self.engine.dispose()  # Windows cannot rename over a file SQLite has open
            self._engine = None
            try:
                replace(tmp, self.path)
                swapped = True
                fsync_dir(self.path.parent)
            finally:
                key = new_key if swapped else self._key
                self._engine = make_engine(self.path, key)
                self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        except OSError as exc:
            raise os_error(exc, self.path.parent) from None
        finally:
            if not swapped:
                _remove_with_sidecars(tmp)
                with suppress(OSError):
                    recovery.clear_marker(self.path)
                new_key.wipe()
        old, self._key = self._key, new_key
        old.wipe()
        self._record_anchor("passphrase")

    def finish_passphrase_change(self) -> None:
        """The person has been told the change finished: the next open need not say it."""
        with suppress(OSError):  # then the next open says it once more, harmlessly
            recovery.clear_marker(self.path)

    def acknowledge_notices(self) -> None:
        """The notices were shown: what they reported is not reported again."""
        self.notices = []
        if self._pending_change is not None:
            self._pending_change = None
            self.finish_passphrase_change()

    def _size(self) -> int:
        """Bytes of the vault as SQLite reads it: the file and the commits still in its WAL
        (an encrypted copy holds both, and no free pages, so this bounds its size)."""
        return file_size(self.path) + file_size(self.path.with_name(self.path.name + "-wal"))

    # -- backups ------------------------------------------------------------

    def default_backup_dir(self) -> Path:
        configured = self.get_setting("backup_dir", "")
        return Path(configured) if configured else backups_dir(self.path)

    def backup(
        self, dest_dir: Path | None = None, *, label: str = "", keep: int | None = None
    ) -> Path:
        """Write an encrypted backup (same passphrase) and return its path.

        Backups in the default folder rotate, keeping the newest `keep`
        (setting `backup_keep`); a folder the user chose is never pruned.
        """
        rotating = dest_dir is None
        folder = self.default_backup_dir() if dest_dir is None else Path(dest_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise os_error(exc, folder) from None
        if not folder_writable(folder):
            raise messages.location_error(folder / "backup") or ReadOnlyLocation(path=str(folder))
        require_free_space(folder, self._size() + COPY_MARGIN)
        stamp = datetime.now(UTC).strftime(BACKUP_STAMP)
        suffix = f"-{label}" if label else ""
        dest = folder / f"{self.path.stem}.{stamp}{suffix}{VAULT_SUFFIX}"
        assert self._key is not None
        try:
            with recovery.writing_backup(folder, self.path.stem):
                export_encrypted(self.engine, dest, self._key, settings=self._backup_identity())
        except OSError as exc:
            raise os_error(exc, folder) from None
        with self.session() as s:
            audit.append(s, AuditAction.VAULT_BACKUP, details={"label": label, "file": dest.name})
        self._record_anchor("backup")
        if rotating:
            limit = (
                keep
                if keep is not None
                else int(self.get_setting("backup_keep", str(DEFAULT_KEEP_BACKUPS)))
            )
            self._rotate(folder, limit)
        return dest

    def _backup_identity(self) -> dict[str, str]:
        """A backup is a vault of its own for the audit anchors (reunify.vault.anchors):
        opened and checked by itself it is an older, shorter chain, which is no fault.
        It keeps the id of the vault it copies as `backup_of`."""
        with self.session() as s:
            mine = anchor_store.vault_id(s)
        return {anchor_store.VAULT_ID_KEY: uuid.uuid4().hex, "backup_of": mine}

    def _rotate(self, folder: Path, keep: int) -> None:
        """Delete the oldest backups; the `.lock` sidecar is not a backup and never counted.

        A backup another process has open (someone restoring from it) is left alone.
        """
        backups = backup_files(folder, self.path.stem)
        for old in backups[: max(0, len(backups) - max(keep, 1))]:
            lock = VaultFileLock(old)
            try:
                lock.acquire()
            except VaultAlreadyOpen:
                continue
            try:
                old.unlink()
            finally:
                lock.release()  # and with it a sidecar a crash may have left

    @staticmethod
    def restore(backup: Path | str, target: Path | str, passphrase: str) -> Path | None:
        """Put a backup in place of `target`, keeping the replaced file beside it.

        The backup is opened and checked first, then copied beside the target;
        only then is the target moved aside and the copy renamed into place,
        while the target's lock is held (so a vault open in another process is
        refused, and nobody can open it half-way). Returns the path the replaced
        vault was moved to (None when there was nothing to replace).
        """
        backup, target = Path(backup), Path(target)
        # The backup is copied beside the target before the target is moved aside.
        require_free_space(target.parent, file_size(backup) + COPY_MARGIN)
        with Vault.open(backup, passphrase, upgrade=False) as probe:
            report = probe.check(outside_anchors=False)  # an older backup is shorter
            if not report.ok:
                raise BackupDamaged(path=str(backup), detail=_("the backup is damaged"))
            with probe.session() as s:
                restored_head = anchor_store.head_of(s)
        lock = VaultFileLock(target)
        if target.exists():
            lock.acquire()  # refuses while another process has it open
        tmp = target.with_name(target.name + ".restoring")
        moved: Path | None = None
        try:
            tmp.unlink(missing_ok=True)
            private_empty_file(tmp)  # 0600 before a byte of the copy is written
            shutil.copyfile(backup, tmp)
            fsync_path(tmp)
            if target.exists():
                stamp = datetime.now(UTC).strftime(BACKUP_STAMP)
                moved = target.with_name(f"{target.stem}.before-restore-{stamp}{VAULT_SUFFIX}")
                try:
                    replace(target, moved)
                except FileInUse:  # name the vault, not the name it was about to get
                    raise FileInUse(path=str(target)) from None
            try:
                if moved is not None:
                    for side in sidecar_paths(target):
                        if side.exists():
                            replace(
                                side, moved.with_name(moved.name + side.name[len(target.name) :])
                            )
                replace(tmp, target)
            except BaseException:
                if moved is not None:  # put the vault back as it was
                    replace(moved, target)
                raise
            fsync_dir(target.parent)
            # A passphrase change the replaced file was waiting to report is not this file's.
            recovery.clear_marker(target)
        except OSError as exc:
            raise os_error(exc, target.parent) from None
        finally:
            tmp.unlink(missing_ok=True)
            lock.release()
        anchor_store.note_restore(*restored_head, where="restore", path=target)
        return moved

    # -- integrity ----------------------------------------------------------

    def check(
        self,
        *,
        attachments: bool = True,
        anchors: Sequence[Anchor] = (),
        outside_anchors: bool = True,
    ) -> CheckReport:
        """SQLCipher page HMACs, SQLite structure, foreign keys, audit chain and its guard
        triggers, the chain against its heads kept outside the file (this computer's
        record, the newest backups, `anchors` given: a bundle's), file hashes."""
        report = CheckReport()
        revision = migrate.current_revision(self.engine)
        with self.engine.connect() as conn:
            report.cipher = messages.cipher_problems(
                str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")
            )
            try:
                rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                report.integrity = messages.integrity_problems(rows)
                report.foreign_keys = [
                    _("table {table}, row {row}: refers to a missing row of {parent}").format(
                        table=r[0], row=r[1], parent=r[2]
                    )
                    for r in conn.exec_driver_sql("PRAGMA foreign_key_check")
                ]
            except VaultDamaged as exc:
                report.integrity.append(exc.user_message())
        try:
            with self.session() as s:
                report.audit = [
                    _("audit event {seq}: {problem}").format(seq=p.seq, problem=_(p.problem))
                    for p in audit.verify_chain(s)
                ] + [
                    _(
                        "The audit trail's guard “{name}” is missing or was changed: with "
                        "it gone, events could be removed or overwritten unnoticed."
                    ).format(name=name)
                    for name in audit.missing_triggers(s, revision)
                ]
                known = [*anchors, *(self._outside_anchors(s) if outside_anchors else [])]
                identity, before = (
                    anchor_store.identity(s, self.path) if outside_anchors else ([], [])
                )
                known += before
                report.anchors = identity + anchor_store.compare(s, known)
                report.compared_with = list(dict.fromkeys(a.source_text() for a in known))
                report.audit_events = s.scalar(text("SELECT count(*) FROM audit_event")) or 0
                if attachments:
                    report.attachments = [
                        _(msgid).format(**params)
                        for _id, msgid, params in verify_all_attachments(s)
                    ]
        except VaultDamaged as exc:
            report.audit.append(exc.user_message())
        return report

    def _outside_anchors(self, session: Session, newest_backups: int = 3) -> list[Anchor]:
        """This computer's record of the chain's head, and the heads of the newest
        backups in the vault's backup folder made since the last restore (older
        ones were dropped by the restore on purpose; one made under an earlier
        passphrase cannot be read and is skipped)."""
        vid = anchor_store.vault_id(session)
        found: list[Anchor] = []
        mine = anchor_store.recorded(vid) if vid else None
        if mine is not None:
            found.append(mine)
        key = self._key
        if key is None:
            return found
        since = anchor_store.restored_at(vid) if vid else None
        folder = self.default_backup_dir()
        try:
            backups = backup_files(folder, self.path.stem)
        except OSError:
            return found
        for path in reversed(backups[-newest_backups:]):
            head = anchor_store.backup_head(path, lambda p: connect_read_only(p, key))
            if head is None:
                continue
            if since is not None and datetime.fromisoformat(head.at) <= since:
                continue
            found.append(head)
        return found
