"""`reunify verify` against a tamper matrix, re-saves by other tools, and independent readers.

Every bundle here is a real export of the demo case (made once per run and
copied for each test); every change is made the way someone holding the share
passphrase would make it: with pikepdf, qpdf, or by flipping bytes on disk.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pypdfium2
import pytest

from reunify.bundle.export import MANIFEST_NAME
from reunify.bundle.integrity import report_digest
from reunify.bundle.pdfappend import NewFile, append_files
from reunify.bundle.verify import NotABundle, VerifyResult, WrongSharePassphrase, verify_bundle
from reunify.models import ConsentScope
from reunify.vault import Vault
from tests.conftest import PASSPHRASE
from tests.helpers import BUNDLE_SHARE, export_case

pytestmark = pytest.mark.vault
SHARE = BUNDLE_SHARE
ALL_SCOPES = [
    ConsentScope.IDENTITY,
    ConsentScope.DOCUMENTS,
    ConsentScope.CASE_FACTS,
    ConsentScope.IMMIGRATION,
]
_MADE: dict[str, tuple[Path, str]] = {}

needs_qpdf = pytest.mark.skipif(
    shutil.which("qpdf") is None, reason="qpdf binary missing (make test installs it)"
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdfdetach") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdfdetach, pdftotext, pdfinfo) missing (make test installs them)",
)


def _export(vault: Vault, dest: Path, share: str | None) -> str:
    return export_case(vault, dest, ALL_SCOPES, share=share).manifest_sha256


def _made(request: pytest.FixtureRequest, kind: str, share: str | None) -> tuple[Path, str]:
    """One export per kind and test run; the demo vault is only opened for the first."""
    if kind not in _MADE:
        vault = request.getfixturevalue("demo_vault")
        folder = request.getfixturevalue("tmp_path_factory").mktemp(kind)
        path = folder / "bundle.pdf"
        _MADE[kind] = (path, _export(vault, path, share))
    return _MADE[kind]


@pytest.fixture
def bundle(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A private copy of an encrypted demo bundle and its manifest's SHA-256."""
    made, sha = _made(request, "encrypted", SHARE)
    path = tmp_path / "bundle.pdf"
    shutil.copyfile(made, path)
    return path, sha


def _verify(path: Path, sha: str | None = None, share: str | None = SHARE) -> VerifyResult:
    return verify_bundle(path, share, sha)


def _resave(path: Path, change: Any) -> Path:
    """Apply `change(pdf)` with pikepdf and write the file back, encrypted as before."""
    out = path.with_name("changed.pdf")
    with pikepdf.open(path, password=SHARE) as pdf:
        change(pdf)
        pdf.save(out, encryption=pikepdf.Encryption(owner="o" * 16, user=SHARE, R=6))
    return out


def _manifest(path: Path) -> dict[str, Any]:
    with pikepdf.open(path, password=SHARE) as pdf:
        loaded: dict[str, Any] = json.loads(pdf.attachments[MANIFEST_NAME].get_file().read_bytes())
        return loaded


def _report_changed(result: VerifyResult) -> bool:
    return any("report pages were changed" in p for p in result.problems)


# --- the untouched bundle -------------------------------------------------------------


def test_untouched_bundle_verifies_and_says_what_was_checked(bundle: tuple[Path, str]) -> None:
    path, sha = bundle
    result = _verify(path, sha)
    assert result.ok and result.authenticated and result.checked == 3, result.problems
    alone = _verify(path)
    assert alone.ok and not alone.authenticated  # only internal consistency
    report = _manifest(path)["report"]
    assert report["method"] == "reunify-report-view" and report["version"] == 1


