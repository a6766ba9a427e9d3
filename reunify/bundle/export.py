"""Export a case bundle: consent gate → report → manifest → encrypted PDF → audit.

Nothing unencrypted touches the disk unless the attorney chose an unencrypted
export: the base PDF is written encrypted by pikepdf and the evidence is
streamed from the vault into it, encrypted, one chunk at a time.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pikepdf
from sqlalchemy.orm import Session

from reunify import i18n
from reunify.bundle.howto import check_commands
from reunify.bundle.integrity import describe, report_digest
from reunify.bundle.pdfappend import NewFile, append_files
from reunify.bundle.redaction import Redaction
from reunify.bundle.report import render_report
from reunify.bundle.share_passphrase import case_user_inputs, check_share_passphrase
from reunify.bundle.view import build_bundle_view, preparer_details
from reunify.errors import (
    ConsentError,
    ReadOnlyLocation,
    ValidationError,
    VaultExists,
)
from reunify.fileio import private_empty_file, replacing, require_free_space
from reunify.i18n import N_
from reunify.models import Attachment, AuditAction, Case, Consent, ConsentScope, audit
from reunify.models.base import utcnow
from reunify.models.files import iter_attachment
from reunify.vault.messages import location_error

log = logging.getLogger(__name__)  # counts and flags only: never names, paths or text

BUNDLE_FORMAT = "reunify-bundle-1"
MANIFEST_NAME = "manifest.json"
Progress = Callable[[int, int], None]  # bytes done, bytes in all
# Counsel prints, quotes and builds a filing packet from the pages (extract and
# insert pages), but the bundle itself is not to be edited, annotated or filled in.
BUNDLE_PERMISSIONS = pikepdf.Permissions(
    accessibility=True,
    extract=True,
    modify_annotation=False,
    modify_assembly=True,
    modify_form=False,
    modify_other=False,
    print_lowres=True,
    print_highres=True,
)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest_sha256: str
    attachments: int
    encrypted: bool


CONSENT_PROBLEMS = {
    "revoked": N_("That consent was revoked on {date}."),
    "expired": N_("That consent expired on {date}."),
    "not_yet": N_("That consent is not valid before {date}."),
}


def check_consent(consent: Consent | None, case: Case, today: date) -> Consent:
    """Third-party exports need a recorded, unexpired, unrevoked consent for this case."""
    if consent is None:
        raise ConsentError(
            N_("Choose the consent this export relies on; without one nothing is exported.")
        )
    if consent.case_id != case.id:
        raise ConsentError(N_("That consent belongs to another case."))
    problem = consent.invalid_on(today)
    if problem is not None:
        reason, day = problem
        raise ConsentError(CONSENT_PROBLEMS[reason], date=i18n.format_date(day))
    return consent


def export_bundle(
    session: Session,
    case: Case,
    dest: Path | str,
    *,
    consent: Consent | None,
    language: str,
    share_passphrase: str | None,
    allow_unencrypted: bool = False,
    include_confidential: bool = False,
    include_adverse: bool = False,
    progress: Progress | None = None,
    today: date | None = None,
    overwrite: bool = False,
    is_vault_passphrase: Callable[[str], bool] | None = None,
) -> ExportResult:
    """`is_vault_passphrase` (e.g. `Vault.verify_passphrase`) lets the share passphrase be
    refused when it is the vault's own, without this module ever seeing the vault's."""
    dest = Path(dest)
    started = time.monotonic()
    if dest.exists() and not overwrite:
        raise VaultExists(path=str(dest))
    checked = check_consent(consent, case, today or date.today())
    if share_passphrase is None and not allow_unencrypted:
        raise ValidationError(
            "share_passphrase",
            N_("Give a share passphrase, or choose an unencrypted export explicitly."),
        )
    if share_passphrase is not None:
        check_share_passphrase(
            share_passphrase,
            user_inputs=case_user_inputs(case, checked.recipient),
            is_vault_passphrase=is_vault_passphrase,
        )
    if not dest.parent.is_dir() or not os.access(dest.parent, os.W_OK):
        raise location_error(dest) or ReadOnlyLocation(path=str(dest.parent))
    redaction = Redaction(
        scope=frozenset(ConsentScope(s) for s in checked.scope),
        include_confidential=include_confidential,
        include_adverse=include_adverse,
    )
    # Only this thread switches language: the GUI keeps its own while exporting.
    with i18n.override(language):
        view = build_bundle_view(
            session,
            case,
            checked,
            redaction,
            today=today or date.today(),
            now=datetime.now().astimezone(),
            preparer=preparer_details(session),
        )
        report = render_report(view, check_commands(MANIFEST_NAME))
    attachments = [e.attachment for e in view.exhibits]
    names = [e.name for e in view.exhibits]
    base = pikepdf.open(io.BytesIO(report))
    # Counsel opens the attachments pane first; the exhibits are what they came for.
    base.Root.PageMode = pikepdf.Name.UseAttachments
    manifest = {
        "format": BUNDLE_FORMAT,
        "case": case.reference,
        "created": utcnow().isoformat(timespec="seconds"),
        "language": language,
        "recipient": checked.recipient,
        "purpose": checked.purpose,
        "consent_id": checked.id,
        # The vault's audit chain head when the bundle was made: kept by the recipient,
        # it lets `reunify check --anchor SEQ:HASH` show a trail cut or rewritten later.
        "audit_trail": dict(zip(("seq", "sha256"), audit.head(session), strict=True)),
        "report": {
            "sha256": report_digest(base),
            "pages": len(base.pages),
            **describe(),
        },
        "attachments": [
            {
                "name": n,
                "document_id": a.document_id,
                "media_type": a.media_type,
                "size": a.size,
                "sha256": a.sha256,
            }
            for n, a in zip(names, attachments, strict=True)
        ],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    manifest_sha = hashlib.sha256(manifest_bytes).hexdigest()
    base.attachments[MANIFEST_NAME] = pikepdf.AttachedFileSpec(
        base,
        manifest_bytes,
        description="reunify manifest",
        filename=MANIFEST_NAME,
        mime_type="application/json",
        creation_date="",
        mod_date="",
    )
    # append_files replaces these two objects in its incremental update.
    base.Root.Names.EmbeddedFiles = base.make_indirect(base.Root.Names.EmbeddedFiles)
    tree = base.Root.Names.EmbeddedFiles
    tree.Names[1].AFRelationship = pikepdf.Name.Data  # the manifest's file spec
    base.Root.AF = base.make_indirect(pikepdf.Array([tree.Names[1]]))
    encryption: pikepdf.Encryption | bool = False
    if share_passphrase is not None:
        encryption = pikepdf.Encryption(
            owner=secrets.token_urlsafe(32),
            user=share_passphrase,
            R=6,
            aes=True,
            allow=BUNDLE_PERMISSIONS,
        )
    total = sum(a.size for a in attachments)
    # The bundle is the report plus each file once (streamed in, never held twice;
    # an AES block and a stream dictionary per file), written beside `dest` first.
    require_free_space(dest.parent, len(report) + total + total // 64 + (4 << 20))
    log.info(
        "export started: %d attached file(s), %d bytes, %s, bundle language %s%s%s",
        len(attachments),
        total,
        "encrypted" if share_passphrase is not None else "NOT encrypted",
        language,
        ", with confidential details" if include_confidential else "",
        ", with the adverse party's details" if include_adverse else "",
    )
    files = [
        NewFile(n, a.filename, a.media_type, a.size, _chunks(session, a))
        for n, a in zip(names, attachments, strict=True)
    ]
    with replacing(dest) as tmp:
        private_empty_file(tmp)  # mode 0600 before any byte is written
        base.save(tmp, encryption=encryption, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        base.close()
        append_files(
            tmp,
            share_passphrase,
            files,
            progress=(lambda done: progress(min(done, total), total)) if progress else None,
        )
    audit.append(
        session,
        AuditAction.BUNDLE_EXPORT,
        entity=case,
        case_id=case.id,
        details={
            "recipient": checked.recipient,
            "consent_id": checked.id,
            "manifest_sha256": manifest_sha,
            "language": language,
            "encrypted": share_passphrase is not None,
            "attachments": len(attachments),
            "include_confidential": include_confidential,
            "include_adverse": include_adverse,
        },
    )
    log.info(
        "export finished: %d attached file(s) in %.1f s",
        len(attachments),
        time.monotonic() - started,
    )
    return ExportResult(dest, manifest_sha, len(attachments), share_passphrase is not None)


def _chunks(session: Session, attachment: Attachment) -> Callable[[], Iterator[bytes]]:
    return lambda: iter_attachment(session, attachment)
