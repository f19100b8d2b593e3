"""The language follows the person (issue 14, point 4): a new citizen registers, switches to
nynorsk in the header, reads nynorsk on the next page and gets the next e-mail in nynorsk; the
switch is a form without JavaScript and brings them back to the page they were on."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.ideas.services import submit_idea
from cocreate.notifications.outbox import send_pending

from .helpers import axe_violations, describe_violations
from .journeys import answer_idea, register_and_verify
from .keyboard import Mouse

pytestmark = pytest.mark.browser


def _deliver(live) -> None:
    """Send what is due in the outbox (a worker or cron does this outside the tests)."""
    with live.app.app_context():
        send_pending()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_new_citizen_switches_to_nynorsk_and_keeps_it(live, new_context, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    email = register_and_verify(page, live, Mouse(page))
    with live.db() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user.locale == "nb"  # sign-up kept the language in use
        title = f"Sykkelstativ ved skulen {uuid4().hex[:6]}"
        challenge = session.get(Challenge, live.world.challenge_id)
        submit_idea(challenge, title=title, body="Det manglar plass til syklar.", author=user)

    page.goto("/om-veikartet?fra=test")
    page.locator(".lang-switch").get_by_role("button", name="Nynorsk").click()
    # Back on the same page, now in nynorsk, and the choice is on the account.
    expect(page).to_have_url(f"{live.url}/om-veikartet?fra=test")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Om vegkartet")
    with live.db() as session:
        assert session.scalar(select(User.locale).where(User.email == email)) == "nn"

    # A fresh browser without the language cookie: the account decides.
    page.context.clear_cookies(name="lang")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nn")

    # The next e-mail: the municipality answers the citizen's own input.
    answer_idea(live, title, f"Vi set opp stativ til våren. {uuid4().hex[:6]}")
    _deliver(live)
    mail = live.last_mail_to(email)
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert title in mail["Subject"]
    assert re.search(r"Innspelet «.+» er flytt til steget", text), text
    assert "Les meir:" in text and "Les mer:" not in text


def test_the_confirmation_page_for_a_bare_link_is_accessible(live, new_context):
    page = new_context().new_page()
    register_and_verify(page, live, Mouse(page))
    page.goto("/sprak/en?next=/om-veikartet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Språk")
    violations = axe_violations(page)
    assert not violations, "\n".join(describe_violations("/sprak/en", violations))
    page.get_by_role("button", name="Bruk English").click()
    expect(page).to_have_url(f"{live.url}/om-veikartet")
    expect(page.get_by_role("heading", level=1)).to_have_text("About the roadmap")
