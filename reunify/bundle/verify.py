"""Check a bundle: the report, the manifest and every embedded file.

Every failure is a sentence for the reader, never a traceback: a bundle that
cannot be read is not verified, and says which part could not be read. The
exceptions are the two errors the user can fix (wrong share passphrase, not a
bundle at all), which are raised.

Without the manifest's SHA-256 from the preparer (sent by another channel), a
check can only show that the file agrees with itself: whoever changed an
exhibit could have rewritten the manifest too. `VerifyResult.authenticated`
says which of the two was checked.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from reunify.bundle import integrity
from reunify.bundle.export import BUNDLE_FORMAT, MANIFEST_NAME
from reunify.bundle.pdfappend import iter_stream_data
from reunify.errors import ReunifyError
from reunify.fileio import os_reason
from reunify.i18n import N_, _

MAX_MANIFEST_BYTES = 16 << 20
# What reading a damaged or altered file raises (StreamUnreadable is a ValueError);
# anything else is a bug in reunify and is not dressed up as a verdict on the file.
READ_ERRORS = (
    pikepdf.PdfError,
    ValueError,
    TypeError,
    KeyError,
    OSError,
    zlib.error,
    RecursionError,
)
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class WrongSharePassphrase(ReunifyError):
    message = N_("The share passphrase does not open this bundle.")


class NotABundle(ReunifyError):
    message = N_("{path} is not a reunify bundle (no readable manifest).")


class BundleUnreadable(ReunifyError):
    message = N_("Cannot read {path}: {reason}")


@dataclass
class VerifyResult:
    manifest_sha256: str | None
    manifest: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    # True only when the manifest's SHA-256 equals one given by the caller (--expect).
    authenticated: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(
    path: Path | str, passphrase: str | None, expected_manifest_sha256: str | None = None
) -> VerifyResult:
    """Verify `path`; raises only WrongSharePassphrase, NotABundle or BundleUnreadable."""
    path = Path(path)
    try:
        with warnings.catch_warnings():  # "no password was needed": reported below instead
            warnings.simplefilter("ignore")
            pdf = pikepdf.open(path, password=passphrase or "")
    except pikepdf.PasswordError:
        raise WrongSharePassphrase() from None
    except (pikepdf.PdfError, ValueError):
        raise NotABundle(path=str(path)) from None
    except OSError as exc:
        raise BundleUnreadable(path=str(path), reason=os_reason(exc)) from None
    with pdf:
        try:
            files = _embedded_files(pdf)
        except READ_ERRORS:
            files = {}
        specs = files.pop(MANIFEST_NAME, [])
        if not specs:
            damage = _damage(path, pdf)
            if damage:  # a damaged bundle, not a stranger's PDF
                return VerifyResult(None, None, damage)
            raise NotABundle(path=str(path))
        result = _read_manifest(specs[0])
        if len(specs) > 1:
            result.problems.append(
                _("{name}: embedded {count} times").format(name=MANIFEST_NAME, count=len(specs))
            )
        if expected_manifest_sha256 is not None:
            if result.manifest_sha256 == expected_manifest_sha256.strip().lower():
                result.authenticated = True
            else:
                result.problems.append(
                    _("the manifest is not the one whose hash was sent separately")
                )
        if result.manifest is not None:
            _check_report(pdf, result.manifest["report"], result.problems)
            _check_files(path, pdf, result, files)
        result.problems += _damage(path, pdf)
    return result


def _damage(path: Path, pdf: pikepdf.Pdf) -> list[str]:
    """A cut-short file and whatever qpdf had to repair while reading it."""
    found = []
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 1024))
        if b"%%EOF" not in fh.read():
            found.append(
                _(
                    "the file is incomplete: it does not end as a PDF ends "
                    "(cut short while copying?)"
                )
            )
    # qpdf's warnings are English and name byte offsets: the reader gets what they mean.
    if any(pdf.get_warnings()):
        found.append(
            _(
                "the PDF structure is damaged: parts of the file had to be repaired to be "
                "read (it was changed, or cut short, after it was made)"
            )
        )
    return found


def _embedded_files(pdf: pikepdf.Pdf) -> dict[str, list[pikepdf.Object]]:
    """Every name in the EmbeddedFiles tree, walked by hand.

    pikepdf's `attachments` looks names up by binary search, which misses
    entries of a tree that is not sorted as qpdf expects; a check must see every
    entry, and every duplicate.
    """
    names = pdf.Root.get("/Names")
    tree = names.get("/EmbeddedFiles") if isinstance(names, pikepdf.Dictionary) else None
    found: dict[str, list[pikepdf.Object]] = {}
    stack = [tree] if isinstance(tree, pikepdf.Dictionary) else []
    visited: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if node.is_indirect:
            if node.objgen in visited:
                continue
            visited.add(node.objgen)
        pairs = node.get("/Names")
        if isinstance(pairs, pikepdf.Array):
            for i in range(0, len(pairs) - 1, 2):
                found.setdefault(str(pairs[i]), []).append(pairs[i + 1])
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
    return found


def _file_stream(spec: Any) -> pikepdf.Stream:
    ef = spec.get("/EF") if isinstance(spec, pikepdf.Dictionary) else None
    stream = None
    if isinstance(ef, pikepdf.Dictionary):
        stream = ef.get("/UF", ef.get("/F"))
    if not isinstance(stream, pikepdf.Stream):
        raise ValueError("no embedded file stream")
    return stream


def _read_manifest(spec: Any) -> VerifyResult:
    try:
        stream = _file_stream(spec)
        if int(stream.get("/Length", 0)) > MAX_MANIFEST_BYTES:
            raise ValueError("manifest too large")
        raw = stream.read_bytes()
    except READ_ERRORS:
        return VerifyResult(None, None, [_("the manifest cannot be read (it is damaged)")])
    result = VerifyResult(hashlib.sha256(raw).hexdigest(), None)
    try:
        manifest = json.loads(raw)
    except ValueError:
        result.problems.append(_("the manifest is damaged (it is not valid JSON)"))
        return result
    if not _well_formed(manifest):
        result.problems.append(_("the manifest is not in the reunify bundle format"))
        return result
    result.manifest = manifest
    return result


def _well_formed(manifest: Any) -> bool:
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        return False
    report = manifest.get("report")
    files = manifest.get("attachments")
    if not isinstance(report, dict) or not isinstance(files, list):
        return False
    for entry in files:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and type(entry.get("size")) is int
            and isinstance(entry.get("sha256"), str)
            and SHA256_HEX.fullmatch(entry["sha256"])
        ):
            return False
    return True


def _check_report(pdf: pikepdf.Pdf, report: dict[str, Any], problems: list[str]) -> None:
    if report.get("method") != integrity.METHOD or report.get("version") != integrity.VERSION:
        problems.append(
            _(
                "the manifest fingerprints the report with a method this version of reunify "
                "does not know ({method}); the report pages were not checked"
            ).format(method=f"{report.get('method')} {report.get('version')}")
        )
        return
    try:
        pages = len(pdf.pages)
        digest = integrity.report_digest(pdf)
    except READ_ERRORS:  # an object the walk cannot read: a damaged or altered report
        problems.append(_("the report pages cannot be read (the file is damaged)"))
        return
    if pages != report.get("pages"):
        problems.append(
            _("the report has {found} pages; the manifest says {expected}").format(
                found=pages, expected=report.get("pages")
            )
        )
    if digest != report.get("sha256"):
        problems.append(
            _(
                "the report pages were changed: what they show (text, fonts, images, "
                "annotations or page boxes) differs from what the manifest records"
            )
        )


def _check_files(
    path: Path, pdf: pikepdf.Pdf, result: VerifyResult, files: dict[str, list[Any]]
) -> None:
    assert result.manifest is not None
    for entry in result.manifest["attachments"]:
        name = entry["name"]
        specs = files.pop(name, [])
        if not specs:
            result.problems.append(_("{name}: missing").format(name=name))
            continue
        if len(specs) > 1:
            result.problems.append(
                _("{name}: embedded {count} times").format(name=name, count=len(specs))
            )
            continue
        try:
            size, sha = _digest(iter_stream_data(path, pdf, _file_stream(specs[0])))
        except READ_ERRORS:
            result.problems.append(_("{name}: cannot be read (damaged)").format(name=name))
            continue
        result.checked += 1
        if size != entry["size"] or sha != entry["sha256"]:
            result.problems.append(_("{name}: content differs from the manifest").format(name=name))
    for extra in files:
        result.problems.append(_("{name}: not listed in the manifest").format(name=extra))


def _digest(chunks: Iterator[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        size += len(chunk)
        digest.update(chunk)
    return size, digest.hexdigest()
