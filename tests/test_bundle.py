"""The case bundle, read back with independent tools (pypdf, pikepdf/qpdf)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pikepdf
import pypdf
import pytest
from sqlalchemy import select

from reunify import operations as ops
from reunify.bundle.export import export_bundle
from reunify.bundle.verify import WrongSharePassphrase, verify_bundle
from reunify.errors import ConsentError, ValidationError
from reunify.models import Attachment, AuditEvent, Case, Consent, ConsentScope
from reunify.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.vault
SHARE = "compartir con la abogada 2026"
TODAY = date(2026, 11, 22)


def _case(s) -> Case:  # type: ignore[no-untyped-def]
    case = ops.find_case(s, "RU-2026-0001")
    assert case is not None
    return case


def _consent(s, case: Case, *scope: ConsentScope) -> Consent:  # type: ignore[no-untyped-def]
    return ops.record_consent(
        s,
        case,
        recipient="Demo Immigration Counsel, NY",
        purpose="T-3",
        scope=list(scope)
        or [
            ConsentScope.IDENTITY,
            ConsentScope.DOCUMENTS,
            ConsentScope.CASE_FACTS,
            ConsentScope.IMMIGRATION,
        ],
        given_on=date(2026, 11, 1),
        expires_on=date(2027, 11, 1),
    )


def _text(path: Path, password: str | None = SHARE) -> str:
    reader = pypdf.PdfReader(str(path))
    if reader.is_encrypted:
        assert reader.decrypt(password or "")
    # Table cells wrap lines; compare text with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def bundle(demo_vault: Vault, tmp_path: Path) -> tuple[Path, str, dict[str, bytes]]:
    with demo_vault.session() as s:
        case = _case(s)
        result = export_bundle(
            s,
            case,
            tmp_path / "bundle.pdf",
            consent=_consent(s, case),
            language="es",
            share_passphrase=SHARE,
            today=TODAY,
        )
        originals = {
            a.filename: ops.read_attachment(s, a)
            for a in s.scalars(select(Attachment)).all()
            if a.document.case_id == case.id
        }
    return result.path, result.manifest_sha256, originals


def test_only_the_share_passphrase_opens_it(bundle: tuple[Path, str, dict[str, bytes]]) -> None:
    path, _, _ = bundle
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path, password="otra frase")
    with pikepdf.open(path, password=SHARE) as pdf:
        assert pdf.is_encrypted and pdf.encryption.bits == 256
        assert pdf.check_pdf_syntax() == []
    assert (path.stat().st_mode & 0o777) == 0o600
    raw = path.read_bytes()
    assert b"Tecuatl" not in raw and b"RU-2026-0001" not in raw


def test_text_keeps_reference_and_accents(bundle: tuple[Path, str, dict[str, bytes]]) -> None:
    text = _text(bundle[0])
    for expected in (
        "RU-2026-0001",
        "Rosalba Tecuatl Xochitiotzi",
        "Tlaxcala de Xicohténcatl",
        "Restitución nacional",
        "Expediente del caso",
        "9 días hábiles desde",
        "página 1 de",
        "Partes y parentescos",
    ):
        assert expected in text, expected


def test_embedded_files_match_the_vault(bundle: tuple[Path, str, dict[str, bytes]]) -> None:
    path, _, originals = bundle
    reader = pypdf.PdfReader(str(path))
    reader.decrypt(SHARE)
    embedded = {name: data[0] for name, data in reader.attachments.items()}
    assert "manifest.json" in embedded
    for filename, data in originals.items():
        match = [n for n in embedded if n.endswith(filename)]
        assert match, filename
        assert hashlib.sha256(embedded[match[0]]).digest() == hashlib.sha256(data).digest()


def test_verify_passes_then_names_the_altered_file(
    bundle: tuple[Path, str, dict[str, bytes]], tmp_path: Path
) -> None:
    path, manifest_sha, _ = bundle
    result = verify_bundle(path, SHARE, manifest_sha)
    assert result.ok and result.checked == 3
    with pytest.raises(WrongSharePassphrase):
        verify_bundle(path, "equivocada")
    # Someone with the passphrase changes one byte of one embedded file and re-saves.
    altered = tmp_path / "altered.pdf"
    with pikepdf.open(path, password=SHARE) as pdf:
        name = next(n for n in pdf.attachments if n.endswith(".png"))
        stream = pdf.attachments[name].get_file().obj
        data = bytearray(stream.read_bytes())
        data[len(data) // 2] ^= 0x01
        stream.write(bytes(data))
        pdf.save(altered, encryption=pikepdf.Encryption(owner="x" * 12, user=SHARE, R=6))
    result = verify_bundle(altered, SHARE, manifest_sha)
    assert not result.ok
    assert result.problems == [f"{name}: content differs from the manifest"]
    env = {**os.environ, "REUNIFY_SHARE_PASSPHRASE": SHARE, "LANG": "C.UTF-8"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reunify",
            "--lang",
            "en",
            "verify",
            str(altered),
            "--expect",
            manifest_sha,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1 and name in done.stderr
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reunify",
            "--lang",
            "en",
            "verify",
            str(path),
            "--expect",
            manifest_sha,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr


def test_export_is_audited(demo_vault: Vault, bundle: tuple[Path, str, dict[str, bytes]]) -> None:
    with demo_vault.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "bundle.export")).one()
        assert event.details["manifest_sha256"] == bundle[1]
        assert event.details["recipient"] == "Demo Immigration Counsel, NY"


def test_consent_gate(demo_vault: Vault, tmp_path: Path) -> None:
    dest = tmp_path / "x.pdf"
    with demo_vault.session() as s:
        case = _case(s)
        kwargs = dict(language="en", share_passphrase=SHARE, today=TODAY)
        with pytest.raises(ConsentError):
            export_bundle(s, case, dest, consent=None, **kwargs)  # type: ignore[arg-type]
        consent = _consent(s, case)
        with pytest.raises(ConsentError, match="expired"):
            export_bundle(
                s,
                case,
                dest,
                consent=consent,
                language="en",
                share_passphrase=SHARE,
                today=date(2028, 1, 1),
            )
        other = ops.create_case(s, title="Otra familia")
        foreign = _consent(s, other)
        with pytest.raises(ConsentError, match="another case"):
            export_bundle(s, case, dest, consent=foreign, **kwargs)  # type: ignore[arg-type]
        ops.revoke_consent(s, consent, on=date(2026, 11, 10))
        with pytest.raises(ConsentError, match="revoked"):
            export_bundle(s, case, dest, consent=consent, **kwargs)  # type: ignore[arg-type]
        fresh = _consent(s, case)
        with pytest.raises(ValidationError):
            export_bundle(
                s, case, dest, consent=fresh, language="en", share_passphrase=None, today=TODAY
            )
    assert not dest.exists() and not list(tmp_path.glob("*.partial"))


def test_redaction_of_confidential_and_adverse(demo_vault: Vault, tmp_path: Path) -> None:
    secret_street, adverse = "Calle Xicohténcatl 14", "Fermín Cuamatzi"
    with demo_vault.session() as s:
        case = _case(s)
        consent = _consent(s, case, ConsentScope.IDENTITY, ConsentScope.ADDRESSES)
        plain = export_bundle(
            s,
            case,
            tmp_path / "a.pdf",
            consent=consent,
            language="en",
            share_passphrase=None,
            allow_unencrypted=True,
            today=TODAY,
        )
        full = export_bundle(
            s,
            case,
            tmp_path / "b.pdf",
            consent=consent,
            language="en",
            share_passphrase=None,
            allow_unencrypted=True,
            today=TODAY,
            include_confidential=True,
            include_adverse=True,
        )
    redacted, revealed = _text(plain.path, None), _text(full.path, None)
    assert secret_street not in redacted and adverse not in redacted
    assert "[withheld]" in redacted
    assert secret_street in revealed and adverse in revealed
    # Documents are outside this consent's scope: no files travel.
    assert plain.attachments == 0


IMPORT_AND_EXPORT = """
import io, os, resource, sys
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
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with vault.session() as s:
    s.add(case); s.add(consent)
    result = export_bundle(s, case, sys.argv[3], consent=consent, language="en",
        share_passphrase="compartida larga", today=date(2026, 6, 1))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