def test_cli_wording_and_exit_codes_in_english_and_spanish(
    bundle: tuple[Path, str], tmp_path: Path
) -> None:
    path, sha = bundle

    def run(lang: str, *args: str, share: str = SHARE) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "REUNIFY_SHARE_PASSPHRASE": share, "LANG": "C.UTF-8"}
        return subprocess.run(
            [sys.executable, "-m", "reunify", "--lang", lang, "verify", str(path), *args],
            capture_output=True,
            text=True,
            env=env,
        )

    done = run("en", "--expect", sha)
    assert done.returncode == 0 and "Verified: the manifest is the one" in done.stdout
    done = run("en")
    assert done.returncode == 0 and "Verified" not in done.stdout
    assert "Only internal consistency was checked" in done.stdout and sha in done.stdout
    done = run("es")
    assert done.returncode == 0 and "Solo se comprobó la coherencia interna" in done.stdout
    done = run("es", "--expect", "0" * 64)
    assert done.returncode == 1 and "NO verificado" in done.stderr
    done = run("es", share="otra frase equivocada")
    assert done.returncode == 2 and "no abre" in done.stderr
    assert "Traceback" not in done.stderr
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    done = run("en", "--expect", sha)
    assert done.returncode == 1 and "cut short" in done.stderr and "Traceback" not in done.stderr


def test_wrong_passphrase_and_not_a_bundle(bundle: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = bundle
    with pytest.raises(WrongSharePassphrase):
        _verify(path, share="equivocada")
    with pytest.raises(WrongSharePassphrase):
        _verify(path, share=None)
    text = tmp_path / "notes.pdf"
    text.write_text("no soy un PDF")
    with pytest.raises(NotABundle):
        _verify(text)
    plain = tmp_path / "plain.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(plain)
    with pytest.raises(NotABundle):
        _verify(plain, share=None)


# --- damage on disk ---------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, 0.999])
def test_truncated_file_is_not_verified(bundle: tuple[Path, str], keep: float) -> None:
    path, sha = bundle
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    result = _verify(path, sha)
    assert not result.ok
    assert any("cut short" in p for p in result.problems), result.problems


def _stream_data_offset(path: Path, pick: Any) -> int:
    """Offset in the file of the middle of the stream `pick(pdf)` returns."""
    with pikepdf.open(path, password=SHARE) as pdf:
        stream = pick(pdf)
        start = pdf.get_xref_table()[stream.objgen].offset
        length = int(stream.Length)
    data = path.read_bytes()
    return data.index(b"stream", start) + len(b"stream\n") + length // 2


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _png(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    name = next(n for n in pdf.attachments if n.endswith(".png"))
    return pdf.attachments[name].obj.EF.F


@pytest.mark.parametrize(
    ("part", "pick", "expected"),
    [
        ("report", lambda pdf: pdf.pages[0].obj.Contents, "report pages"),
        ("manifest", lambda pdf: pdf.attachments[MANIFEST_NAME].obj.EF.F, "manifest"),
        ("exhibit", _png, ".png"),
    ],
)
def test_a_flipped_byte_is_found(
    bundle: tuple[Path, str], part: str, pick: Any, expected: str
) -> None:
    path, sha = bundle
    _flip(path, _stream_data_offset(path, pick))
    result = _verify(path, sha)
    assert not result.ok, part
    assert any(expected in p for p in result.problems), result.problems


# --- changes by someone who has the passphrase -----------------------------------------


def test_exhibit_removed_with_qpdf_or_added_with_pikepdf(bundle: tuple[Path, str]) -> None:
    path, sha = bundle
    name = next(e["name"] for e in _manifest(path)["attachments"] if e["name"].endswith(".png"))
    if shutil.which("qpdf"):
        out = path.with_name("removed.pdf")
        subprocess.run(
            ["qpdf", f"--password={SHARE}", f"--remove-attachment={name}", str(path), str(out)],
            check=True,
        )
    else:
        out = _resave(path, lambda pdf: pdf.attachments.__delitem__(name))
    result = _verify(out, sha)
    assert result.problems == [f"{name}: missing"]

    def add(pdf: pikepdf.Pdf) -> None:
        pdf.attachments["Anexo-99-nuevo.txt"] = pikepdf.AttachedFileSpec(pdf, b"agregado")

    result = _verify(_resave(path, add), sha)
    assert result.problems == ["Anexo-99-nuevo.txt: not listed in the manifest"]


def _freetext(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    note = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.FreeText,
            Rect=[50, 600, 560, 700],
            Contents=pikepdf.String("RECEIPT WITHDRAWN"),
            DA=pikepdf.String("/Helv 36 Tf 1 0 0 rg"),
        )
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([note]))


def _crop(pdf: pikepdf.Pdf) -> None:
    box = pdf.pages[0].mediabox
    pdf.pages[0].obj.CropBox = [box[0], box[1], box[2], float(box[3]) / 2]


def _first_font(pdf: pikepdf.Pdf) -> tuple[pikepdf.Dictionary, str]:
    fonts = pdf.pages[0].obj.Resources.Font
    return fonts, next(iter(fonts.keys()))


def _swap_font(pdf: pikepdf.Pdf) -> None:
    fonts, key = _first_font(pdf)
    fonts[key] = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Courier
        )
    )


