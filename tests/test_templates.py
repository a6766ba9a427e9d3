"""Every shipped template loads and validates; malformed templates are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reunify.workflows import templates as tpl

EXPECTED = {
    "locate_child",
    "custody_cnpcyf",
    "custody_former_code",
    "domestic_return",
    "international_return",
    "apostille",
    "translation_to_spanish",
    "translation_to_english",
    "nationality_consular",
    "nationality_insercion",
    "nationality_soy_mexico",
    "mx_passport_minor",
    "exit_permit_minor",
    "us_passport_minor",
    "t3_derivative",
    "u3_derivative",
    "us_dependency",
    "vawa_self_petition",
    "immigrant_visa_nvc",
    "us_asylum",
    "us_custody",
    "mx_humanitarian_visitor",
    "comar_refugee",
    "criminal_complaint",
    "administrative_protection",
    "mx_birth_registration",
    "travel_reunion",
    "safety_plan",
}


def test_all_expected_templates_ship() -> None:
    assert set(tpl.shipped()) == EXPECTED


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
def test_template_is_well_formed(template_id: str) -> None:
    t = tpl.get(template_id)
    keys = [s.key for s in t.steps]
    assert len(keys) == len(set(keys))
    for i, step in enumerate(t.steps):
        assert set(step.after) <= set(keys[:i]), "dependencies must be earlier steps (no cycles)"
        for text in (step.title, step.description):
            assert text["es"] and text["en"] and text["es"] != text["en"]
        assert step.actor in tpl.ACTORS
    assert t.title["es"] and t.title["en"]


def test_safety_plan_guards_steps_that_reveal_location() -> None:
    guarded = {(t.id, s.key) for t in tpl.shipped().values() for s in t.steps if s.safety_plan}
    for must in [
        ("custody_cnpcyf", "service"),
        ("custody_cnpcyf", "handover"),
        ("domestic_return", "handover"),
        ("travel_reunion", "travel"),
        ("locate_child", "verify_location"),
    ]:
        assert must in guarded


def _minimal(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "x",
        "version": 1,
        "scope": "case",
        "title": {"es": "Uno", "en": "One"},
        "description": {"es": "Desc", "en": "Desc en"},
        "steps": [
            {"key": "a", "title": {"es": "A", "en": "A en"}, "description": {"es": "d", "en": "d"}},
        ],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"id": ""}, "no id"),
        ({"version": 0}, "version"),
        ({"scope": "planet"}, "scope"),
        ({"title": {"es": "Uno"}}, "missing text in en"),
        ({"steps": []}, "at least one step"),
        (
            {
                "steps": [
                    {
                        "key": "a",
                        "after": ["b"],
                        "title": {"es": "A", "en": "A"},
                        "description": {"es": "d", "en": "d"},
                    }
                ]
            },
            "not an earlier step",
        ),
        (
            {
                "steps": [
                    {
                        "key": "a",
                        "title": {"es": "A", "en": "A"},
                        "description": {"es": "d", "en": "d"},
                    },
                    {
                        "key": "a",
                        "title": {"es": "A", "en": "A"},
                        "description": {"es": "d", "en": "d"},
                    },
                ]
            },
            "unique",
        ),
        (
            {
                "steps": [
                    {
                        "key": "a",
                        "needs": ["unicorn"],
                        "title": {"es": "A", "en": "A"},
                        "description": {"es": "d", "en": "d"},
                    }
                ]
            },
            "unknown document kind",
        ),
        (
            {
                "steps": [
                    {
                        "key": "a",
                        "due": {"amount": 3, "unit": "weeks"},
                        "title": {"es": "A", "en": "A"},
                        "description": {"es": "d", "en": "d"},
                    }
                ]
            },
            "valid unit",
        ),
    ],
)
def test_malformed_templates_are_refused(changes: dict[str, object], fragment: str) -> None:
    with pytest.raises(tpl.TemplateError, match=fragment):
        tpl.parse(_minimal(**changes), "test.toml")


def test_minimal_template_parses() -> None:
    assert tpl.parse(_minimal(), "test.toml").steps[0].key == "a"


# -- texts in several languages ---------------------------------------------------------


def test_text_falls_back_requested_english_spanish_any() -> None:
    both = tpl.Text(es="Uno", en="One")
    assert (both.get("es"), both.get("en"), both.get("fr")) == ("Uno", "One", "One")
    assert tpl.Text(es="Uno").get("fr") == "Uno"
    assert tpl.Text(de="Eins").get("fr") == "Eins"
    assert tpl.Text().get("es") == ""
    assert dict(both.merged({"fr": "Un"})) == {"es": "Uno", "en": "One", "fr": "Un"}
    assert dict(both) == {"es": "Uno", "en": "One"}  # merged made a new text


def test_a_template_file_may_carry_further_languages() -> None:
    t = tpl.parse(_minimal(title={"es": "Uno", "en": "One", "fr": "Un"}), "test.toml")
    assert t.title.get("fr") == "Un" and t.steps[0].title.get("fr") == "A en"


def _translations(folder: Path, text: str) -> dict[str, tpl.Template]:
    templates = {"x": tpl.parse(_minimal(), "x.toml")}
    path = folder / "fr" / tpl.TRANSLATION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    tpl.apply_translations(templates, path, "fr")
    return templates


def test_translation_file_adds_a_language(tmp_path: Path) -> None:
    t = _translations(
        tmp_path, '[x]\ntitle = "Un"\n[x.steps.a]\ntitle = "A fr"\ndescription = "d fr"\n'
    )["x"]
    assert t.title.get("fr") == "Un" and t.title.get("es") == "Uno"
    assert (t.steps[0].title.get("fr"), t.steps[0].description.get("fr")) == ("A fr", "d fr")
    assert t.description.get("fr") == "Desc en"  # not translated: English


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[y]\ntitle = "?"\n', "unknown entry \\['y'\\]"),
        ('[x.steps.b]\ntitle = "?"\n', "unknown entry \\['b'\\]"),
        ('[x]\nsubtitle = "?"\n', "unknown entry \\['subtitle'\\]"),
        ('[x.steps.a]\ntitle = ""\n', "non-empty string"),
        ('[x.steps.a]\ndue_title = "?"\n', "no title"),
        ("[x\n", "fr/templates.toml"),
    ],
)
def test_translation_file_mistakes_are_named(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(tpl.TemplateError, match=fragment):
        _translations(tmp_path, text)


def test_shipped_templates_read_translation_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reunify import i18n

    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert tpl.get("us_dependency").title.get("fr").startswith("US dependency")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / tpl.TRANSLATION_FILE).write_text(
        '[us_dependency.steps.reunification]\ndue_title = "Horloge ASFA"\n', encoding="utf-8"
    )
    due = next(s for s in tpl.get("us_dependency").steps if s.key == "reunification").due
    assert due is not None and due.title is not None and due.title.get("fr") == "Horloge ASFA"
    assert due.as_dict()["title"]["fr"] == "Horloge ASFA"  # what a checklist stores
