"""Reading age and residence from claims, without keeping the fødselsnummer."""

from datetime import date

import pytest

from cocreate.oidc.claims import birth_date_of_pid, display_name, of_age, residence_number


@pytest.mark.parametrize(
    ("pid", "born"),
    [
        ("01018012345", date(1980, 1, 1)),  # individual number 123: the 1900s
        ("31120550012", date(2005, 12, 31)),  # 500–999 with year < 40: the 2000s
        ("15069995012", date(1999, 6, 15)),  # 900–999 with year ≥ 40: the 1900s
        ("41018012345", date(1980, 1, 1)),  # D-number: day + 40
        ("01418012345", date(1980, 1, 1)),  # H-number: month + 40
        ("01818012345", date(1980, 1, 1)),  # synthetic test number (Tenor): month + 80
        ("01016060012", date(1860, 1, 1)),  # 500–749 with year ≥ 54: the 1800s
    ],
)
def test_birth_dates_of_fodselsnummer(pid, born):
    assert birth_date_of_pid(pid) == born


@pytest.mark.parametrize("pid", ["", "123", "3102801234x", "31028012345", "01014580012"])
def test_what_is_not_a_fodselsnummer_gives_no_date(pid):
    assert birth_date_of_pid(pid) is None


def test_of_age_turns_on_the_18th_birthday():
    claims = {"birthdate": "2008-03-10"}
    assert of_age(claims, date(2026, 3, 9)) is False
    assert of_age(claims, date(2026, 3, 10)) is True
    assert of_age({}, date(2026, 1, 1)) is None
    assert of_age({"birthdate": "not a date"}, date(2026, 1, 1)) is None


def test_residence_is_read_only_from_the_configured_claim():
    claims = {"kommunenummer": "1806", "other": "0301", "numeric": 301}
    assert residence_number(claims, "kommunenummer") == "1806"
    assert residence_number(claims, "") is None
    assert residence_number(claims, "numeric") == "0301"
    assert residence_number({"kommunenummer": "Narvik"}, "kommunenummer") is None


def test_display_name_from_name_or_its_parts():
    assert display_name({"name": " Kari Nordmann "}) == "Kari Nordmann"
    assert display_name({"given_name": "Kari", "family_name": "Nordmann"}) == "Kari Nordmann"
    assert display_name({}) == ""


def test_providers_are_off_and_without_secrets_unless_the_environment_sets_them(monkeypatch):
    from cocreate.config import Config

    for name in ("IDPORTEN", "ENTRA"):
        for key in ("ISSUER", "METADATA_URL", "CLIENT_ID", "CLIENT_SECRET"):
            monkeypatch.delenv(f"OIDC_{name}_{key}", raising=False)
    config = Config()
    assert config.OIDC_IDPORTEN_CLIENT_SECRET == "" and config.OIDC_ENTRA_CLIENT_SECRET == ""
    assert config.OIDC_IDPORTEN_ISSUER == "" and config.OIDC_IDPORTEN_RESIDENCE_CLAIM == ""
    monkeypatch.setenv("OIDC_IDPORTEN_ISSUER", "https://test.idporten.no")
    monkeypatch.setenv("OIDC_IDPORTEN_CLIENT_ID", "samskap")
    assert Config().OIDC_IDPORTEN_ISSUER == "https://test.idporten.no"
