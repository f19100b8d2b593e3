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


def test_a_duplicate_is_offered_and_supported_instead(live, new_context):
    world = live.world
    title, place = _existing(live)
    page = new_context(java_script_enabled=False).new_page()
    login(page, world.citizen_email)
    form_path = f"/k/{world.slug}/utfordringer/{world.challenge_id}/nytt-innspill"
    page.goto(form_path)
    main(page).get_by_label("Tittel").fill(f"Sykkelvei til skolen ved {place}")
    main(page).get_by_label("Beskriv innspillet").fill("Min egen tekst som ikke må forsvinne.")
    main(page).get_by_role("button", name="Send inn").click()

    offer = main(page).locator("#lignende")
    expect(offer.get_by_role("heading")).to_have_text("Kanskje du vil støtte denne i stedet?")
    expect(offer.get_by_role("link", name=title)).to_be_visible()
    # Nothing typed is lost.
    expect(main(page).get_by_label("Tittel")).to_have_value(f"Sykkelvei til skolen ved {place}")
    expect(main(page).get_by_label("Beskriv innspillet")).to_have_value(
        "Min egen tekst som ikke må forsvinne."
    )
    expect(main(page).get_by_role("button", name="Send inn likevel")).to_be_visible()
    problems = describe_violations("idea form, preview (nb)", axe_violations(page))

    offer.get_by_role("button", name=f"Støtt «{title}»").click()
    expect(h1(page)).to_have_text(title)
    expect(page.locator(".flash-success")).to_contain_text(f"Du støtter nå «{title}»")

    # The other way: send in one's own anyway.
    page.goto(form_path)
    main(page).get_by_label("Tittel").fill(f"Sykkelvei over {place}")
    main(page).get_by_label("Beskriv innspillet").fill("Likevel mitt eget innspill.")
    main(page).get_by_role("button", name="Send inn").click()
    main(page).get_by_role("button", name="Send inn likevel").click()
    expect(h1(page)).to_have_text(f"Sykkelvei over {place}")

    english = new_context("en", java_script_enabled=False).new_page()
    login(english, world.citizen_email)
    english.goto(form_path)
    main(english).get_by_label("Title").fill(f"Sykkelvei ved {place} nå")
    main(english).get_by_label("Describe").fill("Tekst.")
    main(english).get_by_role("button", name="Submit").click()
    expect(main(english).locator("#lignende")).to_contain_text(title)
    problems += describe_violations("idea form, preview (en)", axe_violations(english))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_a_visitor_finds_with_a_typo_and_an_inflection(live, new_context):
    world = live.world
    title, place = _existing(live)
    problems = []
    for lang, label, button in (("nb", "Søk etter", "Søk"), ("en", "Search for", "Search")):
        page = new_context(lang, java_script_enabled=False).new_page()
        page.goto(f"/k/{world.slug}/sok")
        problems += describe_violations(f"search form ({lang})", axe_violations(page))
        # "sykelveier": a letter missing, and the plural of "sykkelvei".
        main(page).get_by_label(label).fill(f"sykelveier {place}")
        main(page).get_by_role("button", name=button, exact=True).click()
        hit = main(page).locator(".search-hit").filter(has_text=title)
        expect(hit).to_have_count(1)
        expect(hit.locator("mark").first).to_be_visible()
        expect(hit.locator("mark", has_text="sykkelvei")).to_have_count(1)
        problems += describe_violations(f"search results ({lang})", axe_violations(page))
        hit.get_by_role("link").click()
        expect(h1(page)).to_have_text(title)
    # The whole installation's search finds it too, from the header.
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Søk").click()
    main(page).get_by_label("Søk etter").fill(f"sykkelveiene {place}")
    main(page).get_by_role("button", name="Søk", exact=True).click()
    expect(main(page).locator(".search-hit").filter(has_text=title)).to_have_count(1)
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
