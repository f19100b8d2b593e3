"""axe-core on every page a visitor, a citizen and an administrator can reach by links, in bokmål
and English: zero violations of the WCAG 2.0/2.1 A and AA rules. A failure names page and rule."""

import pytest

from .helpers import ROLES, axe_violations, describe_violations, email_of, login

pytestmark = pytest.mark.browser

# Pages that must be among those checked, for each role (the crawler finds the rest by links).
EXPECTED = {
    "anonymous": {
        "site.index",
        "site.about_roadmap",
        "site.accessibility",
        "site.municipality_accessibility",
        "challenges.municipality",
        "challenges.principle",
        "challenges.detail",
        "ideas.detail",
        "accounts.login",
        "accounts.register",
        "accounts.forgot_password",
        "workshops.join",
        "workshops.live",
        "workshops.receipt",
        "accounts.reset_password",
        "notifications.unsubscribe",
    },
    "citizen": {
        "site.index",
        "accounts.settings",
        "accounts.change_password",
        "ideas.new",
        "ideas.detail",
        "pipeline.my_ideas_page",
        "ideas.edit",
        "ideas.edit_comment_view",
        "ideas.index",
        "metrics.survey",
        "notifications.preferences",
        "notifications.index",
    },
    "admin": {
        "site.index",
        "accounts.settings",
        "challenges.create",
        "challenges.edit",
        "pipeline.board",
        "pipeline.move",
        "site.accessibility_settings",
        "workshops.manage",
        "workshops.wall",
        "workshops.wall?projektor",
        "exports.index",
        "members.index",
        "settings.edit",
    },
}


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_no_wcag_violations(live, inventory, new_context, role, lang):
    pages = inventory[role]
    missing = EXPECTED[role] - {endpoint for endpoint, _path in pages}
    assert not missing, f"pages the crawl did not reach as {role}: {sorted(missing)}"
    context = new_context(lang)
    email = email_of(live, role)
    page = context.new_page()
    if email:
        login(page, email)
    problems = []
    for endpoint, path in pages:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang, path
        where = f"{path} ({endpoint}, {lang}, {role})"
        problems += describe_violations(where, axe_violations(page))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_error_pages_have_no_wcag_violations(live, new_context, lang):
    page = new_context(lang).new_page()
    problems = []
    response = page.goto("/denne-siden-finnes-ikke")
    assert response.status == 404
    problems += describe_violations(f"404 page ({lang})", axe_violations(page))
    login(page, live.world.citizen_email)
    response = page.goto(f"/k/{live.world.slug}/tilgjengelighet/innstillinger")
    assert response.status == 403
    problems += describe_violations(f"403 page ({lang})", axe_violations(page))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
