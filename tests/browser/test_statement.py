"""The tilgjengelighetserklæring in a browser: an administrator links the municipality's statement
on uustatus.no, and every visitor finds it from the footer of any page."""

import pytest
from playwright.sync_api import expect

from .helpers import login, main
from .journeys import h1

pytestmark = pytest.mark.browser

STATEMENT = "https://uustatus.no/nb/erklaringer/publisert/9f3c2a10-5b7e-4d61-a2c8-1e0f4b6d7a99"


def test_admin_links_the_statement_and_visitors_find_it(live, new_context):
    world = live.world
    admin = new_context().new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/tilgjengelighet")
    main(admin).get_by_role("link", name="Endre lenken til erklæringen").click()
    field = main(admin).get_by_label("Lenke til kommunens tilgjengelighetserklæring på uustatus.no")
    field.fill("https://example.com/erklaring")
    main(admin).get_by_role("button", name="Lagre").click()
    expect(admin.locator(".error-summary")).to_contain_text("uustatus.no")
    expect(field).to_have_value("https://example.com/erklaring")
    expect(field).to_have_attribute("aria-invalid", "true")
    field.fill(STATEMENT)
    main(admin).get_by_role("button", name="Lagre").click()
    expect(admin.locator(".flash-success")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto("/om-veikartet")
    visitor.locator(".site-footer").get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(h1(visitor)).to_have_text("Tilgjengelighetserklæring")
    expect(main(visitor)).to_contain_text("WCAG 2.1")
    main(visitor).get_by_role("link", name="Fjordvik kommune (demo)").first.click()
    name = "Les erklæringen til Fjordvik kommune (demo) på uustatus.no"
    link = main(visitor).get_by_role("link", name=name)
    expect(link).to_have_attribute("href", STATEMENT)
    expect(main(visitor).get_by_role("link", name="Endre lenken til erklæringen")).to_have_count(0)


def test_facilitator_cannot_change_the_link(live, new_context):
    page = new_context().new_page()
    login(page, live.world.facilitator_email)
    response = page.goto(f"/k/{live.world.slug}/tilgjengelighet/innstillinger")
    assert response.status == 403


def test_statement_in_english(live, new_context):
    page = new_context("en").new_page()
    page.goto("/")
    page.locator(".site-footer").get_by_role("link", name="Accessibility statement").click()
    expect(h1(page)).to_have_text("Accessibility statement")
    expect(main(page)).to_contain_text("WCAG 2.1")
