"""Log-out ends the session on the server: a copied session or remember cookie stops working;
"log out everywhere" ends every session; sessions also expire on the server."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from cocreate.accounts.models import EndedSession, User, parse_session_id
from cocreate.accounts.sessions import user_for_session
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.privacy.personal_data import export_rows
from cocreate.privacy.services import delete_account
from tests.factories import PASSWORD

EMAIL = "kari@example.no"


def _log_in(client, *, remember: bool = True):
    data = {"email": EMAIL, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/logg-inn", data=data)
    assert response.status_code == 302
    return response


def _cookies(client) -> dict[str, str]:
    return {
        name: client.get_cookie(name).value
        for name in ("session", "remember_token")
        if client.get_cookie(name) is not None
    }


def _client_with(app, **cookies):
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def _signed_in(client) -> bool:
    return client.get("/konto").status_code == 200


@pytest.fixture
def kari(create_user_f):
    return create_user_f(EMAIL)


def test_copied_cookies_open_the_account_until_log_out(app, kari):
    client = app.test_client()
    _log_in(client)
    copied = _cookies(client)
    assert set(copied) == {"session", "remember_token"}
    assert _signed_in(_client_with(app, session=copied["session"]))
    assert _signed_in(_client_with(app, remember_token=copied["remember_token"]))


def test_log_out_refuses_the_copied_session_and_remember_cookies(app, kari):
    client = app.test_client()
    _log_in(client)
    copied = _cookies(client)
    assert client.post("/logg-ut").status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(_client_with(app, session=copied["session"]))
    assert not _signed_in(_client_with(app, remember_token=copied["remember_token"]))
    assert not _signed_in(_client_with(app, **copied))


def test_log_out_ends_only_that_session(app, kari):
    phone, laptop = app.test_client(), app.test_client()
    _log_in(phone)
    _log_in(laptop)
    phone.post("/logg-ut")
    assert _signed_in(laptop)


def test_log_out_everywhere_from_a_second_client(app, kari):
    phone, laptop = app.test_client(), app.test_client()
    _log_in(phone)
    copied = _cookies(phone)
    _log_in(laptop, remember=False)
    assert "Logg ut overalt" in laptop.get("/konto").get_data(as_text=True)
    response = laptop.post("/konto/logg-ut-overalt")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert not _signed_in(_client_with(app, session=copied["session"]))
    assert not _signed_in(_client_with(app, remember_token=copied["remember_token"]))
    _log_in(phone)  # a new log-in works again
    assert _signed_in(phone)


def test_log_out_everywhere_needs_a_log_in_and_post(client, kari):
    assert client.get("/konto/logg-ut-overalt").status_code == 405
    response = client.post("/konto/logg-ut-overalt")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def test_every_log_in_gets_a_new_key(app, kari):
    first, second = app.test_client(), app.test_client()
    _log_in(first)
    _log_in(second)
    with first.session_transaction() as one, second.session_transaction() as two:
        assert one["_user_id"] != two["_user_id"]
        assert parse_session_id(one["_user_id"])[0] == kari.id


def test_a_session_without_remember_me_expires_on_the_server(app, kari):
    client = app.test_client()
    _log_in(client, remember=False)
    assert _signed_in(client)
    saved = app.config["SESSION_LIFETIME"]
    app.config["SESSION_LIFETIME"] = timedelta(seconds=-1)
    try:
        assert not _signed_in(client)
    finally:
        app.config["SESSION_LIFETIME"] = saved


def test_a_remembered_session_expires_on_the_server(app, kari):
    client = app.test_client()
    _log_in(client)
    copied = _cookies(client)
    saved = app.config["REMEMBER_COOKIE_DURATION"]
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=-1)
    try:
        assert not _signed_in(_client_with(app, remember_token=copied["remember_token"]))
    finally:
        app.config["REMEMBER_COOKIE_DURATION"] = saved
    assert _signed_in(_client_with(app, remember_token=copied["remember_token"]))


def test_lifetimes_are_configured(app):
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
    assert app.config["SESSION_LIFETIME"] == timedelta(hours=24)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == app.config["SESSION_LIFETIME"]


@pytest.mark.parametrize(
    "session_id",
    ["", "1", "1:token", "x:token:key:1:s", "1:token:key:soon:s", "1:token:key:1:x", "1:a:b:c:d:e"],
)
def test_malformed_session_ids_are_refused(app_ctx, kari, session_id):
    assert user_for_session(session_id) is None


def test_the_old_id_format_no_longer_works(app_ctx, kari):
    assert user_for_session(f"{kari.id}:{kari.session_token}") is None


def test_loading_a_session_is_one_query(app, kari):
    from sqlalchemy import event

    client = app.test_client()
    _log_in(client)
    with client.session_transaction() as session:
        session_id = session["_user_id"]
    statements = []

    def count(_conn, _cursor, statement, *_args):
        # The test's outer transaction adds SAVEPOINTs a request in production does not make.
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            statements.append(statement)

    with app.app_context():
        db.session.expunge_all()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert user_for_session(session_id) is not None
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_export_leaves_out_session_keys_and_erasure_deletes_the_rows(app, kari):
    client = app.test_client()
    _log_in(client)
    with client.session_transaction() as session:
        key = parse_session_id(session["_user_id"])[2]
    client.post("/logg-ut")
    with app.app_context():
        user = db.session.get(User, kari.id)
        rows = export_rows(user)
        assert [set(row) for row in rows["ended_sessions"]] == [
            {"id", "user_id", "ended_at", "expires_at"}
        ]
        assert key.key not in str(rows) and key.key_hash not in str(rows)
        delete_account(user, remove_contributions=False, actor=user, reason="self")
        db.session.commit()
        assert db.session.scalar(select(func.count(EndedSession.id))) == 0


def test_ended_rows_are_kept_only_until_the_session_would_have_expired(app, kari):
    client = app.test_client()
    _log_in(client, remember=False)
    client.post("/logg-ut")
    with app.app_context():
        db.session.execute(update(EndedSession).values(expires_at=utcnow() - timedelta(1)))
        db.session.commit()
    _log_in(client, remember=False)
    client.post("/logg-ut")
    with app.app_context():
        kept = db.session.scalars(select(EndedSession)).all()
        assert len(kept) == 1 and kept[0].expires_at > utcnow()
