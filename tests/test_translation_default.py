"""A translation's direction follows the original's language (an English original was
paired as español → inglés by default)."""

from __future__ import annotations

from reunify.models.enums import TranslationDirection
from reunify.ui.workspace.documents import translation_direction


def test_direction_follows_the_originals_language() -> None:
    assert translation_direction("eng") == TranslationDirection.EN_ES
    assert translation_direction("spa") == TranslationDirection.ES_EN
    assert translation_direction("nah") == TranslationDirection.OTHER
