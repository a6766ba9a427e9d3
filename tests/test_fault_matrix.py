"""The CLI fault matrix (#15 item 2): every entry point against every fault, for real.

Each row runs the real command line in this process (`reunify.cli.main`) against a
real encrypted vault with a real fault: a tmpfs mounted full, files and folders made
immutable (root ignores modes), a disk remounted read-only, another process holding
the vault, bytes flipped in a page or in the salt, a file cut short. Each asserts:
- the exit code says a user error (2) or problems found (1), never a crash (3);
- what the person reads is the sentence of the error meant, in her language, and
  none of SQLite's, qpdf's or the OS's English ("HMAC", "malformed", "Errno"…);
- nothing committed is lost: the vault reopens with its cases and audit trail, and a
  refused write left it as it was.

Interrupted passphrase changes, backups and imports are tests/test_recovery.py's.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from reunify import i18n
from reunify import operations as ops
from reunify.cli import main
from reunify.errors import (
    BackupDamaged,
    DiskFull,
    FileInUse,
    FileProblem,
    NotAVault,
    NotEnoughSpace,
    ReadOnlyDisk,
    ReadOnlyFolder,
    ReadOnlyLocation,
    ReadOnlyVaultFile,
    ReunifyError,
    VaultAlreadyOpen,
    VaultBusy,
    VaultSchemaIncomplete,
    VaultStructureDamaged,
    WrongPassphrase,
)
from reunify.models import ConsentScope
from reunify.vault import Vault, engine
from reunify.vault.messages import cipher_problems
from tests.conftest import CHEAP_SCRYPT_N, PASSPHRASE, WindowsFiles
from tests.helpers import (
    BUNDLE_SHARE,
    damage_page,
    export_case,
    fill,
    held_elsewhere,
    holding,
    immutable,
    private_file,
    read_only_dir,
    read_only_disk,
    small_disk,
)

pytestmark = pytest.mark.vault

CASE = "RU-2026-0001"
# What no person should read: SQLite's, SQLCipher's, qpdf's and the OS's own words, or
# a traceback. Compared case-insensitively with everything the command printed.
RAW = (
    "traceback",
    "hmac",
    "malformed",
    "operationalerror",
    "databaseerror",
    "sqlite",
    "sqlcipher",
    "unable to open",
    "not a database",
    "errno",
    "no space left",
    "read-only file system",
    "permission denied",
    "disk i/o error",
    "no such table",
    "is a directory",
    "no such file",
    "reunify hit an error it did not expect",
)


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def said(self) -> str:
        return self.out + self.err


@pytest.fixture(autouse=True)
def _in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """main() would make the whole test process undumpable; that step is not under test."""
    monkeypatch.setenv("REUNIFY_ALLOW_MEMORY_SCAN", "1")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    return private_file(tmp_path / "pass.txt", PASSPHRASE)


@pytest.fixture
def share(tmp_path: Path) -> Path:
    return private_file(tmp_path / "share.txt", BUNDLE_SHARE)


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path, lang: str = "en") -> Run:
    code = main(["--lang", lang, *map(str, args)])
    out, err = capsys.readouterr()
    i18n.set_language("en")  # main() set the row's language for the whole process
    return Run(code, out, err)


def sentence(error: ReunifyError, lang: str = "en") -> str:
    with i18n.override(lang):
        return error.user_message()


def assert_said(
    run: Run, *errors: ReunifyError, codes: tuple[int, ...] = (2,), lang: str = "en"
) -> None:
    """Exit code, no raw text, and (when given) one of the expected sentences verbatim."""
    assert run.code in codes, run
    lowered = run.said.lower()
    for raw in RAW:
        assert raw not in lowered, (raw, run)
    if errors:
        wanted = [sentence(e, lang) for e in errors]
        assert any(w in run.err for w in wanted), (wanted, run.err)
        if lang != "en":  # and it was translated, not left in English
            said = next(e for e, w in zip(errors, wanted, strict=True) if w in run.err)
            assert sentence(said, lang) != sentence(said, "en"), said


def assert_full(run: Run, disk: Path, lang: str, codes: tuple[int, ...] = (2,)) -> None:
    """The disk-full sentence, or the refusal before writing (its figures vary: its words)."""
    assert_said(run, codes=codes, lang=lang)
    refused = sentence(NotEnoughSpace(path=str(disk), need_bytes=1, free_bytes=0), lang)
    assert sentence(DiskFull(), lang) in run.err or refused.split(":")[0] in run.err, run


def state(path: Path, passphrase: str = PASSPHRASE) -> tuple[list[str], int]:
    """What must survive every fault: the cases and the audit trail's length."""
    with Vault.open(path, passphrase, upgrade=False) as v, v.session() as s:
        cases = sorted(c.reference for c in ops.list_cases(s))
        events = int(s.scalar(text("SELECT count(*) FROM audit_event")) or 0)
    return cases, events


