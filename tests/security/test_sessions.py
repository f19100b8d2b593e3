"""Session cookies: HttpOnly and SameSite=Lax always, Secure in production; a password change or
reset ends every other session."""

import re

from cocreate import mail
from cocreate.accounts.services import create_user
from cocreate.extensions import db
from tests.factories import PASSWORD
from tests.security.apps import build_app, dispose, sqlite_url


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def test_session_cookie_flags_in_tests_and_development(client, world, auth):
    response = auth.login("innbygger@example.no")
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_and_remember_cookies_are_secure_in_production(tmp_path):
    app = build_app(
        sqlite_url(tmp_path),
        ENV_NAME="production",
        TESTING=False,
        SECRET_KEY="s" * 64,
        SESSION_COOKIE_SECURE=True,
        REMEMBER_COOKIE_SECURE=True,
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.app_context():
        create_user("prod@example.no", "Prod", PASSWORD, verified=True)
        db.session.commit()
    client = app.test_client()
    response = client.post(
        "/logg-inn",
        data={"email": "prod@example.no", "password": PASSWORD, "remember": "y"},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    session = _session_cookie(response)
    assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "Secure" in remember[0] and "HttpOnly" in remember[0]
    dispose(app)


def test_production_config_forces_secure_cookies():
    """create_app sets Secure itself outside development, whatever the config said."""
    from cocreate import create_app

    app = create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": "z" * 64,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:",
            "SESSION_COOKIE_SECURE": False,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_password_change_ends_other_sessions(app, world, auth, client):
    other = app.test_client()
    other.post("/logg-inn", data={"email": "innbygger@example.no", "password": PASSWORD})
    assert other.get("/konto").status_code == 200
    auth.login("innbygger@example.no")
    new = "et-helt-nytt-passord-2026"
    response = client.post(
        "/konto/passord", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert client.get("/konto").status_code == 200  # this session carries on
    assert other.get("/konto").status_code == 302  # the other one is logged out


def test_password_reset_ends_every_session(app, world, client):
    other = app.test_client()
    other.post("/logg-inn", data={"email": "innbygger@example.no", "password": PASSWORD})
    assert other.get("/konto").status_code == 200
    client.post("/glemt-passord", data={"email": "innbygger@example.no"})
    link = re.search(r"https?://[^/\s]+(/nytt-passord/\S+)", mail.outbox[-1].get_content())
    new = "et-helt-nytt-passord-2026"
    response = client.post(link.group(1), data={"password": new, "confirm": new})
    assert response.status_code == 302
    assert other.get("/konto").status_code == 302
