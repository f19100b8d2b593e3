"""Static files under fingerprinted names (content hash in the file name), cached for a year by
browsers and proxies; a stale or plain name is still served, but revalidated."""

import re
from pathlib import Path

from flask import url_for

from cocreate.assets import IMMUTABLE, fingerprint

STATIC = Path(__file__).resolve().parents[2] / "static"
CSS = re.compile(r'href="(/static/css/samskap\.([0-9a-f]{12})\.css)"')


def test_pages_link_the_fingerprinted_stylesheet(client):
    html = client.get("/").get_data(as_text=True)
    match = CSS.search(html)
    assert match, "the layout should link /static/css/samskap.<hash>.css"
    assert "/static/css/samskap.css" not in html


def test_fingerprinted_file_is_immutable_for_a_year(client):
    url = CSS.search(client.get("/").get_data(as_text=True)).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.get_data() == (STATIC / "css" / "samskap.css").read_bytes()
    assert response.mimetype == "text/css"
    response.close()


def test_an_older_hash_gets_the_current_file_revalidated(client):
    response = client.get("/static/css/samskap.0123456789ab.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert "immutable" not in response.headers["Cache-Control"]
    assert response.get_data() == (STATIC / "css" / "samskap.css").read_bytes()
    response.close()


def test_the_plain_name_still_works_without_a_long_cache(client):
    response = client.get("/static/css/samskap.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")
    response.close()


def test_missing_files_and_paths_outside_static_are_404(client):
    assert client.get("/static/css/finnes-ikke.0123456789ab.css").status_code == 404
    assert client.get("/static/css/finnes-ikke.css").status_code == 404
    assert client.get("/static/..%2fpyproject.0123456789ab.toml").status_code == 404


def test_every_url_for_static_is_fingerprinted(app):
    with app.test_request_context():
        script = url_for("static", filename="js/workshops.js")
        icon = url_for("static", filename="icons/samskap.svg")
    assert re.fullmatch(r"/static/js/workshops\.[0-9a-f]{12}\.js", script)
    assert re.fullmatch(r"/static/icons/samskap\.[0-9a-f]{12}\.svg", icon)


def test_the_name_changes_when_the_content_does(tmp_path, monkeypatch):
    from cocreate import assets

    monkeypatch.setattr(assets, "RECHECK_SECONDS", 0.0)  # a file is looked at once a second
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "site.css"
    sheet.write_text("body { color: black }")
    first = fingerprint(str(tmp_path), "css/site.css")
    sheet.write_text("body { color: navy }")
    second = fingerprint(str(tmp_path), "css/site.css")
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", first)
    assert first != second
    assert fingerprint(str(tmp_path), "css/none.css") == "css/none.css"
