"""Every shipped template loads and validates; malformed templates are refused clearly."""

from __future__ import annotations

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
