"""Append embedded files to a finished (optionally AES-256 encrypted) PDF, streaming.

pikepdf/qpdf hold a stream's bytes in memory, so a 200 MB scan would cost 200 MB
of RAM, and an unencrypted intermediate file would put case data on disk in the
clear. Instead, the base PDF (report + manifest) is written encrypted by pikepdf,
and the attachments are appended as a standard PDF incremental update whose
streams and strings are encrypted here with the file's own key (AES-256-CBC with
a random IV, PDF 2.0 / ISO 32000-2 security handler revision 6), one megabyte at
a time, after Flate compression. qpdf, pypdf, poppler, pdfium and PDF readers
read the result like any other PDF.

The reverse, `iter_stream_data`, reads one stream back the same way (raw bytes
from the file, AES-CBC decryption, inflation, a megabyte at a time), so that
verifying a 500 MB exhibit does not need 500 MB of memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from pikepdf._core import EncryptionMethod

IV_BYTES = 16
CHUNK = 1 << 20
# Formats that are compressed already: deflating them again costs time and saves nothing.
COMPRESSED_MEDIA = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic")
COMPRESSED_PREFIXES = ("video/", "audio/", "application/zip", "application/pdf")


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


@dataclass
class NewFile:
    name: str
    description: str
    media_type: str
    size: int
    chunks: Callable[[], Iterable[bytes]]  # called once, while writing


def pdf_text(text: str) -> bytes:
    """A PDF text string, encoded as qpdf and pikepdf encode names.

    ASCII (where PDFDocEncoding and ASCII agree) when the name is ASCII, else
    UTF-16BE with a byte-order mark. The name tree key and the file
    specification's /UF use these same bytes, so every tool finds the same name.
    """
    if text.isascii():
        return text.encode("ascii")
    return b"\xfe\xff" + text.encode("utf-16-be")


def tree_order(name: str) -> bytes:
    """Sort key of a name tree entry: qpdf compares keys by their UTF-8 text.

    A tree sorted any other way (for example by encoded bytes, which puts every
    UTF-16 name after every ASCII one) makes qpdf's and pikepdf's binary search
    miss entries: `qpdf --remove-attachment` then finds nothing.
    """
    return name.encode("utf-8", "surrogatepass")


def _hex(data: bytes) -> bytes:
    return b"<" + data.hex().encode() + b">"


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


def _level(media_type: str) -> int:
    media = media_type.lower()
    if media in COMPRESSED_MEDIA or media.startswith(COMPRESSED_PREFIXES):
        return 1
    return 6


@dataclass
class _Base:
    """What the incremental update needs to know about the PDF it extends."""

    key: bytes | None
    tree: tuple[int, int]
    entries: list[tuple[str, tuple[int, int]]]
    af: tuple[int, int]
    af_items: list[tuple[int, int]]
    size: int
    root: tuple[int, int]
    info: tuple[int, int] | None
    encrypt: tuple[int, int] | None
    ids: list[bytes]


def _read_base(path: Path | str, password: str | None) -> _Base:
    with pikepdf.open(path, password=password or "") as pdf:
        tree = pdf.Root.Names.EmbeddedFiles
        af = pdf.Root.get("/AF")
        if not tree.is_indirect or "/Kids" in tree:
            raise ValueError("base PDF needs an indirect, flat EmbeddedFiles tree")
        if af is None or not af.is_indirect:
            raise ValueError("base PDF needs an indirect /AF array in its catalogue")
        info = pdf.trailer.get("/Info")
        return _Base(
            key=pdf.encryption.encryption_key if pdf.is_encrypted else None,
            tree=tree.objgen,
            entries=[
                (str(tree.Names[i]), tree.Names[i + 1].objgen) for i in range(0, len(tree.Names), 2)
            ],
            af=af.objgen,
            af_items=[item.objgen for item in af],
            size=int(pdf.trailer.Size),
            root=pdf.Root.objgen,
            info=info.objgen if info is not None and info.is_indirect else None,
            encrypt=pdf.trailer.Encrypt.objgen if pdf.is_encrypted else None,
            ids=[bytes(x) for x in pdf.trailer.ID] if "/ID" in pdf.trailer else [],
        )


def append_files(
    path: Path | str,
    password: str | None,
    files: list[NewFile],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Add `files` to the EmbeddedFiles name tree and the catalogue's /AF, in place.

    The base PDF must already have an indirect, flat /EmbeddedFiles name tree and
    an indirect /AF array (made by `export`), whose entries are kept. Each file is
    Flate-compressed and encrypted while it streams from `chunks`; its /Length
    and /Params (size, MD5) are indirect objects written after the data, when
    they are known. The new trailer keeps /Root, /Info, /Encrypt and /ID.
    """
    base = _read_base(path, password)
    cipher = PdfCipher(base.key)
    entries = list(base.entries)
    af_items = list(base.af_items)
    offsets: dict[int, int] = {}
    gens: dict[int, int] = {}
    done = 0
    with open(path, "r+b") as fh:
        prev = _startxref(fh)
        fh.seek(0, os.SEEK_END)
        fh.write(b"\n")
        next_num = base.size
        for item in files:
            stream_num, length_num, params_num, spec_num = range(next_num, next_num + 4)
            next_num += 4
            offsets[stream_num] = fh.tell()
            fh.write(
                b"%d 0 obj\n<< /Type /EmbeddedFile /Subtype %s /Filter /FlateDecode "
                b"/Params %d 0 R /Length %d 0 R >>\nstream\n"
                % (stream_num, _name(item.media_type), params_num, length_num)
            )
            md5 = hashlib.md5(usedforsecurity=False)
            counted = _Counted(item.chunks(), item.size)
            deflated = _deflated(counted, zlib.compressobj(_level(item.media_type)), md5)
            written = 0
            before = done
            for block in cipher.stream(deflated):
                fh.write(block)
                written += len(block)
                if progress is not None and counted.done != done - before:
                    done = before + counted.done
                    progress(done)
            done = before + counted.done
            fh.write(b"\nendstream\nendobj\n")
            offsets[length_num] = fh.tell()
            fh.write(b"%d 0 obj\n%d\nendobj\n" % (length_num, written))
            offsets[params_num] = fh.tell()
            fh.write(
                b"%d 0 obj\n<< /Size %d /CheckSum %s >>\nendobj\n"
                % (params_num, item.size, _hex(cipher.string(md5.digest())))
            )
            offsets[spec_num] = fh.tell()
            ascii_name = item.name.encode("ascii", "replace").replace(b"?", b"_")
            fh.write(
                b"%d 0 obj\n<< /Type /Filespec /F %s /UF %s /Desc %s /AFRelationship /Data "
                b"/EF << /F %d 0 R /UF %d 0 R >> >>\nendobj\n"
                % (
                    spec_num,
                    _hex(cipher.string(ascii_name)),
                    _hex(cipher.string(pdf_text(item.name))),
                    _hex(cipher.string(pdf_text(item.description))),
                    stream_num,
                    stream_num,
                )
            )
            entries.append((item.name, (spec_num, 0)))
            af_items.append((spec_num, 0))
        names = [n for n, _ in entries]
        if len(set(names)) != len(names):
            raise ValueError("two embedded files have the same name")
        entries.sort(key=lambda e: tree_order(e[0]))
        offsets[base.tree[0]], gens[base.tree[0]] = fh.tell(), base.tree[1]
        kv = b" ".join(
            _hex(cipher.string(pdf_text(name))) + b" %d %d R" % ref for name, ref in entries
        )
        fh.write(b"%d %d obj\n<< /Names [ %s ] >>\nendobj\n" % (*base.tree, kv))
        offsets[base.af[0]], gens[base.af[0]] = fh.tell(), base.af[1]
        refs = b" ".join(b"%d %d R" % ref for ref in af_items)
        fh.write(b"%d %d obj\n[ %s ]\nendobj\n" % (*base.af, refs))
        xref_at = fh.tell()
        fh.write(b"xref\n")
        for start, run in _runs(sorted(offsets)):
            fh.write(b"%d %d\n" % (start, len(run)))
            for num in run:
                fh.write(b"%010d %05d n\r\n" % (offsets[num], gens.get(num, 0)))
        trailer = b"<< /Size %d /Root %d %d R /Prev %d" % (next_num, *base.root, prev)
        if base.info is not None:
            trailer += b" /Info %d %d R" % base.info
        if base.encrypt is not None:
            trailer += b" /Encrypt %d %d R" % base.encrypt
        if base.ids:
            trailer += b" /ID [ " + b" ".join(_hex(i) for i in base.ids) + b" ]"
        fh.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at)
        fh.flush()
        os.fsync(fh.fileno())


