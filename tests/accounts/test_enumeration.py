"""Whether an address has an account cannot be told: sign-up answers the same for a new and an
existing address (the e-mail tells the rest), and a failed log-in always checks a hash.
The timing itself is measured by bench/login_timing.py, not asserted here."""

import re

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from cocreate import mail
from cocreate.accounts.models import User
from cocreate.accounts.passwords import _dummy_hash, _hasher, _test_hasher
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from tests.factories import PASSWORD

FORM = {
    "display_name": "Nora Ny",
    "password": "lang-og-unik-2026",
    "confirm": "lang-og-unik-2026",
    "old_enough": "y",
}
# Per-response values that are random whatever the address: CSP nonces and CSRF tokens.
RANDOM = re.compile(r'(nonce|value)="[^"]*"')


def _answer(app, email: str) -> dict:
    """Everything a person at the keyboard (or a script) gets back from a sign-up."""
    client = app.test_client()
    response = client.post("/registrer", data={"email": email, **FORM})
    page = client.get(response.headers["Location"])
    return {
        "status": response.status_code,
        "location": response.headers.get("Location"),
        "cookies": sorted(c.split("=", 1)[0] for c in response.headers.getlist("Set-Cookie")),
        "cookie_size": sorted(len(c) for c in response.headers.getlist("Set-Cookie")),
        "body": response.get_data(as_text=True),
        "page_status": page.status_code,
        "page": RANDOM.sub("", page.get_data(as_text=True)),
        "signed_in": client.get("/konto").status_code == 200,
    }


@pytest.fixture
def existing(create_user_f, app_ctx):
    user = create_user_f("kari@example.no", name="Kari Konto")
    user.locale = "nn"
    db.session.commit()
    return user


def test_sign_up_answers_the_same_for_a_new_and_an_existing_address(app, existing):
    new = _answer(app, "ny@example.no")
    taken = _answer(app, "Kari@Example.no")
    assert new == taken
    assert new["status"] == 302 and new["location"] == "/logg-inn"
    assert "remember_token" not in new["cookies"] and not new["signed_in"]
    assert "Sjekk e-posten din" in new["page"]
    assert "finnes allerede" not in taken["page"]


def test_a_new_address_gets_the_verification_link(app, app_ctx):
    _answer(app, "ny@example.no")
    assert [m["To"] for m in mail.outbox] == ["ny@example.no"]
    assert "/bekreft/" in mail.outbox[-1].get_content()
    user = db.session.scalar(select(User).where(User.email == "ny@example.no"))
    assert user is not None and not user.is_verified


def test_an_existing_address_gets_a_warning_in_its_owners_language(app, existing):
    hash_before = existing.password_hash
    _answer(app, "kari@example.no")
    assert [m["To"] for m in mail.outbox] == ["kari@example.no"]
    message = mail.outbox[-1]
    text = message.get_content()
    assert "Kari Konto" in text
    assert "Nokon (kanskje du) prøvde nett no å registrere" in text  # in nynorsk, as she chose
    assert message["Subject"] == "Nokon prøvde å registrere seg med e-postadressa di i Samskap"
    assert "http://127.0.0.1:5000/logg-inn" in text
    assert "http://127.0.0.1:5000/glemt-passord" in text
    assert "/bekreft/" not in text
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == 1
    kept = db.session.get(User, existing.id)
    assert kept.password_hash == hash_before and kept.display_name == "Kari Konto"
    events = db.session.scalars(select(AuditEvent.event)).all()
    assert "account.register_existing" in events


def test_form_errors_are_still_shown(app, existing):
    client = app.test_client()
    response = client.post(
        "/registrer", data={**FORM, "email": "kari@example.no", "confirm": "noe-annet-her"}
    )
    assert response.status_code == 200
    assert "Passordene er ikke like" in response.get_data(as_text=True)
    assert mail.outbox == []


@pytest.fixture
def verify_calls(monkeypatch):
    calls = []
    real = PasswordHasher.verify

    def spy(self, encoded, password):
        calls.append(encoded)
        return real(self, encoded, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    return calls


def test_a_failed_log_in_checks_a_hash_for_an_unknown_address_too(client, existing, verify_calls):
    known = client.post("/logg-inn", data={"email": "kari@example.no", "password": "feil-x-y-z"})
    unknown = client.post("/logg-inn", data={"email": "ingen@example.no", "password": "feil-x-y-z"})
    assert len(verify_calls) == 2
    assert verify_calls[0] == existing.password_hash
    assert verify_calls[1] == _dummy_hash(_test_hasher)
    assert known.status_code == unknown.status_code == 200
    assert RANDOM.sub("", known.get_data(as_text=True)) == RANDOM.sub(
        "", unknown.get_data(as_text=True)
    )


def test_the_dummy_hash_has_the_hashers_parameters(app_ctx):
    def parameters(encoded: str) -> str:
        return encoded.rsplit("$", 2)[0]

    for hasher in (_test_hasher, _hasher):
        assert parameters(_dummy_hash(hasher)) == parameters(hasher.hash(PASSWORD))
    assert _dummy_hash(_test_hasher) is _dummy_hash(_test_hasher)  # made once per process


def _log_in(app, email: str, password: str) -> tuple[int, str, bool]:
    client = app.test_client()
    response = client.post("/logg-inn", data={"email": email, "password": password})
    text = RANDOM.sub("", response.get_data(as_text=True))
    return response.status_code, text, client.get("/konto").status_code == 200


def test_signing_up_and_then_logging_in_does_not_tell_either(app, existing):
    """Sign up with a password of one's own, then try it: the answer must not depend on whether
    the address was free (a new account opens only by the e-mailed link)."""
    _answer(app, "ledig@example.no")
    _answer(app, "kari@example.no")
    free = _log_in(app, "ledig@example.no", FORM["password"])
    taken = _log_in(app, "kari@example.no", FORM["password"])
    assert free == taken
    assert free[0] == 200 and not free[2]
    assert "følg først lenken i e-posten" in free[1]


def test_the_e_mailed_link_opens_a_new_account(app, existing):
    client = app.test_client()
    client.post("/registrer", data={"email": "ny2@example.no", **FORM})
    path = re.search(r"/bekreft/\S+", mail.outbox[-1].get_content()).group(0)
    client.get(path)
    assert client.get("/konto").status_code == 200
    fresh = app.test_client()
    fresh.post("/logg-inn", data={"email": "ny2@example.no", "password": FORM["password"]})
    assert fresh.get("/konto").status_code == 200  # confirmed: the password opens it now
