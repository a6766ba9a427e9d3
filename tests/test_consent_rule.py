"""One rule decides whether a consent covers a day: lists, the export check and the
Consents tab all ask `Consent.invalid_on`."""

from __future__ import annotations

from datetime import date

import pytest

from reunify.bundle.export import ConsentError, check_consent
from reunify.models import Case, Consent

DAY = date(2026, 11, 23)


def _consent(**dates: date | None) -> Consent:
    values: dict[str, object] = {"given_on": date(2026, 1, 10), "expires_on": None}
    values.update(dates)
    return Consent(case_id="c1", recipient="Abogada Ruth Zamora", purpose="T-3", **values)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({}, None),
        ({"expires_on": DAY}, None),  # the last day still counts
        ({"expires_on": date(2026, 11, 22)}, ("expired", date(2026, 11, 22))),
        ({"revoked_on": DAY}, ("revoked", DAY)),
        ({"revoked_on": date(2026, 11, 24)}, None),  # revoked from tomorrow
        ({"given_on": date(2026, 11, 24)}, ("not_yet", date(2026, 11, 24))),
        # revoked and expired: the revocation is what the person did, so it is named
        ({"revoked_on": date(2026, 5, 1), "expires_on": date(2026, 6, 1)},
         ("revoked", date(2026, 5, 1))),
    ],
)  # fmt: skip
def test_invalid_on_names_the_reason_and_its_date(
    dates: dict[str, date | None], expected: tuple[str, date] | None
) -> None:
    consent = _consent(**dates)
    assert consent.invalid_on(DAY) == expected
    assert consent.is_valid_on(DAY) is (expected is None)


def test_export_check_refuses_with_the_same_reason() -> None:
    case = Case(id="c1", reference="RU-2026-0001", title="Familia Tecuapetla")
    consent = _consent(expires_on=date(2026, 11, 22))
    with pytest.raises(ConsentError) as err:
        check_consent(consent, case, DAY)
    assert "expired" in err.value.user_message() or "venció" in err.value.user_message()
    assert check_consent(_consent(), case, DAY).recipient == "Abogada Ruth Zamora"
