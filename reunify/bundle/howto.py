"""The report's last page: how US counsel checks the bundle with common tools only.

The commands are those of qpdf, poppler's pdfdetach and sha256sum (certutil on
Windows, shasum on macOS), which counsel's IT can install from any package
manager; nothing here needs reunify.
"""

from __future__ import annotations

from reunify.i18n import _


def check_commands(manifest_name: str) -> list[tuple[str, str]]:
    """(explanation, command) pairs in the current language; an empty command is prose."""
    return [
        (
            _(
                "1. The share passphrase was sent to you separately from this file (for "
                "example, read over the phone), together with the SHA-256 of {manifest}. "
                "In the commands below, replace PASSPHRASE with it and bundle.pdf with this "
                "file's name."
            ).format(manifest=manifest_name),
            "",
        ),
        (
            _(
                "2. Check that the file is sound, then list the embedded files (the exhibits "
                "and {manifest}):"
            ).format(manifest=manifest_name),
            "qpdf --password='PASSPHRASE' --check bundle.pdf\n"
            "qpdf --password='PASSPHRASE' --list-attachments bundle.pdf",
        ),
        (
            _("3. Save every embedded file into a new folder named exhibits:"),
            "mkdir exhibits && pdfdetach -upw 'PASSPHRASE' -saveall -o exhibits bundle.pdf",
        ),
        (
            _(
                "4. Compute the SHA-256 of every file. The value for {manifest} must equal "
                "the one the preparer sent you separately; if it does, the manifest is the "
                "one the preparer wrote."
            ).format(manifest=manifest_name),
            "sha256sum exhibits/*      "
            + _("(Windows: certutil -hashfile FILE SHA256; macOS: shasum -a 256 FILE)"),
        ),
        (
            _(
                "5. Each exhibit's SHA-256 must equal the value listed for it in {manifest} "
                "(and in the exhibit index of this report). Any difference means the file "
                "was changed after export; a file missing from the manifest was added."
            ).format(manifest=manifest_name),
            "cd exhibits && jq -r '.attachments[] | \"\\(.sha256)  \\(.name)\"' "
            + manifest_name
            + " | sha256sum -c -      "
            + _("(with jq installed: compares every exhibit at once)"),
        ),
        (
            _(
                "6. The number of report pages must equal the manifest's report.pages. The "
                "manifest also holds a fingerprint of everything the report pages show (text, "
                "fonts, images, annotations, page boxes); checking it needs `reunify verify` "
                "or a script that follows the method named in the manifest. Without it, the "
                "checks above prove that the exhibits and the manifest are unchanged, not the "
                "report pages."
            ),
            "qpdf --password='PASSPHRASE' --show-npages bundle.pdf",
        ),
        (
            _(
                "These commands read the bundle and write only the extracted exhibits; "
                "keep that folder as confidential as the bundle itself."
            ),
            "",
        ),
    ]
