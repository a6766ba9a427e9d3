"""kill -9 harness: real work in a child process, SIGKILL at a random moment, then check.

    python -m bench.kill9 --trials 20 [--kinds writes,rekey,backup,import] [--seed 1]

A stand-in for a power cut or a crash: every trial copies a template vault (a
case with people, notes and a few MB of attached files, so the slow copies of a
passphrase change, a backup or an import take long enough to be hit), starts a
child that does real work through the real code, and kills it with SIGKILL at a
random moment. Kinds:

- writes: notes, people and documents (with a small file) committed in a loop
  through `reunify.operations`; the child prints an acknowledgement only after
  each commit returned (as tests/test_kill9.py's writer does);
- rekey:  `reunify passwd --passphrase-file … --new-passphrase-file …`;
- backup: `reunify backup` (the rotating backups folder);
- import: `reunify import` of a few files of a few MB.

The three CLI kinds run `reunify.cli.main` in a child that first imports the
code and prints "ready", so the kill delay is counted from the moment the
command starts, not from Python's start-up. Each kind's command is timed
unkilled (the longest of two runs), and the delays are drawn from [0, that
duration]: a kill that lands after the command had already finished is not a
trial of the interruption and is counted apart ("after end"). Every other
rekey and backup trial is instead killed within LATE_WINDOW of the end of its
copy, where the file is swapped in and the person told. Where each kill landed,
read from the files it left, is printed at the end. Output is unbuffered
(PYTHONUNBUFFERED), as on a terminal: what the person saw is what the harness
reads.

After each kill the vault is opened (rekey: with the old passphrase, then the
new one: exactly one must open it, the new one if "Passphrase changed" was
printed, and a vault that moved to the new one without that line must say so in
a notice on open, once reunify.vault.recovery is in), checked (`Vault.check()`,
attachments re-hashed) and searched for every acknowledged write (notes by
body, documents by title, people by name and birth date, files by SHA-256) and
for everything the template held. Files beside the vault and in its backups
folder that are neither the vault nor a finished backup are counted as "left
behind" after that open (encrypted leftovers; not losses). Keys are derived at
the shipped scrypt cost everywhere (parent and children); the output says so.

Only counts are printed: never a passphrase, a name, a note or a file's content.
Exit status 1 on any loss or failure.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from reunify import operations as ops
from reunify.errors import ReunifyError, WrongPassphrase
from reunify.fileio import private_empty_file
from reunify.invented import invented_name
from reunify.models import Attachment, Document, DocumentKind, Note, Person
from reunify.paths import backups_dir
from reunify.vault import Vault, kdf

KINDS = ("writes", "rekey", "backup", "import")
PASSPHRASE = "apagón de prueba en la oficina 2026"
NEW_PASSPHRASE = "otra frase después del corte 2026"
OPERATOR = "Lic. Banco de Pruebas"
CASE_TITLE = "Familia Apagón"
MIB = 1024 * 1024
TEMPLATE_FILES = 3  # documents with a file of TEMPLATE_FILE_MIB each in the template
TEMPLATE_FILE_MIB = 2
IMPORT_FILES = 3
IMPORT_FILE_MIB = 2
WRITE_FILE_BYTES = 16 * 1024
WRITES_WINDOW = 2.5  # seconds of the write loop a kill is drawn from
READY_TIMEOUT = 120.0
KILLED = -signal.SIGKILL
# Every other rekey and backup trial is killed at most LATE_WINDOW seconds after its copy
# was done: the short end where the file is swapped in and the person told, which a delay
# drawn over the whole command (mostly key derivation and copying) seldom hits. Measured
# from the copy being done to the printed result: rekey 65-95 ms, backup 35-47 ms.
LATE_WINDOW = {"rekey": 0.1, "backup": 0.05}
SHIPPED_SCRYPT_N = 2**16  # reunify.vault.kdf's; the children derive at this cost

# A child that runs the real CLI: imported first, "ready", then the command.
CLI_CHILD = """
import sys
import reunify.cli, reunify.operations, reunify.operations.imports, reunify.vault
print("ready", flush=True)
sys.exit(reunify.cli.main(sys.argv[1:]))
"""

# A child that writes in a loop; an acknowledgement is printed after each commit returned.
WRITER_CHILD = """
import io, sys
from bench.kill9 import person_fields, write_file_bytes
from reunify import operations as ops
from reunify.models import DocumentKind
from reunify.vault import Vault
with open(sys.argv[2], encoding="utf-8") as fh:
    secret = fh.readline().rstrip("\\n")
