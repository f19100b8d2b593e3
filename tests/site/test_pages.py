"""Base pages, languages, health check and error pages."""

import pytest

from cocreate import create_app
from tests.conftest import make_config


def test_front_page_lists_municipalities(client, create_municipality_f):
    create_municipality_f("Heimby kommune", "heimby")
    html = client.get("/").get_data(as_text=True)
    assert "Heimby kommune" in html
    assert 'lang="nb"' in html
    assert 'href="#main"' in html and '<main id="main"' in html


def test_municipality_page_empty_state(client, create_municipality_f):
    create_municipality_f("Heimby kommune", "heimby")
    html = client.get("/k/heimby/").get_data(as_text=True)
    assert "ingen åpne utfordringer" in html


def test_about_roadmap_shows_principles_and_target_images(client):
    html = client.get("/om-veikartet").get_data(as_text=True)
    assert "Sett innbyggerne i sentrum" in html
    assert "Begynn lokalt, men tenk globalt" in html
    for name in (
        "Attraktive",
        "Inkluderende",
        "Effektive",
        "Klimavennlige",
        "Tilpasningsdyktige",
        "Helsefremmende",
    ):
        assert name in html


@pytest.mark.parametrize(
    ("headers", "cookie", "lang", "text"),
    [
        ({}, None, "nb", "Om veikartet"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, None, "en", "About the roadmap"),
        ({"Accept-Language": "nn-NO"}, None, "nn", "Om vegkartet"),
        ({"Accept-Language": "no"}, None, "nb", "Om veikartet"),
        ({"Accept-Language": "en"}, "nn", "nn", "Om vegkartet"),
    ],
)
def test_language_selection(client, headers, cookie, lang, text):
    if cookie:
        client.set_cookie("lang", cookie)
    html = client.get("/", headers=headers).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert text in html


def test_language_switcher_sets_cookie_and_refuses_open_redirect(client):
    response = client.get("/sprak/en?next=/om-veikartet")
    assert response.headers["Location"] == "/om-veikartet"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert client.get("/sprak/nn?next=//evil.example").headers["Location"] == "/"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_unreachable(tmp_path):
    app = create_app(make_config("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def test_norwegian_404(client):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.get_data(as_text=True)


def test_dates_localised(app):
    from datetime import date

    from flask_babel import format_date

    with app.test_request_context(headers={"Accept-Language": "nb"}):
        assert format_date(date(2026, 5, 17), "long") == "17. mai 2026"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_date(date(2026, 5, 17), "long") == "May 17, 2026"
