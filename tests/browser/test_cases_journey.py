"""Issue 23's journey in a real browser: an administrator creates two departments and appoints a
case officer by invitation; three inputs are assigned to the officer's department; the case
officer answers the three in one bulk action from Saksliste; each follower gets one e-mail
through the real SMTP server; and the case officer cannot open the moderation queue. The pages
on the way pass axe in nb and en."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.services import create_user
from cocreate.challenges.models import Challenge
from cocreate.ideas.models import Idea
from cocreate.ideas.services import follow_idea, submit_idea
from cocreate.ideas.stages import Stage
from cocreate.notifications.outbox import send_pending
from cocreate.pipeline.models import StageChange
from tests.smtp import part

from .helpers import PASSWORD, axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser

ANSWER = "Vi har vurdert innspillet og tar det med i arbeidet med trafikkplanen for sentrum."


def _deliver(live) -> None:
    """Hand the outbox to the mail backend, as the worker would."""
    with live.app.app_context():
        send_pending()


def _inputs_with_followers(live, tag: str) -> tuple[list[str], str, str]:
    """Three inputs by one person, followed by another; one input for another department."""
    titles = [f"Busslomme {tag}", f"Fotgjengerfelt {tag}", f"Gatelys {tag}", f"Skolegård {tag}"]
    author_email, follower_email = f"forfatter-{tag}@example.no", f"folger-{tag}@example.no"
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        author = create_user(author_email, "Aud Forfatter", PASSWORD, verified=True)
        follower = create_user(follower_email, "Finn Følger", PASSWORD, verified=True)
        for title in titles:
            idea = submit_idea(challenge, title=title, body="Trygg skolevei, takk.", author=author)
            if title != titles[-1]:
                follow_idea(idea, follower)
    return titles, author_email, follower_email


def test_departments_a_case_officer_and_one_bulk_answer(live, new_context):
    world = live.world
    tag = uuid4().hex[:6]
    titles, author_email, follower_email = _inputs_with_followers(live, tag)
    transport, school = f"Samferdsel {tag}", f"Oppvekst {tag}"
    officer_email = f"saksbehandler-{tag}@example.no"

    # The administrator creates two departments.
    admin = new_context().new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/enheter")
    expect(h1(admin)).to_contain_text("Enheter")
    for name in (transport, school):
        form = main(admin).locator("form", has=admin.get_by_role("button", name="Opprett enheten"))
        form.get_by_label("Navn på enheten").fill(name)
        form.get_by_role("button", name="Opprett enheten").click()
        expect(main(admin).get_by_role("heading", name=name)).to_be_visible()
    problems = describe_violations("departments (nb)", axe_violations(admin))

    # ... and appoints a case officer by invitation, who accepts by the mailed link.
    admin.goto(f"/k/{world.slug}/medlemmer")
    form = main(admin).locator("form", has=admin.get_by_role("button", name="Send invitasjon"))
    form.get_by_label("E-postadresse").fill(officer_email)
    form.get_by_label("Saksbehandler").check()
    form.get_by_role("button", name="Send invitasjon").click()
    expect(admin.locator(".flash-success")).to_contain_text(officer_email)
    _deliver(live)
    link = re.search(r"https?://\S+/invitasjon/\S+", live.last_mail_to(officer_email).get_content())
    assert link, "no invitation link in the mail"
    officer = new_context().new_page()
    officer.goto(link.group(0))
    main(officer).get_by_label("Navn").fill("Siri Saksbehandler")
    main(officer).get_by_label("Passord (minst 10 tegn)").fill(PASSWORD)
    main(officer).get_by_label("Gjenta passordet").fill(PASSWORD)
    main(officer).get_by_role("button", name=re.compile("^Godta")).click()
    expect(officer.locator(".flash-success")).to_contain_text("saksbehandler")

    # The administrator puts the case officer in the transport department.
    admin.goto(f"/k/{world.slug}/enheter")
    section = main(admin).locator("section", has=admin.get_by_role("heading", name=transport))
    section.get_by_label("Person").select_option(label="Siri Saksbehandler")
    section.get_by_role("button", name=re.compile("^Legg til i enheten")).click()
    section = main(admin).locator("section", has=admin.get_by_role("heading", name=transport))
    expect(section.locator(".member-list")).to_contain_text("Siri Saksbehandler")

    # Three inputs are assigned to the department and the officer; the fourth to the school.
    admin.goto(f"/k/{world.slug}/tildel")
    for title in titles[:3]:
        main(admin).get_by_label(title, exact=True).check()
    main(admin).get_by_label("Enhet", exact=True).select_option(label=transport)
    main(admin).get_by_role("button", name="Tildel de valgte innspillene").click()
    expect(admin.locator(".flash-success")).to_be_visible()
    problems += describe_violations("assignment (nb)", axe_violations(admin))
    main(admin).get_by_label(titles[3], exact=True).check()
    main(admin).get_by_label("Enhet", exact=True).select_option(label=school)
    main(admin).get_by_role("button", name="Tildel de valgte innspillene").click()
    expect(admin.locator(".flash-success")).to_be_visible()

    # The case officer answers the three in one action from Saksliste.
    officer.goto(f"/k/{world.slug}/saker?department=")
    expect(h1(officer)).to_have_text("Saksliste")
    expect(main(officer).get_by_role("link", name=titles[3])).to_have_count(0)  # not theirs
    for title in titles[:3]:
        main(officer).get_by_label(f"Velg {title}").check()
    main(officer).get_by_role("button", name="Behandle de valgte").click()
    expect(h1(officer)).to_have_text("Svar på flere innspill")
    main(officer).get_by_label("Offentlig svar").fill(ANSWER)
    main(officer).get_by_label("Flytt til et nytt steg med svaret").check()
    main(officer).get_by_label("Nytt steg (når innspillene flyttes)").select_option(label="Vurdert")
    main(officer).get_by_role("button", name="Publiser svaret på alle").click()
    expect(officer.locator(".flash-success")).to_contain_text("3 innspill fikk svaret")
    with live.db() as session:
        for title in titles[:3]:
            idea = session.scalar(select(Idea).where(Idea.title == title))
            assert idea.stage is Stage.assessed
            [change] = session.scalars(select(StageChange).where(StageChange.idea_id == idea.id))
            assert change.unit_name == transport  # the answer names the department

    # Each follower gets one e-mail naming the three, through the real SMTP server.
    _deliver(live)
    for email in (follower_email, author_email):
        mails = live.mails_to(email)
        assert len(mails) == 1, (email, [m["Subject"] for m in mails])
        text = part(mails[0])
        assert all(title in text for title in titles[:3]), email

    # The case officer is not staff: the moderation queue refuses them.
    response = officer.goto(f"/k/{world.slug}/moderering")
    assert response is not None and response.status == 403

    # The departments and assignment pages in English.
    english = new_context("en").new_page()
    login(english, world.admin_email)
    for path in ("enheter", "tildel"):
        english.goto(f"/k/{world.slug}/{path}")
        problems += describe_violations(f"{path} (en)", axe_violations(english))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
