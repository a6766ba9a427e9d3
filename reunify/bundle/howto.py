"""The report's last page: how US counsel checks the bundle with common tools only.

The commands are those of qpdf and sha256sum (certutil on Windows, shasum on
macOS), plus jq where it saves comparing by eye; counsel's IT can install them
from any package manager, and nothing here needs reunify. Each command is a line
that can be pasted as it is; explanations stay outside the command boxes.
"""

from __future__ import annotations

from reunify.i18n import _

OPEN = "qpdf --password='PASSPHRASE'"


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
            f"{OPEN} --check bundle.pdf\n{OPEN} --list-attachments bundle.pdf",
        ),
        (
            _("3. Save every embedded file into a new folder named exhibits:"),
            "mkdir -p exhibits\n"
            f"{OPEN} --list-attachments bundle.pdf | sed 's/ -> .*//' | while IFS= read -r f; "
            f'do {OPEN} --show-attachment="$f" bundle.pdf > "exhibits/$f"; done',
        ),
        (
            _(
                "4. This is the check everything else rests on: the SHA-256 of {manifest} "
                "must equal the one the preparer sent you separately. If it does, the "
                "manifest is the one the preparer wrote; if it does not, trust nothing in "
                "this file. (Windows: certutil -hashfile FILE SHA256; macOS: shasum -a 256 "
                "FILE.)"
            ).format(manifest=manifest_name),
            f"sha256sum exhibits/{manifest_name}",
        ),
        (
            _(
                "5. Each exhibit's SHA-256 must equal the value listed for it in {manifest} "
                "(and in the exhibit index of this report): any difference means the file "
                "was changed after export. With jq installed, the first command compares "
                "every exhibit at once; the second lists files that are in the bundle but "
                "not in the manifest (added after export), and must print nothing."
            ).format(manifest=manifest_name),
            f"cd exhibits && jq -r '.attachments[] | \"\\(.sha256)  \\(.name)\"' {manifest_name}"
            " | sha256sum -c -\n"
            f"ls | grep -vxF -f <(jq -r '.attachments[].name' {manifest_name}) | "
            f"grep -vxF {manifest_name} || true",
        ),
        (
            _(
                "6. The number of report pages must equal the manifest's report.pages. The "
                "manifest also holds a fingerprint of everything the report pages show "
                "(text, fonts, images, annotations, page boxes); only reunify's verify "
                "command computes it. Without it, the checks above prove that the exhibits "
                "and the manifest are unchanged, not the report pages: a note added on a "
                "page, for example, is not detected by these commands."
            ),
            f"{OPEN} --show-npages ../bundle.pdf\njq .report.pages {manifest_name}",
        ),
        (
            _(
                "These commands read the bundle and write only the extracted exhibits; "
                "keep that folder as confidential as the bundle itself."
            ),
            "",
        ),
    ]