vault.close()
print(before, after)
"""


@pytest.mark.slow
@pytest.mark.real_kdf  # the vault is opened by another process
def test_export_memory_stays_bounded_with_a_200_mb_file(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    vault.close()
    big = tmp_path / "video.bin"
    with big.open("wb") as fh:
        block = os.urandom(1 << 20)
        for _ in range(200):
            fh.write(block)
    out = tmp_path / "big.pdf"
    env = {**os.environ, "REUNIFY_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_EXPORT, str(vault_path), str(big), str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    before, after = (int(x) for x in done.stdout.split())
    big.unlink()
    growth = (after - before) / 1024
    assert growth < 100, f"export grew peak RSS by {growth:.0f} MiB for a 200 MiB file"
    assert out.stat().st_size > 200 * (1 << 20)
    result = verify_bundle(out, "compartida larga")
    assert result.ok, result.problems


def test_export_never_overwrites_silently(demo_vault: Vault, tmp_path: Path) -> None:
    from reunify.errors import VaultExists

    dest = tmp_path / "ya-existe.pdf"
    dest.write_bytes(b"un archivo que no se debe perder")
    with demo_vault.session() as s:
        case = _case(s)
        with pytest.raises(VaultExists):
            export_bundle(
                s,
                case,
                dest,
                consent=_consent(s, case),
                language="en",
                share_passphrase=SHARE,
                today=TODAY,
            )
    assert dest.read_bytes() == b"un archivo que no se debe perder"
