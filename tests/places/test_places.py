"""Ideas on a map (issue 22 §4): the setting, the idea form without JavaScript, the box, the
rounding wherever points leave the server (page, GeoJSON, API, open data), the CSP, the map's
files and how the page degrades without them."""

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from cocreate.config import Config
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.places.geo import DEFAULT_BOUNDS, NORWAY, Box
from cocreate.places.models import IdeaPlace, PlaceMode
from cocreate.places.services import configure_places, place_idea, set_bounds
from cocreate.refusals import Refusal
from cocreate.security.headers import content_security_policy, origin_of

POINT = (59.912345, 10.746789)  # Oslo, inside Norway's box


@pytest.fixture
def mapped(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    configure_places(challenge, mode=PlaceMode.optional, decimals=3, actor=None)
    db.session.commit()
    return challenge


def _post_idea(client, challenge, **place):
    data = {"title": "Benk ved torget", "body": "Det trengs en benk her."}
    data.update({f"sted-{k}": v for k, v in place.items()})
    return client.post(f"/k/heimby/utfordringer/{challenge.id}/nytt-innspill", data=data)


def _idea(title="Benk ved torget") -> Idea:
    return db.session.scalar(select(Idea).where(Idea.title == title))


# The idea form ---------------------------------------------------------------------------


def test_form_without_place_setting_has_no_place_fields(client, auth, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    auth.login(world.citizen.email)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}/nytt-innspill").get_data(True)
    assert "sted-text" not in page


def test_no_js_form_stores_point_with_comma_decimals(client, auth, world, mapped):
    auth.login(world.citizen.email)
    page = client.get(f"/k/heimby/utfordringer/{mapped.id}/nytt-innspill").get_data(True)
    assert 'name="sted-text"' in page and 'name="sted-lat"' in page
    response = _post_idea(client, mapped, lat="59,912345", lon="10,746789", text="Torget")
    assert response.status_code == 303, response.get_data(True)
    place = db.session.get(IdeaPlace, _idea().id)
    assert (place.lat, place.lon, place.place_text) == (*POINT, "Torget")


def test_place_name_alone_is_enough(client, auth, world, mapped):
    configure_places(mapped, mode=PlaceMode.required, decimals=None, actor=None)
    db.session.commit()
    auth.login(world.citizen.email)
    assert _post_idea(client, mapped, text="Storgata 1").status_code == 303
    place = db.session.get(IdeaPlace, _idea().id)
    assert place.lat is None and place.place_text == "Storgata 1"


def test_required_place_refuses_an_idea_without_one(client, auth, world, mapped):
    configure_places(mapped, mode=PlaceMode.required, decimals=None, actor=None)
    db.session.commit()
    auth.login(world.citizen.email)
    response = _post_idea(client, mapped)
    assert response.status_code == 400
    assert "Vis hvor innspillet gjelder" in response.get_data(True)
    assert _idea() is None


def test_point_outside_the_box_is_refused_in_norwegian(client, auth, world, mapped):
    set_bounds(world.municipality, Box(60.15, 4.95, 60.60, 5.75), actor=None)  # Bergen
    db.session.commit()
    auth.login(world.citizen.email)
    response = _post_idea(client, mapped, lat="59.91", lon="10.75")
    assert response.status_code == 400
    assert "Punktet ligger utenfor Heimby kommune" in response.get_data(True)
    assert _idea() is None
    assert _post_idea(client, mapped, lat="60.39", lon="5.32").status_code == 303


def test_half_a_point_is_refused(client, auth, world, mapped):
    auth.login(world.citizen.email)
    response = _post_idea(client, mapped, lat="59.91")
    assert response.status_code == 400
    assert "både breddegrad og lengdegrad" in response.get_data(True)


def test_author_edits_the_place(client, auth, world, mapped, create_idea_f):
    idea = create_idea_f(mapped, world.author)
    place_idea(idea, point=POINT, text="Torget")
    db.session.commit()
    auth.login(world.author.email)
    page = client.get(f"/k/heimby/innspill/{idea.id}/endre").get_data(True)
    assert 'value="Torget"' in page and 'value="59.912345"' in page
    data = {"title": idea.title, "body": idea.body, "sted-lat": "", "sted-lon": "", "sted-text": ""}
    assert client.post(f"/k/heimby/innspill/{idea.id}/endre", data=data).status_code == 303
    assert db.session.get(IdeaPlace, idea.id) is None


# Services and boxes ----------------------------------------------------------------------


def test_service_refuses_outside_default_box_of_a_reference_municipality(
    world, mapped, create_idea_f
):
    world.municipality.number = "4601"  # Bergen's default box (approximate)
    idea = create_idea_f(mapped, world.author)
    with pytest.raises(Refusal, match="utenfor"):
        place_idea(idea, point=POINT, text="")
    assert place_idea(idea, point=(60.39, 5.32), text="").lat == 60.39


def test_without_a_box_norway_is_the_limit(world, mapped, create_idea_f):
    idea = create_idea_f(mapped, world.author)
    with pytest.raises(Refusal):
        place_idea(idea, point=(55.68, 12.57), text="")  # Copenhagen
    assert NORWAY.contains(*POINT)
    assert len(DEFAULT_BOUNDS) == 8 and all(
        NORWAY.contains(b.min_lat, b.min_lon) for b in DEFAULT_BOUNDS.values()
    )


def test_staff_set_the_challenge_setting(client, auth, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    auth.login(world.facilitator.email)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}/rediger").get_data(True)
    assert "Sted på kartet" in page
    response = client.post(
        f"/k/heimby/utfordringer/{challenge.id}/sted", data={"mode": "required", "decimals": "2"}
    )
    assert response.status_code == 303
    from cocreate.places.queries import settings_of

    found = settings_of(challenge)
    assert (found.mode, found.decimals) == (PlaceMode.required, 2)


def test_admin_sets_the_box_and_a_bad_one_is_refused(client, auth, world):
    auth.login(world.admin.email)
    page = client.get("/k/heimby/kartgrense")
    assert page.status_code == 200
    bad = {"min_lat": "60", "max_lat": "59", "min_lon": "5", "max_lon": "6"}
    response = client.post("/k/heimby/kartgrense", data=bad)
    assert response.status_code == 400 and "Nord må være større enn sør" in response.get_data(True)
    good = {"min_lat": "60,1", "max_lat": "60,6", "min_lon": "4,9", "max_lon": "5,8"}
    assert client.post("/k/heimby/kartgrense", data=good).status_code == 303
    from cocreate.places.queries import bounds_for

    assert bounds_for(world.municipality) == Box(60.1, 4.9, 60.6, 5.8)


# Where points leave the server: rounded ---------------------------------------------------


@pytest.fixture
def placed(world, mapped, create_idea_f):
    idea = create_idea_f(mapped, world.author, title="Lekeplass i parken")
    place_idea(idea, point=POINT, text="Parken")
    db.session.commit()
    return idea


def test_geojson_is_rounded_as_the_challenge_says(client, mapped, placed):
    response = client.get(f"/k/heimby/utfordringer/{mapped.id}/steder.geojson")
    assert response.mimetype == "application/geo+json"
    data = response.get_json()
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [10.747, 59.912]
    props = feature["properties"]
    assert props["idea_id"] == placed.id and props["title"] == "Lekeplass i parken"
    assert props["stage"] == "heard" and props["url"].endswith(f"/k/heimby/innspill/{placed.id}")
    assert "59.912345" not in response.get_data(True)


def test_pages_show_only_rounded_points(client, mapped, placed):
    challenge_page = client.get(f"/k/heimby/utfordringer/{mapped.id}").get_data(True)
    assert "Innspillene på kartet" in challenge_page
    assert f"/k/heimby/utfordringer/{mapped.id}/steder" in challenge_page
    listing = client.get(f"/k/heimby/utfordringer/{mapped.id}/steder").get_data(True)
    assert "59.912" in listing and "Lekeplass i parken" in listing
    idea_page = client.get(f"/k/heimby/innspill/{placed.id}").get_data(True)
    for page in (challenge_page, listing, idea_page):
        assert "59.912345" not in page and "59.91234" not in page


def test_api_gives_rounded_geojson(client, world, mapped, placed):
    for path in (f"/api/v1/challenges/{mapped.id}/places", "/api/v1/municipalities/heimby/places"):
        data = client.get(path).get_json()
        assert [f["geometry"]["coordinates"] for f in data["features"]] == [[10.747, 59.912]]
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/challenges/{challenge_id}/places" in document["paths"]


def test_unrounded_challenge_gives_the_point_as_set(client, mapped, placed):
    configure_places(mapped, mode=PlaceMode.optional, decimals=None, actor=None)
    db.session.commit()
    data = client.get(f"/api/v1/challenges/{mapped.id}/places").get_json()
    assert data["features"][0]["geometry"]["coordinates"] == [POINT[1], POINT[0]]


def test_hidden_ideas_have_no_point_in_public(client, mapped, placed):
    from cocreate.ideas.models import Visibility

    placed.visibility = Visibility.hidden
    db.session.commit()
    assert client.get(f"/api/v1/challenges/{mapped.id}/places").get_json()["features"] == []


def test_open_data_has_rounded_points_and_stays_valid(client, mapped, placed, tmp_path):
    response = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    folder = tmp_path / "pakke"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    rows = (folder / "idea_places.csv").read_text().splitlines()
    assert rows[0] == "idea_id,latitude,longitude,place"
    assert rows[1] == f"{placed.id},59.912,10.747,Parken"
    collection = json.loads((folder / "idea_places.geojson").read_text())
    assert collection["features"][0]["geometry"]["coordinates"] == [10.747, 59.912]
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("frictionless")),
            "validate",
            "--json",
            str(folder / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:2000]


