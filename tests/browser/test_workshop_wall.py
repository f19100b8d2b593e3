"""In a real browser: the wall picks up new notes and dots by itself (JSON + ETag polling), and
the workshop pages pass axe-core's WCAG A/AA rules."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import axe_violations, describe_violations, login, main

pytestmark = pytest.mark.browser


def _check_axe(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, "\n".join(describe_violations(where, violations))


def test_wall_updates_itself_while_participants_post_and_vote(live, new_context):
    world = live.world
    facilitator = new_context().new_page()
    login(facilitator, world.facilitator_email)
    facilitator.goto(f"/k/{world.slug}/utfordringer/{world.challenge_id}/verksteder/ny")
    form = main(facilitator)
    form.get_by_label("Tittel").fill("Kveldsverksted i Strandparken")
    form.get_by_label("Fysisk", exact=True).check()
    form.get_by_label("Sted").fill("Paviljongen")
    form.get_by_label("Starter").fill("2031-06-01T17:00")
    form.get_by_label("Slutter").fill("2031-06-01T19:00")
    form.get_by_role("button", name="Opprett verksted").click()
    code = re.search(r"Koden er ([A-Z0-9]{6})", facilitator.content()).group(1)
    _check_axe(facilitator, "workshop manage page")
    main(facilitator).get_by_role("button", name="Start økten").click()
    main(facilitator).get_by_role("link", name=re.compile("^Veggen")).click()
    _check_axe(facilitator, "wall")
    wall_url = facilitator.url

    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto("/w")
    main(phone).get_by_label("Verkstedkode").fill(code.lower())
    main(phone).get_by_role("button", name="Bli med").click()
    _check_axe(phone, "participant page")
    main(phone).get_by_label("Din lapp").fill("Lys i paviljongen om kvelden")
    main(phone).get_by_role("button", name="Sett på veggen").click()
    expect(phone.locator(".flash-success")).to_contain_text("Kvitteringskoden din er")

    # No reload on the facilitator's side: the note arrives through polling.
    card = facilitator.locator(".note-list .note", has_text="Lys i paviljongen om kvelden")
    expect(card).to_be_visible(timeout=15_000)
    assert facilitator.url == wall_url
    main(phone).get_by_role("button", name="Gi en prikk").click()
    expect(card.locator("[data-dots]")).to_have_text("1 prikk", timeout=15_000)
    expect(facilitator.locator('[data-total="participants"]')).to_have_text("1")

    # The card made by the script works like a server-made one: hide it with its own form.
    card.get_by_label("Grunn").select_option("utenfor_tema")
    card.get_by_role("button", name="Skjul").click()
    expect(main(facilitator).locator("#skjulte")).to_contain_text("Lys i paviljongen om kvelden")

    facilitator.goto(wall_url + "?projektor=1")
    expect(facilitator.locator(".join-code")).to_have_text(code)
    _check_axe(facilitator, "projector")
