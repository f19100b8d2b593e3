"""The gallery filtered to one municipality as an embed (issue 25 §6): its done inputs and
results in the embeds' light layout, framed only by its allowlist, empty while it does not share."""

from cocreate.embeds.services import add_embed_origin
from cocreate.settings.services import set_sharing

PATH = "/embed/k/heimby/gjort-i-kommunene"


def test_the_gallery_embed_shows_the_municipalitys_done_entries(client, gallery, world):
    response = client.get(PATH)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for title in ("Flere benker i parken", "Lys i lysløypa", "Nye lekeplasser"):
        assert title in html
    assert "Ikke gjort ennå" not in html
    assert 'class="site-header"' not in html and '<base target="_blank">' in html
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Ingenting er gjennomført ennå." in client.get(
        "/embed/k/bortby/gjort-i-kommunene"
    ).get_data(as_text=True)


def test_the_gallery_embed_is_framed_by_the_allowlist(client, gallery, world):
    add_embed_origin(world.municipality, "https://www.heimby.kommune.no", actor=world.admin)
    response = client.get(PATH)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors https://www.heimby.kommune.no" in csp
    assert "X-Frame-Options" not in response.headers


def test_a_municipality_that_does_not_share_embeds_nothing(client, gallery, world):
    set_sharing(world.municipality, False, actor=world.admin)
    html = client.get(PATH).get_data(as_text=True)
    assert "Flere benker i parken" not in html and "Ingenting er gjennomført ennå." in html