vault = Vault.open(sys.argv[1], secret)
with vault.session() as s:
    case = ops.find_case(s, sys.argv[3])
print("ready", flush=True)
i = 0
while True:
    with vault.session() as s:
        s.add(case)
        ops.add_note(s, case, f"nota del corte número {i}")
    print("note", i, flush=True)
    with vault.session() as s:
        ops.create_person(s, **person_fields(i))
    print("person", i, flush=True)
    with vault.session() as s:
        s.add(case)
        doc = ops.add_document(s, case, kind=DocumentKind.OTHER, title=f"Constancia {i}")
        ops.attach_stream(s, doc, io.BytesIO(write_file_bytes(i)), f"constancia-{i}.bin")
    print("document", i, flush=True)
    i += 1
"""

BACKUP_NAME = re.compile(r"\.\d{8}-\d{6}-\d{6}(-[\w-]+)?\.reunify$")


def person_fields(i: int) -> dict[str, object]:
    """The i-th invented person the writer adds (the parent rebuilds it to look for it)."""
    name = invented_name(random.Random(i), female=i % 2 == 0)
    return {
        "given_names": name.given,
        "paternal_surname": name.paternal,
        "maternal_surname": name.maternal,
        "birth_date": date(1970, 1, 1) + timedelta(days=i),
    }


def write_file_bytes(i: int) -> bytes:
    """The small file the writer attaches to its i-th document."""
    return random.Random(f"constancia {i}").randbytes(WRITE_FILE_BYTES)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Contents:
    """What a vault holds, as far as the harness looks: enough to find every write."""

    notes: set[str] = field(default_factory=set)
    documents: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # title → files
    people: set[tuple[str, str, str, date | None]] = field(default_factory=set)

    @property
    def hashes(self) -> set[str]:
        return {sha for files in self.documents.values() for sha, _ok in files}


def read_contents(vault: Vault) -> Contents:
    found = Contents()
    with vault.session() as s:
        found.notes = set(s.scalars(select(Note.body)))
        for title, sha, complete in s.execute(
            select(Document.title, Attachment.sha256, Attachment.complete).outerjoin(
                Attachment, Attachment.document_id == Document.id
            )
        ):
            files = found.documents.setdefault(title, [])
            if sha is not None:
                files.append((sha, bool(complete)))
        found.people = {
            (p.given_names, p.paternal_surname, p.maternal_surname, p.birth_date)
            for p in s.scalars(select(Person))
        }
    return found


@dataclass
class Trial:
    kind: str
    acknowledged: int = 0
    losses: int = 0
    failures: list[str] = field(default_factory=list)  # short codes, never content
    left_behind: list[str] = field(default_factory=list)  # kinds of leftover files
    after_end: bool = False
    phase: str = ""  # where the kill landed, from the files on disk
    notices: dict[str, int] = field(default_factory=dict)  # open → how many notices
    refused: dict[str, str] = field(default_factory=dict)  # open → WrongPassphrase kind
    untold: bool = False  # the vault moved to the new passphrase and nobody was told
    seconds: float = 0.0


@dataclass
class Setup:
    """Everything trials share: the template vault, what it holds, the files to import."""

    work: Path
    template: Path
    reference: str
    baseline: Contents
    import_files: list[Path]
    import_hashes: dict[str, str]  # title (file stem) → SHA-256
    secrets: dict[str, Path]
    durations: dict[str, float] = field(default_factory=dict)


def _secret_file(path: Path, secret: str) -> Path:
    private_empty_file(path)
    path.write_text(secret + "\n", encoding="utf-8")
    return path


def build_setup(work: Path, seed: int) -> Setup:
    """The template vault (real KDF cost, closed so its WAL is checkpointed) and import files."""
    rng = random.Random(seed)
    secrets = {
        "old": _secret_file(work / "old.pass", PASSPHRASE),
        "new": _secret_file(work / "new.pass", NEW_PASSPHRASE),
    }
    template = work / "template" / "office.reunify"
    template.parent.mkdir()
    with Vault.create(template, PASSPHRASE, operator=OPERATOR) as vault:
        with vault.session() as s:
            case = ops.create_case(s, title=CASE_TITLE)
            reference = case.reference
            for i in range(5):
                ops.create_person(s, **person_fields(10_000 + i))
                ops.add_note(s, case, f"nota previa {i}")
        for k in range(TEMPLATE_FILES):
            with vault.session() as s:
                s.add(case)
                doc = ops.add_document(s, case, kind=DocumentKind.OTHER, title=f"Expediente {k}")
                data = rng.randbytes(TEMPLATE_FILE_MIB * MIB)
                ops.attach_stream(s, doc, io.BytesIO(data), f"expediente-{k}.pdf")
        baseline = read_contents(vault)
    folder = work / "import"
    folder.mkdir()
    files, hashes = [], {}
    for k in range(IMPORT_FILES):
        path = folder / f"escaneo-acta-{k}.pdf"
        data = rng.randbytes(IMPORT_FILE_MIB * MIB)
        path.write_bytes(data)
        files.append(path)
        hashes[path.stem] = _sha(data)
    return Setup(work, template, reference, baseline, files, hashes, secrets)


@contextlib.contextmanager
def _reunify_home(home: Path) -> Iterator[None]:
    """The trial's own data folder (its rotating backups live there) for this process."""
    before = os.environ.get("REUNIFY_HOME")
    os.environ["REUNIFY_HOME"] = str(home)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("REUNIFY_HOME", None)
        else:
            os.environ["REUNIFY_HOME"] = before


