"""An administrator invites a facilitator in a real browser; the facilitator opens the link from
the delivered e-mail, sets a name and a password, and lands signed in with the staff menu."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from cocreate.notifications.outbox import send_pending

from .helpers import axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser

PASSWORD = "fjell-og-fjord-i-kveld-9"


def deliver(live) -> None:
    """Hand the outbox to the mail backend, as the worker would (the test server has none)."""
    with live.app.app_context():
        send_pending()


def test_admin_invites_a_facilitator_who_accepts_by_the_mailed_link(live, new_context):
    world = live.world
    admin = new_context().new_page()
    login(admin, world.admin_email)

    # From the municipality page to the staff page, through the admin link.
    admin.goto(f"/k/{world.slug}/")
    main(admin).get_by_role(
        "link", name="Se og endre hvem som er fasilitator og administrator"
    ).click()
    expect(h1(admin)).to_contain_text("Medlemmer og roller")
    staff_table = main(admin).locator("table.members-table")
    expect(staff_table).to_contain_text(world.admin_email)

    email = f"fasilitator-{uuid4().hex[:8]}@fjordvik.example"
    form = main(admin).locator("form", has=admin.get_by_role("button", name="Send invitasjon"))
    form.get_by_label("E-postadresse").fill(email)
    form.get_by_label("Fasilitator").check()
    form.get_by_role("button", name="Send invitasjon").click()
    expect(admin.locator(".flash-success")).to_contain_text(f"Invitasjonen er sendt til {email}")
    expect(main(admin).locator("table.invitations-table")).to_contain_text(email)

    # The e-mail leaves, and the person follows the link in it.
    deliver(live)
    text = live.last_mail_to(email).get_content()
    match = re.search(r"https?://\S+/invitasjon/\S+", text)
    assert match, text
    person = new_context().new_page()
    person.goto(match.group(0))
    expect(h1(person)).to_contain_text("Bli fasilitator for")
    expect(main(person)).to_contain_text(email)
    main(person).get_by_label("Navn").fill("Frida Fasilitator")
    main(person).get_by_label("Passord (minst 10 tegn)").fill(PASSWORD)
    main(person).get_by_label("Gjenta passordet").fill(PASSWORD)
    main(person).get_by_role("button", name="Godta og opprett konto").click()

    # Signed in as facilitator: welcomed, the municipality in the staff menu, staff tools at hand.
    expect(person.locator(".flash-success")).to_contain_text("Du er nå fasilitator")
    header = person.locator(".site-header")
    expect(header.get_by_role("button", name="Logg ut")).to_be_visible()
    expect(header.get_by_role("link", name=re.compile("Fjordvik"))).to_be_visible()
    main(person).get_by_role("link", name=re.compile("^Moderering")).click()
    expect(h1(person)).to_contain_text("Moderering i")

    # The link worked once; the admin sees the new member and no pending invitation.
    person.goto(match.group(0))
    expect(h1(person)).to_have_text("Invitasjonen kan ikke brukes")
    admin.reload()
    expect(staff_table).to_contain_text(email)
    expect(main(admin)).not_to_contain_text("Trekk tilbake: " + email)
    row = staff_table.locator("tr", has_text=email)
    expect(row).to_contain_text("Fasilitator")

    # The members page, with a pending invitation on it, passes axe in both languages.
    form.get_by_label("E-postadresse").fill(f"neste-{uuid4().hex[:6]}@fjordvik.example")
    form.get_by_role("button", name="Send invitasjon").click()
    expect(admin.locator(".flash-success")).to_be_visible()
    problems = describe_violations("members page (nb)", axe_violations(admin))
    english = new_context("en").new_page()
    login(english, world.admin_email)
    english.goto(f"/k/{world.slug}/medlemmer")
    expect(h1(english)).to_contain_text("Members and roles")
    problems += describe_violations("members page (en)", axe_violations(english))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