def digest(path: Path) -> bytes:
    return path.read_bytes()


def vault_args(path: Path, secret: Path) -> list[str | Path]:
    return ["--vault", path, "--passphrase-file", secret]


# The commands that open a vault, with what else each needs (a file to import, a PDF to
# write, a folder for the backup). `writes` says whether the command changes the vault.
@dataclass(frozen=True)
class Entry:
    name: str
    writes: bool

    def args(self, path: Path, secret: Path, work: Path) -> list[str | Path]:
        base = [self.name, *vault_args(path, secret)]
        if self.name == "import":
            scan = work / "acta-escaneada.pdf"
            if not scan.exists():
                scan.write_bytes(b"%PDF-1.4\n" + os.urandom(3000) + b"\n%%EOF\n")
            return [*base, CASE, scan]
        if self.name == "export":
            return [*base, CASE, "--to", work / "paquete.pdf", "--unencrypted", "--force"]
        if self.name == "backup":
            return [*base, "--to", work / "respaldos"]
        if self.name == "check":
            return [*base, "--quick"]
        return base


CASES = Entry("cases", writes=False)
CHECK = Entry("check", writes=False)
IMPORT = Entry("import", writes=True)
EXPORT = Entry("export", writes=True)
BACKUP = Entry("backup", writes=True)
OPENING = [CASES, CHECK, IMPORT, EXPORT, BACKUP]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "trabajo"
    folder.mkdir()
    return folder


@pytest.fixture
def consented(demo_path: Path) -> Path:
    """The demo vault, with a consent that lets RU-2026-0001 be exported."""
    with Vault.open(demo_path, PASSPHRASE) as v:
        export_case(v, demo_path.parent / "first.pdf", list(ConsentScope), reference=CASE)
    (demo_path.parent / "first.pdf").unlink()
    return demo_path


# -- wrong passphrase, damaged header, truncated file: refused, file untouched -----------


