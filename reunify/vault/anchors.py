"""The audit chain's head, kept outside the vault's own pages.

Anyone who has the key can drop the audit triggers and cut the newest events off
the end of the chain: what is left is still a valid chain. So the head of the
chain (the newest event's seq and hash) is also written where the vault file
cannot rewrite it:

- this computer: one small file per vault (by the vault's id, never its path or
  name) in the preferences folder, moved forward when the vault is opened,
  backed up, re-keyed and closed — and only forward: a head that is shorter than,
  or diverges from, the one already there is not written over it, so a vault cut
  while the app was closed stays reported after it is opened again;
- every backup (a backup is a copy of the chain: its own head is an anchor);
- every bundle's manifest (`audit_trail`: seq and hash), which the recipient
  keeps; `reunify check --anchor SEQ:HASH` compares the vault with it.

`compare` says what `check` reports: a chain shorter than an anchor, or one
whose event at the anchor's seq has another hash. The files hold a count and a
hash, no case data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.fileio import private_empty_file, replacing
from reunify.i18n import N_, _, format_date
from reunify.models import audit
from reunify.paths import config_dir

log = logging.getLogger(__name__)

VAULT_ID_KEY = "vault_id"
_VID = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Anchor:
    """A head of the chain seen at some moment, and who saw it."""

    seq: int
    hash: str
    at: str  # ISO time (UTC) it was recorded
    source: str  # "computer" | "backup" | "bundle" | "given"
    where: str = ""  # the backup's file name, the operation that recorded it

    def source_text(self) -> str:
        if self.source == "backup":
            return _("the backup {name}").format(name=self.where)
        if self.source == "bundle":
            return _("a bundle's manifest")
        if self.source == "given":
            return _("the anchor you gave")
        return _("this computer")

    def when_text(self) -> str:
        return _when(self.at)


def _when(iso: str) -> str:
    """An ISO time recorded in an anchor file, as a date in the person's language."""
    try:
        return format_date(datetime.fromisoformat(iso).astimezone(), "medium")
    except ValueError:
        return iso


def vault_id(session: Session) -> str:
    value = session.execute(
        text("SELECT value FROM vault_setting WHERE key = :key"), {"key": VAULT_ID_KEY}
    ).scalar()
    return str(value or "")


def _file(vid: str) -> Path | None:
    if not _VID.fullmatch(vid):
        return None
    return config_dir() / "anchors" / f"{vid}.json"


def _place_file(path: Path) -> Path:
    """Where this computer notes which vault id it last saw at `path`; named by a hash
    of the full path, so the folder names no client and no file."""
    digest = hashlib.sha256(os.fsencode(str(Path(path).resolve()))).hexdigest()[:32]
    return config_dir() / "anchors" / f"at-{digest}.json"


def claim_path(path: Path, vid: str) -> None:
    """The vault `vid` is the one at `path` from now on (a new vault, a restore, a demo
    built under another name). Best effort, like every anchor."""
    try:
        _write_json(_place_file(path), {"vault_id": vid, "at": _now()})
    except Exception as exc:
        log.info("vault place not recorded (%s)", type(exc).__name__)


def path_owner(path: Path) -> tuple[str, str] | None:
    """(vault id, when) this computer last saw at `path`, None if never."""
    data = _read_json(_place_file(path))
    vid = data.get("vault_id")
    return (vid, str(data.get("at", ""))) if isinstance(vid, str) else None


def _read_json(path: Path | None) -> dict[str, object]:
    """An anchor file's object; {} when it is missing, unreadable or not an object."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict[str, object]) -> None:
    """Private (0600) and whole or not at all (fileio.replacing)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with replacing(path) as tmp:
        private_empty_file(tmp)
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _read(vid: str) -> dict[str, object]:
    return _read_json(_file(vid))


def _write(vid: str, data: dict[str, object]) -> None:
    path = _file(vid)
    if path is not None:
        _write_json(path, data)


