"""Issue 22 §3's journeys in a real browser: a citizen writing an idea that duplicates an
existing one is offered it ("Kanskje du vil støtte denne i stedet?") after a preview step that
keeps the typed text, and supports it instead; a visitor searches with a typo and a Norwegian
inflection and sees highlighted results. Without JavaScript; then once with it for the live
suggestions. axe finds nothing in nb and en."""

import random

import pytest
from playwright.sync_api import expect

from cocreate.accounts.services import create_user
from cocreate.challenges.models import Challenge
from cocreate.ideas.services import submit_idea

from .helpers import PASSWORD, axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser
# A made-up place name no demo text has: consonants only, so no ending is ever stemmed away.
LETTERS = "bcdfghjklmnpqrtvwxz"


def _existing(live) -> tuple[str, str]:
    """An existing idea about a cycle path at a made-up place; its title and the place."""
    place = "".join(random.choice(LETTERS) for _ in range(7))
    title = f"Egen sykkelvei ved {place}"
    with live.db() as session:
        author = create_user(f"{place}@example.no", "Innbygger", PASSWORD, verified=True)
        challenge = session.get(Challenge, live.world.challenge_id)
        submit_idea(challenge, title=title, body="Barna trenger en trygg vei.", author=author)
    return title, place


def _preview(page, form_path: str, title: str, body: str, button: str = "Send inn") -> None:
    page.goto(form_path)
    main(page).locator("input[name=title]").fill(title)
    main(page).locator("textarea[name=body]").fill(body)
    main(page).get_by_role("button", name=button, exact=True).click()


def test_a_duplicate_is_offered_and_supported_instead(live, new_context):
    world = live.world
    title, place = _existing(live)
    page = new_context(java_script_enabled=False).new_page()
    login(page, world.citizen_email)
    form_path = f"/k/{world.slug}/utfordringer/{world.challenge_id}/nytt-innspill"
    mine = f"Sykkelvei til skolen ved {place}"
    _preview(page, form_path, mine, "Min egen tekst som ikke må forsvinne.")

    offer = main(page).locator("#lignende")
    expect(offer.get_by_role("heading")).to_have_text("Kanskje du vil støtte denne i stedet?")
    expect(offer.get_by_role("link", name=title)).to_be_visible()
    # Nothing typed is lost.
    expect(main(page).get_by_label("Tittel")).to_have_value(mine)
    expect(main(page).get_by_label("Beskriv innspillet")).to_have_value(
        "Min egen tekst som ikke må forsvinne."
    )
    expect(main(page).get_by_role("button", name="Send inn likevel")).to_be_visible()

    offer.get_by_role("button", name=f"Støtt «{title}»").click()
    expect(h1(page)).to_have_text(title)
    expect(page.locator(".flash-success")).to_contain_text(f"Du støtter nå «{title}»")

    # The other way: send in one's own anyway.
    _preview(page, form_path, f"Sykkelvei over {place}", "Likevel mitt eget innspill.")
    main(page).get_by_role("button", name="Send inn likevel").click()
    expect(h1(page)).to_have_text(f"Sykkelvei over {place}")

    # axe runs scripts: the same preview step in a browser with JavaScript, in nb and en.
    problems = []
    for lang, button in (("nb", "Send inn"), ("en", "Submit")):
        checked = new_context(lang).new_page()
        login(checked, world.citizen_email)
        _preview(checked, form_path, f"Sykkelvei ved {place} nå", "Tekst.", button)
        expect(main(checked).locator("#lignende")).to_contain_text(title)
        problems += describe_violations(f"idea form, preview ({lang})", axe_violations(checked))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_a_visitor_finds_with_a_typo_and_an_inflection(live, new_context):
    world = live.world
    title, place = _existing(live)
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/k/{world.slug}/sok")
    # "sykelveier": a letter missing, and the plural of "sykkelvei".
    main(page).get_by_label("Søk etter").fill(f"sykelveier {place}")
    main(page).get_by_role("button", name="Søk", exact=True).click()
    hit = main(page).locator(".search-hit").filter(has_text=title)
    expect(hit).to_have_count(1)
    expect(hit.locator("mark", has_text="sykkelvei")).to_have_count(1)
    expect(hit.locator("mark", has_text=place)).to_have_count(1)
    results_path = page.url.split(live.url, 1)[1]
    hit.get_by_role("link").click()
    expect(h1(page)).to_have_text(title)

    # The whole installation's search finds it too, from the header.
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Søk").click()
    main(page).get_by_label("Søk etter").fill(f"sykkelveiene {place}")
    main(page).get_by_role("button", name="Søk", exact=True).click()
    expect(main(page).locator(".search-hit").filter(has_text=title)).to_have_count(1)

    problems = []
    for lang in ("nb", "en"):
        checked = new_context(lang).new_page()
        checked.goto(f"/k/{world.slug}/sok")
        problems += describe_violations(f"search form ({lang})", axe_violations(checked))
        checked.goto(results_path)
        expect(main(checked).locator(".search-hit mark").first).to_be_visible()
        problems += describe_violations(f"search results ({lang})", axe_violations(checked))
        checked.goto(results_path + "&q=")
        problems += describe_violations(f"search message ({lang})", axe_violations(checked))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_live_suggestions_with_javascript(live, new_context):
    world = live.world
    title, place = _existing(live)
    page = new_context().new_page()
    login(page, world.citizen_email)
    page.goto(f"/k/{world.slug}/utfordringer/{world.challenge_id}/nytt-innspill")
    main(page).get_by_label("Tittel").press_sequentially(f"Sykkelvei ved {place}", delay=20)
    live_box = main(page).locator(".live-suggestions")
    expect(live_box.get_by_role("heading")).to_have_text("Kanskje du vil støtte denne i stedet?")
    expect(live_box.get_by_role("link", name=title)).to_be_visible()
    assert not describe_violations("idea form, live suggestions", axe_violations(page))
