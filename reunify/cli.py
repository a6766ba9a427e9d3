"""Command line: `reunify` alone opens the GUI; subcommands manage vaults headless.

The passphrase comes from an interactive prompt, `--passphrase-file`, or the
REUNIFY_PASSPHRASE environment variable (for scripts and tests); it is never
accepted as a command-line argument, where other users could read it.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reunify import i18n
from reunify.argparse_messages import translate_argparse
from reunify.errors import PassphraseMismatch, ReunifyError, ValidationError
from reunify.hardening import protect_process
from reunify.i18n import _
from reunify.text import printable

if TYPE_CHECKING:
    from reunify.vault import Vault

EXIT_OK, EXIT_PROBLEMS, EXIT_USER_ERROR, EXIT_CRASH = 0, 1, 2, 3


class PassphraseUnavailable(ReunifyError):
    message = i18n.N_(
        "No passphrase given. Type it at the prompt, or use --passphrase-file or "
        "REUNIFY_PASSPHRASE."
    )


def _read_secret_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            if os.name == "posix" and os.fstat(fh.fileno()).st_mode & 0o044:
                # Checked on the open file, so it cannot be swapped after the check. On
                # Windows, access is decided by ACLs, which Python cannot read simply.
                raise ValidationError(
                    "passphrase_file",
                    i18n.N_(
                        "Other users of this computer can read the passphrase file {path}. "
                        "Make it private first (chmod 600 {path}); it was not used."
                    ),
                    path=path,
                )
            return fh.readline().rstrip("\r\n")
    except OSError:
        raise ValidationError(
            "passphrase_file", i18n.N_("Cannot read the passphrase file {path}."), path=path
        ) from None


def passphrase(
    args: argparse.Namespace,
    *,
    env: str = "REUNIFY_PASSPHRASE",
    file_attr: str = "passphrase_file",
    prompt: str = "",
    confirm: bool = False,
) -> str:
    file = getattr(args, file_attr, None)
    if file:
        return _read_secret_file(file)
    if os.environ.get(env):
        # Read once and removed, so child processes and crash reports never see it.
        return os.environ.pop(env)
    if not sys.stdin.isatty():
        raise PassphraseUnavailable()
    first = getpass.getpass(prompt or _("Passphrase: "))
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise PassphraseMismatch()
    return first


def _vault_path(args: argparse.Namespace) -> Path:
    """The --vault path; one that must already exist is checked before the passphrase
    is asked for, so nobody types a passphrase to hear the file is not there."""
    from reunify.errors import VaultNotFound

    path = Path(args.vault).expanduser()
    if args.command not in ("init", "demo", "restore") and not path.exists():
        raise VaultNotFound(path=str(path))
    return path


def _told(vault: Vault) -> Vault:
    """A vault just opened, after saying on stderr what interrupted operations left
    (reunify.vault.recovery): said once, then acknowledged."""
    for notice in vault.notices:
        print(notice, file=sys.stderr)
    vault.acknowledge_notices()
    for warning in vault.warnings:  # not acknowledged: true until someone looks into it
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    return vault


def cmd_init(args: argparse.Namespace) -> int:
    from reunify.vault import Vault

    secret = passphrase(args, prompt=_("New passphrase: "), confirm=True)
    with Vault.create(
        _vault_path(args), secret, operator=args.operator, reference_prefix=args.prefix
    ) as vault:
        print(_("Created vault {path}").format(path=vault.path))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from reunify.demo import DEMO_PASSPHRASE, create_demo_vault

    secret = (
        passphrase(args)
        if (args.passphrase_file or os.environ.get("REUNIFY_PASSPHRASE"))
        else DEMO_PASSPHRASE
    )
    with create_demo_vault(_vault_path(args), secret) as vault:
        print(_("Created demo vault {path}").format(path=vault.path))
        if secret == DEMO_PASSPHRASE:
            print(_("Its passphrase is: {passphrase}").format(passphrase=DEMO_PASSPHRASE))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from reunify.vault import Vault
    from reunify.vault.anchors import parse

    given = [parse(value) for value in args.anchor or []]  # before the passphrase is asked
    with _told(Vault.open(_vault_path(args), passphrase(args))) as vault:
        report = vault.check(attachments=not args.quick, anchors=given)
    if report.ok:
        print(
            _(
                "Vault is sound: encryption, structure, audit trail ({count} events) and "
                "attachments all check out."
            ).format(count=report.audit_events)
        )
        if report.compared_with:
            print(
                _(
                    "The audit trail matches the copies of its end kept outside the vault: {where}."
                ).format(where=", ".join(report.compared_with))
            )
        return EXIT_OK
    print(_("The vault has problems:"), file=sys.stderr)
    for line in report.problems():
        print("  - " + line, file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_backup(args: argparse.Namespace) -> int:
    from reunify.vault import Vault

    with _told(Vault.open(_vault_path(args), passphrase(args))) as vault:
        dest = vault.backup(Path(args.to).expanduser() if args.to else None, keep=args.keep)
    print(_("Encrypted backup written to {path}").format(path=dest))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from reunify.vault import Vault

    moved = Vault.restore(Path(args.backup).expanduser(), _vault_path(args), passphrase(args))
    print(_("Restored {backup} to {path}").format(backup=args.backup, path=args.vault))
    if moved is not None:
        print(_("The vault it replaced was kept as {path}").format(path=moved))
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    from reunify.vault import Vault

    current = passphrase(args, prompt=_("Current passphrase: "))
    with _told(Vault.open(_vault_path(args), current)) as v:
        new = passphrase(
            args,
            env="REUNIFY_NEW_PASSPHRASE",
            file_attr="new_passphrase_file",
            prompt=_("New passphrase: "),
            confirm=True,
        )
        v.change_passphrase(new)
        print(
            _("Passphrase changed. Older backups still open with the old passphrase."), flush=True
        )
        v.finish_passphrase_change()  # told: a kill before this line is explained on open
    return EXIT_OK


def cmd_cases(args: argparse.Namespace) -> int:
    from reunify import operations as ops
    from reunify.labels import label
    from reunify.vault import Vault

    with _told(Vault.open(_vault_path(args), passphrase(args))) as vault, vault.session() as s:
        for case in ops.list_cases(s):
            # A title stored before input was cleaned may hold NUL or a terminal escape.
            print(f"{case.reference}\t{label(case.status)}\t{printable(case.title)}")
    return EXIT_OK


def _share_passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    return passphrase(
        args,
        env="REUNIFY_SHARE_PASSPHRASE",
        file_attr="share_passphrase_file",
        prompt=_("Share passphrase (send it to the recipient by another channel): "),
        confirm=confirm,
    )


def cmd_export(args: argparse.Namespace) -> int:
    from reunify import operations as ops
    from reunify.bundle import share_passphrase
    from reunify.bundle.export import export_bundle
    from reunify.errors import NotFound
    from reunify.fileio import os_error
    from reunify.vault import Vault

    with _told(Vault.open(_vault_path(args), passphrase(args))) as vault, vault.session() as s:
        case = ops.find_case(s, args.case)
        if case is None:
            raise NotFound(what=args.case)
        chosen = ops.choose_consent(s, case, consent_id=args.consent, recipient=args.recipient)
        generated = bool(getattr(args, "generate_share_passphrase", False))
        if args.unencrypted:
            share = None
        elif generated:
            share = share_passphrase.generate(share_passphrase.words_language(args.bundle_lang))
        else:
            share = _share_passphrase(args, confirm=True)
        dest = Path(args.to).expanduser()
        try:
            result = export_bundle(
                s,
                case,
                dest,
                consent=chosen,
                language=args.bundle_lang,
                share_passphrase=share,
                allow_unencrypted=args.unencrypted,
                include_confidential=args.include_confidential,
                include_adverse=args.include_adverse,
                overwrite=args.force,
                is_vault_passphrase=vault.verify_passphrase,
            )
        except OSError as exc:  # the PDF could not be written (full disk, read-only folder)
            raise os_error(exc, dest.parent, dest) from None
    print(
        _("Bundle written to {path} ({count} attached files).").format(
            path=result.path, count=result.attachments
        )
    )
    if generated and share is not None:
        # Shown once, here only: it is not stored anywhere.
        print(
            _(
                "Share passphrase (read it to the recipient over the phone or send it by "
                "another channel, never with the file; it is not kept anywhere): {passphrase}"
            ).format(passphrase=share)
        )
    print(
        _("Manifest SHA-256 (send it with the passphrase, by another channel): {hash}").format(
            hash=result.manifest_sha256
        )
    )
    if not result.encrypted:
        print(_("Warning: this bundle is NOT encrypted."), file=sys.stderr)
    return EXIT_OK


def _one(found: list[str], what: str) -> str:
    """The one id that matched what was typed (an id, a CURP, a name or a title)."""
    from reunify.errors import NotFound

    if len(set(found)) != 1:
        raise NotFound(what=what)
    return found[0]


def cmd_import(args: argparse.Namespace) -> int:
    """Files into a case, one transaction per file; 1 when some file could not be read."""
    from sqlalchemy import select

    from reunify import operations as ops
    from reunify.errors import NotFound
    from reunify.models import Document
    from reunify.operations.imports import import_files
    from reunify.vault import Vault

    with _told(Vault.open(_vault_path(args), passphrase(args))) as vault:
        with vault.session() as s:
            case = ops.find_case(s, args.case)
            if case is None:
                raise NotFound(what=args.case)
            case_id, document_id, person_id = case.id, None, None
            if args.document:
                docs = s.scalars(select(Document).where(Document.case_id == case.id))
                typed = args.document.strip()
                document_id = _one([d.id for d in docs if typed in (d.id, d.title)], typed)
            if args.person:
                typed = args.person.strip()
                person_id = _one(
                    [
                        p.id
                        for p in ops.people_in_case(s, case)
                        if typed in (p.id, p.curp) or typed.casefold() == p.full_name.casefold()
                    ],
                    typed,
                )
        result = import_files(
            vault,
            case_id,
            [Path(f).expanduser() for f in args.files],
            document_id=document_id,
            person_id=person_id,
        )
    for _path, problem in result.problems:
        print(printable(problem), file=sys.stderr)  # it names the file, as the disk spells it
    print(
        i18n.ngettext(
            "{n} file added to the vault.", "{n} files added to the vault.", result.count
        ).format(n=result.count)
    )
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """0: everything matches; 1: NOT verified (reasons on stderr); 2: cannot check at all."""
    from reunify.bundle.verify import verify_bundle

    share = None if args.unencrypted else _share_passphrase(args, confirm=False)
    result = verify_bundle(Path(args.file).expanduser(), share, args.expect)
    if result.manifest_sha256 is not None:
        print(_("Manifest SHA-256: {hash}").format(hash=result.manifest_sha256))
    trail = (result.manifest or {}).get("audit_trail")
    if isinstance(trail, dict) and {"seq", "sha256"} <= trail.keys():
        print(
            _(
                "The vault's audit trail when the bundle was made (the preparer can compare "
                "it with 'reunify check --anchor'): {anchor}"
            ).format(anchor=f"{trail['seq']}:{trail['sha256']}")
        )
    if not result.ok:
        print(_("NOT verified:"), file=sys.stderr)
        for problem in result.problems:
            print("  - " + printable(problem), file=sys.stderr)  # names from the bundle
        return EXIT_PROBLEMS
    if result.authenticated:
        print(
            _(
                "Verified: the manifest is the one whose SHA-256 you were sent, and the report "
                "and all {count} files match it."
            ).format(count=result.checked)
        )
        return EXIT_OK
    print(
        _(
            "Consistent: the report and all {count} files match the manifest inside this file."
        ).format(count=result.checked)
    )
    print(
        _(
            "Only internal consistency was checked: whoever changed the file could also have "
            "rewritten the manifest. Compare the manifest SHA-256 above with the one the "
            "preparer sent you separately, or run again with --expect."
        )
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    # --lang is accepted before or after the command ("reunify cases --lang es").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=i18n.available_languages(),
        default=argparse.SUPPRESS,
        help=_("language of messages"),
    )
    parser = argparse.ArgumentParser(
        prog="reunify",
        description=_("Encrypted casework for cross-border family reunification."),
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=version_text(),
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("open the GUI on the demo vault (created if missing)")
    )
    sub = parser.add_subparsers(dest="command")

    def vault_cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, parents=[common])
        p.add_argument("--vault", required=True, help=_("path of the vault file"))
        p.add_argument("--passphrase-file", help=_("read the passphrase from this file"))
        return p

    p = vault_cmd("init", _("create an empty vault"))
    p.add_argument("--operator", default="", help=_("name recorded in the audit trail"))
    p.add_argument("--prefix", default="RU", help=_("case reference prefix"))
    p.set_defaults(func=cmd_init)
    vault_cmd("demo", _("create a vault filled with invented demo cases")).set_defaults(
        func=cmd_demo
    )
    p = vault_cmd("check", _("verify encryption, structure, audit trail and attachments"))
    p.add_argument("--quick", action="store_true", help=_("skip re-hashing attachments"))
    p.add_argument(
        "--anchor",
        action="append",
        metavar="SEQ:HASH",
        help=_(
            "compare the audit trail with a head recorded elsewhere (a bundle's, as "
            "'reunify verify' prints it); may be repeated"
        ),
    )
    p.set_defaults(func=cmd_check)
    p = vault_cmd("backup", _("write an encrypted backup"))
    p.add_argument("--to", help=_("folder for this backup (default: rotating backups folder)"))
    p.add_argument("--keep", type=int, help=_("how many rotating backups to keep"))
    p.set_defaults(func=cmd_backup)
    p = vault_cmd("restore", _("replace a vault with a backup (the old file is kept)"))
    p.add_argument("backup", help=_("backup file to restore"))
    p.set_defaults(func=cmd_restore)
    p = vault_cmd("passwd", _("change the vault passphrase"))
    p.add_argument("--new-passphrase-file", help=_("read the new passphrase from this file"))
    p.set_defaults(func=cmd_passwd)
    vault_cmd("cases", _("list the cases in a vault")).set_defaults(func=cmd_cases)
    p = vault_cmd("export", _("write the encrypted case bundle (PDF) for a recipient"))
    p.add_argument("case", help=_("case reference, e.g. RU-2026-0042"))
    p.add_argument("--to", required=True, help=_("PDF file to write"))
    p.add_argument(
        "--bundle-lang",
        dest="bundle_lang",
        choices=i18n.available_languages(),
        default="en",
        help=_("language of the bundle (default: English, for US counsel)"),
    )
    p.add_argument("--consent", help=_("id of the consent the export relies on"))
    p.add_argument("--recipient", help=_("choose the consent given for this recipient"))
    share = p.add_mutually_exclusive_group()
    share.add_argument(
        "--share-passphrase-file", help=_("read the share passphrase from this file")
    )
    share.add_argument(
        "--generate-share-passphrase",
        action="store_true",
        help=_(
            "generate six random words in the bundle's language and print them once, "
            "after the export"
        ),
    )
    share.add_argument(
        "--unencrypted",
        action="store_true",
        help=_("write the bundle without encryption (only if you must)"),
    )
    p.add_argument(
        "--include-confidential",
        action="store_true",
        help=_("include confidential addresses and people"),
    )
    p.add_argument(
        "--include-adverse", action="store_true", help=_("include the adverse party's details")
    )
    p.add_argument("--force", action="store_true", help=_("replace the file if it exists"))
    p.set_defaults(func=cmd_export)
    p = vault_cmd("import", _("encrypt files into a case (each becomes a document)"))
    p.add_argument("case", help=_("case reference, e.g. RU-2026-0042"))
    p.add_argument("files", nargs="+", metavar="FILE", help=_("files to import"))
    p.add_argument(
        "--document", help=_("attach every file to this document (its id or exact title)")
    )
    p.add_argument(
        "--person", help=_("the new documents concern this person (id, CURP or full name)")
    )
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("verify", help=_("check a bundle against its manifest"), parents=[common])
    p.add_argument("file", help=_("bundle PDF to check"))
    p.add_argument("--expect", help=_("manifest SHA-256 received separately"))
    p.add_argument("--share-passphrase-file", help=_("read the share passphrase from this file"))
    p.add_argument("--unencrypted", action="store_true", help=_("the bundle has no passphrase"))
    p.set_defaults(func=cmd_verify)
    return parser


def version_text() -> str:
    import platform

    from reunify import __version__

    return f"reunify {__version__} (Python {platform.python_version()}, {platform.system()})"


def _requested_language(argv: Sequence[str]) -> str | None:
    """--lang X or --lang=X anywhere, read before parsing so --help is translated."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found  # the last one wins, as in argparse


