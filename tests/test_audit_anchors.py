"""The audit trail cannot be rewritten in place, and a cut or rewritten end is found.

An attacker here holds the key (the test's own engine): they can run any SQL the
vault accepts, drop and re-create triggers, and delete the anchors this computer
keeps — but not the backups already made nor the bundles already sent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select, text

from reunify import cli, i18n
from reunify import operations as ops
from reunify.models import AuditEvent, CaseVariant, audit
from reunify.paths import config_dir
from reunify.vault import Vault
from reunify.vault import anchors as anchor_store
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.vault]

COLUMNS = (
    "id, seq, at, actor, action, entity_type, entity_id, case_id, details, prev_hash, hash, "
    "created_at, updated_at"
)


def _work(vault: Vault, n: int = 3, title: str = "Familia Cárdenas Villalobos") -> None:
    with vault.session() as s:
        case = ops.create_case(s, title=title, variant=CaseVariant.OTHER)
        for i in range(n):
            ops.add_note(s, case, f"Llamada con la tía en Zacatlán, número {i}")


def _head(vault: Vault) -> tuple[int, str]:
    with vault.session() as s:
        return audit.head(s)


def _cut(vault: Vault, keep: int) -> None:
    """What someone with the key does: drop the guard, cut the end, put the guard back
    exactly as it was (so the trigger check alone sees nothing)."""
    with vault.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
        conn.exec_driver_sql("DELETE FROM audit_event WHERE seq > ?", (keep,))
        conn.exec_driver_sql(audit.TRIGGERS["audit_event_no_delete"])


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("REUNIFY_PASSPHRASE", PASSPHRASE)  # read once, then removed
    return cli.main(list(args))


def _forget_this_computer() -> None:
    shutil.rmtree(config_dir() / "anchors", ignore_errors=True)


@pytest.mark.parametrize(
    "statement",
    [
        f"INSERT OR REPLACE INTO audit_event ({COLUMNS}) SELECT {COLUMNS} FROM audit_event "
        "WHERE seq = 2",
        # same seq, another id: REPLACE would delete event 2 to make room
        f"INSERT OR REPLACE INTO audit_event ({COLUMNS}) SELECT 'x' || id, seq, at, actor, "
        "action, entity_type, entity_id, case_id, details, prev_hash, hash, created_at, "
        "updated_at FROM audit_event "
        "WHERE seq = 2",
        # the next seq, but the id of event 1: REPLACE would delete event 1
        f"REPLACE INTO audit_event ({COLUMNS}) SELECT id, (SELECT max(seq) + 1 FROM "
        "audit_event), at, actor, action, entity_type, entity_id, case_id, details, "
        "(SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), hash, created_at, updated_at "
        "FROM audit_event WHERE seq = 1",
        f"INSERT INTO audit_event ({COLUMNS}) SELECT 'y' || id, seq, at, 'otra persona', "
        "action, entity_type, entity_id, case_id, details, prev_hash, hash, created_at, "
        "updated_at FROM audit_event "
        "WHERE seq = 3 ON CONFLICT (seq) DO UPDATE SET actor = excluded.actor",
    ],
    ids=["replace-same-row", "replace-same-seq", "replace-old-id", "upsert"],
)
def test_replace_and_upsert_on_the_audit_table_are_refused(vault: Vault, statement: str) -> None:
    _work(vault)
    with vault.session() as s:
        before = [
            (e.seq, e.id, e.actor, e.hash)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]
    with pytest.raises(Exception, match="next link of the chain"), vault.engine.begin() as c:
        c.exec_driver_sql(statement)
    with vault.session() as s:
        after = [
            (e.seq, e.id, e.actor, e.hash)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]
    assert after == before
    assert vault.check().ok


def test_an_event_out_of_turn_is_refused_but_the_next_link_is_taken(vault: Vault) -> None:
    _work(vault)
    seq, digest = _head(vault)
    row = (
        "INSERT INTO audit_event (" + COLUMNS + ") VALUES "
        "(?, ?, '2026-11-23 10:00:00.000000', '', 'note.add', '', NULL, NULL, '{}', ?, 'h', "
        "'2026-11-23 10:00:00.000000', '2026-11-23 10:00:00.000000')"
    )
    for bad in [("a", seq + 2, digest), ("b", seq + 1, "0" * 64), ("c", seq, digest)]:
        with pytest.raises(Exception, match="next link"), vault.engine.begin() as c:
            c.exec_driver_sql(row, bad)
    with vault.engine.begin() as c:  # the trigger checks the link, check() the hash
        c.exec_driver_sql(row, ("d", seq + 1, digest))
    assert any("content altered" in p for p in vault.check().audit)


@pytest.mark.parametrize("name", sorted(audit.TRIGGERS))
def test_a_missing_or_changed_guard_is_reported(
    vault: Vault,
    vault_path: Path,
    name: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _work(vault)
    with vault.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    report = vault.check()
    assert not report.ok
    assert [p for p in report.audit if name in p]
    with vault.engine.begin() as conn:  # back, but weakened: still reported
        conn.exec_driver_sql(
            f"CREATE TRIGGER {name} BEFORE UPDATE ON audit_event WHEN 0 BEGIN SELECT 1; END"
        )
    assert [p for p in vault.check().audit if name in p]
    vault.close()
    code = _cli(monkeypatch, "--lang", "es", "check", "--quick", "--vault", str(vault_path))
    err = capsys.readouterr().err
    assert code == 1
    assert f"La protección “{name}” de la bitácora de auditoría falta o fue cambiada" in err


def test_cut_after_a_backup_is_reported_even_when_this_computer_forgot(vault: Vault) -> None:
    _work(vault)
    backup = vault.backup()
    at_backup = _head(vault)[0] - 1  # the backup event itself comes after the copy
    _work(vault, title="Familia Ortega Lozano")
    _cut(vault, keep=at_backup - 2)
    _forget_this_computer()
    report = vault.check()
    assert report.audit == []  # what is left is a valid chain, guards in place
    assert len(report.anchors) == 1
    assert f"reached event {at_backup}" in report.anchors[0]
    assert backup.name in report.anchors[0]


def test_cut_is_reported_against_this_computers_record(vault: Vault, vault_path: Path) -> None:
    _work(vault, n=5)
    vault.close()  # the head is recorded on this computer
    with Vault.open(vault_path, PASSPHRASE) as v:
        seq, _h = _head(v)
        _cut(v, keep=seq - 4)
    # Opened and closed again after the cut: the record must not follow it backwards,
    # and every unlock says so (not once: it stays true until someone looks into it).
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert [n for n in v.warnings if f"reached event {seq}" in n]
        report = v.check()
    assert not report.ok
    assert f"ends at event {seq - 4}" in report.anchors[0]
    assert f"reached event {seq}" in report.anchors[0]
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert [n for n in v.warnings if f"reached event {seq}" in n]
        assert not v.check().ok


def test_rewritten_end_is_reported_as_diverging(vault: Vault, vault_path: Path) -> None:
    _work(vault, n=4)
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as v:
        seq, _h = _head(v)
        _cut(v, keep=seq - 6)
        _work(v, n=6, title="Familia Inventada")  # as long as before, and longer
        assert _head(v)[0] > seq
        report = v.check()
    assert report.audit == []
    assert [p for p in report.anchors if f"event {seq} is not the one this computer recorded" in p]


def test_bundle_manifest_carries_the_head_and_check_compares_it(
    demo_vault: Vault,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.test_bundle_verify import SHARE, _export

    sha = _export(demo_vault, tmp_path / "b.pdf", SHARE)
    assert sha
    with pikepdf.open(tmp_path / "b.pdf", password=SHARE) as pdf:
        manifest = json.loads(pdf.attachments["manifest.json"].get_file().read_bytes())
    trail = manifest["audit_trail"]
    with demo_vault.session() as s:
        assert audit.hash_at(s, trail["seq"]) == trail["sha256"]
    anchor = f"{trail['seq']}:{trail['sha256']}"
    assert demo_vault.check(attachments=False, anchors=[anchor_store.parse(anchor)]).ok

    share_file = tmp_path / "share"
    share_file.write_text(SHARE)
    share_file.chmod(0o600)
    assert (
        cli.main(["verify", str(tmp_path / "b.pdf"), "--share-passphrase-file", str(share_file)])
        == 0
    )
    assert anchor in capsys.readouterr().out

    _cut(demo_vault, keep=trail["seq"] - 1)
    _forget_this_computer()
    path = demo_vault.path
    demo_vault.close()
    code = _cli(
        monkeypatch, "--lang", "en", "check", "--quick", "--vault", str(path), "--anchor", anchor
    )
    err = capsys.readouterr().err
    assert code == 1
    assert f"the anchor you gave shows it had reached event {trail['seq']}" in err
    assert (
        _cli(monkeypatch, "--lang", "en", "check", "--vault", str(path), "--anchor", "12:abc") == 2
    )
    assert "An anchor is the event number and its hash" in capsys.readouterr().err


def test_restoring_an_older_backup_is_not_reported_as_a_cut(vault: Vault, vault_path: Path) -> None:
    _work(vault)
    older = vault.backup()
    _work(vault, n=6, title="Familia Posterior")
    vault.backup()  # newer than the one restored: a restore drops it on purpose
    vault.close()
    Vault.restore(older, vault_path, PASSPHRASE)
    with Vault.open(vault_path, PASSPHRASE) as v:
        report = v.check()
        assert report.ok, report.problems()
        _work(v, n=1, title="Después de restaurar")
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.check().ok


def test_a_backup_checked_on_its_own_is_sound(vault: Vault, vault_path: Path) -> None:
    _work(vault)
    backup = vault.backup()
    _work(vault, n=5)
    vault.close()
    with Vault.open(backup, PASSPHRASE) as copy:
        assert copy.check().ok
        with copy.session() as s:
            assert anchor_store.vault_id(s) != ""
            mine = s.execute(
                text("SELECT value FROM vault_setting WHERE key = 'backup_of'")
            ).scalar()
    with Vault.open(vault_path, PASSPHRASE) as v, v.session() as s:
        assert anchor_store.vault_id(s) == mine


def test_anchor_files_hold_no_case_data(vault: Vault) -> None:
    _work(vault)
    vault.backup()
    vault.close()
    files = sorted((config_dir() / "anchors").iterdir())
    assert len(files) == 2  # the chain's head by vault id; the id last seen at this place
    for file in files:
        body = file.read_text(encoding="utf-8") + file.name
        assert "Cárdenas" not in body and "Zacatlán" not in body
        assert str(vault.path.parent) not in body and vault.path.stem not in body
        assert file.stat().st_mode & 0o077 == 0


def test_spanish_sentences(vault: Vault) -> None:
    _work(vault)
    vault.backup()
    _cut(vault, keep=2)
    with i18n.override("es"):
        report = vault.check()
    assert report.anchors
    assert "se cortaron eventos" in report.anchors[0]


def test_a_new_identity_and_passphrase_do_not_hide_a_cut(vault: Vault, vault_path: Path) -> None:
    """The review's attack: cut the end, give the vault a new id (so this computer's
    record of the old id is not looked up), change the passphrase (so the older
    backups can no longer be read)."""
    _work(vault, n=5)
    vault.backup()
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as v:
        seq, _h = _head(v)
        _cut(v, keep=seq - 5)
        with v.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE vault_setting SET value = ? WHERE key = 'vault_id'", ("ab" * 16,)
            )
        v.change_passphrase("otra frase larga para la prueba")
        v.finish_passphrase_change()
    with Vault.open(vault_path, "otra frase larga para la prueba") as v:
        assert [n for n in v.warnings if "not the vault this computer last saw" in n]
        report = v.check()
    assert [p for p in report.anchors if "not the vault this computer last saw" in p]
    assert [p for p in report.anchors if f"reached event {seq}" in p]


def test_a_blank_identity_is_reported(vault: Vault) -> None:
    _work(vault)
    with vault.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE vault_setting SET value = '' WHERE key = 'vault_id'")
    report = vault.check()
    assert [p for p in report.anchors if "identity is missing or damaged" in p]


def test_another_vault_copied_into_the_place_is_reported(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    _work(vault)
    vault.close()
    other = Vault.create(tmp_path / "otra.reunify", PASSPHRASE)
    other.close()
    shutil.copyfile(tmp_path / "otra.reunify", vault_path)
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert [p for p in v.check().anchors if "not the vault this computer last saw" in p]


def test_a_rebuilt_demo_and_a_new_vault_in_an_old_place_are_not_alarms(tmp_path: Path) -> None:
    from reunify.demo import create_demo_vault

    path = tmp_path / "demo.reunify"
    for _round in range(2):
        with create_demo_vault(path, PASSPHRASE, extra_cases=0) as demo:
            assert demo.notices == demo.warnings == []
            assert demo.check(attachments=False).ok
        path.unlink()
        for side in path.parent.glob("demo.reunify-*"):
            side.unlink()
    with Vault.create(path, PASSPHRASE) as fresh:
        _work(fresh)
    with Vault.open(path, PASSPHRASE) as again:
        assert again.notices == again.warnings == [] and again.check().ok


@pytest.mark.ui
def test_gui_warns_at_every_unlock_while_the_trail_is_cut(
    qtbot, vault: Vault, vault_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from reunify.ui.app import Shell

    _work(vault, n=5)
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as v:
        seq, _h = _head(v)
        _cut(v, keep=seq - 3)
    shell = Shell(vault_path)
    before = i18n.current_language()
    i18n.set_language("es")  # the unlock runs on a worker thread: not an override
    try:
        _warned_twice(qtbot, shell, seq, tmp_path)
    finally:
        i18n.set_language(before)


def _warned_twice(qtbot, shell, seq: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tests.ui_helpers import unlock

    for _round in range(2):  # not said once: every unlock, until someone looks into it
        shell.show_unlock()
        assert shell.dialog is not None
        qtbot.addWidget(shell.dialog)
        unlock(qtbot, shell.dialog, PASSPHRASE)
        assert shell.window is not None
        qtbot.addWidget(shell.window)
        box = shell.window.findChild(QMessageBox, "audit_warnings")
        assert box is not None and box.isVisible()
        assert box.icon() == QMessageBox.Icon.Warning
        assert box.windowTitle() == "Bitácora de auditoría"
        assert f"ya había llegado al evento {seq}" in box.text()
        box.grab().save(str(tmp_path / "audit_warning.png"))
        box.close()
        shell.window.lock(quitting=_round == 1)


def test_check_names_the_copies_it_compared(
    vault: Vault,
    vault_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _work(vault)
    backup = vault.backup()
    vault.close()
    assert _cli(monkeypatch, "--lang", "en", "check", "--quick", "--vault", str(vault_path)) == 0
    out = capsys.readouterr().out
    assert (
        f"matches the copies of its end kept outside the vault: this computer, the backup "
        f"{backup.name}." in out
    )
