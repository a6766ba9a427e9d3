"""The command line, run as a user would: a real process, passphrase from env or file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.vault, pytest.mark.real_kdf]


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process; only REUNIFY_HOME leaks in from the test's env."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REUNIFY_")}
    full_env.update({"LANG": "C.UTF-8", "REUNIFY_HOME": os.environ["REUNIFY_HOME"], **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "reunify", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=300,
    )


def test_init_check_backup_restore_passwd(tmp_path: Path) -> None:
    vault = tmp_path / "office.reunify"
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    done = run(
        "init", "--vault", str(vault), "--passphrase-file", str(secret), "--operator", "Lic. A"
    )
    assert done.returncode == 0, done.stderr
    env = {"REUNIFY_PASSPHRASE": PASSPHRASE}
    done = run("check", "--vault", str(vault), env=env)
    assert done.returncode == 0 and "sound" in done.stdout
    done = run("backup", "--vault", str(vault), "--to", str(tmp_path / "bk"), env=env)
    assert done.returncode == 0, done.stderr
    backup = next((tmp_path / "bk").glob("*.reunify"))
    new_secret = tmp_path / "new.txt"
    new_secret.write_text("otra frase bastante larga\n", encoding="utf-8")
    new_secret.chmod(0o600)
    done = run("passwd", "--vault", str(vault), "--new-passphrase-file", str(new_secret), env=env)
    assert done.returncode == 0, done.stderr
    assert run("check", "--vault", str(vault), env=env).returncode == 2
    done = run("restore", str(backup), "--vault", str(vault), env=env)
    assert done.returncode == 0, done.stderr
    assert "kept as" in done.stdout
    assert run("check", "--vault", str(vault), env=env).returncode == 0


def test_demo_and_cases(tmp_path: Path) -> None:
    vault = tmp_path / "demo.reunify"
    done = run("demo", "--vault", str(vault))
    assert done.returncode == 0, done.stderr
    assert "demo reunify 2026" in done.stdout
    done = run("cases", "--vault", str(vault), env={"REUNIFY_PASSPHRASE": "demo reunify 2026"})
    assert done.returncode == 0
    assert "Familia Tecuatl Xochitiotzi" in done.stdout
    assert len(done.stdout.splitlines()) == 17


def test_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    vault = tmp_path / "v.reunify"
    env = {"REUNIFY_PASSPHRASE": PASSPHRASE}
    assert run("init", "--vault", str(vault), env=env).returncode == 0
    done = run("check", "--vault", str(vault), env={"REUNIFY_PASSPHRASE": "equivocada"})
    assert done.returncode == 2
    assert "passphrase is not correct" in done.stderr and "Traceback" not in done.stderr
    done = run("check", "--vault", str(tmp_path / "missing.reunify"), env=env)
    assert done.returncode == 2 and "There is no vault" in done.stderr
    done = run("check", "--vault", str(vault))  # no tty, no env, no file
    assert done.returncode == 2 and "No passphrase given" in done.stderr
    done = run("init", "--vault", str(tmp_path / "w.reunify"), env={"REUNIFY_PASSPHRASE": "corta"})
    assert done.returncode == 2 and "at least 8" in done.stderr


def test_export_and_verify_from_the_command_line(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from reunify import operations as ops
    from reunify.models import ConsentScope, DocumentKind
    from reunify.vault import Vault

    path = tmp_path / "v.reunify"
    with Vault.create(path, PASSPHRASE) as vault, vault.session() as s:
        case = ops.create_case(s, title="Familia Línea de Comandos")
        ref = case.reference
        doc = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        import io

        ops.attach_stream(s, doc, io.BytesIO(b"%PDF-1.4 acta de prueba"), "acta.pdf")
        ops.record_consent(
            s,
            case,
            recipient="Abogada de inmigración (demo)",
            purpose="I-914A",
            scope=[ConsentScope.DOCUMENTS, ConsentScope.IDENTITY],
            given_on=date.today() - timedelta(days=1),
            expires_on=date.today() + timedelta(days=365),
        )
    out = tmp_path / "bundle.pdf"
    env = {"REUNIFY_PASSPHRASE": PASSPHRASE, "REUNIFY_SHARE_PASSPHRASE": "frase compartida 1"}
    done = run(
        "export", ref, "--vault", str(path), "--to", str(out), "--bundle-lang", "es", env=env
    )
    assert done.returncode == 0, done.stderr
    manifest = done.stdout.strip().split()[-1]
    assert len(manifest) == 64
    done = run("verify", str(out), "--expect", manifest, env=env)
    assert done.returncode == 0 and "1 files match" in done.stdout
    done = run("verify", str(out), "--expect", "0" * 64, env=env)
    assert done.returncode == 1 and "hash was sent separately" in done.stderr
    done = run("verify", str(out), env={"REUNIFY_SHARE_PASSPHRASE": "no es esta frase"})
    assert done.returncode == 2 and "does not open" in done.stderr


def test_export_generates_the_share_passphrase_and_refuses_the_vaults(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from reunify import operations as ops
    from reunify.models import ConsentScope
    from reunify.vault import Vault

    path = tmp_path / "v.reunify"
    with Vault.create(path, PASSPHRASE) as vault, vault.session() as s:
        case = ops.create_case(s, title="Familia Salazar Trejo")
        ref = case.reference
        ops.record_consent(
            s,
            case,
            recipient="Abogada de inmigración (demo)",
            purpose="I-918A",
            scope=[ConsentScope.IDENTITY],
            given_on=date.today() - timedelta(days=1),
            expires_on=date.today() + timedelta(days=365),
        )
    env = {"REUNIFY_PASSPHRASE": PASSPHRASE, "REUNIFY_SHARE_PASSPHRASE": PASSPHRASE}
    out = tmp_path / "bundle.pdf"
    done = run("export", ref, "--vault", str(path), "--to", str(out), env=env)
    assert done.returncode == 2 and "vault's passphrase" in done.stderr and not out.exists()
    done = run(
        "export", ref, "--vault", str(path), "--to", str(out), "--generate-share-passphrase",
        "--bundle-lang", "es", env={"REUNIFY_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("Share passphrase"))
    phrase = line.rsplit(": ", 1)[1]
    assert len(phrase.split(" ")) == 6
    manifest = done.stdout.strip().split()[-1]  # still the last word printed
    done = run("verify", str(out), "--expect", manifest, env={"REUNIFY_SHARE_PASSPHRASE": phrase})
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_passphrase_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    vault = tmp_path / "v.reunify"
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o644)
    done = run("init", "--vault", str(vault), "--passphrase-file", str(secret))
    assert done.returncode == 2
    assert "Other users of this computer can read the passphrase file" in done.stderr
    assert "chmod 600" in done.stderr and not vault.exists()
    secret.chmod(0o600)
    assert run("init", "--vault", str(vault), "--passphrase-file", str(secret)).returncode == 0


def test_passphrase_is_removed_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read once: child processes and crash reports must not inherit it."""
    import argparse

    from reunify import cli

    monkeypatch.setenv("REUNIFY_PASSPHRASE", "una frase cualquiera")
    args = argparse.Namespace(passphrase_file=None)
    assert cli.passphrase(args) == "una frase cualquiera"
    assert "REUNIFY_PASSPHRASE" not in os.environ


