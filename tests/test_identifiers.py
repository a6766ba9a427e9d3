from __future__ import annotations

import pytest

from reunify import identifiers as ids
from reunify.errors import ValidationError
from reunify.invented import make_curp

VALID_CURP = "MATR850312MTLRPS03"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (VALID_CURP, VALID_CURP),
        (" matr850312mtlrps03 ", VALID_CURP),
        ("MATR-850312-MTLRPS03", VALID_CURP),
    ],
)
def test_curp_accepted_and_normalised(value: str, expected: str) -> None:
    assert ids.normalize_curp(value) == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("MATR850312MTLRPS04", "check digit"),
        ("MATR850312MTLRPS0", "18 characters"),
        ("MATR851312MTLRPS03", "impossible"),
        ("1ATR850312MTLRPS03", "4 letters"),
    ],
)
def test_curp_rejected_with_reason(value: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        ids.normalize_curp(value)
    assert err.value.field == "curp"
    assert fragment in err.value.user_message()


def test_demo_curps_are_valid() -> None:
    from datetime import date

    curp = make_curp("Ximena", "Tecuatl", "Xochitiotzi", date(2016, 5, 2), "M", "TL")
    assert ids.normalize_curp(curp) == curp
    assert curp[4:10] == "160502"


@pytest.mark.parametrize("value", ["EAC2690123456", "eac 269 012 3456", "IOE-0912345678"])
def test_receipt_numbers(value: str) -> None:
    assert len(ids.normalize_receipt_number(value)) == 13


@pytest.mark.parametrize("value", ["EA2690123456", "EAC269012345", "1234567890123", ""])
def test_bad_receipt_numbers(value: str) -> None:
    with pytest.raises(ValidationError):
        ids.normalize_receipt_number(value)


@pytest.mark.parametrize(
    ("value", "stored"), [("A12345678", "012345678"), ("a-212-345-678", "212345678")]
)
def test_a_numbers(value: str, stored: str) -> None:
    assert ids.normalize_a_number(value) == stored
    assert ids.format_a_number(stored).startswith("A-")


@pytest.mark.parametrize("value", ["A1234567", "A1234567890", "ABCDEFGHI"])
def test_bad_a_numbers(value: str) -> None:
    with pytest.raises(ValidationError):
        ids.normalize_a_number(value)


def test_phones() -> None:
    assert ids.normalize_phone("246 123 4567") == "+522461234567"
    assert ids.normalize_phone("+1 718 555 0143").startswith("+1718")
    with pytest.raises(ValidationError):
        ids.normalize_phone("12")
    with pytest.raises(ValidationError):
        ids.normalize_phone("no tengo")


def test_states_and_languages() -> None:
    assert ids.normalize_subdivision("tla", "MX", "mx_state") == "MX-TLA"
    assert ids.normalize_subdivision("US-TX", "US", "us_state") == "US-TX"
    with pytest.raises(ValidationError):
        ids.normalize_subdivision("TX", "MX", "mx_state")
    assert ids.normalize_languages(["es", "nah", "mix", "spa"]) == ["spa", "nah", "mix"]
    with pytest.raises(ValidationError):
        ids.normalize_language("klingonés")


def test_state_choices_in_the_current_language() -> None:
    us_es = dict(ids.state_choices("US", "es"))
    assert us_es["US-NY"] == "Nueva York"
    assert dict(ids.state_choices("US", "en"))["US-NY"] == "New York"
    mx = ids.state_choices("MX", "es")
    assert len(mx) == 32 and ("MX-CMX", "Ciudad de México") in mx
