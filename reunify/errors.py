"""Errors a user can cause or fix, each with a message translated when it is shown.

Programming errors are not ReunifyError: they go to the crash dialog instead
(qutebrowser's KnownError / BugError split).
"""

from __future__ import annotations

from typing import Any

from reunify.i18n import N_, _


class ReunifyError(Exception):
    """Base of every error that has a message for the user."""

    message: str = N_("Something went wrong.")

    def __init__(self, message: str | None = None, **params: Any) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(self.message)

    def user_message(self) -> str:
        """The message in the current language, placeholders filled after translation."""
        return _(self.message).format(**self.params)

    def __str__(self) -> str:
        return self.user_message()


class VaultError(ReunifyError):
    message = N_("The vault could not be used.")


class VaultNotFound(VaultError):
    message = N_("There is no vault at {path}. Check the location or create a new vault.")


class VaultExists(VaultError):
    message = N_("A file already exists at {path}. Choose another name so nothing is overwritten.")


class WrongPassphrase(VaultError):
    message = N_(
        "The passphrase is not correct. Nothing was changed; try again. "
        "If you are sure it is right, the vault file may be damaged: restore it from a backup."
    )


class NotAVault(VaultError):
    message = N_(
        "{path} is not a reunify vault, or it is too damaged to open. "
        "Choose another file or restore from a backup."
    )


class VaultDamaged(VaultError):
    message = N_(
        "The vault is damaged ({detail}). Do not write to it: make a copy of the file "
        "and restore the latest backup."
    )


class VaultTooNew(VaultError):
    message = N_(
        "This vault was made by a newer version of reunify. Update reunify to open it; "
        "the vault was not changed."
    )


class DiskFull(VaultError):
    message = N_(
        "The disk is full, so the last change was not saved. Free some space and try again; "
        "nothing already saved was lost."
    )


class ReadOnlyLocation(VaultError):
    message = N_(
        "reunify cannot write to {path}. The folder or disk is read-only: "
        "copy the vault to a folder you can write to."
    )


class FileInUse(VaultError):
    """Windows refuses to replace a file another program has open (antivirus, indexer, sync)."""

    message = N_(
        "reunify could not replace {path}: another program is using it (often an antivirus, "
        "a backup or a sync program), or the file is marked read-only. Nothing was changed. "
        "Wait a moment and try again."
    )


class VaultAlreadyOpen(VaultError):
    message = N_(
        "This vault is already open in another reunify window or program. Close it there first."
    )


class VaultLocked(VaultError):
    message = N_("The vault is locked. Unlock it to continue.")


class WeakPassphrase(ReunifyError):
    message = N_("The passphrase must have at least {minimum} characters.")
    field = "passphrase"  # where a form shows it


class WeakSharePassphrase(WeakPassphrase):
    """A share passphrase an export refuses; the message says why (see bundle.share_passphrase)."""

    message = N_(
        "The share passphrase is too easy to guess. Generate one instead: six random words are "
        "hard to guess and easy to read aloud."
    )


class SharePassphraseReused(WeakSharePassphrase):
    message = N_(
        "This is the vault's passphrase. Never use it to share a bundle: whoever receives the "
        "file could then open the whole vault. Generate a different one."
    )


