"""axe-core on every page a visitor, a citizen and an administrator can reach by links, in bokmål
and English: zero violations of the WCAG 2.0/2.1 A and AA rules. A failure names page and rule."""

import pytest

from .helpers import axe_violations, crawl, describe_violations, login

pytestmark = pytest.mark.browser

# Pages that must be among those checked, for each role (the crawler finds the rest by links).
EXPECTED = {
    "anonymous": {
        "site.index",
        "site.about_roadmap",
        "site.accessibility",
        "challenges.municipality",
        "challenges.principle",
        "accounts.login",
        "accounts.register",
        "accounts.forgot_password",
    },
    "citizen": {"site.index", "accounts.settings", "accounts.change_password"},
    "admin": {"site.index", "accounts.settings", "challenges.municipality"},
}


def start_paths(live) -> list[str]:
    slug = live.world.slug
    return ["/", f"/k/{slug}/", "/tilgjengelighet", "/logg-inn", "/registrer", "/konto"]


def who(live, role: str) -> str | None:
    world = live.world
    return {"anonymous": None, "citizen": world.citizen_email, "admin": world.admin_email}[role]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("role", ["anonymous", "citizen", "admin"])
def test_no_wcag_violations(live, new_context, role, lang):
    context = new_context(lang)
    email = who(live, role)
    if email:
        login(context.new_page(), email)
    problems, seen = [], set()
    for endpoint, path, page in crawl(context, live, start_paths(live)):
        seen.add(endpoint)
        assert page.locator("html").get_attribute("lang") == lang, path
        where = f"{path} ({endpoint}, {lang}, {role})"
        problems += describe_violations(where, axe_violations(page))
    missing = EXPECTED[role] - seen
    assert not missing, f"pages not reached by the crawl: {sorted(missing)}"
    assert not problems, "WCAG violations:\n" + "\n".join(problems)
