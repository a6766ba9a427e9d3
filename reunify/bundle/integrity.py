"""Fingerprint of what a reader sees in the report part of a bundle.

"The report" is everything a PDF viewer draws or runs for the pages, and nothing
about how the file is stored:

* the number of pages and, for every page in order, its whole page dictionary
  with inherited attributes resolved (/Resources, /MediaBox, /CropBox, /Rotate)
  and defaults made explicit (CropBox = MediaBox, Bleed/Trim/ArtBox = CropBox,
  Rotate 0, UserUnit 1): decoded content streams, fonts with their embedded
  font programs, images and form XObjects, annotations with their appearance
  streams, page boxes, transparency groups, page actions;
* the catalogue entries that change what is shown or run when the file opens:
  /OpenAction, /AA, /AcroForm, /Names (JavaScript, destinations, appearance
  names; but not /EmbeddedFiles), /Dests, /Outlines, /PageLabels,
  /OCProperties (optional content can hide text), /Threads, /URI, /Collection
  and any key this module does not know (unknown means included).

Left out, on purpose: /EmbeddedFiles and /AF (the exhibits and the manifest are
checked one by one against the manifest's own hashes), /PageMode, /PageLayout
and /ViewerPreferences (which panes the viewer opens, not what the pages say),
/Metadata, the /Info dictionary, /Lang, /MarkInfo and /StructTreeRoot
(descriptions and accessibility structure that rewriting tools legitimately
touch), /Version, /Extensions, /Perms and /DSS (file format and signature
bookkeeping).

The serialisation is canonical: dictionaries by sorted key, names and strings by
their decoded bytes, numbers by value (612 == 612.0), streams by decoded data
(or raw data and the filter chain, for image codecs that qpdf does not decode),
and indirect objects numbered in the order this walk first meets them, so that a
second meeting (shared fonts, cycles like annotation /Popup <-> /Parent) is a
back-reference. A page met anywhere else (/Dest, annotation /P) is its index.
Object numbers, object streams, cross-reference form, compression and
encryption therefore do not matter: a qpdf or pikepdf re-save verifies, while
any change to the graph below the pages changes the digest.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import pikepdf

METHOD = "reunify-report-view"
VERSION = 1
DESCRIPTION = (
    "sha256 over a canonical serialisation of every page (decoded content streams, resources "
    "with embedded fonts and images, annotations, all page boxes, inherited values resolved) "
    "and the catalogue entries that affect display (not EmbeddedFiles, AF, PageMode, "
    "Metadata, Info)"
)

# Catalogue keys that do not change what the report shows (see the module docstring).
EXCLUDED_CATALOG_KEYS = frozenset(
    {
        "/Type",
        "/Pages",
        "/AF",
        "/PageMode",
        "/PageLayout",
        "/ViewerPreferences",
        "/Metadata",
        "/Lang",
        "/MarkInfo",
        "/StructTreeRoot",
        "/Version",
        "/Extensions",
        "/Perms",
        "/DSS",
        "/NeedsRendering",
    }
)
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
OTHER_BOXES = ("/BleedBox", "/TrimBox", "/ArtBox")
# Filters qpdf decodes at the "generalized" level; anything else is hashed raw.
GENERAL_FILTERS = frozenset(
    {
        "/FlateDecode",
        "/Fl",
        "/LZWDecode",
        "/LZW",
        "/ASCII85Decode",
        "/A85",
        "/ASCIIHexDecode",
        "/AHx",
        "/RunLengthDecode",
        "/RL",
    }
)
STORAGE_KEYS = frozenset({"/Length", "/DL"})
FILTER_KEYS = frozenset({"/Filter", "/DecodeParms"})


def describe() -> dict[str, Any]:
    """The manifest's record of how `report_digest` was computed."""
    return {"method": METHOD, "version": VERSION, "description": DESCRIPTION}


def report_digest(pdf: pikepdf.Pdf) -> str:
    """SHA-256 (hex) of everything the report shows; export and verify both call this."""
    walker = _Canonical(pdf)
    walker.document()
    return walker.digest.hexdigest()


