"""Registration, verification, log-in, reset and change of password, through the real forms."""

import re

from sqlalchemy import func, select

from cocreate import mail
from cocreate.accounts.models import User
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from tests.factories import PASSWORD


def _link_from_last_mail(path_prefix: str) -> str:
    body = mail.outbox[-1].get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S+)", body)
    assert match, body
    return match.group(1)


_REGISTER = {
    "email": "ny@example.no",
    "display_name": "Nora Ny",
    "password": "lang-og-unik-2026",
    "confirm": "lang-og-unik-2026",
    "old_enough": "y",
}


def _register(client, **overrides):
    return client.post("/registrer", data={**_REGISTER, **overrides})


def test_register_verify_and_login(client, app_ctx):
    response = _register(client)
    assert response.status_code == 302
    assert client.get("/konto").status_code == 302  # not signed in before the e-mailed link
    user = db.session.scalar(select(User).where(User.email == "ny@example.no"))
    assert user is not None and not user.is_verified
    assert user.password_hash.startswith("$argon2id$")
    assert mail.outbox[-1]["To"] == "ny@example.no"
    link = _link_from_last_mail("/bekreft/")
    response = client.get(link)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_verified
    assert client.get("/konto").status_code == 200  # the link signed the person in
    client.post("/logg-ut")
    again = client.get(link)  # a second click only says so: the link logs in once
    assert again.status_code == 302 and "/logg-inn" in again.headers["Location"]
    assert client.get("/konto").status_code == 302
    response = client.post(
        "/logg-inn", data={"email": "NY@example.no ", "password": "lang-og-unik-2026"}
    )
    assert response.status_code == 302
    assert "Min konto" in client.get("/").get_data(as_text=True)


def test_register_errors_are_norwegian_and_keep_input(client, app_ctx):
    response = _register(client, password="password123", confirm="password123")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "blant de mest brukte" in html
    assert 'value="Nora Ny"' in html
    response = _register(client, password="kort", confirm="kort")
    assert "minst 10 tegn" in response.get_data(as_text=True)
    response = _register(client, email="ikke-en-adresse")
    assert "gyldig e-postadresse" in response.get_data(as_text=True)
    response = _register(client, old_enough="")
    assert "minst 13 år" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_register_duplicate_email_saves_nothing(client, create_user_f, app_ctx):
    create_user_f("ny@example.no")
    response = _register(client, email="Ny@Example.no", display_name="Noen Andre")
    # The page does not say so (tests/accounts/test_enumeration.py); the owner's e-mail does.
    assert "finnes allerede" not in response.get_data(as_text=True)
    assert "allerede en konto" in mail.outbox[-1].get_content()
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_verify_link_does_not_switch_a_signed_in_person(app, client, create_user_f, auth):
    client.post("/registrer", data={**_REGISTER, "email": "ny@example.no"})
    link = _link_from_last_mail("/bekreft/")
    create_user_f("kari@example.no")
    auth.login("kari@example.no")
    assert client.get(link).status_code == 302
    assert "kari@example.no" in client.get("/konto").get_data(as_text=True)


def test_login_failure_is_audited_and_generic(client, create_user_f, app_ctx):
    create_user_f("kari@example.no")
    response = client.post(
        "/logg-inn", data={"email": "kari@example.no", "password": "feil-passord-x"}
    )
    assert "Feil e-postadresse eller passord" in response.get_data(as_text=True)
    events = db.session.scalars(select(AuditEvent.event)).all()
    assert events.count("auth.login_failed") == 1


def test_open_redirect_refused(client, create_user_f):
    create_user_f("kari@example.no")
    response = client.post(
        "/logg-inn?next=https://evil.example/",
        data={"email": "kari@example.no", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_password_reset_token_works_once(client, create_user_f, app_ctx):
    create_user_f("kari@example.no")
    client.post("/glemt-passord", data={"email": "kari@example.no"})
    link = _link_from_last_mail("/nytt-passord/")
    new = {"password": "et-helt-nytt-passord", "confirm": "et-helt-nytt-passord"}
    assert client.post(link, data=new).status_code == 302
    assert (
        client.post(
            "/logg-inn", data={"email": "kari@example.no", "password": new["password"]}
        ).status_code
        == 302
    )
    client.post("/logg-ut")
    again = client.post(
        link, data={"password": "tredje-passord-her", "confirm": "tredje-passord-her"}
    )
    assert again.status_code == 302 and "/glemt-passord" in again.headers["Location"]
    bad = client.post(
        "/logg-inn", data={"email": "kari@example.no", "password": "tredje-passord-her"}
    )
    assert "Feil e-postadresse" in bad.get_data(as_text=True)


def test_password_reset_token_expires(client, create_user_f, app):
    create_user_f("kari@example.no")
    client.post("/glemt-passord", data={"email": "kari@example.no"})
    link = _link_from_last_mail("/nytt-passord/")
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        response = client.get(link)
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert response.status_code == 302 and "/glemt-passord" in response.headers["Location"]


def test_unknown_email_reset_reveals_nothing(client, app_ctx):
    response = client.post(
        "/glemt-passord", data={"email": "ingen@example.no"}, follow_redirects=True
    )
    assert "Hvis adressen har en konto" in response.get_data(as_text=True)
    assert mail.outbox == []


def test_change_password_ends_other_sessions(app, create_user_f):
    create_user_f("kari@example.no")
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.post("/logg-inn", data={"email": "kari@example.no", "password": PASSWORD})
    response = first.post(
        "/konto/passord",
        data={
            "current": PASSWORD,
            "password": "enda-bedre-passord",
            "confirm": "enda-bedre-passord",
        },
    )
    assert response.status_code == 302
    assert first.get("/konto").status_code == 200
    assert second.get("/konto").status_code == 302  # sent to log-in


def test_change_password_wrong_current(client, create_user_f, auth):
    create_user_f("kari@example.no")
    auth.login("kari@example.no")
    response = client.post(
        "/konto/passord",
        data={
            "current": "feil-feil-feil",
            "password": "enda-bedre-passord",
            "confirm": "enda-bedre-passord",
        },
    )
    assert "nåværende passordet er feil" in response.get_data(as_text=True)


def test_settings_saves_language(client, create_user_f, auth, app_ctx):
    user = create_user_f("kari@example.no")
    auth.login("kari@example.no")
    client.post("/konto", data={"display_name": "Kari", "show_name": "y", "locale": "nn"})
    db.session.refresh(user)
    assert user.locale == "nn" and user.show_name
    assert 'lang="nn"' in client.get("/").get_data(as_text=True)