def test_version_and_spanish_everywhere(tmp_path: Path) -> None:
    from reunify import __version__

    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith(f"reunify {__version__} (Python 3.")
    # --lang after the command, and argparse's own words in Spanish.
    done = run("cases", "--lang", "es", "--vault", str(tmp_path / "missing.reunify"))
    assert done.returncode == 2 and "No hay una bóveda en" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "reunify", "--lang", "es", "cases", "--help"],
        capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.startswith("uso: reunify cases")
    assert "mostrar esta ayuda y salir" in done.stdout and "opciones:" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "reunify", "cases", "--lang", "es", "--vault"],
        capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert done.returncode == 2
    assert "error: argumento --vault: se esperaba un argumento" in done.stderr


def test_unexpected_error_is_a_sentence_and_a_scrubbed_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug in a command: a sentence on the terminal, a report without case data."""
    from reunify import cli

    typed = ["Xóchitl", "Tepale Cuautle,", "calle Morelos 12"]  # what a user typed

    def broken(args: object) -> int:
        raise ValueError(" ".join(typed))  # (the report shows this line, not the value)

    monkeypatch.setattr(cli, "cmd_cases", broken)
    code = cli.main(["--lang", "es", "cases", "--vault", str(tmp_path / "x.reunify")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_CRASH and "no esperaba" in err and "Xóchitl" not in err
    reports = [p for p in Path(os.environ["REUNIFY_HOME"], "logs").rglob("*") if p.is_file()]
    assert reports
    text = "".join(p.read_text(encoding="utf-8") for p in reports)
    assert "ValueError" in text and "broken" in text and "Xóchitl" not in text


def test_import_files_into_a_case(tmp_path: Path) -> None:
    """`reunify import`: each file a document (about a person when asked), into one
    document with --document, unreadable files named and skipped, messages translated."""
    from datetime import date

    from reunify import operations as ops
    from reunify.models import Document, DocumentKind, PartyRole
    from reunify.vault import Vault

    path = tmp_path / "office.reunify"
    with Vault.create(path, PASSPHRASE, operator="Lic. Prueba") as vault, vault.session() as s:
        case = ops.create_case(s, title="Familia Huerta Cuapio", opened_on=date(2026, 5, 4))
        child = ops.create_person(
            s, given_names="Itzel", paternal_surname="Huerta", maternal_surname="Cuapio"
        )
        ops.link_person(s, case, child, PartyRole.CHILD)
        acta = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta de Itzel")
        reference, child_id, acta_id = case.reference, child.id, acta.id
    photo = tmp_path / "itzel-2026.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    scan = tmp_path / "constancia escolar.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    env = {"REUNIFY_PASSPHRASE": PASSPHRASE}
    vault_args = ("--vault", str(path))

    done = run(
        "import", reference, str(photo), str(scan), str(tmp_path / "no-such.jpg"),
        "--person", "itzel huerta cuapio", *vault_args, env=env,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "2 files added to the vault." in done.stdout
    assert "no-such.jpg is not a file that can be read." in done.stderr
    assert "Traceback" not in done.stderr
    done = run(
        "--lang", "es", "import", reference, str(scan), "--document", "Acta de Itzel",
        *vault_args, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Se agregó 1 archivo a la bóveda." in done.stdout
    done = run("import", "RU-1999-0001", str(scan), *vault_args, env=env)
    assert done.returncode == 2 and "RU-1999-0001 was not found" in done.stderr

    with Vault.open(path, PASSPHRASE) as vault, vault.session() as s:
        docs = {d.title: d for d in s.query(Document).all()}
        assert set(docs) == {"Acta de Itzel", "itzel-2026", "constancia escolar"}
        assert docs["itzel-2026"].kind == DocumentKind.PHOTO
        assert docs["constancia escolar"].kind == DocumentKind.OTHER
        assert [p.id for p in docs["itzel-2026"].persons] == [child_id]
        assert [a.filename for a in docs["Acta de Itzel"].attachments] == [scan.name]
        assert docs["Acta de Itzel"].id == acta_id
