"""Issue 22 §4's journey in a real browser: with a tile server the test starts itself (no test
reaches the internet), a citizen places an idea by clicking on the map; without JavaScript a
place name does; the challenge page shows the marker; a point outside the municipality's box is
refused; the idea form and the challenge page pass axe in nb and en."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import uuid4

import pytest
from PIL import Image
from playwright.sync_api import expect

from cocreate.challenges.models import Challenge
from cocreate.places.geo import Box
from cocreate.places.models import IdeaPlace, PlaceMode
from cocreate.places.services import configure_places, set_bounds

from .helpers import axe_violations, describe_violations, login, main
from .seed import seed_browser_world
from .server import serve

pytestmark = pytest.mark.browser
BOX = Box(59.0, 10.0, 60.0, 11.0)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def tiles():
    """A tile server on 127.0.0.1: the same light-green PNG for every tile; counts requests."""
    body, seen = _png(), []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def live(tiles):
    """This module's own server: its tiles come from the local tile server."""
    url = tiles[0] + "/{z}/{x}/{y}.png"
    with serve(seed_browser_world, MAP_TILE_URL=url, MAP_TILE_ATTRIBUTION="© Testkart") as server:
        with server.db() as session:
            challenge = session.get(Challenge, server.world.challenge_id)
            configure_places(challenge, mode=PlaceMode.optional, decimals=3, actor=None)
            set_bounds(challenge.municipality, BOX, actor=None)
        yield server


def _new_idea(page, live, title: str) -> None:
    world = live.world
    page.goto(f"/k/{world.slug}/utfordringer/{world.challenge_id}/nytt-innspill")
    main(page).locator("input[name=title]").fill(title)
    main(page).locator("textarea[name=body]").fill("Her trengs det benker og lys om kvelden.")


def _place_of(live, title: str) -> IdeaPlace | None:
    from sqlalchemy import select

    from cocreate.ideas.models import Idea

    with live.db() as session:
        idea = session.scalar(select(Idea).where(Idea.title == title))
        assert idea is not None, f"no idea «{title}»"
        place = session.get(IdeaPlace, idea.id)
        if place is not None:
            session.expunge(place)
        return place


def test_a_citizen_places_an_idea_by_clicking_and_sees_it_on_the_map(live, tiles, new_context):
    problems: list[str] = []
    title = f"Benk ved stranda {uuid4().hex[:6]}"
    page = new_context().new_page()
    refused: list[str] = []  # the strict CSP must let the map work (tiles, Leaflet's styles)
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    login(page, live.world.citizen_email)
    _new_idea(page, live, title)
    picker = main(page).locator("[data-place-picker]")
    expect(picker).to_be_visible()
    expect(picker.locator("img.leaflet-tile-loaded").first).to_be_attached()
    assert tiles[1], "the map asked the local tile server for no tile"
    problems += describe_violations("idea form with map (nb)", axe_violations(page))
    size = picker.bounding_box()
    assert size is not None
    picker.click(position={"x": size["width"] / 2 + 20, "y": size["height"] / 2 + 10})
    lat = main(page).locator("input[name='sted-lat']")
    expect(lat).not_to_have_value("")
    expect(main(page).locator("[data-place-status]")).to_contain_text("Valgt punkt")
    main(page).locator("button[type=submit]").first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    place = _place_of(live, title)
    assert place is not None and place.lat is not None and BOX.contains(place.lat, place.lon)

    page.goto(f"/k/{live.world.slug}/utfordringer/{live.world.challenge_id}")
    overview = main(page).locator("[data-place-map]")
    expect(overview).to_have_attribute("data-markers", "1")
    expect(overview.locator(".leaflet-marker-icon").first).to_be_visible()
    problems += describe_violations("challenge page with map (nb)", axe_violations(page))
    assert not refused, refused

    english = new_context("en").new_page()
    login(english, live.world.citizen_email)
    english.goto(f"/k/{live.world.slug}/utfordringer/{live.world.challenge_id}")
    expect(main(english).locator("[data-place-map] .leaflet-marker-icon").first).to_be_visible()
    problems += describe_violations("challenge page with map (en)", axe_violations(english))
    english.goto(f"/k/{live.world.slug}/utfordringer/{live.world.challenge_id}/nytt-innspill")
    expect(main(english).locator("[data-place-picker]")).to_be_visible()
    problems += describe_violations("idea form with map (en)", axe_violations(english))
    assert not problems, "\n".join(problems)


def test_a_point_outside_the_box_is_refused(live, new_context):
    title = f"Langt nord {uuid4().hex[:6]}"
    page = new_context().new_page()
    login(page, live.world.citizen_email)
    _new_idea(page, live, title)
    main(page).locator("input[name='sted-lat']").fill("69,65")
    main(page).locator("input[name='sted-lon']").fill("18,96")
    main(page).locator("button[type=submit]").first.click()
    expect(main(page).locator(".error-summary")).to_contain_text("Punktet ligger utenfor")
    problems = describe_violations("refused point (nb)", axe_violations(page))
    assert not problems, "\n".join(problems)


def test_without_javascript_a_place_name_is_enough(live, new_context):
    title = f"Lys i parken {uuid4().hex[:6]}"
    page = new_context(java_script_enabled=False).new_page()
    login(page, live.world.citizen_email)
    _new_idea(page, live, title)
    expect(main(page).locator("[data-place-picker]")).to_be_hidden()
    main(page).locator("input[name='sted-text']").fill("Strandparken")
    main(page).locator("button[type=submit]").first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    place = _place_of(live, title)
    assert place is not None and place.place_text == "Strandparken" and place.lat is None
    page.goto(f"/k/{live.world.slug}/utfordringer/{live.world.challenge_id}")
    main(page).get_by_role("link", name="Innspillene med sted som liste").click()
    expect(main(page).locator("table")).to_be_visible()