class _Counted:
    """Passes chunks on, counting them; the total must be the size the vault recorded."""

    def __init__(self, chunks: Iterable[bytes], expected: int) -> None:
        self.chunks = iter(chunks)
        self.expected = expected
        self.done = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.done += len(chunk)
            yield chunk
        if self.done != self.expected:
            raise ValueError(
                f"attachment size changed: {self.done} bytes, expected {self.expected}"
            )


def _deflated(chunks: Iterable[bytes], deflate: Any, md5: Any) -> Iterator[bytes]:
    """Flate-compresses a stream of chunks, feeding the uncompressed bytes to `md5`."""
    for chunk in chunks:
        md5.update(chunk)
        yield deflate.compress(chunk)
    yield deflate.flush()


def _runs(numbers: list[int]) -> Iterator[tuple[int, list[int]]]:
    run: list[int] = []
    for n in numbers:
        if run and n != run[-1] + 1:
            yield run[0], run
            run = []
        run.append(n)
    if run:
        yield run[0], run


class StreamUnreadable(ValueError):
    """A stream's bytes in the file do not form the stream its dictionary describes."""


def iter_stream_data(path: Path | str, pdf: pikepdf.Pdf, stream: pikepdf.Stream) -> Iterator[bytes]:
    """The decoded data of `stream` (an object of `pdf`, opened from `path`), in chunks.

    Reads the raw bytes from the file at the offset qpdf's cross-reference table
    gives, then decrypts (AES-256 or AES-128) and inflates them a megabyte at a
    time. Streams this cannot follow (other filters, RC4, a stream-specific
    crypt filter) are decoded by pikepdf, in memory: only a file rewritten by
    another tool has those.
    """
    plan = _stream_plan(pdf, stream)
    if plan is None:
        yield stream.read_bytes()
        return
    offset, length, key, inflate = plan
    decrypt = _decryptor(key)
    inflater = zlib.decompressobj() if inflate else None
    with open(path, "rb") as fh:
        fh.seek(offset)
        head = fh.read(64 * 1024)
        start = offset + _data_start(head)
        fh.seek(start)
        left = length
        while left > 0:
            raw = fh.read(min(CHUNK, left))
            if not raw:
                raise StreamUnreadable("the file ends inside a stream")
            left -= len(raw)
            data = decrypt.send(raw)
            if inflater is not None:
                yield from _inflate(inflater, data)
            elif data:
                yield data
        tail = decrypt.send(None)
        if inflater is not None:
            yield from _inflate(inflater, tail)
            if not inflater.eof:
                raise StreamUnreadable("compressed data ends early")
        elif tail:
            yield tail
        if not re.match(rb"\s*endstream", fh.read(64)):
            raise StreamUnreadable("no endstream where the stream's /Length ends")


