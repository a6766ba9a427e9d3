"""Invented people, identifiers and files for the demo, the benchmarks and the tests.

Every name here is made up from common Mexican given names and surnames; no
person or case from any source. The demo vault, `bench/generate.py` and the tests
all draw from these pools, so there is one list to review and extend.
"""

from __future__ import annotations

import io
import random
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas
from stdnum.mx import curp as stdnum_curp

GIVEN_FEMALE = (
    "Araceli",
    "Begoña",
    "Brenda",
    "Brisa",
    "Camila",
    "Citlali",
    "Dolores",
    "Eréndira",
    "Esperanza",
    "Flor",
    "Fátima",
    "Gabriela",
    "Guadalupe",
    "Hortensia",
    "Inés",
    "Jazmín",
    "Jimena",
    "Lucero",
    "Lucía",
    "María José",
    "Mónica",
    "Naomi",
    "Nayeli",
    "Noemí",
    "Odalys",
    "Ofelia",
    "Paloma",
    "Regina",
    "Reyna",
    "Rocío",
    "Sofía",
    "Soledad",
    "Valentina",
    "Xóchitl",
    "Yadira",
    "Yolanda",
    "Zulema",
    "Ángela",
)
GIVEN_MALE = (
    "Andrés",
    "Benjamín",
    "César",
    "Damián",
    "Efraín",
    "Emilio",
    "Fermín",
    "Germán",
    "Héctor",
    "Iker",
    "Iñaki",
    "Joaquín",
    "Leonel",
    "Martín",
    "Mateo",
    "Nicolás",
    "Ramón",
    "Sebastián",
    "Tomás",
    "Valentín",
    "Ángel",
    "Óscar",
)
SURNAMES = (
    "Acevedo",
    "Acuña",
    "Barrientos",
    "Baños",
    "Camacho",
    "Cañedo",
    "Cázares",
    "Dávila",
    "Díaz",
    "Espinoza",
    "Espíndola",
    "Fariña",
    "Fuentes",
    "Galván",
    "Gómez",
    "Hernández",
    "Hidalgo",
    "Ibarra",
    "Ibáñez",
    "Jiménez",
    "Juárez",
    "Lozano",
    "López",
    "Maldonado",
    "Martínez",
    "Muñoz",
    "Núñez",
    "Ocampo",
    "Ordóñez",
    "Orozco",
    "Peña",
    "Pérez",
    "Quintero",
    "Quiñones",
    "Ramírez",
    "Rangel",
    "Salazar",
    "Solís",
    "Sánchez",
    "Trejo",
    "Téllez",
    "Urías",
    "Valdés",
    "Vázquez",
    "Xicoténcatl",
    "Yáñez",
    "Zúñiga",
    "Ávila",
)
# (ISO 3166-2 suffix, CURP state code)
STATES = (
    ("PUE", "PL"),
    ("VER", "VZ"),
    ("GRO", "GR"),
    ("OAX", "OC"),
    ("MIC", "MN"),
    ("CHP", "CS"),
    ("TLA", "TL"),
    ("MEX", "MC"),
    ("JAL", "JC"),
    ("GUA", "GT"),
)
NOTES = (
    "Llamada con la clienta; confirmó la dirección del albergue en Querétaro.",
    "El DIF programó la visita de trabajo social para la próxima semana.",
    "Se solicitó copia certificada del acta al Registro Civil de Tlaxcala.",
    "La abogada en EE. UU. pidió la traducción certificada de la sentencia.",
    "Audiencia diferida; el juzgado notificará nueva fecha por lista.",
    "La niña está en la escuela primaria «Benito Juárez»; pedir constancia.",
    "Riesgo alto: el familiar del tratante cambió de domicilio.",
    "Se envió el poder notarial al consulado de Nueva York para su firma.",
)


def plain_letters(text: str) -> str:
    """Upper case without accents, Ñ as X (CURP letters, safe file names)."""
    return "".join(
        c for c in unicodedata.normalize("NFD", text.upper()) if unicodedata.category(c) != "Mn"
    ).replace("Ñ", "X")


def make_curp(given: str, paternal: str, maternal: str, born: date, sex: str, state: str) -> str:
    """A structurally valid CURP for an invented person (check digit by python-stdnum)."""
    p, m, g = (
        plain_letters(paternal),
        plain_letters(maternal or "X"),
        plain_letters(given.split()[0]),
    )
    vowel = next((c for c in p[1:] if c in "AEIOU"), "X")

    def consonant(word: str) -> str:
        return next((c for c in word[1:] if c.isalpha() and c not in "AEIOU"), "X")

    homoclave = "0" if born.year < 2000 else "A"
    initials = f"{p[0]}{vowel}{m[0]}{g[0]}"
    if initials in stdnum_curp._name_blacklist:  # RENAPO replaces the vowel of rude words
        initials = initials[0] + "X" + initials[2:]
    base = (
        f"{initials}{born:%y%m%d}{sex}{state}{consonant(p)}{consonant(m)}{consonant(g)}{homoclave}"
    )
    return base + stdnum_curp.calc_check_digit(base)


def fake_scan_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF standing in for a scanned certified copy."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=LETTER, invariant=True)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 720, title)
    pdf.setFont("Helvetica", 11)
    for i, line in enumerate(["DOCUMENTO DE DEMOSTRACIÓN — DATOS FICTICIOS", *lines]):
        pdf.drawString(72, 690 - 18 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def fake_photo_png(seed: int, width: int = 96, height: int = 120) -> bytes:
    """A small solid-colour PNG standing in for a dated photo."""
    rng = random.Random(seed)
    colour = bytes(rng.randrange(60, 200) for _ in range(3))
    raw = b"".join(b"\x00" + colour * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class InventedName:
    given: str
    paternal: str
    maternal: str
    sex: str  # "F" | "M"

    def curp(self, born: date, state: str) -> str:
        return make_curp(self.given, self.paternal, self.maternal, born,
                         "M" if self.sex == "F" else "H", state)  # fmt: skip


def invented_name(rng: random.Random, *, female: bool, surnames: tuple[str, str] | None = None
                  ) -> InventedName:  # fmt: skip
    """A fictional person's name; pass `surnames` to make a relative."""
    paternal, maternal = surnames or tuple(rng.sample(SURNAMES, 2))
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return InventedName(given, paternal, maternal, "F" if female else "M")
