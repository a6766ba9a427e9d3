"""Small fixes from the #15 review, each found by using the app as the attorney would.

- An older copy of the vault (the one on a USB stick, or a copy opened after the
  original moved on) is shorter than this computer's record: `check` must not call
  that only a cut, since for her it is the common, innocent case.
- The Spanish sentences of #15 speak to her as *usted*, as the rest of the app does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reunify import i18n
from reunify import operations as ops
from reunify.models import CaseVariant
from reunify.vault import Vault
from reunify.vault import anchors as anchor_store
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.vault]


def _note(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Téllez Orozco", variant=CaseVariant.OTHER)
        ops.add_note(s, case, "Llamada con el abuelo en Ñuñoa")


def test_an_older_copy_is_named_as_a_possibility(vault: Vault, tmp_path: Path) -> None:
    copy = tmp_path / "usb" / "copia.reunify"
    copy.parent.mkdir()
    vault.close()
    shutil.copyfile(vault.path, copy)
    with Vault.open(vault.path, PASSPHRASE) as original:
        _note(original)  # the original moves on; this computer records its head
    with Vault.open(copy, PASSPHRASE) as older:
        with i18n.override("en"):
            en = older.check(attachments=False).anchors
        with i18n.override("es"):
            es = older.check(attachments=False).anchors
    assert len(en) == 1 and "an older copy of the vault" in en[0]
    assert "una copia anterior de la bóveda" in es[0]
    assert "Conserve este archivo" in es[0] and "su respaldo más reciente" in es[0]


def test_spanish_sentences_use_usted(vault: Vault) -> None:
    with i18n.override("es"):
        given = anchor_store.parse("1:" + "a" * 64).source_text()
        with vault.session() as s:
            rewritten = anchor_store.compare(s, [anchor_store.parse("1:" + "a" * 64)])
    assert given == "el ancla que usted dio"
    assert "Conserve este archivo" in rewritten[0] and "compárelo con su respaldo" in rewritten[0]