def _inflate(inflater: zlib._Decompress, data: bytes) -> Iterator[bytes]:
    """Inflates without letting one chunk of a compression bomb fill the memory."""
    while data:
        out = inflater.decompress(data, CHUNK)
        if out:
            yield out
        data = inflater.unconsumed_tail
    # Nothing is held back: decompress() with max_length leaves input in unconsumed_tail.


def _stream_plan(
    pdf: pikepdf.Pdf, stream: pikepdf.Stream
) -> tuple[int, int, bytes | None, bool] | None:
    """(offset of the object, raw length, AES key, inflate?) or None for pikepdf's way."""
    if not stream.is_indirect or "/DecodeParms" in stream:
        return None
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = filters[0] if len(filters) == 1 else pikepdf.Name("/Unknown")
    if filters is not None and filters != pikepdf.Name.FlateDecode:
        return None
    entry = pdf.get_xref_table().get(stream.objgen)
    if entry is None or entry.type != 1:
        return None
    key: bytes | None = None
    if pdf.is_encrypted:
        info = pdf.encryption
        method = info.file_method
        base_key = bytes(info.encryption_key)
        if method == EncryptionMethod.aesv3:
            key = base_key
        elif method == EncryptionMethod.aes:
            num, gen = stream.objgen
            seed = base_key + num.to_bytes(3, "little") + gen.to_bytes(2, "little") + b"sAlT"
            key = hashlib.md5(seed, usedforsecurity=False).digest()
        elif method != EncryptionMethod.none:
            return None
    length = stream.get("/Length")
    if not isinstance(length, int):
        return None
    return int(entry.offset), length, key, filters is not None


