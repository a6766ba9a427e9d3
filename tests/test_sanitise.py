"""What a person types or pastes is cleaned in one place (operations._base.clean_text,
by the rules of reunify.text): control characters and terminal escapes go, invisible
characters that can disguise a name or an identifier are refused with a sentence, and
every field has a length it is refused beyond, never cut at.

Through the operations on a real vault, the command line and a real form.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import String, func, select, text
from sqlalchemy.orm import Session

from reunify import i18n
from reunify import operations as ops
from reunify.errors import ValidationError
from reunify.models import (
    Case,
    ConsentScope,
    CourtCalendar,
    DocumentKind,
    Entity,
    Person,
    VaultSetting,
)
from reunify.operations import limits
from reunify.operations._base import ROW_RULES, VALIDATORS
from reunify.text import disguising, multi_line, one_line, printable
from reunify.vault import Vault
from reunify.workflows.calendar_io import CalendarImportError
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.vault

NUL, ESC_RED, RLO = "\x00", "\x1b[31m", "\u202e"
CURP = "MATR850312MTLRPS03"
HUGE = "a" * 20_000


def _refusal(call: Any) -> tuple[str, str, str]:
    """The ValidationError `call` raises: its field, and its message in es and en."""
    with pytest.raises(ValidationError) as caught:
        call()
    with i18n.override("es"):
        es = caught.value.user_message()
    with i18n.override("en"):
        en = caught.value.user_message()
    return caught.value.field, es, en


def _assert_invisible(call: Any, field: str) -> None:
    got, es, en = _refusal(call)
    assert got == field
    assert "contains invisible characters" in en and "Type it again" in en
    assert "contiene caracteres invisibles" in es and "Escríbalo de nuevo" in es
    assert RLO not in es and "\ufffd" in es  # the value is shown, the override marked


def _assert_too_long(call: Any, field: str, limit: str) -> None:
    got, es, en = _refusal(call)
    assert got == field
    assert en == f"This can be at most {limit} characters long; this text has 20,000."
    assert es == f"Aquí caben como máximo {limit} caracteres; este texto tiene 20,000."


def _case(s: Session) -> Any:
    return ops.create_case(s, title="Familia Xolot")


# -- the rules themselves ----------------------------------------------------------------


def test_one_line_and_multi_line_rules() -> None:
    assert one_line(f" Ana{NUL} {ESC_RED}Lucía\x1b[0m\x7f\x85 ") == "Ana Lucía"
    assert one_line("Juan\r\nPérez\tLópez") == "Juan Pérez López"  # a break was a space
    assert one_line("\x1b]0;título\x07Tepale\x9b2J") == "Tepale"  # OSC and 8-bit CSI whole
    assert one_line("acta\udcff.pdf") == "acta\ufffd.pdf"  # a Linux name that is not UTF-8
    assert multi_line("uno\r\ndos\rtres\u2028cuatro") == "uno\ndos\ntres\ncuatro"
    assert multi_line(f"a\tb{NUL}\n{RLO}c\u2066d\u2069\ufeff") == "a\tb\ncd"
    assert multi_line("\u200fשלום\u200e") == "\u200fשלום\u200e"  # marks reorder nothing


def test_disguising_finds_invisible_characters_but_not_scripts() -> None:
    for hidden in ("\u202a", RLO, "\u2066", "\u2069", "\u200b", "\u200e", "\u2060", "\ufeff"):
        assert disguising(f"Ana{hidden}Lucía") == [3], repr(hidden)
    assert disguising("\u3164") == [0]  # a Hangul filler draws nothing
    assert disguising("A\u200dna") == [1]  # a joiner between Latin letters hides a difference
    assert disguising("محمد عبد الله") == []
    assert disguising("می\u200cخواهم") == []  # ZWNJ is Persian spelling
    assert disguising("José Ñuñez 王秀英 Ελένη") == []


def test_printable_escapes_what_a_terminal_would_run() -> None:
    assert printable(f"T{NUL}{ESC_RED}x{RLO}\udcff") == "T\\x00\\x1b[31mx\\u202e\\udcff"
    assert printable("a\nb\tc", keep_newlines=True) == "a\nb\tc"
    assert printable("a\nb") == "a\\x0ab"
    assert printable("Mónica 王") == "Mónica 王"


def test_limits_stay_within_the_columns() -> None:
    """What the vault accepts fits its column (checked fields normalise to a short code
    by their own rule), whether the table lists the field or not."""
    checked = set(VALIDATORS) | {field for _model, field in ROW_RULES}
    too_long = [
        f"{mapper.class_.__name__}.{column.key}"
        for mapper in Entity.registry.mappers
        for column in mapper.columns
        if isinstance(column.type, String)
        and (length := column.type.length)
        and column.key not in checked
        and limits.limit(column.key, mapper.class_) > length
    ]
    assert too_long == []
    assert limits.LIMITS["title"] == 300 and limits.limit("title", Case) == 200
    assert limits.limit("notes") == limits.LONG_TEXT


# -- through the operations --------------------------------------------------------------


def test_person_name_and_curp(vault: Vault) -> None:
    with vault.session() as s:
        p = ops.create_person(
            s,
            given_names=f"Ana{NUL} {ESC_RED}Lucía",
            paternal_surname="Tepale\nCuautle",
            curp=f"{CURP[:9]}{NUL}{CURP[9:]}",
            aliases=[f"La {ESC_RED}Güera"],
        )
        assert (p.given_names, p.paternal_surname) == ("Ana Lucía", "Tepale Cuautle")
        assert p.curp == CURP and p.aliases == ["La Güera"]
        _assert_invisible(lambda: ops.create_person(s, given_names=f"Ana{RLO}Lucía"), "given_names")
        _assert_invisible(lambda: ops.update_person(s, p, curp=f"{CURP}\u200b"), "curp")
        _assert_invisible(lambda: ops.update_person(s, p, aliases=[f"x{RLO}y"]), "aliases")
        _assert_too_long(lambda: ops.create_person(s, given_names=HUGE), "given_names", "200")
        _assert_too_long(lambda: ops.update_person(s, p, curp=HUGE), "curp", "40")
        # A CURP one letter long is told by the CURP's own rule, not by a length.
        field, _es, en = _refusal(lambda: ops.update_person(s, p, curp=CURP + "X"))
        assert field == "curp" and "characters long" not in en
        pid = p.id
    with vault.session() as s:
        assert s.get_one(Person, pid).given_names == "Ana Lucía"


def test_legitimate_names_are_kept(vault: Vault) -> None:
    with vault.session() as s:
        arabic = ops.create_person(s, given_names="محمد", paternal_surname="عبد الله")
        persian = ops.create_person(s, given_names="می\u200cنا")
        jose = ops.create_person(s, given_names="Jose\u0301", paternal_surname="Ñuñez")
        assert (arabic.given_names, arabic.paternal_surname) == ("محمد", "عبد الله")
        assert persian.given_names == "می\u200cنا"
        assert jose.given_names == "José"
        assert ops.create_person(s, given_names="a" * 200).given_names == "a" * 200


def test_case_title(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title=f"Familia{NUL} {ESC_RED}Xolot")
        assert case.title == "Familia Xolot"
        _assert_invisible(lambda: ops.update_case(s, case, title=f"Familia {RLO}Xolot"), "title")
        _assert_too_long(lambda: ops.create_case(s, title=HUGE), "title", "200")
        field, _es, _en = _refusal(lambda: ops.create_case(s, title=f"{NUL}{ESC_RED}"))
        assert field == "title"  # nothing left once cleaned: an empty title


def test_note_body(vault: Vault) -> None:
    """Notes keep their lines; bidi controls are stripped silently (multi_line says why)."""
    with vault.session() as s:
        case = _case(s)
        note = ops.add_note(s, case, f"Llamó{NUL} la tía.\r\nDice {ESC_RED}que{RLO} sí.\r\n")
        assert note.body == "Llamó la tía.\nDice que sí."
        assert ops.add_note(s, case, HUGE).body == HUGE  # 20,000 is a long note, not too long
        got, es, en = _refusal(lambda: ops.add_note(s, case, "a" * 100_001))
        assert got == "body" and "100,000" in en and "100,001" in en and "100,000" in es
        ops.update_note(s, note, body="uno\rdos")
        assert note.body == "uno\ndos"


def test_calendar_name(vault: Vault) -> None:
    with vault.session() as s:
        cal = ops.create_calendar(s, name=f"TSJ {ESC_RED}Puebla{NUL}", base="mx_federal")
        assert cal.name == "TSJ Puebla"
        _assert_invisible(
            lambda: ops.create_calendar(s, name=f"TSJ {RLO}Puebla", base="mx_federal"), "name"
        )
        _assert_too_long(
            lambda: ops.create_calendar(s, name=HUGE, base="mx_federal"), "name", "200"
        )


def test_calendar_csv_label_with_an_override_imports_nothing(vault: Vault, tmp_path: Path) -> None:
    csv = tmp_path / "tsj.csv"
    csv.write_text(
        f"start,end,kind,label\n2027-01-04,,holiday,Año nuevo\n"
        f"2027-02-05,,holiday,Constitución{RLO}\n",
        encoding="utf-8",
    )
    with vault.session() as s:
        cal = ops.create_calendar(s, name="TSJ Tlaxcala", base="mx_federal")
        cal_id = cal.id
    with pytest.raises(CalendarImportError) as caught, vault.session() as s:
        ops.import_csv(s, s.get_one(CourtCalendar, cal_id), csv)
    assert "invisible" in caught.value.user_message()
    with vault.session() as s:
        assert s.get_one(CourtCalendar, cal_id).entries == []


def test_consent_recipient_and_purpose(vault: Vault) -> None:
    with vault.session() as s:
        case = _case(s)
        common: dict[str, Any] = {
            "scope": [ConsentScope.IDENTITY],
            "given_on": date(2026, 3, 1),
            "expires_on": date(2026, 9, 1),
        }
        consent = ops.record_consent(
            s, case, recipient=f"DIF {ESC_RED}Puebla{NUL}", purpose="Trámite\r\nSEP", **common
        )
        assert (consent.recipient, consent.purpose) == ("DIF Puebla", "Trámite SEP")
        _assert_invisible(
            lambda: ops.record_consent(s, case, recipient=f"DIF{RLO}", purpose="x", **common),
            "recipient",
        )
        _assert_too_long(
            lambda: ops.record_consent(s, case, recipient=HUGE, purpose="x", **common),
            "recipient",
            "300",
        )


def test_attachment_file_name(vault: Vault) -> None:
    with vault.session() as s:
        doc = ops.add_document(s, _case(s), kind=DocumentKind.OTHER, title="Acta")

        def attach(name: str) -> Any:
            return ops.attach_stream(s, doc, io.BytesIO(b"%PDF"), name)

        assert attach(f"acta{NUL}{ESC_RED}.pdf").filename == "acta.pdf"
        _assert_invisible(lambda: attach(f"acta{RLO}fdp.exe"), "filename")
        _assert_too_long(lambda: attach(HUGE), "filename", "300")


def test_settings(vault: Vault) -> None:
    with vault.session() as s:
        assert ops.set_setting(s, "operator", f"Lic. {ESC_RED}Ana{NUL}") == "Lic. Ana"
        assert s.get_one(VaultSetting, "operator").value == "Lic. Ana"
        _assert_invisible(lambda: ops.set_setting(s, "operator", f"Lic.{RLO}"), "operator")
        folder = f"/tmp/res{NUL}paldos"
        assert ops.set_setting(s, "backup_dir", folder) == "/tmp/respaldos"


def test_a_form_refuses_a_long_name_next_to_the_field(qtbot: QtBot, vault: Vault) -> None:
    """Typing 20,001 characters in the person form: the message is shown by the field
    and nothing is saved."""
    from PySide6.QtWidgets import QLineEdit

    from reunify.ui.forms import FormDialog
    from reunify.ui.workspace.people import PERSON_FIELDS

    def submit(values: dict[str, Any]) -> str:
        with vault.session() as s:
            return ops.create_person(s, **values).id

    with i18n.override("es"):
        dialog = FormDialog("Add person", PERSON_FIELDS, submit)
        qtbot.addWidget(dialog)
        name = dialog.inputs["given_names"]
        assert isinstance(name, QLineEdit)
        qtbot.keyClicks(name, "Ana")
        name.setText(name.text() + "a" * 19_998)  # typed: keyClicks of 20,000 is slow
        dialog.save()
        shown = dialog.errors["given_names"]
        assert not shown.isHidden()
        assert shown.text() == "Aquí caben como máximo 200 caracteres; este texto tiene 20,001."
        assert dialog.result_value is None
    with vault.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0


def test_cli_cases_prints_old_titles_harmlessly(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A title written before input was cleaned (raw SQL, as an old vault holds it):
    `reunify cases` shows it without a NUL or an escape reaching the terminal."""
    from reunify import cli

    with vault.session() as s:
        case = _case(s)
        s.flush()
        s.execute(
            text("UPDATE case_file SET title = :title WHERE id = :id"),
            {"title": f"Familia{NUL} {ESC_RED}Xolot{RLO}", "id": case.id},
        )
    vault.close()
    monkeypatch.setenv("REUNIFY_PASSPHRASE", PASSPHRASE)
    code = cli.main(["--lang", "en", "cases", "--vault", str(vault.path)])
    out = capfd.readouterr().out
    assert code == cli.EXIT_OK
    assert "Familia" in out and "Xolot" in out
    assert "\x00" not in out and "\x1b" not in out and RLO not in out
    assert "\\x00" in out and "\\x1b[31m" in out