@pytest.mark.parametrize("entry", OPENING, ids=lambda e: e.name)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_wrong_passphrase(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    work: Path,
    tmp_path: Path,
    entry: Entry,
    lang: str,
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("otra frase que no es 2026\n", encoding="utf-8")
    wrong.chmod(0o600)
    before = digest(consented)
    run = cli(capsys, *entry.args(consented, wrong, work), lang=lang)
    assert_said(run, WrongPassphrase(), lang=lang)
    assert digest(consented) == before


@pytest.mark.parametrize("entry", [CASES, CHECK, IMPORT], ids=lambda e: e.name)
def test_damaged_header_says_the_file_may_be_damaged(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path, entry: Entry
) -> None:
    """The salt is the first 16 bytes: changed, no key derives, as with a wrong passphrase;
    the sentence must say the file may be damaged (and restore from a backup)."""
    with consented.open("r+b") as fh:
        fh.seek(5)
        fh.write(b"\x5a\xa5")
    before = digest(consented)
    run = cli(capsys, *entry.args(consented, secret, work))
    assert_said(run, WrongPassphrase())
    assert "may be damaged" in run.err and "backup" in run.err
    assert digest(consented) == before


@pytest.mark.parametrize("cut", ["page", "odd"])
@pytest.mark.parametrize("entry", [CASES, CHECK, BACKUP], ids=lambda e: e.name)
def test_truncated_vault(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    work: Path,
    entry: Entry,
    cut: str,
) -> None:
    data = consented.read_bytes()
    keep = (len(data) // 4096 // 2) * 4096 + (0 if cut == "page" else 1000)
    consented.write_bytes(data[:keep])
    run = cli(capsys, *entry.args(consented, secret, work))
    expected = NotAVault(path=str(consented)) if cut == "odd" else VaultStructureDamaged()
    assert_said(run, expected, codes=(1, 2))
    assert len(consented.read_bytes()) == keep
    assert not (work / "respaldos").exists() or not any((work / "respaldos").iterdir())


# -- a damaged page: the vault opens, what reads the page says so --------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_damaged_page_check_names_the_page_in_a_sentence(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, lang: str
) -> None:
    page = damage_page(consented, "attachment_chunk", PASSPHRASE)
    run = cli(capsys, "check", *vault_args(consented, secret), lang=lang)
    assert_said(run, codes=(1,), lang=lang)
    with i18n.override(lang):
        (line,) = cipher_problems([f"HMAC verification failed for page {page}"])
    assert line in run.err, run.err


@pytest.mark.parametrize("entry", [CASES, IMPORT, EXPORT, BACKUP], ids=lambda e: e.name)
def test_damaged_page_under_the_cases(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path, entry: Entry
) -> None:
    before = state(consented)
    damage_page(consented, "case_file", PASSPHRASE)
    run = cli(capsys, *entry.args(consented, secret, work), lang="es")
    assert_said(run, VaultStructureDamaged(), lang="es")
    assert "respald" in run.err  # the advice: restore the latest backup
    with Vault.open(consented, PASSPHRASE) as v, v.session() as s:  # the trail is intact
        assert s.scalar(text("SELECT count(*) FROM audit_event")) == before[1]


def test_restore_from_a_damaged_backup_leaves_the_vault(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path
) -> None:
    backup = work / "respaldo.reunify"
    shutil.copyfile(consented, backup)
    damage_page(backup, "case_file", PASSPHRASE)
    before = digest(consented)
    run = cli(capsys, "restore", backup, *vault_args(consented, secret), lang="es")
    assert_said(run, BackupDamaged(path=str(backup)), VaultStructureDamaged(), lang="es")
    assert digest(consented) == before


def test_missing_table_is_a_broken_update_not_a_crash(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path
) -> None:
    with Vault.open(consented, PASSPHRASE) as v, v.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.exec_driver_sql("DROP TABLE case_file")
    run = cli(capsys, "cases", *vault_args(consented, secret), lang="es")
    assert_said(run, VaultSchemaIncomplete(), lang="es")


# -- the place: read-only file, folder, disk -------------------------------------------------


@pytest.mark.parametrize("entry", OPENING, ids=lambda e: e.name)
def test_read_only_vault_file(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path, entry: Entry
) -> None:
    """Reading works (cases, check); a change says the file is read-only, not damaged."""
    before = state(consented)
    with immutable(consented):
        run = cli(capsys, *entry.args(consented, secret, work))
    if entry.writes:
        assert_said(run, ReadOnlyVaultFile(path=str(consented)))
        assert "damaged" not in run.err.replace("nothing is damaged", "")
    else:
        assert_said(run, codes=(0,))
        assert CASE in run.out or "sound" in run.out, run
    assert state(consented) == before


@pytest.mark.parametrize("stale_lock", [False, True], ids=["no-lock-file", "stale-lock-file"])
@pytest.mark.parametrize("entry", OPENING, ids=lambda e: e.name)
def test_read_only_vault_folder_is_a_permissions_problem(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    work: Path,
    entry: Entry,
    stale_lock: bool,
) -> None:
    """The audit's case: the file is writable, its folder is not (WAL needs -wal/-shm
    beside it). It must not read "damaged … restore the latest backup"."""
    if stale_lock:  # a lock file a crash left: the lock is taken, SQLite is refused
        consented.with_name(consented.name + ".lock").touch(mode=0o600)
    before = state(consented)
    with read_only_dir(consented.parent):
        run = cli(capsys, *entry.args(consented, secret, work), lang="es")
    assert_said(run, ReadOnlyFolder(path=str(consented.parent)), lang="es")
    assert "restaure" not in run.err
    assert state(consented) == before


@pytest.mark.parametrize("entry", [EXPORT, BACKUP], ids=lambda e: e.name)
def test_writing_into_a_read_only_folder(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path, entry: Entry
) -> None:
    before = state(consented)
    (work / "respaldos").mkdir()
    target = work if entry is EXPORT else work / "respaldos"
    with read_only_dir(target):
        run = cli(capsys, *entry.args(consented, secret, work))
    assert_said(run, ReadOnlyFolder(path=str(target)), ReadOnlyLocation(path=str(target)))
    assert state(consented) == before


def test_export_over_a_read_only_pdf(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path
) -> None:
    pdf = work / "paquete.pdf"
    pdf.write_bytes(b"%PDF-1.4 anterior\n")
    before = state(consented)
    with immutable(pdf):
        run = cli(capsys, *EXPORT.args(consented, secret, work))
    assert_said(run, ReadOnlyVaultFile(path=str(pdf)), FileInUse(path=str(pdf)))
    assert pdf.read_bytes() == b"%PDF-1.4 anterior\n"
    assert state(consented) == before


@pytest.mark.parametrize("entry", OPENING, ids=lambda e: e.name)
def test_read_only_disk(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    work: Path,
    tmp_path: Path,
    entry: Entry,
) -> None:
    with small_disk(tmp_path / "usb", "8m") as usb:
        path = usb / consented.name
        shutil.copyfile(consented, path)
        before = state(path)
        with read_only_disk(usb):
            run = cli(capsys, *entry.args(path, secret, work))
        assert_said(run, ReadOnlyDisk(path=str(usb)))
        assert state(path) == before


# -- a full disk ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", [EXPORT, BACKUP], ids=lambda e: e.name)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_full_disk_for_what_is_written(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    tmp_path: Path,
    entry: Entry,
    lang: str,
) -> None:
    before = state(consented)
    with small_disk(tmp_path / "lleno", "1m") as full:
        fill(full)
        run = cli(capsys, *entry.args(consented, secret, full), lang=lang)
        left = sorted(p.name for p in full.rglob("*") if p.name != "filler.bin")
    assert_full(run, full, lang)
    assert left in ([], ["respaldos"]), left  # no half-written bundle or backup
    assert state(consented) == before


