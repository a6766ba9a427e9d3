"""The calendar CSV a person brings from Excel: Spanish or English headers, UTF-8 or
cp1252, `,` or `;`, every bad line named, years out of range refused, never a
traceback; and the export that reads back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reunify import i18n
from reunify import operations as ops
from reunify.errors import ReunifyError, ValidationError
from reunify.models import CalendarBase, CalendarEntryKind, CourtCalendar
from reunify.operations.calendars import export_csv, import_csv
from reunify.operations.deadlines import business_calendar
from reunify.vault import Vault
from reunify.workflows.calendar_io import CalendarImportError, decode_csv, parse_csv

SPANISH_EXCEL = (
    "Inicio;Fin;Tipo;Descripción\r\n"
    "16/09/2026;;Inhábil;Día de la Independencia\r\n"
    "17/12/2026;06/01/2027;Vacaciones;Segundo periodo vacacional\r\n"
    "12/12/2026;;inhábil;Día de la Virgen de Guadalupe\r\n"
)


def _problem(data: bytes | str) -> str:
    with pytest.raises(CalendarImportError) as err:
        parse_csv(decode_csv(data.encode("utf-8") if isinstance(data, str) else data))
    return err.value.user_message()


def _calendar(s: Any, name: str = "Juzgado Familiar de prueba") -> CourtCalendar:
    return ops.create_calendar(s, name=name, base=CalendarBase.MX_FEDERAL, jurisdiction="MX-PUE")


# -- reading --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_spanish_excel_file_in_any_encoding_reads_the_accents(encoding: str) -> None:
    rows = parse_csv(decode_csv(SPANISH_EXCEL.encode(encoding)))
    H, V = CalendarEntryKind.HOLIDAY, CalendarEntryKind.VACATION
    assert [(r.kind, r.start, r.end, r.label) for r in rows] == [
        (H, date(2026, 9, 16), date(2026, 9, 16), "Día de la Independencia"),
        (V, date(2026, 12, 17), date(2027, 1, 6), "Segundo periodo vacacional"),
        (H, date(2026, 12, 12), date(2026, 12, 12), "Día de la Virgen de Guadalupe"),
    ]


def test_english_header_with_commas_and_etiqueta_synonym() -> None:
    rows = parse_csv("start,end,kind,label\n2026-05-05,,holiday,Batalla de Puebla\n")
    assert rows[0].start == date(2026, 5, 5) and rows[0].label == "Batalla de Puebla"
    rows = parse_csv("tipo,inicio,etiqueta\nvacaciones,2026-07-20,Verano\n")
    assert (rows[0].kind, rows[0].start, rows[0].label) == (
        CalendarEntryKind.VACATION,
        date(2026, 7, 20),
        "Verano",
    )


def test_a_row_with_an_unquoted_comma_names_its_line() -> None:
    message = _problem(
        "start,end,kind,label\n"
        "2026-05-05,,holiday,Batalla de Puebla\n"
        "2026-11-02,,holiday,Día de Muertos, Todos Santos\n"
    )
    assert "line 3" in message and "double quotes" in message
    # quoted, the same description is read whole
    rows = parse_csv('start,end,kind,label\n2026-11-02,,holiday,"Día de Muertos, Todos Santos"\n')
    assert rows[0].label == "Día de Muertos, Todos Santos"


@pytest.mark.parametrize(
    ("row", "year"),
    [("0001-01-01;9999-12-31", "1"), ("01/01/2026;31/12/9999", "9999"), ("03/08/2207;", "2207")],
)
def test_years_out_of_range_are_refused_with_the_line(row: str, year: str) -> None:
    message = _problem(f"inicio;fin;tipo;descripción\n15/09/2026;;inhábil;ok\n{row};vacaciones;x\n")
    assert f"line 3: the year {year} is outside 1900–2100" in message


def test_empty_binary_and_headerless_files_are_sentences() -> None:
    assert "empty" in _problem(b"")
    assert "empty" in _problem(b"  \r\n\r\n")
    assert "not a text" in _problem(b"%PDF-1.7\n\x00\x01\x02\x03binary\x00")
    assert "not a text" in _problem(bytes(range(256)) * 4)
    assert "first line must name the columns" in _problem("a,b,c\n1,2,3\n")
    assert "no days" in _problem("inicio;fin;tipo;descripción\n")


def test_many_bad_lines_are_counted_not_all_listed() -> None:
    bad = "".join(f"2026-02-30,,holiday,{n}\n" for n in range(20))
    message = _problem("start,end,kind,label\n" + bad)
    assert "line 2" in message and "line 13" in message and "and 8 more" in message


def test_spanish_messages() -> None:
    with i18n.override("es"):
        message = _problem("inicio,fin,tipo,descripción\n2026-11-02,,inhábil,Muertos, Santos\n")
        assert "línea 2" in message and "comillas dobles" in message
        assert "está vacío" in _problem(b"")


# -- through the operations -----------------------------------------------------------


def test_import_of_a_cp1252_file_then_export_round_trips(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "circular.csv"
    source.write_bytes(SPANISH_EXCEL.encode("cp1252"))
    with vault.session() as s:
        cal = _calendar(s)
        assert import_csv(s, cal, source) == 3
        # 16 Sep (LFT) and the winter vacation count: 3 business days from Mon 14 Dec
        # 2026: 15 (1), 16 (2), 17 Dec–6 Jan vacation, 7 Jan (3) → Thu 7 Jan 2027.
        assert business_calendar(cal).add_business_days(date(2026, 12, 14), 3) == date(2027, 1, 7)
        for language in ("es", "en"):
            out = tmp_path / f"salida-{language}.csv"
            assert export_csv(cal, out, language) == 3
            data = out.read_bytes()
            assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents
            again = _calendar(s, f"Copia {language}")
            assert import_csv(s, again, out) == 3
            assert [(e.kind, e.starts_on, e.ends_on, e.label) for e in again.entries] == [
                (e.kind, e.starts_on, e.ends_on, e.label) for e in cal.entries
            ]
        assert "Día de la Independencia" in (tmp_path / "salida-es.csv").read_text("utf-8-sig")
        assert (
            (tmp_path / "salida-es.csv")
            .read_text("utf-8-sig")
            .startswith("inicio;fin;tipo;descripción")
        )


def test_a_bad_file_imports_nothing(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "mal.csv"
    source.write_text("start,end,kind,label\n2026-05-05,,holiday,ok\n2026-05-06,,fiesta,x\n")
    with vault.session() as s:
        cal = _calendar(s)
        with pytest.raises(CalendarImportError, match="line 3: kind fiesta unknown"):
            import_csv(s, cal, source)
        assert cal.entries == []
    with pytest.raises(ReunifyError), vault.session() as s:
        import_csv(s, _calendar(s, "Otro"), tmp_path / "no-existe.csv")


def test_a_day_typed_by_hand_must_fall_between_1900_and_2100(vault: Vault) -> None:
    with vault.session() as s:
        cal = _calendar(s)
        with pytest.raises(ValidationError) as err:
            ops.add_calendar_entry(
                s, cal, CalendarEntryKind.VACATION, date(1, 1, 1), date(9999, 12, 31), "x"
            )
        assert err.value.field == "starts_on" and "1900" in err.value.user_message()
        with pytest.raises(ValidationError) as err:
            ops.add_calendar_entry(
                s, cal, CalendarEntryKind.HOLIDAY, date(2026, 1, 1), date(2207, 1, 1)
            )
        assert err.value.field == "ends_on"
        ops.add_calendar_entry(s, cal, CalendarEntryKind.HOLIDAY, date(2100, 12, 31))
        assert len(cal.entries) == 1


# -- the dialog's export ----------------------------------------------------------------


def test_calendars_dialog_exports_the_shown_calendar(
    qtbot: Any, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reunify.ui import file_dialogs
    from reunify.ui.settings_dialog import CalendarsDialog

    with vault.session() as s:
        amparo = s.scalars(
            select(CourtCalendar).where(CourtCalendar.name == "Ley de Amparo (art. 19)")
        ).one()
        amparo_id, count = amparo.id, len(amparo.entries)
    dialog = CalendarsDialog(vault)
    qtbot.addWidget(dialog)
    dialog.chooser.setCurrentIndex(dialog.chooser.findData(amparo_id))
    assert dialog.export_button.isEnabled()
    dest = tmp_path / "amparo.csv"
    monkeypatch.setattr(file_dialogs, "_chosen", lambda _dialog: [str(dest)])
    dialog.export_button.click()
    rows = parse_csv(decode_csv(dest.read_bytes()))
    assert len(rows) == count and rows[0].start == date(2026, 1, 1)
    assert str(count) in dialog.message.text()