def _alter_font_program(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for font in page.obj.Resources.Font.values():
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants is not None else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is None:
                continue
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    program = bytearray(descriptor[key].read_bytes())
                    program[len(program) // 2] ^= 0x01
                    descriptor[key].write(bytes(program))
                    return
    pytest.fail("the report embeds no font program")


def _insert_page(pdf: pikepdf.Pdf) -> None:
    blank = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792])
    pdf.pages.insert(1, pikepdf.Page(pdf.make_indirect(blank)))


def _swap_pages(pdf: pikepdf.Pdf) -> None:
    first = pikepdf.Page(pdf.pages[0])
    del pdf.pages[0]
    pdf.pages.insert(1, first)


def _rotate(pdf: pikepdf.Pdf) -> None:
    pdf.pages[-1].obj.Rotate = 90


def _open_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hola')")
    )


@pytest.mark.parametrize(
    ("change", "pages_differ"),
    [
        (_freetext, False),
        (_crop, False),
        (_swap_font, False),
        (_alter_font_program, False),
        (_insert_page, True),
        (lambda pdf: pdf.add_blank_page(), True),
        (lambda pdf: pdf.pages.__delitem__(-1), True),
        (_swap_pages, False),
        (_rotate, False),
        (_open_action, False),
    ],
    ids=[
        "freetext-annotation",
        "cropbox",
        "font-swapped",
        "font-program-changed",
        "page-inserted",
        "page-appended",
        "page-removed",
        "pages-reordered",
        "page-rotated",
        "open-action-added",
    ],
)
def test_visible_change_to_the_report_is_found(
    bundle: tuple[Path, str], change: Any, pages_differ: bool
) -> None:
    path, sha = bundle
    result = _verify(_resave(path, change), sha)
    assert not result.ok and _report_changed(result), result.problems
    assert any("pages; the manifest says" in p for p in result.problems) == pages_differ
    assert all(".png" not in p for p in result.problems)  # the exhibits are still intact


def test_forged_manifest_is_consistent_but_not_authentic(bundle: tuple[Path, str]) -> None:
    """Exhibit and manifest both rewritten: only the hash sent separately catches it."""
    path, sha = bundle

    def forge(pdf: pikepdf.Pdf) -> None:
        stream = _png(pdf)
        forged = stream.read_bytes() + b"otra foto"
        stream.write(forged)
        manifest = json.loads(pdf.attachments[MANIFEST_NAME].get_file().read_bytes())
        for entry in manifest["attachments"]:
            if entry["name"].endswith(".png"):
                entry["size"], entry["sha256"] = len(forged), hashlib.sha256(forged).hexdigest()
        pdf.attachments[MANIFEST_NAME].obj.EF.F.write(json.dumps(manifest).encode())

    out = _resave(path, forge)
    alone = _verify(out)
    assert alone.ok and not alone.authenticated
    against = _verify(out, sha)
    assert against.problems == ["the manifest is not the one whose hash was sent separately"]


# --- other tools re-save the file --------------------------------------------------------


