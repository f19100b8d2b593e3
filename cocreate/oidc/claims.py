"""What Samskap reads from an ID token's claims: age from the pid or a birthdate, residence.

The fødselsnummer is read here to find the birth date and then dropped; nothing in this module
returns or stores it.
"""

import re
from datetime import date
from typing import Any

ADULT_AGE = 18
KOMMUNENUMMER = re.compile(r"^\d{4}$")


def birth_date_of_pid(pid: str) -> date | None:
    """The birth date in a Norwegian fødselsnummer or D-number (None if it is not one).

    DDMMYY then a three-digit individual number that gives the century; a D-number adds 40 to
    the day, an H-number 40 and a synthetic test number (Tenor) 80 to the month."""
    if not re.fullmatch(r"\d{11}", pid or ""):
        return None
    day, month, year = int(pid[0:2]), int(pid[2:4]), int(pid[4:6])
    individual = int(pid[6:9])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    if individual < 500:
        century = 1900
    elif individual < 750 and year >= 54:
        century = 1800
    elif year < 40:
        century = 2000
    elif individual >= 900:
        century = 1900
    else:
        return None
    try:
        return date(century + year, month, day)
    except ValueError:
        return None


def birth_date_of_claims(claims: dict[str, Any]) -> date | None:
    """From `pid` (ID-porten) or the standard `birthdate` claim (YYYY-MM-DD)."""
    pid = claims.get("pid")
    if isinstance(pid, str):
        born = birth_date_of_pid(pid)
        if born is not None:
            return born
    birthdate = claims.get("birthdate")
    if isinstance(birthdate, str):
        try:
            return date.fromisoformat(birthdate)
        except ValueError:
            return None
    return None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def of_age(claims: dict[str, Any], today: date) -> bool | None:
    """18 or older today; None when the claims give no birth date."""
    born = birth_date_of_claims(claims)
    return None if born is None else age_on(born, today) >= ADULT_AGE


def residence_number(claims: dict[str, Any], claim_name: str) -> str | None:
    """The kommunenummer in the configured claim (four digits), or None."""
    if not claim_name:
        return None
    value = claims.get(claim_name)
    if isinstance(value, int):
        value = f"{value:04d}"
    if isinstance(value, str) and KOMMUNENUMMER.match(value.strip()):
        return value.strip()
    return None


def display_name(claims: dict[str, Any]) -> str:
    """The name the provider gives, or empty."""
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return name.strip()[:80]
