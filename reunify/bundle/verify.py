"""Check a bundle: every embedded file and the report pages against the manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from reunify.bundle.export import MANIFEST_NAME, report_digest
from reunify.errors import ReunifyError
from reunify.i18n import N_, _


class WrongSharePassphrase(ReunifyError):
    message = N_("The share passphrase does not open this bundle.")


class NotABundle(ReunifyError):
    message = N_("{path} is not a reunify bundle (no readable manifest).")


@dataclass
class VerifyResult:
    manifest_sha256: str
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(
    path: Path | str, passphrase: str | None, expected_manifest_sha256: str | None = None
) -> VerifyResult:
    path = Path(path)
    try:
        pdf = pikepdf.open(path, password=passphrase or "")
    except pikepdf.PasswordError:
        raise WrongSharePassphrase() from None
    except (pikepdf.PdfError, OSError):
        raise NotABundle(path=str(path)) from None
    with pdf:
        files = dict(pdf.attachments.items())
        if MANIFEST_NAME not in files:
            raise NotABundle(path=str(path))
        raw = files.pop(MANIFEST_NAME).get_file().read_bytes()
        try:
            manifest = json.loads(raw)
        except ValueError:
            raise NotABundle(path=str(path)) from None
        result = VerifyResult(hashlib.sha256(raw).hexdigest(), manifest)
        if expected_manifest_sha256 and expected_manifest_sha256.lower() != result.manifest_sha256:
            result.problems.append(_("the manifest is not the one whose hash was sent separately"))
        if report_digest(pdf) != manifest.get("report", {}).get("sha256"):
            result.problems.append(_("the report pages were changed"))
        for entry in manifest.get("attachments", []):
            name = entry["name"]
            spec = files.pop(name, None)
            if spec is None:
                result.problems.append(_("{name}: missing").format(name=name))
                continue
            data = spec.get_file().read_bytes()
            result.checked += 1
            if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
                result.problems.append(
                    _("{name}: content differs from the manifest").format(name=name)
                )
        for extra in files:
            result.problems.append(_("{name}: not listed in the manifest").format(name=extra))
    return result
