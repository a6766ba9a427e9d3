"""Text is stored composed (NFC): "José" typed as J-o-s-e + U+0301 is one value.

Keyboards, paste from PDFs and macOS file names hand over decomposed accents; if they
were stored as given, the same name would be two values (duplicates, failed
comparisons) and the bundle would draw a loose accent instead of é.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from sqlalchemy import func, select

from reunify import operations as ops
from reunify.models import AuditEvent, DocumentKind, PartyRole
from reunify.operations._base import nfc
from reunify.search import fts_query, search_cases
from reunify.vault import Vault

pytestmark = pytest.mark.vault

JOSE_NFD = "Jose\u0301"  # e + combining acute
NUNEZ_NFD = "N\u0303un\u0303ez"  # Ñuñez with combining tildes
SAVI_NFD = "ka\u0301\u0331ꞌnu"  # á + macron below: composes to á + U+0331 only


def _is_nfc(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value)


def test_nfc_helper_composes_text_and_lists_only() -> None:
    assert nfc(JOSE_NFD) == "José"
    assert nfc([JOSE_NFD, "x"]) == ["José", "x"]
    assert nfc(("a\u0301",)) == ("á",)
    assert nfc(3) == 3 and nfc(None) is None
    assert nfc(PartyRole.CLIENT) is PartyRole.CLIENT  # str-valued enums stay enums
    assert nfc(SAVI_NFD) == "k\u00e1\u0331ꞌnu"


def test_create_and_update_store_nfc(vault: Vault) -> None:
    with vault.session() as s:
        p = ops.create_person(
            s,
            given_names=f" {JOSE_NFD} ",
            paternal_surname=NUNEZ_NFD,
            aliases=[f"Pepe {NUNEZ_NFD}"],
        )
        case = ops.create_case(s, title=f"Familia {NUNEZ_NFD}")
        note = ops.add_note(s, case, f"Habló {JOSE_NFD}, {SAVI_NFD}.")
        pid, cid, nid = p.id, case.id, note.id
    with vault.session() as s:
        p = s.get(type(p), pid)
        assert p is not None
        assert (p.given_names, p.paternal_surname) == ("José", "Ñuñez")
        assert p.aliases == ["Pepe Ñuñez"]
        assert all(_is_nfc(v) for v in (p.given_names, p.paternal_surname, *p.aliases))
        case = s.get(type(case), cid)
        assert case is not None and case.title == "Familia Ñuñez"
        note = s.get(type(note), nid)
        assert note is not None and note.body == "Habló José, k\u00e1\u0331ꞌnu."
        # An update typed decomposed is the same value: no change, no audit event.
        events = s.scalar(select(func.count()).select_from(AuditEvent))
        ops.update_person(s, p, given_names=JOSE_NFD)
        s.flush()
        assert p.given_names == "José"
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == events
        ops.update_person(s, p, maternal_surname="Marti\u0301nez")
        assert p.maternal_surname == "Martínez"


def test_search_finds_composed_text_typed_either_way(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Ortiz")
        person = ops.create_person(s, given_names=JOSE_NFD, paternal_surname=NUNEZ_NFD)
        ops.link_person(s, case, person, PartyRole.CLIENT)
        cid = case.id
    with vault.session() as s:
        for query in ("José", JOSE_NFD, "jose", "ñuñez", NUNEZ_NFD, "nunez"):
            assert search_cases(s, query) == [cid], query
    assert fts_query(JOSE_NFD) == '"José"*'


def test_settings_and_attachment_names_are_nfc(vault: Vault) -> None:
    with vault.session() as s:
        assert ops.set_setting(s, "operator", f"Lic. {JOSE_NFD} Pe\u0301rez") == "Lic. José Pérez"
        case = ops.create_case(s, title="Familia Ortiz")
        doc = ops.add_document(s, case, kind=DocumentKind.OTHER, title="Acta")
        att = ops.attach_stream(s, doc, io.BytesIO(b"x"), f"acta_{NUNEZ_NFD}.pdf")
        assert att.filename == "acta_Ñuñez.pdf"
