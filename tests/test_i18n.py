"""Catalogs are complete and consistent; formatting follows the locale; a new language
is just a new .po file."""

from __future__ import annotations

import ast
import ctypes
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from reunify import i18n
from reunify.errors import WrongPassphrase

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reunify"
PLACEHOLDER = re.compile(r"\{(\w*)\}")
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}


def _catalog(lang: str) -> Catalog:
    with (ROOT / "reunify" / "locales" / lang / "LC_MESSAGES" / "reunify.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _code_msgids() -> set[str]:
    """What Babel extracts, plus every literal in a translation call the AST can see.

    The AST also sees calls Babel cannot (e.g. inside f-strings), so a message that
    would silently stay English fails the test below.
    """
    found = set()
    keywords = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                args = node.args
                if node.func.id in ("_", "N_", "ngettext") and args:
                    first = args[0]
                elif node.func.id in ("pgettext", "NP_") and len(args) > 1:
                    first = args[1]
                else:
                    continue
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def test_catalog_is_up_to_date_with_the_code() -> None:
    catalog_ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalog("es") if m.id}
    missing = _code_msgids() - catalog_ids
    assert not missing, f"run `make i18n`: not in the catalog: {sorted(missing)[:5]}"


def test_every_message_has_a_spanish_translation() -> None:
    untranslated = [
        m.id
        for m in _catalog("es")
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in _catalog("es") if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_translations_keep_the_placeholders(lang: str) -> None:
    for m in _catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for s in strings:
            if s:
                assert set(PLACEHOLDER.findall(s)) == expected, (m.id, s)


def test_no_dynamic_strings_inside_translation_calls() -> None:
    """f-strings, concatenation or .format() inside _() are never extracted."""
    bad = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in KEYWORDS
            ):
                # _(self.message) or _(LABELS[x]) translate msgids marked with N_
                # elsewhere; what can never be extracted is text built at run time.
                for arg in node.args:
                    if isinstance(arg, ast.JoinedStr | ast.BinOp | ast.Call):
                        bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                    if node.func.id == "N_" and not isinstance(arg, ast.Constant):
                        bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == []


def test_spanish_at_runtime_and_mexican_formats() -> None:
    i18n.set_language("es")
    try:
        assert WrongPassphrase().user_message().startswith("La frase de acceso no es correcta")
        assert i18n.format_date(date(2026, 11, 22)) == "22 de noviembre de 2026"
        assert i18n.format_date(date(2026, 12, 10), "medium") == "10 dic 2026"
        assert i18n.format_currency(1500, "MXN") == "$1,500.00"
        assert i18n.format_list(["acta", "CURP", "pasaporte"]) == "acta, CURP y pasaporte"
    finally:
        i18n.set_language("en")
    assert i18n.format_date(date(2026, 11, 22)) == "November 22, 2026"
    assert i18n.format_currency(1500, "USD") == "$1,500.00"


