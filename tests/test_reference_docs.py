"""docs/templates.md and docs/plantillas.md are what the templates say: a lawyer who
reviews the app reads them, so a template changed without `make docs` fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from reunify.workflows import reference
from reunify.workflows import templates as tpl

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", sorted(reference.PAGES))
def test_reference_page_is_current(language: str) -> None:
    page = ROOT / reference.PAGES[language]
    assert page.is_file(), f"run `make docs` to write {page.name}"
    assert page.read_text(encoding="utf-8") == reference.render(language), (
        f"{page.name} is stale: run `make docs`"
    )


def test_every_template_every_rule_and_basis_is_on_the_page() -> None:
    text = reference.render("en")
    for template in tpl.shipped().values():
        assert f"## {template.title.get('en')}" in text
        for step in template.steps:
            if step.due is not None and step.due.basis:
                assert step.due.basis in text, (template.id, step.key)
