"""A third language is data: a catalog and a template translation file, no Python change.

French stands in for any language that is neither Spanish nor English: its
catalog is a pseudo-translation of every message ("⟦Ûñlöçk⟧") and its template
file translates one template. DejaVu, which the bundle embeds, has these
letters; a CJK language (Mandarin is a known need) would also need the CJK
fallback font to cover the bundle's text, which this test does not check.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from PySide6.QtWidgets import QMenu

from reunify import i18n
from reunify import operations as ops
from reunify.bundle.export import export_bundle
from reunify.models import ConsentScope, Deadline, DocumentKind, IssuerLevel
from reunify.operations import checklists
from reunify.ui.app import MainWindow, UnlockDialog
from reunify.ui.language import switcher
from reunify.vault import Vault
from reunify.workflows import templates as tpl
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
LANG = "fr"

OVERLAY = """\
[us_dependency]
title = "Dossier de dépendance aux États-Unis"
trigger = "Date du retrait de l'enfant du foyer"

[us_dependency.steps.contact_agency]
title = "Contacter l'agence et l'avocate de la mère"

[us_dependency.steps.reunification]
due_title = "Horloge ASFA : 15 des 22 derniers mois en famille d'accueil"
"""
CHECKLIST_FR = "Dossier de dépendance aux États-Unis"
TRIGGER_FR = "Date du retrait de l'enfant du foyer"
STEP_FR = "Contacter l'agence et l'avocate de la mère"
DEADLINE_FR = "Horloge ASFA : 15 des 22 derniers mois en famille d'accueil"
DEADLINE_ES = "Reloj ASFA: 15 de los últimos 22 meses en cuidado temporal"
CONSULATE_EN = "Notify the Mexican consulate (protection)"  # not in the overlay


def pseudo(text: str) -> str:
    """Accented letters between ⟦ ⟧, placeholders kept: visibly not English or Spanish."""
    table = str.maketrans("aeiouAEIOUnc", "àéîöûÀÉÎÖÛñç")
    parts = re.split(r"(\{\w*\}|<[^>]*>)", text)
    return "⟦" + "".join(p if p[:1] in "{<" else p.translate(table) for p in parts) + "⟧"


def add_language(locales: Path) -> None:
    """What a translator delivers: a catalog (compiled as `make` does) and a template file."""
    with (locales / "es" / "LC_MESSAGES" / "reunify.po").open("rb") as fh:
        spanish = read_po(fh, locale="es")
    catalog = Catalog(locale=LANG, domain="reunify")
    for m in spanish:
        if m.id:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            string = tuple(pseudo(i) for i in ids) if isinstance(m.id, tuple) else pseudo(m.id)
            catalog.add(m.id, string, context=m.context, flags=m.flags)
    folder = locales / LANG / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "reunify.po").open("wb") as fh:
        write_po(fh, catalog)
    with (folder / "reunify.mo").open("wb") as fh:
        write_mo(fh, catalog)
    (locales / LANG / tpl.TRANSLATION_FILE).write_text(OVERLAY, encoding="utf-8")


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped catalogs that the app reads instead of its own."""
    folder = tmp_path / "locales"
    shutil.copytree(ROOT / "reunify" / "locales", folder)
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    yield folder
    i18n.set_language("en")


@pytest.fixture
def french(locales: Path) -> Path:
    add_language(locales)
    return locales


def _text(path: Path, password: str) -> str:
    reader = pypdf.PdfReader(str(path))
    if reader.is_encrypted:
        assert reader.decrypt(password)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.ui
def test_gui_offers_the_language_and_switches_to_it(  # type: ignore[no-untyped-def]
    qtbot, demo_path: Path, french: Path
) -> None:
    assert LANG in i18n.available_languages()
    switcher.apply("es")
    try:
        dialog = UnlockDialog(demo_path)
        qtbot.addWidget(dialog)
        assert dialog.language.findData(LANG) >= 0
        assert dialog.language.itemText(dialog.language.findData(LANG)) == "Français"
        window = MainWindow(Vault.open(demo_path, PASSPHRASE))
        qtbot.addWidget(window)
        window.show()
        french_action = next(a for a in window.language_actions.actions() if a.data() == LANG)
        assert french_action.text() == "Français"
        french_action.trigger()
        assert i18n.current_language() == LANG
        assert window.windowTitle() == pseudo("Cases")
        assert window.language_menu.title() == pseudo("&Language")
        menus = [
            a.menu().title() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)
        ]
        assert all(t.startswith("⟦") for t in menus), menus
        window.filter.setText("RU-2026-0001")
        window.table.selectRow(0)
        tabs = [window.workspace.tabText(i) for i in range(window.workspace.count())]
        assert tabs and all(t.startswith("⟦") for t in tabs), tabs
        window.actions_["export"].trigger()
        bundle_language = window.export_dialog.language
        assert bundle_language.itemData(0) == "en"  # US counsel's language stays first
        assert bundle_language.findData(LANG) >= 0
        window.export_dialog.reject()
        window.lock()
    finally:
        switcher.apply("en")


