"""The unlock screen: growing delay, Caps Lock hint, creating a vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reunify.ui.language import settings
from reunify.ui.unlock import CreateVaultDialog, UnlockDialog, retry_delay, strength_text
from reunify.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui_helpers import unlock

pytestmark = pytest.mark.ui


def test_retry_delay_grows_and_is_capped() -> None:
    assert [retry_delay(n) for n in range(1, 10)] == [0, 0, 1, 2, 4, 8, 16, 30, 30]


@pytest.mark.parametrize(
    "typed",
    ["aaaaaaaaaaaaaaaa", "Password123!", "qwertyuiop123456", "contraseña2026", "teamo123456"],
)
def test_guessable_vault_passphrases_are_not_called_strong(typed: str) -> None:
    """The usability tour's examples: a length-times-alphabet count called them strong."""
    assert strength_text(typed).startswith("Weak")


def test_a_sentence_only_she_knows_is_strong() -> None:
    assert strength_text("el nopal de la abuela Chela florece en marzo") == "Strong."
    assert strength_text("corto").startswith("Too short: use at least 8 characters")


def test_repeated_failures_wait_then_unlock(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(demo_path)
    qtbot.addWidget(dialog)
    for _ in range(3):
        assert not unlock(qtbot, dialog, "equivocada")
    assert not dialog.unlock_button.isEnabled()
    assert "Try again in 1 second." in dialog.error.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()  # ignored while waiting
    assert dialog.vault is None and dialog.task is None
    qtbot.waitUntil(dialog.unlock_button.isEnabled, timeout=3000)
    assert unlock(qtbot, dialog)
    assert dialog.vault is not None
    assert settings().value("last_vault") == str(demo_path)
    dialog.vault.close()


def test_unlocking_runs_off_the_gui_thread(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The key is derived on a worker thread: the screen keeps painting, says it is
    busy, takes no second attempt and cannot be closed half-way; the Vault opened
    there then works on the GUI thread."""
    import threading

    from reunify.queries import case_list
    from reunify.vault import vault as vault_module

    opened_on: list[str] = []
    real_open = vault_module.Vault.open.__func__  # type: ignore[attr-defined]

    def watched_open(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened_on.append(threading.current_thread().name)
        return real_open(cls, *args, **kwargs)

    dialog = UnlockDialog(demo_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("equivocada")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(vault_module.Vault, "open", classmethod(watched_open))
        with qtbot.waitSignal(dialog.attempt_finished, timeout=30000) as wrong:
            dialog.try_unlock()
            assert dialog.task is not None and dialog.busy.isVisible()
            assert not dialog.unlock_button.isEnabled() and not dialog.demo_button.isEnabled()
            dialog.reject()  # Esc half-way: refused, the attempt finishes
            assert dialog.isVisible()
            dialog.try_unlock()  # a second click while busy: ignored
        assert wrong.args == [False] and "passphrase is not correct" in dialog.error.text()
        assert not dialog.busy.isVisible() and dialog.unlock_button.isEnabled()
        assert dialog.vault is None and dialog.failures == 1
        assert unlock(qtbot, dialog, PASSPHRASE)
    assert len(opened_on) == 2 and threading.main_thread().name not in opened_on
    assert dialog.vault is not None and dialog.result() == dialog.DialogCode.Accepted
    assert dialog.passphrase.text() == ""
    with dialog.vault.session() as s:  # opened on the worker, used here
        assert len(case_list(s)) == 17
    dialog.vault.close()


def test_caps_lock_hint(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(demo_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "A")  # upper case without Shift
    assert dialog.caps.isVisibleTo(dialog)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_B, Qt.KeyboardModifier.NoModifier, -1)
    qtbot.keyClicks(dialog.passphrase, "b")
    assert not dialog.caps.isVisibleTo(dialog)


def test_create_a_vault(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = CreateVaultDialog()
    qtbot.addWidget(dialog)
    target = tmp_path / "oficina.reunify"
    dialog.path.setText(str(target))
    dialog.operator.setText("Lic. Nueva")
    dialog.passphrase.setText("corta")
    assert "Too short" in dialog.strength.text()
    dialog.confirm.setText("corta")
    dialog.create_vault()
    assert dialog.vault is None and "at least 8" in dialog.error.text()
    assert dialog.task is None  # refused before any work started
    dialog.passphrase.setText("una frase larga de la oficina")
    dialog.confirm.setText("una frase larga de la oficina")
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.create_vault()
    assert dialog.vault is not None and dialog.vault.actor == "Lic. Nueva"
    dialog.vault.close()
    with Vault.open(target, "una frase larga de la oficina"):
        pass