def _data_start(head: bytes) -> int:
    """Offset, within `head` (which starts at "N G obj"), of the first byte of stream data.

    Walks the dictionary token by token (strings, comments, nesting) so that a
    string containing "stream" cannot move the start.
    """
    m = re.match(rb"\s*\d+\s+\d+\s+obj\s*<<", head)
    if m is None:
        raise StreamUnreadable("no stream object at the cross-reference offset")
    i, depth = m.end(), 1
    while depth:
        if i >= len(head):
            raise StreamUnreadable("stream dictionary too long")
        c = head[i : i + 1]
        if head.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
        elif head.startswith(b">>", i):
            depth, i = depth - 1, i + 2
        elif c == b"(":
            i = _skip_literal(head, i)
        elif c == b"<":
            end = head.find(b">", i)
            if end < 0:
                raise StreamUnreadable("unterminated hex string")
            i = end + 1
        elif c == b"%":
            m2 = re.compile(rb"[^\r\n]*").match(head, i)
            i = m2.end() if m2 else len(head)
        else:
            i += 1
    m = re.compile(rb"\s*stream(\r\n|\n)").match(head, i)
    if m is None:
        raise StreamUnreadable("no stream keyword after the dictionary")
    return m.end()


def _skip_literal(data: bytes, i: int) -> int:
    depth, i = 1, i + 1
    while depth:
        if i >= len(data):
            raise StreamUnreadable("unterminated string")
        c = data[i]
        if c == 0x5C:  # backslash escapes the next byte
            i += 2
            continue
        depth += c == 0x28
        depth -= c == 0x29
        i += 1
    return i


def _decryptor(key: bytes | None) -> Generator[bytes, bytes | None, None]:
    """A coroutine: send raw chunks, get plaintext; send None at the end for the rest."""

    def run() -> Generator[bytes, bytes | None, None]:
        raw = yield b""
        if key is None:
            while raw is not None:
                raw = yield raw
            yield b""
            return
        iv = b""
        while raw is not None and len(iv) < IV_BYTES:
            need = IV_BYTES - len(iv)
            iv, raw = iv + raw[:need], raw[need:]
            if len(iv) < IV_BYTES:
                raw = yield b""
        if len(iv) < IV_BYTES:
            raise StreamUnreadable("encrypted stream shorter than its IV")
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        unpad = padding.PKCS7(128).unpadder()
        out = b""
        while raw is not None:
            out = unpad.update(dec.update(raw))
            raw = yield out
        try:
            yield unpad.update(dec.finalize()) + unpad.finalize()
        except ValueError:
            raise StreamUnreadable("the encrypted stream's padding is damaged") from None

    gen = run()
    next(gen)
    return gen
