"""The log folder: private files that rotate, one handler however often it is set up,
tracebacks without case data, and a whole CLI session that leaves no secret behind."""

from __future__ import annotations

import logging
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reunify import logs
from reunify.errors import ValidationError, VaultNotFound

# Invented; kept out of every source line that raises, so that a frame's code line
# (which the report keeps) cannot be what makes a test pass or fail.
CLIENT = "Xóchitl Ramírez Tepale"
ADDRESS = "Calle Matamoros 17, San Pablo del Monte"


@pytest.fixture(autouse=True)
def _no_logging_after() -> Iterator[None]:
    yield
    logs.teardown_logging()


def _ours() -> list[logging.Handler]:
    return [
        h for h in logging.getLogger("reunify").handlers if (h.name or "").startswith("reunify-")
    ]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_log_file_is_private_and_in_reunify_home() -> None:
    path = logs.setup_logging("cli")
    folder = Path(os.environ["REUNIFY_HOME"]) / "logs"
    assert path == folder / "cli.log"
    logging.getLogger("reunify.test").info("an event")
    text = path.read_text(encoding="utf-8")
    assert "cli started: reunify" in text and "an event" in text
    assert logs.current_log_file() == path
    faults = folder / "cli-faults.log"
    assert faults.exists()
    if os.name == "posix":
        assert _mode(folder) == 0o700
        assert _mode(path) == 0o600 and _mode(faults) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_an_older_log_file_others_could_read_is_made_private() -> None:
    folder = Path(os.environ["REUNIFY_HOME"]) / "logs"
    folder.mkdir(parents=True)
    old = folder / "gui.log"
    old.write_text("earlier\n", encoding="utf-8")
    old.chmod(0o644)
    logs.setup_logging("gui")
    assert _mode(old) == 0o600
    assert old.read_text(encoding="utf-8").startswith("earlier\n")  # appended, not replaced


def test_setting_up_twice_leaves_one_handler() -> None:
    first = logs.setup_logging("cli")
    assert logs.setup_logging("cli") == first
    assert len(_ours()) == 1
    logging.getLogger("reunify.test").warning("once only")
    assert first.read_text(encoding="utf-8").count("once only") == 1
    second = logs.setup_logging("gui")  # another kind replaces the handler
    assert second.name == "gui.log" and len(_ours()) == 1
    logging.getLogger("reunify.test").warning("after the switch")
    assert "after the switch" in second.read_text(encoding="utf-8")
    assert "after the switch" not in first.read_text(encoding="utf-8")
    logs.teardown_logging()
    assert _ours() == [] and logs.current_log_file() is None


def test_logs_rotate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    monkeypatch.setattr(logs, "BACKUP_COUNT", 3)
    path = logs.setup_logging("cli")
    log = logging.getLogger("reunify.test")
    for i in range(400):
        log.info("event number %d of a long session", i)
    rotated = sorted(path.parent.glob("cli.log.*"))
    assert [p.name for p in rotated] == ["cli.log.1", "cli.log.2", "cli.log.3"]
    assert path.stat().st_size <= 2_000
    assert "event number 399" in path.read_text(encoding="utf-8")
    if os.name == "posix":
        assert all(_mode(p) == 0o600 for p in [path, *rotated])


def test_level_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REUNIFY_LOG_LEVEL", "debug")
    path = logs.setup_logging("cli")
    logging.getLogger("reunify.test").debug("a detail for support")
    assert "a detail for support" in path.read_text(encoding="utf-8")


