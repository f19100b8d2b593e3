"""Open Graph and Twitter card metadata on the public pages: what the page is (title,
description, address, image, language, site), escaped, and never from what the public may not
see."""

import re
from html import unescape

import pytest
from PIL import Image

from cocreate.embeds.cards import FOLDER, SITE_CARD, card_name
from cocreate.embeds.social import plain
from cocreate.extensions import db
from cocreate.ideas.models import Visibility
from cocreate.reference.data import PRINCIPLES
from tests.hearings.conftest import Hearings

META = re.compile(r'<meta (?:property|name)="([a-z:_]+)" content="([^"]*)">')
NAMES = (
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:locale",
    "og:site_name",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
)


def meta(client, path: str, **headers) -> dict[str, str]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    head = html.split("</head>", 1)[0]
    found = dict(META.findall(head))
    for name in NAMES:
        assert name in found, f"{path}: no {name}"
    return found


def test_a_challenge_page_says_what_it_is_with_its_principles_card(client, embeds):
    path = f"/k/heimby/utfordringer/{embeds.challenge.id}"
    tags = meta(client, path)
    # Escaped in the attribute: the raw page never has the title's < > unescaped.
    assert tags["og:title"].startswith("Et grønnere sentrum &lt;for alle&gt;")
    assert unescape(tags["og:title"]).startswith("Et grønnere sentrum <for alle>")
    assert tags["og:description"] == "Fortell oss."
    assert tags["og:url"].endswith(path)
    assert tags["og:url"].startswith("http")
    # The lowest-numbered of its principles (4 and 1).
    assert re.search(r"/static/og/prinsipp-1(\.[0-9a-f]{12})?\.png$", tags["og:image"])
    assert tags["og:image"].startswith("http")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["og:locale"] == "nb_NO" and tags["og:site_name"] == "Samskap"


def test_the_language_follows_the_reader(client, embeds):
    client.set_cookie("lang", "en")
    tags = meta(client, f"/k/heimby/utfordringer/{embeds.challenge.id}")
    assert tags["og:locale"] == "en_GB"
    client.set_cookie("lang", "nn")
    assert meta(client, "/k/heimby/")["og:locale"] == "nn_NO"


def test_an_input_page_describes_the_input_escaped(client, embeds):
    idea = embeds.ideas[1]
    idea.body = 'Plant "blomster" <script>alert(1)</script> & la **biene** leve.'
    db.session.flush()
    tags = meta(client, f"/k/heimby/innspill/{idea.id}")
    assert "Blomsterenger &amp; bier" in tags["og:title"]
    assert tags["og:description"] == (
        "Plant &#34;blomster&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; la biene leve."
    )
    assert tags["twitter:description"] == tags["og:description"]


def test_a_hidden_input_gives_nothing_of_itself(client, embeds):
    idea = embeds.ideas[2]
    idea.body = "HEMMELIGTEKST som ingen skal se."
    idea.visibility = Visibility.hidden
    db.session.flush()
    response = client.get(f"/k/heimby/innspill/{idea.id}")
    assert "HEMMELIGTEKST" not in response.get_data(as_text=True)


def test_a_municipality_page_shows_its_logo_or_the_site_card(client, embeds, world):
    tags = meta(client, "/k/heimby/")
    assert f"/static/og/{SITE_CARD.removesuffix('.png')}" in tags["og:image"]
    world.municipality.intro = "Velkommen til Heimby – en grønn kommune."
    world.municipality.logo = "0123456789abcdef.png"
    db.session.flush()
    tags = meta(client, "/k/heimby/")
    assert tags["og:image"].endswith("/k/heimby/logo/0123456789abcdef.png")
    assert tags["og:description"] == "Velkommen til Heimby – en grønn kommune."
    # The results and the action page are the municipality's too.
    assert meta(client, "/k/heimby/resultater")["og:image"] == tags["og:image"]
    assert meta(client, "/k/heimby/fra-ord-til-handling")["og:image"] == tags["og:image"]


def test_a_result_page_describes_the_result(client, embeds):
    tags = meta(client, f"/k/heimby/resultater/{embeds.result.id}")
    assert tags["og:description"] == "Ti benker langs elva."
    assert "Nye benker i bypark" in tags["og:title"]


def test_the_front_page_has_a_sensible_default(client, app_ctx):
    tags = meta(client, "/")
    assert "fra hørt til gjort" in tags["og:description"]
    assert tags["og:image"].endswith(".png")


@pytest.mark.parametrize("number", [p["number"] for p in PRINCIPLES])
def test_every_principle_has_its_card(number):
    with Image.open(FOLDER / card_name(number)) as image:
        assert image.format == "PNG" and image.size == (1200, 630)


def test_a_description_is_one_plain_line_cut_at_a_word():
    assert plain("## Tittel\n\nEn *viktig*   sak.") == "Tittel En viktig sak."
    long = plain("ord " * 100)
    assert len(long) <= 200 and long.endswith("ord…")


def test_a_signed_in_readers_page_pays_no_query_for_the_card(client, embeds, world):
    """Link previews are made by crawlers, never signed in: staff and residents get the site's
    card without the principle's look-up."""
    client.post("/logg-inn", data={"email": world.citizen.email, "password": "riktig-hest-batteri"})
    tags = meta(client, f"/k/heimby/utfordringer/{embeds.challenge.id}")
    assert "/static/og/samskap" in tags["og:image"]
    assert tags["og:description"] == "Fortell oss."


def test_a_hearing_page_describes_the_open_hearing_and_not_a_draft(client, world):
    hearings = Hearings(world)
    tags = meta(client, f"/k/heimby/horinger/{hearings.hearing.id}")
    assert tags["og:description"] == "Om skoleveier."
    assert "Trafikksikkerhetsplan" in tags["og:title"]
    client.post("/logg-inn", data={"email": world.admin.email, "password": "riktig-hest-batteri"})
    draft = meta(client, f"/k/heimby/horinger/{hearings.draft.id}")  # staff see the draft page
    assert "sentrum" not in draft["og:description"]  # but its summary is not yet public