@pytest.mark.parametrize(
    ("env", "expected"),
    [("es_MX.UTF-8", "es"), ("en_US.UTF-8", "en"), ("fr_FR.UTF-8", "es"), ("C", "es")],
)
def test_default_follows_the_system(
    env: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", env)
    monkeypatch.setattr(i18n._pylocale, "getlocale", lambda: (None, None))
    assert i18n.system_language() == expected


@pytest.mark.parametrize(
    ("posix", "ui", "windows", "python", "expected"),
    [
        # Windows, Python 3.11: getlocale() gives the English name of the language.
        ("", [], None, "Spanish_Mexico", "es"),
        ("", [], None, "English_United States", "en"),
        # Windows' display language wins over the regional format setting.
        ("", [], "en_US", "Spanish_Mexico", "en"),
        ("", [], "es_MX", "English_United States", "es"),
        # Linux and macOS: the POSIX variables, then Qt's list (BCP 47 tags).
        ("es_MX.UTF-8", [], None, None, "es"),
        # Python 3.11's getlocale() calls C.UTF-8 "en_US": never asked on Linux.
        ("C.UTF-8", [], None, None, "es"),
        ("C.UTF-8", ["en-US", "en"], None, None, "en"),
        ("", ["es-419", "es"], None, None, "es"),
        ("fr_FR.UTF-8", ["fr-FR"], None, None, "es"),
        ("", [], None, "Klingon_Qonos", "es"),
    ],
)
def test_language_from_each_platform(
    posix: str,
    ui: list[str],
    windows: str | None,
    python: str | None,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", posix)
    monkeypatch.setattr(i18n.sys, "platform", "win32" if windows or python else "linux")
    monkeypatch.setattr(i18n._pylocale, "getlocale", lambda: (python, "1252"))
    lcid = {"en_US": 0x0409, "es_MX": 0x080A}.get(windows or "", 0)
    kernel32 = type("K", (), {"GetUserDefaultUILanguage": staticmethod(lambda: lcid)})
    monkeypatch.setattr(ctypes, "windll", type("W", (), {"kernel32": kernel32}), raising=False)
    assert i18n.system_language(ui) == expected


def test_cli_speaks_spanish(tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "es_MX.UTF-8", "REUNIFY_PASSPHRASE": "x" * 10}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    done = subprocess.run(
        [sys.executable, "-m", "reunify", "check", "--vault", str(tmp_path / "no.reunify")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert "No hay una bóveda en" in done.stderr


def _pseudo(text: str) -> str:
    """Accent every letter outside {placeholders}, so untranslated text stands out."""
    table = str.maketrans("aeiouAEIOUnc", "àéîöûÀÉÎÖÛñç")
    parts = re.split(r"(\{\w*\})", text)
    return "⟦" + "".join(p if p.startswith("{") else p.translate(table) for p in parts) + "⟧"


def test_adding_a_language_is_adding_a_po_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "reunify" / "locales", locales)
    pseudo = Catalog(locale="zh", domain="reunify")
    for m in _catalog("es"):
        if m.id:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            string = tuple(_pseudo(i) for i in ids) if isinstance(m.id, tuple) else _pseudo(m.id)
            pseudo.add(m.id, string)
    target = locales / "zh" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "reunify.po").open("wb") as fh:
        write_po(fh, pseudo)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locales)
    try:
        assert "zh" in i18n.available_languages()
        assert i18n.set_language("zh") == "zh"
        assert i18n._("Unlock") == "⟦Ûñlöçk⟧"
        message = WrongPassphrase().user_message()
        assert message.startswith("⟦Thé pàssphràsé")
        assert i18n.format_date(date(2026, 11, 22))  # Babel knows the locale's formats
        assert i18n.language_name("zh") == "中文"
    finally:
        i18n.set_language("en")


def test_every_label_has_a_spanish_translation() -> None:
    from reunify.labels import _ENTRIES, label

    enums = {type(member) for member, _text in _ENTRIES}
    i18n.set_language("es")
    try:
        for enum in enums:
            for member in enum:
                text = label(member)
                assert text != member.value or text.isupper(), f"{enum.__name__}.{member.name}"
        from reunify.models import CaseStatus, SearchReportStatus

        # Same stored value, different enums: each keeps its own label.
        assert label(CaseStatus.ACTIVE) == "Activo"
        assert label(SearchReportStatus.ACTIVE) == "activo"
    finally:
        i18n.set_language("en")


def test_override_is_per_thread() -> None:
    """A bundle rendered in English on a worker thread leaves the Spanish screen alone."""
    import threading

    i18n.set_language("es")
    try:
        seen: list[str] = []
        started, release = threading.Event(), threading.Event()

        def worker() -> None:
            with i18n.override("en"):
                seen.append(i18n._("Unlock"))
                started.set()
                release.wait(5)

        thread = threading.Thread(target=worker)
        thread.start()
        started.wait(5)
        assert i18n._("Unlock") == "Desbloquear" and i18n.current_language() == "es"
        release.set()
        thread.join()
        assert seen == ["Unlock"]
    finally:
        i18n.set_language("en")