def test_no_console_and_no_log_folder_never_stop_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A windowed build has sys.stderr None; a read-only profile has no log folder."""
    monkeypatch.setattr(sys, "stderr", None)
    path = logs.setup_logging("gui")
    log = logging.getLogger("reunify.test")
    try:
        raise ValueError(CLIENT)
    except ValueError:
        log.exception("failed")
    assert "ValueError" in path.read_text(encoding="utf-8")
    logs.teardown_logging()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("REUNIFY_HOME", str(blocker))
    logs.setup_logging("gui")
    log.error("nowhere to go")  # no exception, nothing printed
    assert logs.current_log_file() is None
    assert logs.write_crash_report("report") is None


# -- scrubbing ------------------------------------------------------------------------


def _store(values: dict[str, str]) -> None:
    raise ValueError(f"UNIQUE constraint failed: person.given_names = {values['name']}")


def _save_person(values: dict[str, str]) -> None:
    try:
        _store(values)
    except ValueError as exc:
        raise VaultNotFound(path=values["file"]) from exc


def _crash(values: dict[str, str]) -> None:
    try:
        _save_person(values)
    except VaultNotFound:
        open(values["file"], encoding="utf-8")  # noqa: SIM115 - raises


def test_safe_traceback_keeps_types_and_frames_not_messages(tmp_path: Path) -> None:
    values = {"name": CLIENT, "file": str(tmp_path / f"{CLIENT}.reunify")}
    with pytest.raises(FileNotFoundError) as caught:
        _crash(values)
    text = logs.safe_traceback(caught.type, caught.value, caught.tb)
    assert CLIENT not in text and "Ramírez" not in text and str(tmp_path) not in text
    # every exception of the chain, by type, with its frames and code lines
    assert "ValueError: [message withheld" in text
    assert "reunify.errors.VaultNotFound: There is no vault at {path}." in text  # template
    assert "FileNotFoundError: [Errno 2]" in text
    assert "direct cause" in text and "During handling" in text
    for function in ("_store", "_save_person", "_crash"):
        assert f"in {function}" in text
    assert "raise VaultNotFound(path=values[" in text  # the source line
    assert re.search(r'File "tests/test_logs\.py", line \d+', text)  # no home folder


def test_safe_traceback_drops_notes_locals_and_group_messages() -> None:
    def fail(address: str) -> None:
        exc = KeyError(address)
        exc.add_note(address)
        raise exc

    with pytest.raises(ExceptionGroup) as caught:
        try:
            fail(ADDRESS)
        except KeyError as exc:
            raise ExceptionGroup(ADDRESS, [exc, RuntimeError(ADDRESS)]) from None
    text = logs.safe_traceback(caught.type, caught.value, caught.tb)
    assert ADDRESS not in text and "Matamoros" not in text
    assert "KeyError" in text and "RuntimeError" in text and "ExceptionGroup" in text
    assert "sub-exception 2" in text


def test_deep_recursion_is_shortened() -> None:
    def down(n: int) -> int:
        return down(n + 1)

    with pytest.raises(RecursionError) as caught:
        down(0)
    text = logs.safe_traceback(caught.type, caught.value, caught.tb)
    assert "frames left out" in text and len(text.splitlines()) < 2 * logs.MAX_FRAMES + 20


def test_error_kind_names_the_error_without_its_message(tmp_path: Path) -> None:
    assert logs.error_kind(VaultNotFound(path=CLIENT)) == "VaultNotFound"
    assert logs.error_kind(ValidationError("curp", "bad {value}", value=CLIENT)) == (
        "ValidationError (field curp)"
    )
    try:
        open(tmp_path / CLIENT, encoding="utf-8")  # noqa: SIM115 - raises
    except OSError as exc:
        kind = logs.error_kind(exc)
    assert kind.startswith("FileNotFoundError [Errno 2]") and CLIENT not in kind
    assert logs.error_kind(ValueError(CLIENT)) == "ValueError"


def test_logged_exceptions_are_scrubbed_by_the_handler() -> None:
    path = logs.setup_logging("cli")
    try:
        _store({"name": CLIENT})
    except ValueError:
        logging.getLogger("reunify.test").exception("saving failed")
    text = path.read_text(encoding="utf-8")
    assert "saving failed" in text and "in _store" in text and CLIENT not in text


def test_vault_tag_is_stable_private_and_says_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    from reunify.paths import config_dir, demo_vault_path

    monkeypatch.setattr(logs, "_salt", None)
    home = Path(os.environ["REUNIFY_HOME"])
    tag = logs.vault_tag(home / f"{CLIENT}.reunify")
    assert re.fullmatch(r"vault-[0-9a-f]{8}", tag)
    assert logs.vault_tag(home / f"{CLIENT}.reunify") == tag
    assert logs.vault_tag(home / "other.reunify") != tag
    assert logs.vault_tag(demo_vault_path()) == "demo-vault"
    salt = config_dir() / logs.SALT_FILE
    assert len(salt.read_bytes()) == 32
    if os.name == "posix":
        assert _mode(salt) == 0o600
    # the salt is what makes the tag unguessable: another installation, another tag
    monkeypatch.setattr(logs, "_salt", b"another installation's salt")
    assert logs.vault_tag(home / f"{CLIENT}.reunify") != tag


def test_crash_reports_are_private_and_only_the_newest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logs, "MAX_CRASH_REPORTS", 3)
    paths = [logs.write_crash_report(f"report {i}") for i in range(5)]
    assert all(p is not None for p in paths)
    kept = sorted(p.name for p in paths[0].parent.glob("crash-*.txt"))  # type: ignore[union-attr]
    assert kept == sorted(p.name for p in paths[-3:])  # type: ignore[union-attr]
    if os.name == "posix":
        assert _mode(paths[-1]) == 0o600  # type: ignore[arg-type]


# -- a whole session through the command line -------------------------------------------


def _case_texts(vault_file: Path, passphrase: str) -> tuple[set[str], str]:
    """Every name, title, reference, identifier and free text a log could leak, and
    the raw key, read from the vault itself."""
    from sqlalchemy import select

    from reunify.models import Address, Attachment, Case, Consent, Document, Person
    from reunify.vault import Vault

    columns = {
        Person: ("given_names", "paternal_surname", "maternal_surname", "curp", "a_number",
                 "phone", "email", "birth_place", "notes"),
        Case: ("title", "reference", "summary", "safety_notes"),
        Document: ("title", "issuer", "notes"),
        Attachment: ("filename",),
        Consent: ("recipient", "purpose"),
        Address: ("street", "locality", "municipality"),
    }  # fmt: skip
    texts: set[str] = set()
    with Vault.open(vault_file, passphrase) as vault:
        key = vault._key.key.hex()  # type: ignore[union-attr]
        with vault.session() as s:
            for model, names in columns.items():
                for row in s.scalars(select(model)):
                    for name in names:
                        value = getattr(row, name)
                        if isinstance(value, str) and len(value.strip()) >= 3:
                            texts.add(value.strip())
                    if isinstance(row, Person):
                        texts.add(f"{row.given_names} {row.paternal_surname}".strip())
    return texts, key


def _found(needle: str, haystack: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack, re.IGNORECASE) is not None


@pytest.mark.vault
def test_a_cli_session_leaves_events_and_no_case_data_in_the_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reunify.cli import main

    passphrase = "contraseña de la sesión registrada 2026"
    share = "tres cometas sobre Cholula 77"
    work = tmp_path / "work"
    work.mkdir()
    vault_file = work / f"{CLIENT}.reunify"  # named after a client, as people do
    bundle = work / f"Expediente {CLIENT}.pdf"
    share_file = work / "share.txt"
    share_file.write_text(share + "\n", encoding="utf-8")
    share_file.chmod(0o600)
    monkeypatch.setenv("REUNIFY_LOG_LEVEL", "debug")  # the scan covers the details too
    log_file = logs.setup_logging("cli")

    def cli(*args: str, secret: str | None = passphrase) -> int:
        if secret is not None:
            monkeypatch.setenv("REUNIFY_PASSPHRASE", secret)  # the CLI removes it once read
        return main(["--lang", "en", *args])

    assert cli("demo", "--vault", str(vault_file)) == 0
    assert cli("cases", "--vault", str(vault_file)) == 0
    assert cli("check", "--vault", str(vault_file), "--quick") == 0
    assert cli("backup", "--vault", str(vault_file), "--to", str(work / "backups")) == 0
    assert cli("check", "--vault", str(vault_file), secret="no es la frase") == 2
    done = cli(
        "export", "RU-2026-0001", "--vault", str(vault_file), "--to", str(bundle),
        "--recipient", "Demo Immigration Counsel", "--share-passphrase-file", str(share_file),
    )  # fmt: skip
    assert done == 0, capsys.readouterr().err
    manifest = capsys.readouterr().out.strip().split()[-1]
    assert cli(
        "verify", str(bundle), "--expect", manifest, "--share-passphrase-file", str(share_file),
        secret=None,
    ) == 0  # fmt: skip
    logs.teardown_logging()  # flushed and closed, as at the end of the process

    texts, key = _case_texts(vault_file, passphrase)
    assert len(texts) > 100 and "Familia Tecuatl Xochitiotzi" in texts  # the scan has teeth
    secrets_ = {passphrase, share, key, key.upper(), CLIENT, str(work), "Ramírez", "Tepale"}
    files = [p for p in log_file.parent.rglob("*") if p.is_file()]
    assert log_file in files
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    for secret in secrets_:
        assert secret not in everything, f"a secret reached the logs: {secret[:4]}…"
    leaked = sorted(t for t in texts if _found(t, everything))
    assert leaked == [], f"case data in the logs: {leaked[:5]}"
    # …and the log is not empty: it has the events support needs
    text = log_file.read_text(encoding="utf-8")
    assert "cli started: reunify" in text
    assert "case.create: new Case" in text  # an operation, by kind only (debug level)
    assert re.search(r"export started: \d+ attached file\(s\), \d+ bytes, encrypted", text)
    assert re.search(r"export finished: \d+ attached file\(s\) in [\d.]+ s", text)