@pytest.mark.vault
def test_templates_and_deadlines_show_in_the_language(vault: Vault, locales: Path) -> None:
    i18n.set_language("es")  # the attorney's screen when she starts the checklists
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Tercera", opened_on=date(2026, 3, 2))
        before = checklists.start_checklist(s, case, "us_dependency", trigger_on=date(2026, 1, 5))
        before_id, reference = before.id, case.reference
    add_language(locales)  # the language arrives: no Python change, no migration
    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        cl = checklists.start_checklist(s, case, "us_dependency", trigger_on=date(2026, 1, 5))
        acta = ops.add_document(
            s,
            case,
            kind=DocumentKind.BIRTH_RECORD,
            title="Acta",
            issuer_level=IssuerLevel.MX_FEDERAL,
        )
        apostille = checklists.start_checklist(s, case, "apostille", document=acta)
        s.flush()
        # (b) the template's steps in the new language, the rest falling back to English
        assert cl.title(LANG) == CHECKLIST_FR
        assert cl.steps[0].title(LANG) == STEP_FR
        assert cl.steps[1].title(LANG) == CONSULATE_EN
        assert cl.steps[0].title("es").startswith("Contactar a la agencia")
        # the {office} context comes from the catalog, in every language there is one for
        assert apostille.context["office"][LANG] == pseudo("SEGOB (Ministry of the Interior)")
        # (c) a deadline created while the screen was Spanish shows in the language shown
        deadline = s.get(Deadline, cl.steps[-4].deadline_id)  # regain custody: ASFA
        assert deadline is not None
        assert deadline.title == DEADLINE_ES  # as first shown
        assert deadline.title_in(LANG) == DEADLINE_FR
        assert deadline.trigger_event_in(LANG) == TRIGGER_FR
        assert deadline.title_in("en").startswith("ASFA clock")
        # a checklist started before the language was added falls back to English
        old = next(c for c in case_checklists(s, case.id) if c.id == before_id)
        assert old.steps[0].title(LANG).startswith("Contact the agency")
        old_deadline = s.get(Deadline, old.steps[-4].deadline_id)
        assert old_deadline is not None and old_deadline.title_in(LANG).startswith("ASFA clock")


def case_checklists(s, case_id: str) -> list:  # type: ignore[no-untyped-def]
    from reunify.queries import load_case_view

    return load_case_view(s, case_id).checklists


@pytest.mark.vault
def test_bundle_in_the_language(demo_vault: Vault, french: Path, tmp_path: Path) -> None:
    i18n.set_language("es")
    share = "partager avec l'avocate 2026"
    with demo_vault.session() as s:
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None
        checklists.start_checklist(s, case, "us_dependency", trigger_on=date(2026, 1, 5))
        consent = ops.record_consent(
            s,
            case,
            recipient="Avocate à Montréal",
            purpose="T-3",
            scope=[
                ConsentScope.IDENTITY,
                ConsentScope.DOCUMENTS,
                ConsentScope.CASE_FACTS,
                ConsentScope.IMMIGRATION,
            ],
            given_on=date(2026, 11, 1),
            expires_on=date(2027, 11, 1),
        )
        result = export_bundle(
            s,
            case,
            tmp_path / "bundle.pdf",
            consent=consent,
            language=LANG,
            share_passphrase=share,
            today=date(2026, 11, 22),
        )
    assert i18n.current_language() == "es"  # the screen kept its language
    text = _text(result.path, share)
    for expected in (pseudo("Deadlines"), "Français", CHECKLIST_FR, STEP_FR, DEADLINE_FR):
        assert expected in text, expected
    assert DEADLINE_ES not in text