def _as_user_error(exc: BaseException, args: argparse.Namespace) -> ReunifyError | None:
    """An OSError or SQLite error that got past a command, as the sentence it deserves.

    Commands map the faults they expect; this net catches the rest, so that no file
    system or database fault reaches a person as a traceback. Anything else (and an
    SQLite error that is no fault of the file, such as a broken constraint) is a bug
    and goes to the crash report.
    """
    from sqlalchemy.exc import DBAPIError

    from reunify.fileio import os_error
    from reunify.vault.messages import classify

    if isinstance(exc, OSError):
        where = Path(exc.filename) if isinstance(exc.filename, str) else None
        return os_error(exc, where.parent if where else Path.cwd(), where)
    vault = getattr(args, "vault", None)
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if vault and original is not None and type(original).__module__.startswith("sqlcipher3"):
        return classify(original, Path(vault).expanduser())
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """CLI and GUI (no command) alike: no core dumps before any secret exists."""
    protect_process()
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_requested_language(argv) or i18n.system_language())
    translate_argparse()
    args = build_parser().parse_args(argv)
    if args.command is None:
        from reunify.ui.app import run_gui

        return run_gui(demo=args.demo)
    # After parsing, so --help and --version leave no files. Argument values are
    # never logged: paths, references and recipients can be case data.
    from reunify.logs import error_kind, safe_traceback, setup_logging, write_crash_report
    from reunify.paths import log_dir

    setup_logging("cli")
    log = logging.getLogger("reunify.cli")
    log.info("command %s", args.command)
    try:
        code = int(args.func(args))
    except ReunifyError as exc:
        log.info("command %s failed: %s", args.command, error_kind(exc))
        message = printable(exc.user_message(), keep_newlines=True)  # may quote stored text
        print(_("Error: {message}").format(message=message), file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        log.info("command %s interrupted", args.command)
        return 130
    except Exception as exc:
        mapped = _as_user_error(exc, args)
        if mapped is not None:  # the disk, the folder or the file, not a bug in reunify
            log.info(
                "command %s failed: %s (%s)", args.command, error_kind(mapped), error_kind(exc)
            )
            print(_("Error: {message}").format(message=mapped.user_message()), file=sys.stderr)
            return EXIT_USER_ERROR
        report = safe_traceback(*sys.exc_info())
        log.critical("command %s crashed\n%s", args.command, report)
        kept = write_crash_report(report, "cli")
        print(
            _(
                "reunify hit an error it did not expect. Everything saved before this moment "
                "is safe in the vault. A report without case data was kept in {path}."
            ).format(path=kept or log_dir()),
            file=sys.stderr,
        )
        return EXIT_CRASH
    log.info("command %s finished (exit %d)", args.command, code)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