class Child:
    """A child process whose stdout lines are collected as they come (and after it dies)."""

    def __init__(self, argv: list[str], env: dict[str, str], stderr: Path) -> None:
        self.lines: list[str] = []
        self.last_line_at = 0.0
        self.ready_at = 0.0
        self.ready = threading.Event()
        with stderr.open("wb") as err:
            self.proc = subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=err, text=True, env=env
            )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip() == "ready":
                self.ready_at = time.monotonic()
                self.ready.set()
            else:
                self.lines.append(line.rstrip("\n"))
                self.last_line_at = time.monotonic()
        self.ready.set()  # died before "ready": do not wait for it

    def kill_after(self, delay: float, after: Callable[[], bool] | None = None) -> bool:
        """SIGKILL `delay` seconds after "ready" (or after `after()` first held, polled every
        5 ms); True when it was still running then."""
        if not self.ready.wait(READY_TIMEOUT):
            raise RuntimeError("the child never became ready")
        if after is not None:
            deadline = time.monotonic() + READY_TIMEOUT
            while not after() and self.proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
        time.sleep(delay)
        running = self.proc.poll() is None
        if running:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._reader.join()
        return running and self.proc.returncode == KILLED

    def finish(self, timeout: float = 600) -> float:
        """Let it run to the end; the seconds from "ready" to its last line (the command's
        result, printed once its work is done)."""
        self.ready.wait(READY_TIMEOUT)
        self.proc.wait(timeout)
        self._reader.join()
        return max(0.0, self.last_line_at - self.ready_at)


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REUNIFY_PASSPHRASE", "REUNIFY_HOME")}
    env.pop("REUNIFY_NEW_PASSPHRASE", None)
    env["REUNIFY_HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _argv(kind: str, setup: Setup, vault: Path) -> list[str]:
    secret = str(setup.secrets["old"])
    if kind == "writes":
        return [sys.executable, "-c", WRITER_CHILD, str(vault), secret, setup.reference]
    cli = [sys.executable, "-c", CLI_CHILD, "--lang", "en"]
    common = ["--vault", str(vault), "--passphrase-file", secret]
    if kind == "rekey":
        return [*cli, "passwd", *common, "--new-passphrase-file", str(setup.secrets["new"])]
    if kind == "backup":
        return [*cli, "backup", *common]
    if kind == "import":
        return [*cli, "import", *common, setup.reference, *map(str, setup.import_files)]
    raise ValueError(kind)


def _fresh(setup: Setup, name: str) -> tuple[Path, Path, Path]:
    """A trial folder: a copy of the template vault, its own data folder, its stderr file."""
    folder = setup.work / name
    (folder / "vault").mkdir(parents=True)
    vault = folder / "vault" / setup.template.name
    private_empty_file(vault)
    shutil.copyfile(setup.template, vault)
    home = folder / "home"
    home.mkdir()
    return vault, home, folder / "stderr.txt"


def calibrate(setup: Setup, kind: str, runs: int = 2) -> float:
    """Unkilled runs of the command: the longest is the kill window (a window cut short
    would never hit the end of the work, where the rename happens)."""
    if kind == "writes":
        return WRITES_WINDOW
    seconds = []
    for n in range(runs):
        vault, home, stderr = _fresh(setup, f"calibrate-{kind}-{n}")
        child = Child(_argv(kind, setup, vault), _child_env(home), stderr)
        seconds.append(child.finish())
        if child.proc.returncode != 0 or not _acknowledged(kind, child.lines):
            raise RuntimeError(
                f"{kind}: the unkilled command failed (exit {child.proc.returncode})"
            )
        shutil.rmtree(vault.parent.parent, ignore_errors=True)
    return max(seconds)


def _acknowledged(kind: str, lines: Sequence[str]) -> list[str]:
    if kind == "writes":
        return [line for line in lines if re.fullmatch(r"(note|person|document) \d+", line)]
    marker = {
        "rekey": "Passphrase changed.",
        "backup": "Encrypted backup written to ",
        "import": f"{IMPORT_FILES} files added to the vault.",
    }[kind]
    return [line for line in lines if line.startswith(marker)]


def _open(path: Path, secret: str, trial: Trial, label: str) -> Vault | None:
    """Open as the CLI does: notices of a recovered interruption are read (counted,
    never printed) and acknowledged; a refusal's kind is kept."""
    try:
        vault = Vault.open(path, secret)
    except WrongPassphrase as exc:
        trial.refused[label] = type(exc).__name__
        return None
    except ReunifyError as exc:
        trial.failures.append(f"{label}-open:{type(exc).__name__}")
    except Exception as exc:  # a crash is a failure too, never a traceback here
        trial.failures.append(f"{label}-open-crash:{type(exc).__name__}")
        return None
    trial.notices[label] = len(getattr(vault, "notices", []))
    acknowledge = getattr(vault, "acknowledge_notices", None)
    if acknowledge is not None:
        acknowledge()
    return vault


def _which_passphrase(path: Path, old: Vault | None, changed: bool, trial: Trial) -> Vault | None:
    """After a killed `passwd`: exactly one passphrase opens the vault, the new one if
    the person was told it changed. Returns the vault open with that one."""
    if old is not None:
        old.close()  # one process, one open vault: the lock is ours again for the new try
    new = _open(path, NEW_PASSPHRASE, trial, "new")
    if old is not None and new is not None:
        trial.failures.append("both-passphrases-open")
        new.close()
        return None
    if new is not None:
        trial.untold = not changed and not trial.notices.get("new")
        if trial.untold and recovery_present():  # the audit's "4 of 52", now a failure
            trial.failures.append("new-passphrase-never-told")
        if trial.refused.get("old") == "PassphraseChangeInterrupted":
            trial.failures.append("refusal-said-old-passphrase-opens")
        return new
    if old is not None:
        if changed:
            trial.failures.append("changed-but-old-passphrase")
        if trial.refused.get("new") == "PassphraseChangedBeforeInterruption":
            trial.failures.append("refusal-said-new-passphrase-opens")
        return _open(path, PASSPHRASE, trial, "old-again")
    return None


def _left_behind(vault_path: Path, backups: Path) -> list[str]:
    """Leftover files as kinds (the vault's name taken out): `.rekey`, `-journal`, …"""
    beside = [p for p in vault_path.parent.iterdir() if p != vault_path]
    if backups.is_dir():
        beside += [p for p in backups.iterdir() if not BACKUP_NAME.search(p.name)]
    stem = vault_path.stem
    name = r"^.*?" + re.escape(stem) + r"(\.\d{8}-\d{6}-\d{6})?\.reunify"
    return sorted(re.sub(name, "", p.name) for p in beside)


def _missing(kind: str, acks: Sequence[str], found: Contents, setup: Setup) -> int:
    """Acknowledged writes (and the template's contents) that the vault does not hold."""
    base = setup.baseline
    lost = len(base.notes - found.notes) + len(base.people - found.people)
    lost += sum(
        1
        for title, files in base.documents.items()
        if {sha for sha, _ in files} - {sha for sha, _ in found.documents.get(title, [])}
    )
    if kind == "writes":
        for line in acks:
            what, n = line.split()
            i = int(n)
            if what == "note":
                lost += f"nota del corte número {i}" not in found.notes
            elif what == "person":
                f = person_fields(i)
                key = (f["given_names"], f["paternal_surname"], f["maternal_surname"])
                lost += (*key, f["birth_date"]) not in found.people
            else:
                files = found.documents.get(f"Constancia {i}", [])
                lost += _sha(write_file_bytes(i)) not in {sha for sha, _ in files}
    elif kind == "import" and acks:
        for title, sha in setup.import_hashes.items():
            lost += sha not in {s for s, _ in found.documents.get(title, [])}
    return lost


def _torn(kind: str, found: Contents, setup: Setup) -> bool:
    """A document the child added without its file, or a file not whole: not one transaction."""
    if kind == "import":
        titles = setup.import_hashes
    elif kind == "writes":
        titles = {t: "" for t in found.documents if t.startswith("Constancia ")}
    else:
        return False
    return any(
        len(found.documents[t]) != 1 or not found.documents[t][0][1]
        for t in titles
        if t in found.documents
    )


def _phase(kind: str, vault_path: Path, backups: Path, setup: Setup, acks: list[str]) -> str:
    """Where the kill landed, read from the files it left (before anything opens them)."""
    if kind == "writes":
        return "in the write loop"
    if acks:
        return "after the result was printed"
    names = [p.name for p in vault_path.parent.iterdir()]
    if backups.is_dir():
        names += [p.name for p in backups.iterdir()]
    if kind == "rekey":
        if vault_path.read_bytes()[:16] != setup.template.read_bytes()[:16]:
            return "vault swapped, not yet told"
        if any(n.endswith(".rekey.partial") for n in names):
            return "copying into .rekey.partial"
        if any(n.endswith(".rekey") for n in names):
            return "copy done, before the swap"
        return "before the copy"
    if kind == "backup":
        if any(n.endswith(".partial") for n in names):
            return "copying into .partial"
        if any(BACKUP_NAME.search(n) for n in names):
            return "backup written, not yet told"
        return "before the copy"
    return ""  # import: counted after the open


def _copy_done(kind: str, vault_path: Path, home: Path) -> Callable[[], bool] | None:
    """When the slow copy is over and only the short, decisive end is left: the rekey's
    `.rekey` file (then audit, swap, "changed"), the backup's finished file (then audit)."""
    if kind == "rekey":
        rekey = vault_path.with_name(vault_path.name + ".rekey")
        return rekey.exists
    if kind == "backup":
        folder = home / "backups" / vault_path.stem  # reunify.paths.backups_dir under home
        return lambda: folder.is_dir() and any(BACKUP_NAME.search(p.name) for p in folder.iterdir())
    return None


def run_trial(setup: Setup, kind: str, n: int, delay: float, late: bool = False) -> Trial:
    """One kill: `delay` seconds after the command started or, `late`, after its copy
    was done (see `_copy_done`)."""
    trial = Trial(kind)
    t0 = time.monotonic()
    vault_path, home, stderr = _fresh(setup, f"{kind}-{n:04d}")
    child = Child(_argv(kind, setup, vault_path), _child_env(home), stderr)
    killed = child.kill_after(delay, _copy_done(kind, vault_path, home) if late else None)
    acks = _acknowledged(kind, child.lines)
    # A CLI command whose last line was printed had finished its work, even if alive.
    trial.after_end = not killed or (kind != "writes" and bool(acks))
    trial.acknowledged = len(acks) * (IMPORT_FILES if kind == "import" else 1)
    with _reunify_home(home):
        backups = backups_dir(vault_path)
        trial.phase = _phase(kind, vault_path, backups, setup, acks)
        vault = _open(vault_path, PASSPHRASE, trial, "old")
        if kind == "rekey":
            vault = _which_passphrase(vault_path, vault, bool(acks), trial)
        if vault is None:
            if not trial.failures:
                trial.failures.append("no-passphrase-opens")
        else:
            try:
                report = vault.check()
                if not report.ok:
                    trial.failures.append("check-not-sound")
                found = read_contents(vault)
            finally:
                vault.close()
            trial.losses = _missing(kind, acks, found, setup)
            if _torn(kind, found, setup):
                trial.failures.append("document-without-its-file")
            if kind == "backup" and acks:
                _check_backup(acks[-1], trial)
            if kind == "import" and not acks:
                done = sum(t in found.documents for t in setup.import_hashes)
                trial.phase = f"{done} of {IMPORT_FILES} files in"
        trial.left_behind = _left_behind(vault_path, backups)
    trial.seconds = time.monotonic() - t0
    shutil.rmtree(vault_path.parent.parent, ignore_errors=True)
    return trial


def _check_backup(ack: str, trial: Trial) -> None:
    """The backup the child said it wrote opens with the passphrase and is sound."""
    path = Path(ack.removeprefix("Encrypted backup written to ").strip())
    if not path.is_file():
        trial.losses += 1
        return
    try:
        with Vault.open(path, PASSPHRASE, upgrade=False) as copy:
            if not copy.check().ok:
                trial.failures.append("backup-not-sound")
    except ReunifyError as exc:
        trial.failures.append(f"backup-open:{type(exc).__name__}")


@dataclass
class Summary:
    kind: str
    trials: list[Trial]

    def total(self, attr: str) -> int:
        return sum(
            len(v) if isinstance(v := getattr(t, attr), list) else int(v) for t in self.trials
        )

    @property
    def failures(self) -> int:
        return sum(len(t.failures) > 0 for t in self.trials)


def run(
    trials: dict[str, int],
    *,
    seed: int,
    work: Path,
    log: bool = True,
    calibration_runs: int = 2,
) -> tuple[list[Summary], Setup]:
    """The whole harness; `trials` is kind → how many."""
    if kdf.SCRYPT_N != SHIPPED_SCRYPT_N:
        raise RuntimeError("the children derive keys at the shipped cost: so must the template")
    rng = random.Random(seed)
    setup = build_setup(work, seed)
    out: list[Summary] = []
    for kind, count in trials.items():
        if not count:
            continue
        setup.durations[kind] = calibrate(setup, kind, calibration_runs)
        summary = Summary(kind, [])
        for n in range(count):
            late = kind in LATE_WINDOW and n % 2 == 1
            delay = rng.uniform(0, LATE_WINDOW[kind] if late else setup.durations[kind])
            summary.trials.append(run_trial(setup, kind, n, delay, late))
            if log:
                t = summary.trials[-1]
                print(
                    f"  {kind} {n + 1}/{count}: kill at {delay:.2f} s"
                    f"{' after the copy' if late else ''}"
                    f"{' (after end)' if t.after_end else ''} ({t.phase}),"
                    f" {t.acknowledged} acknowledged,"
                    f" {t.losses} lost, failures {t.failures or 'none'},"
                    f" left behind {t.left_behind or 'none'}, notices {sum(t.notices.values())}",
                    flush=True,
                )
        out.append(summary)
    return out, setup


def recovery_present() -> bool:
    """Whether open already cleans up after interrupted operations (issue #15, item 3)."""
    import importlib.util

    return importlib.util.find_spec("reunify.vault.recovery") is not None


def landed(summaries: Sequence[Summary]) -> str:
    """Where the kills landed, per kind: proof that the slow parts were hit."""
    lines = []
    for s in summaries:
        counts = Counter(t.phase for t in s.trials)
        lines.append(f"{s.kind}: " + "; ".join(f"{p} {n}" for p, n in sorted(counts.items())))
    return "\n".join(lines)


def table(summaries: Sequence[Summary]) -> str:
    head = (
        "kind", "trials", "killed mid-op", "after end", "acknowledged",
        "losses", "failures", "left behind", "notices", "untold rekey", "time s",
    )  # fmt: skip
    rows = [head]
    for s in summaries:
        killed = sum(not t.after_end for t in s.trials)
        rows.append(
            (
                s.kind,
                str(len(s.trials)),
                str(killed),
                str(len(s.trials) - killed),
                str(s.total("acknowledged")),
                str(s.total("losses")),
                str(s.failures),
                str(s.total("left_behind")),
                str(sum(sum(t.notices.values()) for t in s.trials)),
                str(s.total("untold")) if s.kind == "rekey" else "-",
                f"{sum(t.seconds for t in s.trials):.0f}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.kill9", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--trials", type=int, default=10, help="trials per kind")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help="comma-separated: " + ",".join(KINDS)
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-kind", help="e.g. writes=80,rekey=50 (overrides --trials)")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    counts = {k: args.trials for k in kinds}
    if args.per_kind:
        counts = {k: int(n) for k, n in (p.split("=") for p in args.per_kind.split(","))}
    print(
        f"kill -9 harness, seed {args.seed}; keys derived at the shipped scrypt cost "
        f"(N=2**{kdf.SCRYPT_N.bit_length() - 1}) in every process; template vault: "
        f"{TEMPLATE_FILES} files of {TEMPLATE_FILE_MIB} MiB; import: {IMPORT_FILES} files of "
        f"{IMPORT_FILE_MIB} MiB; recovery on open: {'yes' if recovery_present() else 'not yet'}",
        flush=True,
    )
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kill9-") as tmp:
        summaries, setup = run(counts, seed=args.seed, work=Path(tmp))
    print()
    print(
        "unkilled durations (the kill window): "
        + ", ".join(f"{k} {d:.2f} s" for k, d in setup.durations.items())
    )
    print(table(summaries))
    print("where the kills landed:")
    print(landed(summaries))
    print(f"total {time.monotonic() - t0:.0f} s; {os.cpu_count()} CPUs")
    bad = sum(s.total("losses") + s.failures for s in summaries)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
