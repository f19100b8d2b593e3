"""The embed pages (content, light layout, what the public may see) and the staff page (who sees
the codes, who changes the allowlist, bad input told in Norwegian)."""

import pytest

from cocreate.embeds.queries import origins_of

from .conftest import ANSWER, login

ROLES_STAFF_PAGE = {
    "anonymous": 302,
    "citizen": 403,
    "other_facilitator": 403,
    "facilitator": 200,
    "admin": 200,
}


def _embed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_a_challenges_inputs_embed_lists_them_with_stage_and_support(client, embeds):
    html = _embed(client, f"/embed/k/heimby/utfordringer/{embeds.challenge.id}")
    assert "Et grønnere sentrum &lt;for alle&gt;" in html  # escaped
    assert "Blomsterenger &amp; bier" in html
    assert html.index("Blomsterenger") < html.index("Sykkelparkering")  # most supported first
    assert "2 støtter" in html and "Besluttet" in html and "Hørt" in html
    idea = embeds.ideas[1]
    assert f'href="/k/heimby/innspill/{idea.id}" target="_blank" rel="noopener"' in html
    # Its own light layout: no site header, footer or navigation.
    assert 'class="site-header"' not in html and 'class="site-footer"' not in html
    assert "<nav" not in html and '<base target="_blank">' in html
    assert "css/embed" in html and "js/embed-resize" in html


def test_a_draft_challenge_or_one_of_another_municipality_is_not_embedded(client, embeds, world):
    assert client.get(f"/embed/k/heimby/utfordringer/{embeds.draft.id}").status_code == 404
    assert client.get(f"/embed/k/bortby/utfordringer/{embeds.challenge.id}").status_code == 404
    assert client.get("/embed/k/finnes-ikke/resultater").status_code == 404


def test_the_action_embed_shows_decided_inputs_with_the_answer(client, embeds):
    html = _embed(client, "/embed/k/heimby/fra-ord-til-handling")
    assert "Flere benker i parken" in html and ANSWER in html
    assert "Blomsterenger" not in html  # only heard: not yet action
    assert 'href="/k/heimby/fra-ord-til-handling" target="_blank" rel="noopener"' in html


def test_the_results_embed_shows_the_municipalitys_results(client, embeds):
    html = _embed(client, "/embed/k/heimby/resultater")
    assert "Nye benker i bypark" in html and "Planlagt" in html
    assert f"/k/heimby/resultater/{embeds.result.id}" in html
    empty = _embed(client, "/embed/k/bortby/resultater")
    assert "Kommunen har ikke lagt inn resultater ennå." in empty


def test_the_embeds_use_no_inline_script_or_nonce(client, embeds):
    """So they are the same page for every visitor (the page cache keeps them)."""
    for path in (
        f"/embed/k/heimby/utfordringer/{embeds.challenge.id}",
        "/embed/k/heimby/fra-ord-til-handling",
        "/embed/k/heimby/resultater",
    ):
        html = _embed(client, path)
        assert "nonce=" not in html and "style=" not in html and "csrf_token" not in html


@pytest.mark.parametrize("role", list(ROLES_STAFF_PAGE))
def test_who_sees_the_staff_page(app, client, world, embeds, role):
    user = world.roles()[role]
    if user is not None:
        login(client, user)
    response = client.get("/k/heimby/innbygging")
    assert response.status_code == ROLES_STAFF_PAGE[role]
    if response.status_code == 200:
        html = response.get_data(as_text=True)
        may_change = role == "admin"
        assert ('name="origin"' in html) is may_change
        assert "<iframe src=" in html.replace("&lt;", "<")


def test_the_staff_page_shows_a_snippet_per_embed_with_a_title(client, world, embeds):
    login(client, world.facilitator)
    html = client.get("/k/heimby/innbygging").get_data(as_text=True)
    assert "Listen er tom, så ingen nettsteder kan vise sidene ennå." in html
    # In a textarea the snippet is text: its markup is escaped once more.
    assert "/embed/k/heimby/resultater&#34; title=&#34;Resultater – Heimby kommune&#34;" in html
    assert "&lt;iframe src=&#34;http" in html
    assert f"/embed/k/heimby/utfordringer/{embeds.challenge.id}" in html
    # The challenge's title is escaped in the snippet itself, and again in the page.
    assert "Et grønnere sentrum &amp;lt;for alle&amp;gt;" in html
    assert f"/embed/k/heimby/utfordringer/{embeds.draft.id}" not in html
    assert "/static/js/embed-host.js" in html


@pytest.mark.parametrize("role", ["citizen", "facilitator", "other_facilitator"])
def test_only_administrators_change_the_list(client, world, role):
    login(client, world.roles()[role])
    added = client.post("/k/heimby/innbygging", data={"origin": "https://a.no"})
    assert added.status_code == 403
    removed = client.post("/k/heimby/innbygging/fjern", data={"origin": "x"})
    assert removed.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    added = client.post("/k/heimby/innbygging", data={"origin": "https://a.no"})
    assert added.status_code == 302 and "/logg-inn" in added.headers["Location"]


def test_an_administrator_adds_and_removes_a_site(client, world):
    login(client, world.admin)
    page = "/k/heimby/innbygging"
    added = client.post(page, data={"origin": "https://www.heimby.kommune.no/"})
    assert added.status_code == 303
    html = client.get(page).get_data(as_text=True)
    assert "https://www.heimby.kommune.no kan nå vise sidene." in html
    assert "<code>https://www.heimby.kommune.no</code>" in html
    removed = client.post(f"{page}/fjern", data={"origin": "https://www.heimby.kommune.no"})
    assert removed.status_code == 303
    assert origins_of(world.municipality.id) == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://www.heimby.no", "Nettstedet må bruke https://."),
        ("https://www.heimby.no/side", "uten sti"),
        ("", "Skriv adressen til nettstedet"),
    ],
)
def test_bad_input_is_told_in_norwegian(client, world, typed, message):
    login(client, world.admin)
    response = client.post("/k/heimby/innbygging", data={"origin": typed})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert origins_of(world.municipality.id) == []


def test_the_municipality_page_and_settings_page_link_to_it(client, world):
    login(client, world.admin)
    for path in ("/k/heimby/", "/k/heimby/innstillinger"):
        html = client.get(path).get_data(as_text=True)
        assert "/k/heimby/innbygging" in html, path
