"""Error answers: a 405 says which methods are allowed; a database that refuses a write is a
409 or a logged 500, never a false «database down»; the 503 page for a signed-in person says
nothing about logging in and leaves a waiting message for the next page."""

import logging

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import OperationalError

from cocreate import create_app
from cocreate.extensions import db
from cocreate.reference.models import Principle
from tests.conftest import AuthActions, database_url, make_config
from tests.isolation import share_transaction


@pytest.fixture
def faulty(app, _db_dir):
    """A second app on the suite's database with routes that fail in chosen ways (routes
    cannot be added to the suite's app once it has served a request)."""
    other = create_app(make_config(database_url(_db_dir), PROPAGATE_UNEXPECTED=False))

    def duplicate():
        row = db.session.execute(select(Principle.__table__).limit(1)).mappings().one()
        db.session.execute(insert(Principle.__table__).values(**row))  # the same id again
        db.session.commit()
        return "saved"

    def bad_sql():
        db.session.execute(text("SELECT * FROM no_such_table"))
        return "read"

    def database_gone():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    other.add_url_rule("/test/duplicate", view_func=duplicate, methods=["POST"])
    other.add_url_rule("/test/bad-sql", view_func=bad_sql)
    other.add_url_rule("/test/database-gone", view_func=database_gone)
    with share_transaction(other, app):  # it sees the test's rows, and leaves none behind
        yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_405_names_the_allowed_methods(client):
    page = client.get("/logg-ut")
    assert page.status_code == 405
    assert "POST" in page.headers["Allow"]
    assert "Ikke tillatt" in page.get_data(as_text=True)
    api = client.post("/api/v1/municipalities")
    assert api.status_code == 405 and "GET" in api.headers["Allow"]
    assert api.get_json()["status"] == 405


def test_an_integrity_error_is_a_logged_409_not_database_down(faulty, caplog):
    with caplog.at_level(logging.ERROR):
        page = faulty.test_client().post("/test/duplicate")
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "Kunne ikke lagres" in html and "Last inn siden på nytt" in html
    assert "midlertidig utilgjengelig" not in html
    logged = [r for r in caplog.records if r.getMessage() == "write refused by a constraint"]
    assert logged and logged[0].exc_info  # with its traceback, for whoever reads the log


def test_a_bug_in_sql_is_a_500_not_database_down(faulty, caplog):
    with caplog.at_level(logging.ERROR):
        page = faulty.test_client().get("/test/bad-sql")
    assert page.status_code == 500
    assert "Noe gikk galt" in page.get_data(as_text=True)
    assert any(r.getMessage() == "unhandled error" for r in caplog.records)


def test_the_503_page_of_a_signed_in_person(faulty, world):
    client = faulty.test_client()
    AuthActions(client).login(world.citizen.email)  # redirect not followed: a message waits
    with client.session_transaction() as session:
        waiting = list(session.get("_flashes", []))
    assert waiting
    page = client.get("/test/database-gone")
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "Tjenesten er midlertidig utilgjengelig" in html
    for text_ in ("Logg inn", "Registrer deg", "Logg ut", "Min konto"):
        assert text_ not in html  # the page cannot know, so it says nothing about it
    for _category, message in waiting:
        assert message not in html
    with client.session_transaction() as session:
        assert session.get("_flashes") == waiting  # shown on the next page that can be drawn
