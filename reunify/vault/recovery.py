"""Interrupted operations, found and tidied when a vault is opened. No Qt.

A reunify killed half-way (power cut, kill -9, a crash) must never leave a
person guessing which passphrase opens her vault, nor encrypted copies lying
about. This module holds the file-level half of that; `Vault.open` and
`Vault.change_passphrase` call it.

Contract (what `Vault` does, and what bench/kill9.py may rely on):

- The marker. `Vault.change_passphrase` writes `<vault>.rekey-pending` beside
  the vault (mode 0600, synced, its folder synced) BEFORE it copies anything.
  It holds text lines `salt=<32 hex digits>` (the NEW salt: public, it is the
  first 16 bytes of the re-encrypted file) and `started=<ISO 8601, UTC>`;
  never a key or a passphrase. A marker without a readable salt line counts as
  an unfinished change (the swap only happens after the marker is complete on
  disk).
- The swap (`os.replace` of `<vault>.rekey` over the vault) is atomic. When the
  change fails without swapping, the marker and the copies are removed at once.
  After a swap the marker STAYS until the person has been told: the CLI calls
  `Vault.finish_passphrase_change()` after printing "Passphrase changed…", the
  GUI after showing it.
- On `Vault.open` (vault lock held; before the key is derived) the marker is
  compared with the vault's header salt: equal → the change FINISHED, only the
  new passphrase opens the vault; different or unreadable → it did NOT finish,
  only the old passphrase opens it. A wrong passphrase then raises
  `PassphraseChangedBeforeInterruption` (finished) or
  `PassphraseChangeInterrupted` (not finished), both `WrongPassphrase`, whose
  sentence says which passphrase opens the vault now.
- After a successful open (not the inspection-only `upgrade=False`),
  `recover()` deletes the leftovers listed in `leftovers()` and returns
  translated sentences, which land on `vault.notices`: the finished change
  ("…now opens with the new passphrase, the one you just typed"), the
  unfinished one ("…still opens with the old passphrase. Nothing was lost."),
  and "N files left by an interrupted operation were removed". The marker is
  removed by `Vault.acknowledge_notices()`, which the CLI calls after printing
  the notices to stderr and the GUI after showing them: a reunify killed again
  before the person read them says it again next time; once told, never again.
- Partial backups in the backup folder (which two vaults with the same file
  name share) are removed only when `<stem>.backing-up.lock` there can be
  taken: `Vault.backup` holds it while it writes.
- Never touched: the vault, its `-wal`, `-shm` and `-journal` (SQLite needs
  them to roll a transaction back or forward) and its `.lock`.

So, after any kill during `reunify passwd`: if "Passphrase changed" was
printed, or a marker is present whose salt equals the file's first 16 bytes,
the new passphrase opens the vault; otherwise the old one does.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from reunify.errors import (
    PassphraseChangedBeforeInterruption,
    PassphraseChangeInterrupted,
    WrongPassphrase,
)
from reunify.fileio import fsync_dir, fsync_path, private_empty_file
from reunify.i18n import _, format_datetime, ngettext
from reunify.paths import VAULT_SUFFIX

MARKER_SUFFIX = ".rekey-pending"
REKEY_SUFFIX = ".rekey"  # Vault.change_passphrase's copy; export writes it as `.rekey.partial`
RESTORE_SUFFIX = ".restoring"  # Vault.restore's copy of the backup
PARTIAL_SUFFIX = ".partial"  # fileio.replacing's temporary name
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")
BACKUP_GUARD_SUFFIX = ".backing-up.lock"  # held while a backup is written (see writing_backup)


def marker_path(vault: Path) -> Path:
    return vault.with_name(vault.name + MARKER_SUFFIX)


def write_marker(vault: Path, salt: bytes, now: datetime | None = None) -> None:
    """Say on disk, durably, that a change to `salt` is starting (before the copy exists)."""
    marker = marker_path(vault)
    marker.unlink(missing_ok=True)
    private_empty_file(marker)
    started = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    marker.write_text(f"salt={salt.hex()}\nstarted={started}\n", encoding="ascii")
    fsync_path(marker)
    fsync_dir(vault.parent)


def clear_marker(vault: Path) -> None:
    """The person knows (or the change never happened): forget the pending change."""
    marker = marker_path(vault)
    if marker.exists():
        marker.unlink(missing_ok=True)
        fsync_dir(vault.parent)


@dataclass(frozen=True)
class PendingChange:
    """A passphrase change the person was not told the end of."""

    started: datetime | None
    finished: bool  # the vault is under the new passphrase

    def wrong_passphrase(self) -> WrongPassphrase:
        """The wrong-passphrase error that says which passphrase opens the vault now."""
        if self.finished:
            return PassphraseChangedBeforeInterruption(started=self.started)
        return PassphraseChangeInterrupted(started=self.started)

    def notice(self) -> str:
        if self.finished:
            return _(
                "The passphrase change of {when} had finished before reunify was "
                "interrupted: the vault now opens with the new passphrase, the one you just "
                "typed. Backups made before that change still open with the old one."
            ).format(when=_when(self.started))
        return _(
            "A passphrase change was interrupted before it finished; the vault still opens "
            "with the old passphrase. Nothing was lost."
        )


def _when(started: datetime | None) -> str:
    return format_datetime(started.astimezone(), "medium") if started else "?"


def pending_change(vault: Path, header_salt: bytes) -> PendingChange | None:
    """The change a marker beside `vault` describes, judged by the salt the file has now."""
    marker = marker_path(vault)
    try:
        content = marker.read_text(encoding="ascii", errors="replace")
        mtime = marker.stat().st_mtime
    except FileNotFoundError:
        return None
    except OSError:
        content, mtime = "", 0.0
    fields = dict(
        line.split("=", 1) for line in content.splitlines() if "=" in line
    )  # a marker cut short by a kill has fewer lines: then the swap never happened
    started: datetime | None
    try:
        started = datetime.fromisoformat(fields.get("started", ""))
    except ValueError:
        started = datetime.fromtimestamp(mtime, UTC) if mtime else None
    salt = fields.get("salt", "").strip().lower()
    finished = bool(salt) and salt == header_salt.hex()
    return PendingChange(started, finished)


def _backup_partial(stem: str) -> re.Pattern[str]:
    """A backup's temporary file (and its journal) as Vault.backup names them."""
    return re.compile(
        re.escape(stem)
        + r"\.\d{8}-\d{6}-\d{6}(-[\w-]+)?"
        + re.escape(VAULT_SUFFIX + PARTIAL_SUFFIX)
        + r"(-journal|-wal|-shm)?$"
    )


