"""Append embedded files to a finished (optionally AES-256 encrypted) PDF, streaming.

pikepdf/qpdf hold a stream's bytes in memory, so a 200 MB scan would cost 200 MB
of RAM, and an unencrypted intermediate file would put case data on disk in the
clear. Instead, the base PDF (report + manifest) is written encrypted by pikepdf,
and the attachments are appended as a standard PDF incremental update whose
streams and strings are encrypted here with the file's own key (AES-256-CBC with
a random IV, PDF 2.0 / ISO 32000-2 security handler revision 6), one megabyte at
a time. qpdf, pypdf and PDF readers read the result like any other PDF.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

IV_BYTES = 16


class PdfCipher:
    """Encrypts strings and streams for one PDF; no key means an unencrypted PDF."""

    def __init__(self, key: bytes | None) -> None:
        if key is not None and len(key) != 32:
            raise ValueError("only AES-256 (revision 6) files are supported")
        self.key = key

    def string(self, data: bytes) -> bytes:
        return b"".join(self.stream([data]))

    def stream(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        if self.key is None:
            yield from chunks
            return
        iv = os.urandom(IV_BYTES)
        enc = Cipher(algorithms.AES(self.key), modes.CBC(iv)).encryptor()
        pad = padding.PKCS7(128).padder()
        yield iv
        for chunk in chunks:
            yield enc.update(pad.update(chunk))
        yield enc.update(pad.finalize()) + enc.finalize()

    def stream_length(self, size: int) -> int:
        return size if self.key is None else IV_BYTES + (size // 16 + 1) * 16


@dataclass
class NewFile:
    name: str
    description: str
    media_type: str
    size: int
    chunks: Callable[[], Iterable[bytes]]  # called once, while writing


def _hex(data: bytes) -> bytes:
    return b"<" + data.hex().encode() + b">"


def _text(text: str) -> bytes:
    """A PDF text string: UTF-16BE with BOM, so any name survives."""
    return b"\xfe\xff" + text.encode("utf-16-be")


def _name(value: str) -> bytes:
    safe = re.sub(rb"[^A-Za-z0-9._-]", lambda m: b"#%02X" % m.group()[0], value.encode())
    return b"/" + safe


def _startxref(fh: BinaryIO) -> int:
    fh.seek(0, os.SEEK_END)
    end = fh.tell()
    fh.seek(max(0, end - 2048))
    tail = fh.read()
    found = re.findall(rb"startxref\s+(\d+)", tail)
    if not found:
        raise ValueError("not a PDF: no startxref")
    return int(found[-1])


def append_files(
    path: Path | str,
    password: str | None,
    files: list[NewFile],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Add `files` to the EmbeddedFiles name tree of the PDF at `path`, in place.

    The base PDF must already have an indirect /EmbeddedFiles name tree (made by
    `prepare_base`), whose entries are kept.
    """
    with pikepdf.open(path, password=password or "") as pdf:
        key = pdf.encryption.encryption_key if pdf.is_encrypted else None
        tree = pdf.Root.Names.EmbeddedFiles
        if not tree.is_indirect:
            raise ValueError("base PDF needs an indirect EmbeddedFiles tree")
        tree_num, tree_gen = tree.objgen
        existing = [
            (bytes(tree.Names[i]), tree.Names[i + 1].objgen) for i in range(0, len(tree.Names), 2)
        ]
        size = int(pdf.trailer.Size)
        trailer_root = pdf.Root.objgen
        encrypt_ref = pdf.trailer.Encrypt.objgen if pdf.is_encrypted else None
        ids = [bytes(x) for x in pdf.trailer.ID] if "/ID" in pdf.trailer else []
    cipher = PdfCipher(key)
    # Existing names come back decrypted from pikepdf; sort everything by those bytes.
    entries: list[tuple[bytes, tuple[int, int]]] = list(existing)
    offsets: dict[int, int] = {}
    done = 0
    with open(path, "r+b") as fh:
        prev = _startxref(fh)
        fh.seek(0, os.SEEK_END)
        fh.write(b"\n")
        next_num = size
        for item in files:
            stream_num, spec_num = next_num, next_num + 1
            next_num += 2
            offsets[stream_num] = fh.tell()
            length = cipher.stream_length(item.size)
            fh.write(
                b"%d 0 obj\n<< /Type /EmbeddedFile /Subtype %s /Params << /Size %d >> "
                b"/Length %d >>\nstream\n" % (stream_num, _name(item.media_type), item.size, length)
            )
            written = 0
            for block in cipher.stream(_counted(item.chunks(), item.size)):
                fh.write(block)
                written += len(block)
                done += len(block)
                if progress is not None:
                    progress(done)
            if written != length:
                raise ValueError(f"{item.name}: wrote {written} bytes, expected {length}")
            fh.write(b"\nendstream\nendobj\n")
            offsets[spec_num] = fh.tell()
            ascii_name = item.name.encode("ascii", "replace").replace(b"?", b"_")
            fh.write(
                b"%d 0 obj\n<< /Type /Filespec /F %s /UF %s /Desc %s /AFRelationship /Data "
                b"/EF << /F %d 0 R /UF %d 0 R >> >>\nendobj\n"
                % (
                    spec_num,
                    _hex(cipher.string(ascii_name)),
                    _hex(cipher.string(_text(item.name))),
                    _hex(cipher.string(_text(item.description))),
                    stream_num,
                    stream_num,
                )
            )
            entries.append((_text(item.name), (spec_num, 0)))
        entries.sort(key=lambda e: e[0])
        offsets[tree_num] = fh.tell()
        names = b" ".join(_hex(cipher.string(name)) + b" %d %d R" % ref for name, ref in entries)
        fh.write(b"%d %d obj\n<< /Names [ %s ] >>\nendobj\n" % (tree_num, tree_gen, names))
        xref_at = fh.tell()
        fh.write(b"xref\n")
        for start, run in _runs(sorted(offsets)):
            fh.write(b"%d %d\n" % (start, len(run)))
            for num in run:
                gen = tree_gen if num == tree_num else 0
                fh.write(b"%010d %05d n\r\n" % (offsets[num], gen))
        trailer = b"<< /Size %d /Root %d %d R /Prev %d" % (next_num, *trailer_root, prev)
        if encrypt_ref is not None:
            trailer += b" /Encrypt %d %d R" % encrypt_ref
        if ids:
            trailer += b" /ID [ " + b" ".join(_hex(i) for i in ids) + b" ]"
        fh.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at)
        fh.flush()
        os.fsync(fh.fileno())


def _counted(chunks: Iterable[bytes], expected: int) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        yield chunk
    if total != expected:
        raise ValueError(f"attachment size changed: {total} bytes, expected {expected}")


def _runs(numbers: list[int]) -> Iterator[tuple[int, list[int]]]:
    run: list[int] = []
    for n in numbers:
        if run and n != run[-1] + 1:
            yield run[0], run
            run = []
        run.append(n)
    if run:
        yield run[0], run