def test_full_disk_under_the_vault(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path, tmp_path: Path
) -> None:
    """The vault itself on a disk that fills: the import is refused, what was saved stays."""
    with small_disk(tmp_path / "lleno", "6m") as full:
        path = full / consented.name
        shutil.copyfile(consented, path)
        before = state(path)
        filler = fill(full)
        run = cli(capsys, *IMPORT.args(path, secret, work))
        assert_full(run, full, "en", codes=(1, 2))
        filler.unlink()
        assert state(path) == before
        assert cli(capsys, "check", *vault_args(path, secret)).code == 0


def test_new_vault_on_a_full_disk(
    capsys: pytest.CaptureFixture[str], secret: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "lleno", "1m") as full:
        fill(full)
        run = cli(capsys, "init", *vault_args(full / "nueva.reunify", secret), lang="es")
        assert_full(run, full, "es")
        assert not (full / "nueva.reunify").exists()


# -- the vault held elsewhere --------------------------------------------------------------


@pytest.mark.parametrize("entry", OPENING, ids=lambda e: e.name)
def test_vault_open_in_another_reunify(
    capsys: pytest.CaptureFixture[str], consented: Path, secret: Path, work: Path, entry: Entry
) -> None:
    before = state(consented)
    with held_elsewhere(consented, PASSPHRASE, CHEAP_SCRYPT_N):
        run = cli(capsys, *entry.args(consented, secret, work), lang="es")
    assert_said(run, VaultAlreadyOpen(), lang="es")
    assert state(consented) == before


BUSY_HOLDER = """
import sys
from reunify.vault import kdf, engine
from reunify.vault.lock import read_header
kdf.SCRYPT_N = int(sys.argv[3])
key = kdf.derive_key(sys.argv[2], read_header(__import__("pathlib").Path(sys.argv[1]), 16)[0])
conn = engine.connect_raw(__import__("pathlib").Path(sys.argv[1]), key)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.rollback()
conn.close()
"""


@contextlib.contextmanager
def sqlite_lock_elsewhere(path: Path) -> Iterator[None]:
    """Another program (not reunify: no sidecar lock) in a write transaction on the file."""
    with holding(BUSY_HOLDER, "locked", path, PASSPHRASE, CHEAP_SCRYPT_N):
        yield