# CSP, files, degrading ----------------------------------------------------------------------


def test_csp_allows_the_configured_tile_origin_in_img_src(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    img = next(d for d in policy.split("; ") if d.startswith("img-src"))
    assert img == "img-src 'self' data: http://127.0.0.1:9"  # TestConfig: a closed local port
    assert "127.0.0.1:9" not in policy.replace(img, "")


def test_default_tiles_are_kartverkets_open_cache(monkeypatch):
    monkeypatch.delenv("MAP_TILE_URL", raising=False)
    config = Config()
    assert config.MAP_TILE_URL.startswith("https://cache.kartverket.no/v1/wmts/1.0.0/topo/")
    assert config.MAP_TILE_ATTRIBUTION == "© Kartverket"
    policy = content_security_policy("n", (origin_of(config.MAP_TILE_URL) or "",))
    assert "img-src 'self' data: https://cache.kartverket.no;" in policy


def test_csp_takes_the_tile_origin_from_config(app_factory_tiles):
    policy = app_factory_tiles.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: http://127.0.0.1:8765;" in policy


@pytest.fixture
def app_factory_tiles(app):
    from cocreate import create_app
    from tests.conftest import make_config

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    return create_app(make_config(url, MAP_TILE_URL="http://127.0.0.1:8765/{z}/{x}/{y}.png"))


def test_origin_of():
    assert origin_of("https://cache.kartverket.no/v1/wmts/{z}/{y}/{x}.png") == (
        "https://cache.kartverket.no"
    )
    assert origin_of("/tiles/{z}/{x}/{y}.png") is None
    assert "img-src 'self' data:;" in content_security_policy("n")


def test_map_files_are_served_fingerprinted(client, mapped, placed):
    page = client.get(f"/k/heimby/utfordringer/{mapped.id}").get_data(True)
    for name in ("vendor/leaflet/leaflet", "vendor/leaflet/leaflet.markercluster", "js/places"):
        assert f"/static/{name}." in page
    import re

    src = re.search(r'src="(/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.js)"', page)
    assert src, "leaflet.js is not fingerprinted"
    served = client.get(src.group(1))
    assert served.status_code == 200 and "immutable" in served.headers["Cache-Control"]


def test_without_vendor_files_the_page_keeps_list_and_links(app, client, mapped, placed, tmp_path):
    static = tmp_path / "static"
    shutil.copytree(app.static_folder, static, ignore=shutil.ignore_patterns("vendor"))
    original = app.static_folder
    app.static_folder = str(static)
    try:
        page = client.get(f"/k/heimby/utfordringer/{mapped.id}").get_data(True)
    finally:
        app.static_folder = original
    assert "data-place-map" not in page and "leaflet" not in page
    assert f"/k/heimby/utfordringer/{mapped.id}/steder" in page
    assert "Lekeplass i parken" in page  # the idea list stays


def test_leaflet_is_pinned_and_installed_by_make_install():
    root = Path(__file__).resolve().parents[2]
    wanted = json.loads((root / "package.json").read_text())["dependencies"]
    assert set(wanted) == {"leaflet", "leaflet.markercluster"}
    assert all(v[0].isdigit() for v in wanted.values()), "pin exact versions"
    lock = json.loads((root / "package-lock.json").read_text())["packages"]
    for name, version in wanted.items():
        assert lock[f"node_modules/{name}"]["version"] == version
    makefile = (root / "Makefile").read_text()
    assert "install: $(VENV)/.installed vendor" in makefile
    assert "install-dev: $(VENV)/.installed-dev vendor" in makefile
    assert "static/vendor/" in (root / ".gitignore").read_text()


def test_map_section_shows_while_points_exist_and_not_without(
    client, world, mapped, placed, create_challenge_f
):
    configure_places(mapped, mode=PlaceMode.off, decimals=3, actor=None)
    db.session.commit()
    assert "Innspillene på kartet" in client.get(f"/k/heimby/utfordringer/{mapped.id}").get_data(
        True
    )
    plain = create_challenge_f(world.municipality, title="Uten kart")
    db.session.commit()
    assert "Innspillene på kartet" not in client.get(f"/k/heimby/utfordringer/{plain.id}").get_data(
        True
    )