class ValidationError(ReunifyError):
    """A value a person typed is not acceptable; `field` says which one."""

    message = N_("This value is not valid.")

    def __init__(self, field: str, message: str | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.field = field


class PassphraseMismatch(ValidationError):
    message = N_("The two passphrases do not match. Type them again; nothing was changed.")

    def __init__(self) -> None:
        super().__init__("confirm")


class NotFound(ReunifyError):
    message = N_("{what} was not found.")


class ConsentError(ReunifyError):
    message = N_("No valid consent covers this.")


class PassphraseChangedBeforeInterruption(WrongPassphrase):
    """A passphrase change finished (the file is under the new passphrase) but reunify
    stopped before saying so: the person may still be typing the old one."""

    message = N_(
        "The passphrase is not correct. A passphrase change finished on {when} just before "
        "reunify was interrupted, so this vault now opens with the NEW passphrase (backups "
        "made before that change still open with the old one). Nothing was lost."
    )

    def user_message(self) -> str:
        return _(self.message).format(when=_moment(self.params["started"]))


class PassphraseChangeInterrupted(WrongPassphrase):
    """A passphrase change stopped before the swap: the vault still has its old passphrase."""

    message = N_(
        "The passphrase is not correct. A passphrase change started on {when} was interrupted "
        "before it finished, so this vault still opens with the OLD passphrase, the one it had "
        "before that change. Nothing was lost."
    )

    def user_message(self) -> str:
        return _(self.message).format(when=_moment(self.params["started"]))


class NotEnoughSpace(VaultError):
    """Refused before writing anything: the estimate of what the work needs did not fit."""

    message = N_(
        "There is not enough free space in {path}: this needs about {need} and only {free} "
        "are free. Nothing was changed. Free some space there (empty the trash, move large "
        "files to another disk) or choose another folder, then try again."
    )

    def user_message(self) -> str:
        return _(self.message).format(
            path=self.params["path"],
            need=human_size(int(self.params["need_bytes"])),
            free=human_size(int(self.params["free_bytes"])),
        )


def _moment(started: object) -> str:
    """A time from a marker file, in the person's language and local time ("?" if unknown)."""
    from datetime import datetime

    from reunify import i18n

    if not isinstance(started, datetime):
        return "?"
    return i18n.format_datetime(started.astimezone(), "medium")


def human_size(size: int) -> str:
    """Bytes as a person reads them ("1.5 GB", "820 KB"), numbers in the current locale.

    Binary multiples with the usual names, as file managers on Windows show them.
    """
    from babel import numbers

    from reunify import i18n

    units = ("B", "KB", "MB", "GB", "TB")
    value, step = float(size), 0
    while value >= 1024 and step < len(units) - 1:
        value /= 1024
        step += 1
    pattern = "#,##0" if step == 0 else "#,##0.#"
    number = numbers.format_decimal(value, format=pattern, locale=i18n.locale_code())
    return f"{number} {units[step]}"


# -- SQLite and file-system faults, each a sentence that says what to do (issue #15) --
# Every VaultDamaged below also carries `detail`: a short phrase in the person's
# language, for the lines that quote a damage inside a longer one (check, attachments).


class VaultPageDamaged(VaultDamaged):
    message = N_(
        "Page {page} of the vault is damaged: its checksum does not match (the file was "
        "changed outside reunify or the disk is failing). Make a copy of the file, then "
        "restore the latest backup."
    )


class VaultStructureDamaged(VaultDamaged):
    message = N_(
        "The vault file is damaged: part of it cannot be read (it was cut short, changed "
        "outside reunify, or the disk is failing). Do not write to it: make a copy of the "
        "file, then restore the latest backup."
    )


class VaultUnreadable(VaultDamaged):
    message = N_(
        "The vault file can no longer be decrypted, although its passphrase was accepted: the "
        "file was changed outside reunify or the disk is failing. Make a copy of the file, "
        "then restore the latest backup."
    )


class VaultSchemaIncomplete(VaultDamaged):
    message = N_(
        "Part of the vault's structure is missing (an update of reunify may have been "
        "interrupted). Nothing was changed. Restore the backup made before the update (its "
        "name ends in -pre-migration) or the latest backup."
    )


class DiskIOError(VaultError):
    message = N_(
        "The disk reported an error while reading or writing {path} (a failing disk, or a USB "
        "stick or network drive that was removed). The last change was not saved. Copy the "
        "vault to a sound disk, then check it."
    )


class VaultCannotOpen(VaultError):
    message = N_(
        "reunify could not open {path}: the system refused access to the file. Check that the "
        "file and its folder exist and that you may read and write them. The vault was not "
        "changed."
    )


class ReadOnlyFolder(ReadOnlyLocation):
    message = N_(
        "reunify cannot create files in the folder {path}. This is a permissions problem: "
        "nothing is damaged. Use a folder you can write to (copy the vault there if it is the "
        "vault's folder), or allow writing in this folder."
    )


class ReadOnlyDisk(ReadOnlyLocation):
    message = N_(
        "The disk that holds {path} is read-only (a write-protected USB stick or SD card, or a "
        "disk mounted read-only). Nothing is damaged: copy the vault to a folder on another "
        "disk, or make this disk writable."
    )


class ReadOnlyVaultFile(ReadOnlyLocation):
    message = N_(
        "The file {path} is read-only, so reunify cannot write to it. This is a permissions "
        "problem: nothing is damaged. Allow writing to the file (remove the read-only mark in "
        "its properties), or copy it to a folder you can write to."
    )


class VaultBusy(VaultAlreadyOpen):
    message = N_(
        "Another program is using the vault file right now (a backup, sync or antivirus "
        "program, or another copy of reunify). Nothing was changed: close that program or wait "
        "a moment, then try again."
    )


class FileProblem(ReunifyError):
    """An OSError no more specific error explains; `reason` is a msgid (fileio.os_reason),
    translated when shown like the message itself, `code` the errno it may name."""

    message = N_("reunify could not read or write {path}: {reason}. Nothing was changed.")

    def user_message(self) -> str:
        msgid = str(self.params.get("reason", ""))
        reason = _(msgid).format(code=self.params.get("code"))
        return _(self.message).format(path=self.params.get("path", ""), reason=reason)


class BackupDamaged(VaultDamaged):
    message = N_(
        "The backup {path} is damaged, so it was not restored, and the vault was not changed. "
        "Choose another backup (an older one, or a copy kept on another disk)."
    )