def _anchor(value: object) -> Anchor | None:
    if not isinstance(value, dict):
        return None
    try:
        anchor = Anchor(
            seq=int(value["seq"]),
            hash=str(value["hash"]),
            at=str(value.get("at", "")),
            source=str(value.get("source", "computer")),
            where=str(value.get("where", "")),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return anchor if anchor.seq >= 0 and _HEX64.fullmatch(anchor.hash) else None


def recorded(vid: str) -> Anchor | None:
    """The newest head this computer has seen of the vault `vid`."""
    return _anchor(_read(vid).get("newest"))


def restored_at(vid: str) -> datetime | None:
    """When a backup was last restored in place of this vault (older anchors then stop
    counting: the restore dropped the events after them on purpose)."""
    value = _read(vid).get("restored_at")
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _consistent(session: Session, anchor: Anchor) -> bool:
    return audit.hash_at(session, anchor.seq) == anchor.hash


def record(session: Session, where: str, path: Path | None = None) -> bool:
    """Move this computer's anchor forward to the chain's committed head.

    Never backwards nor sideways: when the vault no longer holds the anchor's event
    as recorded, the old anchor stays (and `check` keeps saying so). Best effort: a
    preferences folder that cannot be written never stops the operation. Returns
    whether the anchor was written.
    """
    try:
        vid = vault_id(session)
        if not _VID.fullmatch(vid):
            return False
        if path is not None and path_owner(path) is None:
            claim_path(path, vid)
        old = recorded(vid)
        if old is not None and not _consistent(session, old):
            return False
        seq, digest = audit.head(session)
        if old is not None and old.seq == seq:
            return False
        data = _read(vid)
        data["newest"] = asdict(Anchor(seq, digest, _now(), "computer", where))
        _write(vid, data)
        return True
    except Exception as exc:  # an anchor must never cost the person their work
        log.info("audit anchor not recorded (%s)", type(exc).__name__)
        return False


def head_of(session: Session) -> tuple[str, int, str]:
    """(vault id, seq, hash) of a vault's chain, for `note_restore`."""
    return (vault_id(session), *audit.head(session))


def note_restore(vid: str, seq: int, digest: str, where: str, path: Path) -> None:
    """A backup now stands in for the vault at `path`: its head is the anchor from now
    on, it owns the place, and backups made before this moment stop counting."""
    try:
        if not vid:
            return
        claim_path(path, vid)
        data = _read(vid)
        data["newest"] = asdict(Anchor(seq, digest, _now(), "computer", where))
        data["restored_at"] = _now()
        _write(vid, data)
    except Exception as exc:
        log.info("audit anchor not recorded after restore (%s)", type(exc).__name__)


def parse(value: str) -> Anchor:
    """`SEQ:HASH` as printed by `reunify verify` (a bundle's manifest) or a backup."""
    seq, _sep, digest = value.strip().partition(":")
    digest = digest.strip().lower()
    if not seq.strip().isdigit() or not _HEX64.fullmatch(digest):
        raise ValidationError(
            "anchor",
            N_(
                "An anchor is the event number and its hash, as a bundle's check prints "
                "them: 1234:3f2a… (64 hexadecimal characters after the colon)."
            ),
        )
    return Anchor(int(seq), digest, "", "given")


def backup_head(path: Path, connect: Callable[[Path], Any]) -> Anchor | None:
    """The head of the chain in one backup file; None when it cannot be read with
    this key (made before a passphrase change) or is not a vault."""
    with contextlib.suppress(Exception):
        conn = connect(path)
        try:
            row = conn.execute(
                "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
        at = datetime.fromtimestamp(os.stat(path).st_mtime, UTC).isoformat(timespec="seconds")
        if row is None:
            return Anchor(0, audit.GENESIS, at, "backup", path.name)
        return Anchor(int(row[0]), str(row[1]), at, "backup", path.name)
    return None


def identity(session: Session, path: Path) -> tuple[list[str], list[Anchor]]:
    """Whether the vault at `path` is the one this computer last saw there.

    The vault's id lives inside the vault, where whoever has the key can change it
    (and so escape this computer's record of its chain). The place remembers the id
    it last held: another id there is reported, and the chain is also held to the
    record of the id that was there before. Returns (problems, that record).
    """
    vid = vault_id(session)
    problems: list[str] = []
    if not _VID.fullmatch(vid):
        problems.append(
            _(
                "The vault's identity is missing or damaged: reunify writes it once and "
                "never changes it, so the vault was altered outside reunify. Keep this file "
                "as it is and compare it with your latest backup."
            )
        )
    owner = path_owner(path)
    if owner is None or owner[0] == vid:
        return problems, []
    when = _when(owner[1])
    problems.append(
        _(
            "This file is not the vault this computer last saw at this place (on {when}): "
            "its identity changed. If you did not put another vault here yourself, it was "
            "altered outside reunify. Keep this file as it is and compare it with your "
            "latest backup."
        ).format(when=when)
    )
    before = recorded(owner[0])
    return problems, [before] if before is not None else []


def drift(session: Session, path: Path) -> list[str]:
    """`identity` and `compare` against this computer's records only: cheap enough for
    every unlock."""
    problems, known = identity(session, path)
    vid = vault_id(session)
    mine = recorded(vid) if _VID.fullmatch(vid) else None
    return problems + compare(session, [*known, *([mine] if mine is not None else [])])


def compare(session: Session, anchors: list[Anchor]) -> list[str]:
    """What `check` reports: the chain is shorter than an anchor, or diverges from it."""
    have, _digest = audit.head(session)
    problems: list[str] = []
    for anchor in sorted(anchors, key=lambda a: -a.seq):
        if have < anchor.seq:
            problems.append(_cut_text(anchor, have))
        elif not _consistent(session, anchor):
            problems.append(_rewritten_text(anchor))
        else:
            break  # an intact anchor vouches for every older one
    return problems


def _cut_text(anchor: Anchor, have: int) -> str:
    then = (
        _("{source} shows it had reached event {seq} on {when}")
        if anchor.at
        else _("{source} shows it had reached event {seq}")
    ).format(source=anchor.source_text(), seq=anchor.seq, when=anchor.when_text())
    return _(
        "The audit trail ends at event {have}, but {then}: events were cut from its end, "
        "or this is an older copy of the vault. Keep this file as it is and compare it "
        "with your latest backup."
    ).format(have=have, then=then)


def _rewritten_text(anchor: Anchor) -> str:
    then = (
        _("the one {source} recorded on {when}") if anchor.at else _("the one {source} records")
    ).format(source=anchor.source_text(), when=anchor.when_text())
    return _(
        "Audit event {seq} is not {then}: the trail was rewritten, or this is a different "
        "copy of the vault. Keep this file as it is and compare it with your latest backup."
    ).format(seq=anchor.seq, then=then)
