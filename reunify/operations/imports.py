"""Files into the vault: each file encrypted in its own transaction, so a cancel or a
file that cannot be read loses only that file. The GUI runs this off its thread
(drag and drop, Attach files, a person's photos); the CLI's `import` runs it as is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from reunify.errors import NotFound, ValidationError
from reunify.fileio import require_free_space
from reunify.i18n import N_
from reunify.models import Case, CaseParty, Document, DocumentKind, Person
from reunify.operations.attachments import attach_file
from reunify.operations.documents import add_document
from reunify.vault import Vault

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"}

Progress = Callable[[int, int], None]

# Free space an import asks for in the vault's folder, beyond twice the files' bytes
# (see free_space_needed).
IMPORT_MARGIN = 8 << 20


def kind_for(path: Path) -> DocumentKind:
    """A new document from a file: a photo for an image, otherwise "other"."""
    return DocumentKind.PHOTO if path.suffix.lower() in IMAGE_SUFFIXES else DocumentKind.OTHER


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)  # documents the files went into, in order
    problems: list[tuple[Path, str]] = field(default_factory=list)  # file, what went wrong
    cancelled: bool = False

    @property
    def count(self) -> int:
        return len(self.added)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def free_space_needed(total: int) -> int:
    """Bytes an import of `total` bytes of files may take in the vault's folder, at most.

    Each file's chunks go first into the WAL, then, at the checkpoint, into the
    vault file itself; the WAL keeps its largest size until the vault closes, so
    the folder briefly holds the data twice. Encryption adds SQLCipher's 80 bytes
    per 4 KiB page and the B-tree its own (about 3 % together: the 1/16 below).
    Measured: a 50 MiB file peaked the folder at +103.2 MiB (2.06x); the margin
    covers the audit and index pages. Twice the total, not total + largest, because
    a reader that holds the WAL open keeps it from being reused between files.
    """
    return 2 * total + total // 16 + IMPORT_MARGIN


def import_files(
    vault: Vault,
    case_id: str,
    paths: Sequence[Path],
    *,
    document_id: str | None = None,
    person_id: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Encrypt `paths` into the case, one transaction per file.

    Into `document_id` when given; otherwise each file becomes a new document titled
    after the file (a photo for image files), about `person_id` when given. A file
    that cannot be read is skipped and named in `problems`; a cancel stops before the
    next chunk and keeps what was finished. Progress counts bytes over all files.
    Refused before the first file when the vault's folder has not the room for all.
    """
    with vault.session() as s:
        if s.get(Case, case_id) is None:
            raise NotFound(what=case_id)
        if document_id is not None:
            doc = s.get(Document, document_id)
            if doc is None or doc.case_id != case_id:
                raise NotFound(what=document_id)
        if person_id is not None:
            in_case = s.scalar(
                select(CaseParty.person_id).where(
                    CaseParty.case_id == case_id, CaseParty.person_id == person_id
                )
            )
            if in_case is None:
                raise NotFound(what=person_id)
    result = ImportResult()
    readable = []
    for path in paths:
        if path.is_file():
            readable.append(path)
        else:
            result.problems.append((path, _unreadable(path)))
    total = sum(_size(p) for p in readable) or 1
    require_free_space(vault.path.parent, free_space_needed(total))
    offset = 0
    for path in readable:

        def shifted(done: int, offset: int = offset) -> None:
            if progress is not None:
                progress(offset + done, total)

        try:
            with vault.session() as s:
                if document_id is not None:
                    doc = s.get_one(Document, document_id)
                else:
                    doc = add_document(
                        s,
                        s.get_one(Case, case_id),
                        kind=kind_for(path),
                        title=path.stem,
                        persons=[s.get_one(Person, person_id)] if person_id else None,
                    )
                attach_file(s, doc, path, progress=shifted, cancelled=cancelled)
                result.added.append(doc.id)
        except InterruptedError:
            result.cancelled = True
            return result
        except ValidationError as exc:  # this file: gone, not allowed, no name
            result.problems.append((path, exc.user_message()))
        except OSError:  # reading this file failed (the vault writes through SQLite)
            result.problems.append((path, _unreadable(path)))
        offset += _size(path)
    return result


def _unreadable(path: Path) -> str:
    return ValidationError(
        "file", N_("{name} is not a file that can be read."), name=path.name
    ).user_message()
