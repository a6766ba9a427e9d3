"""One rule for a new vault passphrase, whoever asks (vault, CLI, GUI forms)."""

from __future__ import annotations

import pytest

from reunify.errors import PassphraseMismatch, WeakPassphrase
from reunify.vault.kdf import MIN_PASSPHRASE_LENGTH, check_new_passphrase


def test_too_short_is_refused_before_the_second_typing_matters() -> None:
    with pytest.raises(WeakPassphrase) as err:
        check_new_passphrase("corto", "corto")
    assert err.value.params["minimum"] == MIN_PASSPHRASE_LENGTH
    assert err.value.field == "passphrase"


def test_second_typing_must_match() -> None:
    with pytest.raises(PassphraseMismatch) as err:
        check_new_passphrase("girasol de tlaxcala", "girasol de tlaxcal")
    assert err.value.field == "confirm"
    check_new_passphrase("girasol de tlaxcala", "girasol de tlaxcala")
    check_new_passphrase("girasol de tlaxcala")  # no second typing (e.g. a file)