@needs_qpdf
@pytest.mark.parametrize(
    "encrypt",
    [
        ["--encrypt", SHARE, "owner-otro", "256", "--"],
        ["--encrypt", SHARE, "owner-otro", "128", "--use-aes=y", "--"],
    ],
    ids=["aes256", "aes128"],
)
def test_qpdf_decrypt_and_reencrypt_still_verifies(
    bundle: tuple[Path, str], tmp_path: Path, encrypt: list[str]
) -> None:
    path, sha = bundle
    plain, again = tmp_path / "plain.pdf", tmp_path / "again.pdf"
    subprocess.run(["qpdf", f"--password={SHARE}", "--decrypt", str(path), str(plain)], check=True)
    assert _verify(plain, sha, share=None).ok
    subprocess.run(
        ["qpdf", str(plain), "--object-streams=generate", "--linearize", *encrypt, str(again)],
        check=True,
    )
    with pikepdf.open(again, password=SHARE) as pdf:  # renumbered, in object streams
        assert pdf.encryption.bits == (256 if "256" in encrypt else 128)
    result = _verify(again, sha)
    assert result.ok and result.checked == 3, result.problems


def test_pikepdf_resave_with_object_streams_still_verifies(bundle: tuple[Path, str]) -> None:
    path, sha = bundle
    out = path.with_name("resaved.pdf")
    with pikepdf.open(path, password=SHARE) as pdf:
        pdf.save(
            out,
            encryption=pikepdf.Encryption(owner="x" * 20, user=SHARE, R=6),
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            recompress_flate=True,
        )
    result = _verify(out, sha)
    assert result.ok, result.problems


# --- the file as other readers see it ------------------------------------------------------


def test_structure_info_permissions_and_attachments_pane(bundle: tuple[Path, str]) -> None:
    path, _ = bundle
    with pikepdf.open(path, password=SHARE) as pdf:
        assert pdf.Root.PageMode == pikepdf.Name.UseAttachments
        assert "RU-2026-0001" in str(pdf.docinfo.Title)
        assert str(pdf.docinfo.Creator) == "reunify" and "/Producer" in pdf.docinfo
        specs = list(pdf.Root.Names.EmbeddedFiles.Names)[1::2]
        assert {s.objgen for s in pdf.Root.AF} == {s.objgen for s in specs} and len(specs) == 4
        allow = pdf.allow
        assert allow.print_highres and allow.extract and allow.modify_assembly
        assert not (allow.modify_other or allow.modify_annotation or allow.modify_form)
        for name, spec in pdf.attachments.items():  # the dict lookup finds every name
            assert str(spec.obj.UF) == name
            stream = spec.obj.EF.F
            if name != MANIFEST_NAME:
                assert stream.Filter == pikepdf.Name.FlateDecode
                assert stream.Params.Size == len(spec.get_file().read_bytes())


