"""Write reunify/calendars/*.toml: the court calendars shipped with the app.

The TOML files are what the app reads and what a reviewing lawyer checks; this
script is how they were made. Holidays the `holidays` package knows (US federal,
California, New York, Mexico's LFT) come from it; the rest is typed here with its
source. Anything not confirmed against the year's published circular carries "(?)"
in its label, and the calendar's notes say so.

Usage: python tools/make_calendars.py   (then review `git diff reunify/calendars`)
Changing a calendar's data: bump its VERSION below (vaults record what they got).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import holidays

OUT = Path(__file__).resolve().parents[1] / "reunify" / "calendars"
YEARS = (2026, 2027)
EASTER = {2026: date(2026, 4, 5), 2027: date(2027, 3, 28)}


@dataclass
class Cal:
    key: str
    name: str
    base: str
    jurisdiction: str
    source: str
    notes: str
    version: int = 1
    entries: list[tuple[str, date, date, str]] = field(default_factory=list)

    def day(self, day: date, label: str) -> None:
        self.entries.append(("holiday", day, day, label))

    def vacation(self, start: date, end: date, label: str) -> None:
        self.entries.append(("vacation", start, end, label))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th weekday (0 = Monday) of a month; n = -1 for the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(year + month // 12, month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write(cal: Cal) -> None:
    lines = [
        f"# {cal.name}: written by tools/make_calendars.py; review here, change it there.",
        f"key = {q(cal.key)}",
        f"version = {cal.version}",
        f"name = {q(cal.name)}",
        f"base = {q(cal.base)}",
        f"jurisdiction = {q(cal.jurisdiction)}",
        f"source = {q(cal.source)}",
        f"notes = {q(cal.notes)}",
        f"years = [{', '.join(str(y) for y in YEARS)}]",
    ]
    for kind, start, end, label in sorted(cal.entries, key=lambda e: (e[1], e[2])):
        lines += ["", "[[entries]]", f"kind = {q(kind)}", f"start = {start.isoformat()}"]
        if end != start:
            lines.append(f"end = {end.isoformat()}")
        lines.append(f"label = {q(label)}")
    (OUT / f"{cal.key}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- Ley de Amparo ------------------------------------------------------------------


def amparo() -> Cal:
    cal = Cal(
        "amparo",
        "Ley de Amparo (art. 19)",
        "none",
        "MX",
        "Ley de Amparo, art. 19 (texto vigente, reforma que movió los días a lunes (?)); "
        "vacaciones del Poder Judicial de la Federación según el acuerdo general del "
        "Consejo de la Judicatura Federal / Órgano de Administración Judicial (?). "
        "https://www.diputados.gob.mx/LeyesBiblio/pdf/LAmp.pdf",
        "Días inhábiles para plazos de amparo (art. 19): sábados, domingos, 1 de enero, "
        "primer lunes de febrero, tercer lunes de marzo, 1 y 5 de mayo, 14 y 16 de "
        "septiembre, 12 de octubre, tercer lunes de noviembre y 25 de diciembre, más los días "
        "en que el órgano que tramita el amparo suspende labores. No es el calendario de la "
        "LFT (art. 74): incluye 5 de mayo, 14 de septiembre y 12 de octubre. Los periodos "
        "vacacionales (segunda quincena de julio y de diciembre) se marcan (?): confirme con "
        "el acuerdo del año. En amparo directo, la demanda se presenta ante la autoridad "
        "responsable: sus días inhábiles también pueden contar (jurisprudencia 2018613 (?)). "
        "Solo 2026 y 2027: agregue los años siguientes.",
    )
    for y in YEARS:
        cal.day(date(y, 1, 1), "Año Nuevo")
        cal.day(nth_weekday(y, 2, 0, 1), "Día de la Constitución (primer lunes de febrero)")
        cal.day(nth_weekday(y, 3, 0, 3), "Natalicio de Benito Juárez (tercer lunes de marzo)")
        cal.day(date(y, 5, 1), "Día del Trabajo")
        cal.day(date(y, 5, 5), "Batalla de Puebla")
        cal.day(date(y, 9, 14), "14 de septiembre (art. 19)")
        cal.day(date(y, 9, 16), "Día de la Independencia")
        cal.day(date(y, 10, 12), "12 de octubre (art. 19)")
        cal.day(nth_weekday(y, 11, 0, 3), "Revolución Mexicana (tercer lunes de noviembre)")
        cal.day(date(y, 12, 25), "Navidad")
        cal.vacation(date(y, 7, 16), date(y, 7, 31), "Primer periodo vacacional del PJF (?)")
        cal.vacation(date(y, 12, 16), date(y, 12, 31), "Segundo periodo vacacional del PJF (?)")
    return cal


# -- Mexican consulates in the US -----------------------------------------------------


def consulate() -> Cal:
    cal = Cal(
        "consulate",
        "Consulados de México en Estados Unidos",
        "mx_federal",
        "US",
        "Ley Federal del Trabajo art. 74 (base del calendario); días feriados federales de "
        "EUA (5 U.S.C. 6103); días inhábiles de la SRE publicados cada año en el DOF (?); "
        "avisos de cada consulado.",
        "Los consulados de México en EUA cierran en los días de descanso obligatorio de "
        "México (LFT art. 74, base del calendario) y en los feriados federales de EUA (?). "
        "Jueves y Viernes Santo y el 2 de noviembre, según el acuerdo anual de días "
        "inhábiles de la SRE (?). Confirme con el consulado que atiende el caso. Solo 2026 y "
        "2027 para los feriados de EUA.",
    )
    us_names = {
        "New Year's Day": "Año Nuevo (EUA)",
        "Martin Luther King Jr. Day": "Martin Luther King Jr. Day (EUA)",
        "Washington's Birthday": "Presidents' Day (EUA)",
        "Memorial Day": "Memorial Day (EUA)",
        "Juneteenth National Independence Day": "Juneteenth (EUA)",
        "Independence Day": "Día de la Independencia de EUA",
        "Labor Day": "Labor Day (EUA)",
        "Columbus Day": "Columbus Day (EUA)",
        "Veterans Day": "Veterans Day (EUA)",
        "Thanksgiving Day": "Thanksgiving, Día de Acción de Gracias (EUA)",
        "Christmas Day": "Navidad (EUA)",
    }
    for y in YEARS:
        for day, name in sorted(holidays.country_holidays("US", years=y).items()):
            observed = name.endswith(" (observed)")
            label = us_names[name.removesuffix(" (observed)")]
            cal.day(day, label + (", día observado" if observed else ""))
        easter = EASTER[y]
        cal.day(easter - timedelta(days=3), "Jueves Santo (SRE) (?)")
        cal.day(easter - timedelta(days=2), "Viernes Santo (SRE) (?)")
        cal.day(date(y, 11, 2), "Día de Muertos (SRE) (?)")
    return cal


# -- US state courts -------------------------------------------------------------------

US_STATE_LABELS = {
    "New Year's Day": "New Year's Day (Año Nuevo)",
    "Martin Luther King Jr. Day": "Martin Luther King Jr. Day",
    "Lincoln's Birthday": "Lincoln's Birthday",
    "Presidents' Day": "Presidents' Day",
    "Washington's Birthday": "Washington's Birthday (Presidents' Day)",
    "Cesar Chavez Day": "César Chávez Day",
    "Memorial Day": "Memorial Day",
    "Juneteenth National Independence Day": "Juneteenth",
    "Independence Day": "Independence Day (4 de julio)",
    "Labor Day": "Labor Day",
    "Columbus Day": "Columbus Day",
    "Election Day": "Election Day",
    "Veterans Day": "Veterans Day",
    "Thanksgiving Day": "Thanksgiving (Acción de Gracias)",
    "Day After Thanksgiving": "Day after Thanksgiving",
    "Christmas Day": "Christmas Day (Navidad)",
    "Diwali": "Diwali",
}


def us_state(cal: Cal, subdiv: str, skip: set[str], unsure: set[str]) -> Cal:
    for y in YEARS:
        for day, names in sorted(holidays.country_holidays("US", subdiv=subdiv, years=y).items()):
            for name in names.split("; "):
                base = name.removesuffix(" (observed)")
                if base in skip:
                    continue
                label = US_STATE_LABELS[base]
                if base != name:
                    label += ", observed (?)"
                elif base in unsure:
                    label += " (?)"
                cal.day(day, label)
                break
    return cal


def california() -> Cal:
    cal = Cal(
        "us_ca_courts",
        "California Superior Courts",
        "none",
        "US-CA",
        "California Code of Civil Procedure §135 (judicial holidays: every holiday of "
        "Government Code §6700, incl. César Chávez Day, plus the day after Thanksgiving); "
        "Government Code §6700; calendario de cada Superior Court.",
        "Días feriados judiciales de California (CCP §135, Gov. Code §6700), generados con el "
        "paquete holidays (US-CA) y revisados: Lincoln's Birthday (12 de febrero) y Native "
        "American Day (cuarto viernes de septiembre) agregados (?); Columbus Day no aparece "
        "(las cortes abren (?)); Susan B. Anthony Day se omite (conmemoración, no cierre). "
        "Juneteenth y Diwali según el paquete (?). Confirme con la Superior Court del "
        "condado. Solo 2026 y 2027.",
    )
    us_state(
        cal,
        "CA",
        skip={"Susan B. Anthony Day"},
        unsure={"Juneteenth National Independence Day", "Diwali"},
    )
    for y in YEARS:
        cal.day(date(y, 2, 12), "Lincoln's Birthday (?)")
        cal.day(nth_weekday(y, 9, 4, 4), "Native American Day (?)")
    return cal


def new_york() -> Cal:
    cal = Cal(
        "us_ny_courts",
        "New York State Unified Court System",
        "none",
        "US-NY",
        "New York General Construction Law §24 (public holidays, incl. Lincoln's Birthday "
        "and Election Day); Judiciary Law; calendario anual del Unified Court System (?).",
        "Días feriados de las cortes del estado de Nueva York (General Construction Law §24), "
        "generados con el paquete holidays (US-NY): incluye Lincoln's Birthday, Columbus Day "
        "y Election Day (?). Susan B. Anthony Day se omite. Confirme con el calendario anual "
        "del Unified Court System. Solo 2026 y 2027.",
    )
    return us_state(cal, "NY", skip={"Susan B. Anthony Day"}, unsure={"Election Day"})


# -- Mexican state courts ------------------------------------------------------------

STATE_SOURCE = (
    "Ley Federal del Trabajo art. 74 (base del calendario); Ley Orgánica del Poder Judicial "
    "del Estado y la circular o acuerdo anual de días inhábiles y periodos vacacionales del "
    "{court} (?). {url}"
)
STATE_NOTES = (
    "Base: días de descanso obligatorio de la LFT (art. 74). No se conoce la circular de "
    "2026 ni la de 2027 del {court}: los días y periodos de abajo siguen el calendario "
    "usual de los tribunales del estado y llevan (?); confírmelos con la circular del año "
    "y corrija este calendario (Configuración → Calendarios). Solo 2026 y 2027."
)


def state_court(
    key: str,
    court: str,
    jurisdiction: str,
    url: str,
    days: list[tuple[int, int, str]],
    *,
    summer: tuple[tuple[int, int], tuple[int, int]] = ((7, 16), (7, 31)),
    winter_start: tuple[int, int] = (12, 16),
    winter_end: tuple[int, int] = (12, 31),
) -> Cal:
    cal = Cal(
        key,
        court,
        "mx_federal",
        jurisdiction,
        STATE_SOURCE.format(court=court, url=url).strip(),
        STATE_NOTES.format(court=court),
    )
    for y in YEARS:
        easter = EASTER[y]
        cal.day(easter - timedelta(days=3), "Jueves Santo (?)")
        cal.day(easter - timedelta(days=2), "Viernes Santo (?)")
        for month, day, label in days:
            cal.day(date(y, month, day), f"{label} (?)")
        (sm, sd), (em, ed) = summer
        cal.vacation(date(y, sm, sd), date(y, em, ed), "Primer periodo vacacional (?)")
        end_year = y + 1 if winter_end[0] < winter_start[0] else y
        cal.vacation(
            date(y, *winter_start),
            date(end_year, *winter_end),
            "Segundo periodo vacacional (?)",
        )
    return cal


MUERTOS = (11, 2, "Día de Muertos")
GUADALUPE = (12, 12, "Día de la Virgen de Guadalupe")


def state_courts() -> list[Cal]:
    return [
        state_court(
            "mx_pue_tsj",
            "Tribunal Superior de Justicia de Puebla",
            "MX-PUE",
            "https://www.pjpuebla.gob.mx/",
            [(5, 5, "Batalla de Puebla"), MUERTOS],
        ),
        state_court(
            "mx_cmx_tsj",
            "Tribunal Superior de Justicia de la Ciudad de México",
            "MX-CMX",
            "https://www.poderjudicialcdmx.gob.mx/",
            [MUERTOS],
        ),
        state_court(
            "mx_chp_tsj",
            "Tribunal Superior de Justicia de Chiapas",
            "MX-CHP",
            "https://www.poderjudicialchiapas.gob.mx/",
            [(9, 14, "Aniversario de la Federación de Chiapas a México"), MUERTOS, GUADALUPE],
        ),
        state_court(
            "mx_oax_tsj",
            "Tribunal Superior de Justicia de Oaxaca",
            "MX-OAX",
            "https://www.tsjoaxaca.gob.mx/",
            [MUERTOS, GUADALUPE],
        ),
        state_court(
            "mx_gro_tsj",
            "Tribunal Superior de Justicia de Guerrero",
            "MX-GRO",
            "https://www.tsj-guerrero.gob.mx/",
            [(10, 27, "Aniversario de la erección del Estado de Guerrero"), MUERTOS],
        ),
        state_court(
            "mx_mic_stj",
            "Supremo Tribunal de Justicia de Michoacán",
            "MX-MIC",
            "https://www.poderjudicialmichoacan.gob.mx/",
            [(9, 30, "Natalicio de José María Morelos"), MUERTOS],
        ),
        state_court(
            "mx_mex_tsj",
            "Tribunal Superior de Justicia del Estado de México",
            "MX-MEX",
            "https://www.pjedomex.gob.mx/",
            [(3, 2, "Aniversario de la erección del Estado de México"), MUERTOS, GUADALUPE],
        ),
        state_court(
            "mx_jal_stj",
            "Supremo Tribunal de Justicia de Jalisco",
            "MX-JAL",
            "https://www.stjjalisco.gob.mx/",
            [MUERTOS, GUADALUPE],
        ),
        state_court(
            "mx_tla_tsj",
            "Tribunal Superior de Justicia de Tlaxcala",
            "MX-TLA",
            "https://www.tsjtlaxcala.gob.mx/",
            [(5, 5, "Batalla de Puebla"), MUERTOS, GUADALUPE],
            summer=((7, 20), (7, 31)),
            winter_start=(12, 17),
            winter_end=(1, 6),
        ),
        state_court(
            "mx_ver_tsj",
            "Tribunal Superior de Justicia de Veracruz",
            "MX-VER",
            "https://www.pjeveracruz.gob.mx/",
            [
                (5, 10, "Día de las Madres"),
                (10, 12, "Día de la Raza"),
                (11, 1, "Todos los Santos"),
                MUERTOS,
            ],
        ),
    ]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for cal in [amparo(), consulate(), california(), new_york(), *state_courts()]:
        write(cal)
        print(f"{cal.key}: {len(cal.entries)} entries")


if __name__ == "__main__":
    main()