class _Canonical:
    """Writes an unambiguous, length-prefixed serialisation of the object graph into a hash."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.digest = hashlib.sha256()
        self.pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        self.seen: dict[tuple[int, int], int] = {}

    def emit(self, tag: bytes, payload: bytes = b"") -> None:
        self.digest.update(tag + b"%d:" % len(payload) + payload)

    def document(self) -> None:
        self.emit(b"reunify-report-view-1")
        self.emit(b"pages", b"%d" % len(self.pages))
        for i, page in enumerate(self.pdf.pages):
            self.emit(b"page", b"%d" % i)
            self.page(page.obj)
        root = self.pdf.Root
        catalog: dict[str, Any] = {}
        for key in _keys(root):
            if key in EXCLUDED_CATALOG_KEYS:
                continue
            value = root[key]
            if key == "/Names" and isinstance(value, pikepdf.Dictionary):
                rest = {k: value[k] for k in _keys(value) if k != "/EmbeddedFiles"}
                if not rest:
                    continue  # a /Names that only holds the exhibits shows nothing
                catalog[key] = rest
            else:
                catalog[key] = value
        self.emit(b"catalog")
        self.mapping(catalog)

    def page(self, page: pikepdf.Dictionary) -> None:
        values: dict[str, Any] = {
            k: page[k] for k in _keys(page) if k not in ("/Parent", "/Contents")
        }
        for key in INHERITABLE:
            if key not in values:
                inherited = _inherited(page, key)
                if inherited is not None:
                    values[key] = inherited
        media = _box(values.get("/MediaBox"))
        crop = _box(values.get("/CropBox")) or media
        values["/MediaBox"] = media
        values["/CropBox"] = crop
        for key in OTHER_BOXES:
            values[key] = _box(values.get(key)) or crop
        values["/Rotate"] = int(values.get("/Rotate", 0) or 0) % 360
        values["/UserUnit"] = values.get("/UserUnit", 1)
        self.emit(b"contents", self.contents(page.get("/Contents")))
        self.mapping(values)

    def contents(self, contents: Any) -> bytes:
        """All content streams of a page, decoded and joined as a reader joins them."""
        if contents is None:
            return b""
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        parts = []
        for stream in streams:
            if not isinstance(stream, pikepdf.Stream):
                raise ValueError("page /Contents is not a stream")
            parts.append(stream.read_bytes())
        return b"\n".join(parts)

    def mapping(self, values: dict[str, Any]) -> None:
        self.emit(b"{", b"%d" % len(values))
        for key in sorted(values, key=lambda k: str(k).encode("utf-8", "surrogateescape")):
            self.emit(b"/", str(key).encode("utf-8", "surrogateescape"))
            self.value(values[key])
        self.emit(b"}")

    def value(self, obj: Any) -> None:
        if obj is None:
            self.emit(b"null")
        elif isinstance(obj, bool):
            self.emit(b"bool", b"1" if obj else b"0")
        elif isinstance(obj, int | Decimal | float):
            self.emit(b"num", _number(obj))
        elif isinstance(obj, pikepdf.Name):
            self.emit(b"/", str(obj).encode("utf-8", "surrogateescape"))
        elif isinstance(obj, pikepdf.String):
            self.emit(b"str", bytes(obj))
        elif isinstance(obj, pikepdf.Array | pikepdf.Dictionary | pikepdf.Stream):
            self.container(obj)
        elif isinstance(obj, dict):
            self.mapping(obj)
        elif isinstance(obj, list | tuple):
            self.emit(b"[", b"%d" % len(obj))
            for item in obj:
                self.value(item)
            self.emit(b"]")
        elif isinstance(obj, pikepdf.Object) and obj._type_code == pikepdf.ObjectType.null:
            self.emit(b"null")
        else:
            raise ValueError(f"unexpected object in the report: {type(obj).__name__}")

    def container(self, obj: pikepdf.Object) -> None:
        if obj.is_indirect:
            ref = obj.objgen
            if ref in self.pages:
                self.emit(b"page-ref", b"%d" % self.pages[ref])
                return
            if ref in self.seen:
                self.emit(b"back-ref", b"%d" % self.seen[ref])
                return
            self.seen[ref] = len(self.seen)
            self.emit(b"obj")
        if isinstance(obj, pikepdf.Array):
            self.emit(b"[", b"%d" % len(obj))
            for item in obj:
                self.value(item)
            self.emit(b"]")
        elif isinstance(obj, pikepdf.Stream):
            self.stream(obj)
        else:
            skip = ("/Parent",) if obj.get("/Type") == pikepdf.Name.Pages else ()
            self.mapping({k: obj[k] for k in _keys(obj) if k not in skip})

    def stream(self, stream: pikepdf.Stream) -> None:
        filters = stream.get("/Filter")
        names = (
            [str(f) for f in filters]
            if isinstance(filters, pikepdf.Array)
            else ([str(filters)] if filters is not None else [])
        )
        if all(f in GENERAL_FILTERS for f in names):
            data = stream.read_bytes(pikepdf.StreamDecodeLevel.generalized)
            dropped = STORAGE_KEYS | FILTER_KEYS
        else:  # an image codec: hash the coded data and the filter chain that reads it
            data = stream.read_raw_bytes()
            dropped = STORAGE_KEYS
        self.emit(b"stream")
        self.mapping({k: stream[k] for k in _keys(stream) if k not in dropped})
        self.emit(b"data", data)


def _keys(obj: pikepdf.Object) -> list[str]:
    """The keys of a dictionary or of a stream's dictionary."""
    return list(obj.keys())


def _inherited(page: pikepdf.Dictionary, key: str) -> Any:
    node: Any = page.get("/Parent")
    hops = 0
    while isinstance(node, pikepdf.Dictionary) and hops < 256:
        if key in node:
            return node[key]
        node = node.get("/Parent")
        hops += 1
    return None


def _box(value: Any) -> list[Decimal] | None:
    """A rectangle as readers use it: corners normalised to lower-left, upper-right."""
    if value is None:
        return None
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        raise ValueError("a page box is not a rectangle")
    x1, y1, x2, y2 = (Decimal(str(v)) for v in value)
    return [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]


def _number(value: int | Decimal | float) -> bytes:
    """A number by value: 612, 612.0 and 612.000 are one number."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        return b"%d" % int(number)
    return format(number.normalize(), "f").encode()