@needs_qpdf
def test_qpdf_checks_lists_and_removes_by_name(bundle: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = bundle
    pw = f"--password={SHARE}"
    check = subprocess.run(["qpdf", pw, "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout
    listed = subprocess.run(
        ["qpdf", pw, "--list-attachments", str(path)], capture_output=True, text=True, check=True
    ).stdout
    names = [e["name"] for e in _manifest(path)["attachments"]] + [MANIFEST_NAME]
    for name in names:
        assert name in listed
        out = tmp_path / "without.pdf"
        subprocess.run(["qpdf", pw, f"--remove-attachment={name}", str(path), str(out)], check=True)
        rest = subprocess.run(
            ["qpdf", pw, "--list-attachments", str(out)], capture_output=True, text=True
        ).stdout
        assert name not in rest and len(rest.splitlines()) == len(names) - 1


@needs_poppler
def test_poppler_reads_the_report_and_detaches_every_file(
    bundle: tuple[Path, str], tmp_path: Path
) -> None:
    """The commands printed on the report's last page, run as counsel would."""
    path, sha = bundle
    info = subprocess.run(
        ["pdfinfo", "-upw", SHARE, str(path)], capture_output=True, text=True, check=True
    ).stdout
    manifest = _manifest(path)
    assert f"Pages:           {manifest['report']['pages']}" in info
    assert "RU-2026-0001" in info  # the title survived the appended update
    text = subprocess.run(
        ["pdftotext", "-upw", SHARE, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "RU-2026-0001" in text
    out = tmp_path / "exhibits"
    out.mkdir()
    subprocess.run(["pdfdetach", "-upw", SHARE, "-saveall", "-o", str(out), str(path)], check=True)
    got = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    assert got.pop(MANIFEST_NAME) == sha
    assert got == {e["name"]: e["sha256"] for e in manifest["attachments"]}


def test_pypdf_and_pdfium_open_the_bundle_and_every_file(bundle: tuple[Path, str]) -> None:
    path, sha = bundle
    manifest = _manifest(path)
    expected = {e["name"]: e["sha256"] for e in manifest["attachments"]}
    reader = pypdf.PdfReader(str(path))
    assert reader.decrypt(SHARE)
    assert len(reader.pages) == manifest["report"]["pages"]
    by_pypdf = {n: hashlib.sha256(d[0]).hexdigest() for n, d in reader.attachments.items()}
    assert by_pypdf.pop(MANIFEST_NAME) == sha and by_pypdf == expected
    doc = pypdfium2.PdfDocument(str(path), password=SHARE)
    try:
        assert len(doc) == manifest["report"]["pages"]
        by_pdfium = {}
        for i in range(doc.count_attachments()):
            item = doc.get_attachment(i)
            by_pdfium[item.get_name()] = hashlib.sha256(bytes(item.get_data())).hexdigest()
        assert by_pdfium.pop(MANIFEST_NAME) == sha and by_pdfium == expected
    finally:
        doc.close()


def test_unencrypted_bundle_verifies_too(request: pytest.FixtureRequest) -> None:
    path, sha = _made(request, "plain", None)
    result = verify_bundle(path, None, sha)
    assert result.ok and result.checked == 3, result.problems


# --- the appended update on its own ------------------------------------------------------


def _base(path: Path, password: str) -> None:
    """A base PDF as export makes it: manifest embedded, indirect tree and /AF."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo.Title = "Prueba de nombres"
        pdf.attachments[MANIFEST_NAME] = pikepdf.AttachedFileSpec(pdf, b"{}")
        tree = pdf.Root.Names.EmbeddedFiles
        pdf.Root.Names.EmbeddedFiles = pdf.make_indirect(tree)
        pdf.Root.AF = pdf.make_indirect(pikepdf.Array([tree.Names[1]]))
        pdf.save(path, encryption=pikepdf.Encryption(owner="o" * 12, user=password, R=6))


NAMES = ["zeta.txt", "Anexo-04-fotografía-ñandú.jpg", "照片-familia.png", "alpha.txt"]


def test_names_of_any_script_are_found_by_every_tool(tmp_path: Path) -> None:
    path = tmp_path / "names.pdf"
    _base(path, SHARE)
    contents = {n: (n * 1000).encode() for n in NAMES}
    files = [
        NewFile(n, n, "text/plain", len(d), lambda d=d: [d[:100], d[100:]])
        for n, d in contents.items()
    ]
    append_files(path, SHARE, files)
    with pikepdf.open(path, password=SHARE) as pdf:
        assert str(pdf.docinfo.Title) == "Prueba de nombres"
        assert sorted(pdf.attachments) == sorted([*NAMES, MANIFEST_NAME])
        encoded = {str(k): bytes(k) for k in list(pdf.Root.Names.EmbeddedFiles.Names)[::2]}
        for name, data in contents.items():
            spec = pdf.attachments[name]
            assert spec.get_file().read_bytes() == data
            assert bytes(spec.obj.UF) == encoded[name]  # one encoding for key and /UF
        keys = list(encoded)
        assert keys == sorted(keys)  # code point order, as qpdf compares
        assert len(pdf.Root.AF) == len(NAMES) + 1
    if shutil.which("qpdf"):
        pw = f"--password={SHARE}"
        for name in NAMES:
            out = tmp_path / "without.pdf"
            subprocess.run(
                ["qpdf", pw, f"--remove-attachment={name}", str(path), str(out)], check=True
            )
            with pikepdf.open(out, password=SHARE) as pdf:
                assert name not in pdf.attachments and len(pdf.attachments) == len(NAMES)


def test_appended_streams_are_compressed_and_read_back_in_chunks(tmp_path: Path) -> None:
    from reunify.bundle.pdfappend import iter_stream_data

    path = tmp_path / "compressed.pdf"
    _base(path, SHARE)
    text = b"acta de nacimiento, copia certificada. " * 200_000  # 7.8 MB, compressible
    chunks = [text[i : i + 65536] for i in range(0, len(text), 65536)]
    append_files(
        path, SHARE, [NewFile("acta.txt", "acta", "text/plain", len(text), lambda: chunks)]
    )
    assert path.stat().st_size < len(text) // 20
    with pikepdf.open(path, password=SHARE) as pdf:
        stream = pdf.attachments["acta.txt"].obj.EF.F
        assert stream.Params.Size == len(text)
        assert bytes(stream.Params.CheckSum) == hashlib.md5(text).digest()
        pieces = list(iter_stream_data(path, pdf, stream))
    assert b"".join(pieces) == text and max(len(p) for p in pieces) <= 1 << 20


def test_report_digest_is_the_same_for_export_and_a_resave() -> None:
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        before = report_digest(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as again:
        assert report_digest(again) == before
        again.pages[0].obj.MediaBox = [0, 0, 612.0, 792.0]  # same numbers, written as reals
        assert report_digest(again) == before
        again.pages[0].obj.CropBox = [0, 0, 612, 792]  # CropBox = MediaBox is the default
        assert report_digest(again) == before
        again.pages[0].obj.CropBox = [0, 0, 612, 700]
        assert report_digest(again) != before


# --- memory ---------------------------------------------------------------------------------

VERIFY_RSS = """
import resource, sys
from reunify.bundle.verify import verify_bundle
import pikepdf, hashlib
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = verify_bundle(sys.argv[1], "compartida larga")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert result.ok, result.problems
print(before, after, result.checked)
"""

EXPORT = """
import os, sys
from datetime import date
from reunify.vault import Vault
from reunify import operations as ops
from reunify.models import ConsentScope, DocumentKind
from reunify.bundle.export import export_bundle
vault = Vault.open(sys.argv[1], os.environ["REUNIFY_PASSPHRASE"])
with vault.session() as s:
    case = ops.create_case(s, title="Familia Video")
    doc = ops.add_document(s, case, kind=DocumentKind.OTHER, title="Video de la audiencia")
    ops.attach_file(s, doc, sys.argv[2])
    consent = ops.record_consent(s, case, recipient="US counsel", purpose="evidence",
        scope=[ConsentScope.DOCUMENTS], given_on=date(2026, 1, 1), expires_on=date(2027, 1, 1))
    export_bundle(s, case, sys.argv[3], consent=consent, language="en",
        share_passphrase="compartida larga", today=date(2026, 6, 1))
vault.close()
"""


@pytest.mark.slow
@pytest.mark.real_kdf  # the vault is opened by another process
def test_verify_memory_stays_bounded_with_a_200_mb_file(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    vault.close()
    big = tmp_path / "video.bin"
    with big.open("wb") as fh:
        for _ in range(200):
            fh.write(os.urandom(1 << 20))
    out = tmp_path / "big.pdf"
    env = {**os.environ, "REUNIFY_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-c", EXPORT, str(vault_path), str(big), str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    big.unlink()
    done = subprocess.run(
        [sys.executable, "-c", VERIFY_RSS, str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    before, after, checked = (int(x) for x in done.stdout.split())
    growth = (after - before) / 1024
    assert checked == 1
    assert growth < 60, f"verify grew peak RSS by {growth:.0f} MiB for a 200 MiB file"