def test_vault_busy_in_another_program(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    work: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    before = state(consented)
    with sqlite_lock_elsewhere(consented):
        run = cli(capsys, *IMPORT.args(consented, secret, work))
    assert_said(run, VaultBusy(), codes=(1, 2))
    assert state(consented) == before


def test_windows_program_holding_the_vault_during_restore(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    work: Path,
    windows_files: WindowsFiles,
) -> None:
    """Windows: a program that has the vault open (an antivirus scanning it, a sync
    client) keeps it from being renamed aside; the restore is refused, the vault stays."""
    backup = work / "respaldo.reunify"
    shutil.copyfile(consented, backup)
    before = digest(consented)
    with consented.open("rb"):  # open without FILE_SHARE_DELETE, as such programs do
        run = cli(capsys, "restore", backup, *vault_args(consented, secret))
    assert_said(run)
    assert sentence(FileInUse(path="")).split(":")[0].split("{")[0] in run.err, run.err
    assert str(consented) in run.err and "before-restore" not in run.err  # the vault she knows
    assert digest(consented) == before
    assert sorted(p.name for p in consented.parent.iterdir()) == [consented.name]


# -- verify: a bundle damaged, cut short, a stranger's file, a wrong share passphrase -------


@pytest.fixture
def bundle(demo_vault: Vault, work: Path) -> Path:
    pdf = work / "paquete.pdf"
    export_case(demo_vault, pdf, list(ConsentScope), reference=CASE)
    demo_vault.close()
    return pdf


def _flip(at: float) -> object:
    def damage(pdf: Path) -> None:
        data = bytearray(pdf.read_bytes())
        start = int(len(data) * at)
        data[start : start + 64] = bytes(b ^ 0x5A for b in data[start : start + 64])
        pdf.write_bytes(bytes(data))

    return damage


def _cut(pdf: Path) -> None:
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size * 2 // 3])


def _stranger(pdf: Path) -> None:
    pdf.write_text("Acta de nacimiento (texto)\n", encoding="utf-8")


def _gone(pdf: Path) -> None:
    pdf.unlink()


def _folder(pdf: Path) -> None:
    pdf.unlink()
    pdf.mkdir()


@pytest.mark.parametrize(
    ("damage", "codes"),
    [
        (_flip(0.3), (1, 2)),
        (_flip(0.6), (1, 2)),
        (_flip(0.9), (1, 2)),
        (_cut, (1, 2)),
        (_stranger, (2,)),
        (_gone, (2,)),
        (_folder, (2,)),
    ],
    ids=["stream-30%", "stream-60%", "stream-90%", "cut-short", "not-a-pdf", "gone", "folder"],
)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_verify_a_damaged_bundle(
    capsys: pytest.CaptureFixture[str],
    bundle: Path,
    share: Path,
    damage: object,
    codes: tuple[int, ...],
    lang: str,
) -> None:
    damage(bundle)  # type: ignore[operator]
    run = cli(capsys, "verify", bundle, "--share-passphrase-file", share, lang=lang)
    assert_said(run, codes=codes, lang=lang)
    assert run.err.strip(), run


def test_verify_with_the_wrong_share_passphrase(
    capsys: pytest.CaptureFixture[str], bundle: Path, secret: Path
) -> None:
    from reunify.bundle.verify import WrongSharePassphrase

    run = cli(capsys, "verify", bundle, "--share-passphrase-file", secret, lang="es")
    assert_said(run, WrongSharePassphrase(), lang="es")


def test_verify_a_missing_file_is_a_sentence(
    capsys: pytest.CaptureFixture[str], work: Path, share: Path
) -> None:
    run = cli(capsys, "verify", work / "no-esta.pdf", "--share-passphrase-file", share)
    assert_said(run)
    assert "does not exist" in run.err


def test_an_os_error_no_command_expected_is_a_sentence(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last net before the crash report: an OSError from anywhere is the place's fault
    and is said as such (here the disk is cut off while the cases are listed)."""

    def unplugged(*_args: object, **_kw: object) -> None:
        raise OSError(5, "Input/output error", str(consented))

    monkeypatch.setattr(ops, "list_cases", unplugged)
    run = cli(capsys, "cases", *vault_args(consented, secret), lang="es")
    from reunify.errors import DiskIOError

    assert_said(run, DiskIOError(path=str(consented)), lang="es")


def test_a_real_bug_still_reaches_the_crash_report(
    capsys: pytest.CaptureFixture[str],
    consented: Path,
    secret: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The net is for faults of the place only: a bug is not dressed up as one."""

    def bug(*_args: object, **_kw: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(ops, "list_cases", bug)
    run = cli(capsys, "cases", *vault_args(consented, secret))
    assert run.code == 3
    assert "did not expect" in run.err


def test_file_problem_reasons_are_translated() -> None:
    from reunify.fileio import os_error

    error = os_error(OSError(36, "File name too long", "x" * 300), Path("."))
    assert isinstance(error, FileProblem)
    assert "too long" in sentence(error)
    assert "largo" in sentence(error, "es")