def rekey_leftovers(vault: Path) -> list[Path]:
    """A passphrase change's copies beside `vault` (only its own process writes them,
    under the vault's lock)."""
    names = [vault.name + REKEY_SUFFIX, vault.name + REKEY_SUFFIX + PARTIAL_SUFFIX]
    found = [vault.with_name(n + s) for n in names for s in ("", *SQLITE_SIDECARS)]
    return [p for p in found if p.exists()]


def leftovers(vault: Path) -> list[Path]:
    """Every file an interrupted rekey or restore of `vault` may have left beside it.

    Names derived from the vault's own name are written only while its lock is
    held, and the caller holds it.
    """
    found = rekey_leftovers(vault)
    restoring = vault.with_name(vault.name + RESTORE_SUFFIX)
    if restoring.exists():
        found.append(restoring)
    return found


def _guard(folder: Path, stem: str) -> FileLock:
    return FileLock(folder / (stem + BACKUP_GUARD_SUFFIX), mode=0o600, thread_local=False)


@contextlib.contextmanager
def writing_backup(folder: Path, stem: str) -> Iterator[None]:
    """Held while a backup of a vault named `stem` is written into `folder`, so that
    opening another vault of that name (same backup folder) leaves its partial file
    alone. An OS lock: a killed writer's lock is free at once."""
    guard = _guard(folder, stem)
    with guard:
        try:
            yield
        finally:
            with contextlib.suppress(OSError):  # unlinked while held: nothing left behind
                Path(guard.lock_file).unlink()


def _remove_partial_backups(folder: Path | None, stem: str) -> int:
    """Delete partial backups of `stem` in `folder` unless one is being written now;
    how many files went."""
    if folder is None or not folder.is_dir():
        return 0
    guard = _guard(folder, stem)
    try:
        guard.acquire(timeout=0)
    except (Timeout, OSError):
        return 0  # a backup is being written, or the folder cannot be written to
    removed = 0
    try:
        pattern = _backup_partial(stem)
        with contextlib.suppress(OSError):
            removed = sum(_remove(p) for p in sorted(folder.iterdir()) if pattern.match(p.name))
        _remove(Path(guard.lock_file))  # while held, like reunify.vault.lock
    finally:
        guard.release()
    if removed:
        fsync_dir(folder)
    return removed


def _remove(path: Path) -> bool:
    """Whether the leftover was there and is gone (Windows refuses to delete a file
    another process has open: it is then left alone)."""
    try:
        path.unlink()
    except OSError:
        return False
    return True


def recover(vault: Path, pending: PendingChange | None, backup_dir: Path | None) -> list[str]:
    """Remove what interrupted operations left behind; the sentences to show the person."""
    notices = [pending.notice()] if pending is not None else []
    explained = set(rekey_leftovers(vault)) if pending is not None else set()
    found = leftovers(vault)
    removed = sum(_remove(p) and p not in explained for p in found)
    if found:
        fsync_dir(vault.parent)
    removed += _remove_partial_backups(backup_dir, vault.stem)
    if removed:
        notices.append(
            ngettext(
                "{n} file left by an interrupted operation was removed: it was an encrypted "
                "copy, nothing was lost.",
                "{n} files left by an interrupted operation were removed: they were encrypted "
                "copies, nothing was lost.",
                removed,
            ).format(n=removed)
        )
    return notices
