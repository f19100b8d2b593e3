"""Issue 22 §5's journey in a real browser without JavaScript: a resident logs in through the
local OpenID provider (the live server's ID-porten), approves on its page, is signed in and sees
"Verifisert med ID-porten" on their own pages. The log-in page with the provider's button passes
axe in nb and en."""

from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.oidc.provider import RESIDENT

from .helpers import axe_violations, describe_violations, main

pytestmark = pytest.mark.browser


def test_a_resident_logs_in_with_id_porten_without_javascript(live, oidc_provider, new_context):
    tag = uuid4().hex[:6]
    oidc_provider.reset()
    oidc_provider.claims = {
        **RESIDENT,
        "sub": f"browser-{tag}",
        "name": f"Kari {tag}",
        "kommunenummer": "9901",  # Fjordvik, the demo municipality
    }
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/logg-inn")
    main(page).get_by_role("link", name="Logg inn med ID-porten").click()
    page.wait_for_url(oidc_provider.issuer + "/authorize?**")
    expect(page.get_by_role("heading", name="Test-ID-porten")).to_be_visible()
    page.get_by_role("button", name="Godkjenn").click()
    page.wait_for_url(live.url + "/")
    expect(page.get_by_text("Du er logget inn og verifisert med ID-porten.")).to_be_visible()
    page.goto("/konto")
    expect(main(page).get_by_text("Verifisert med ID-porten")).to_be_visible()
    expect(main(page).get_by_text("Myndig (18 år eller eldre)")).to_be_visible()
    expect(main(page).get_by_text("Bosatt i Fjordvik")).to_be_visible()
    assert RESIDENT["pid"] not in page.content()
    page.goto("/mine-innspill")
    expect(main(page).get_by_text("Verifisert med ID-porten")).to_be_visible()
    # Logging out works as for everyone else.
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_text("Du er logget ut.")).to_be_visible()
    page.goto("/konto")
    assert "/logg-inn" in page.url


def test_a_declined_log_in_says_so(live, oidc_provider, new_context):
    oidc_provider.reset()
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/logg-inn")
    main(page).get_by_role("link", name="Logg inn med ID-porten").click()
    page.get_by_role("button", name="Avbryt").click()
    page.wait_for_url(live.url + "/logg-inn")
    expect(page.get_by_text("Innloggingen ble avbrutt.")).to_be_visible()


@pytest.mark.parametrize(
    ("lang", "button"), [("nb", "Logg inn med ID-porten"), ("en", "Log in with ID-porten")]
)
def test_the_log_in_page_with_the_provider_button_passes_axe(live, new_context, lang, button):
    page = new_context(lang).new_page()
    page.goto("/logg-inn")
    expect(main(page).get_by_role("link", name=button)).to_be_visible()
    problems = describe_violations(f"log-in page ({lang})", axe_violations(page))
    assert not problems, "\n".join(problems)
