"""The main journeys, written once and run with either driver (mouse or keyboard only) and with
JavaScript on or off. Every step goes through the pages as a person would; only reading a mail
(the verification link) and, where said, the municipality's side happen outside the page."""

import re
from dataclasses import dataclass
from uuid import uuid4

from playwright.sync_api import Page, expect
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.ideas.models import Idea
from cocreate.ideas.services import submit_idea
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea

from .helpers import main, verification_link
from .seed import CHALLENGE_TITLE

NEW_PASSWORD = "blå-fjord-ved-kveld-17"


@dataclass
class Citizen:
    email: str
    idea_title: str


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def register_and_verify(page: Page, live, drive) -> str:
    """From the front page: register through the form, then open the link in the mail."""
    email = f"innbygger-{uuid4().hex[:10]}@example.no"
    page.goto("/")
    drive.activate(page.locator(".site-header").get_by_role("link", name="Registrer deg"))
    expect(h1(page)).to_have_text("Registrer deg")
    form = main(page)
    drive.fill(form.get_by_label("Navn"), "Ada Innbygger")
    drive.fill(form.get_by_label("Passord (minst 10 tegn)"), NEW_PASSWORD)
    drive.fill(form.get_by_label("Gjenta passordet"), NEW_PASSWORD)
    drive.check(form.get_by_label("Jeg er gammel nok til å bruke tjenesten"))
    # The e-mail last: a keyboard user goes back up with Shift+Tab.
    drive.fill(form.get_by_label("E-post"), email)
    drive.activate(form.get_by_role("button", name="Opprett konto"))
    # Not signed in yet: the same answer as for an address that has an account.
    expect(page.locator(".flash-success")).to_contain_text("Sjekk e-posten din")
    page.goto(verification_link(live, email))
    expect(page.locator(".flash-success")).to_contain_text("E-postadressen din er bekreftet")
    expect(page.locator(".flash-success")).to_contain_text("du er logget inn")
    return email


def someone_elses_idea(live) -> str:
    """A fresh idea by a demo citizen on the browser challenge, for one test to support."""
    title = f"Grillplass ved brygga {uuid4().hex[:6]}"
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        author = session.scalar(select(User).where(User.email == live.world.other_citizen_email))
        submit_idea(challenge, title=title, body="Et sted å samles om sommeren.", author=author)
    return title


def citizen_journey(page: Page, live, drive) -> Citizen:
    """Register, submit an idea, support another, follow it, and see the municipality's answer."""
    supported = someone_elses_idea(live)
    email = register_and_verify(page, live, drive)

    # Find the challenge from the front page and submit an idea.
    page.goto("/")
    drive.activate(main(page).get_by_role("link", name=CHALLENGE_TITLE))
    expect(h1(page)).to_have_text(CHALLENGE_TITLE)
    drive.activate(main(page).get_by_role("link", name="Kom med et innspill"))
    idea_title = f"Sittebenker med ryggstøtte {uuid4().hex[:6]}"
    drive.fill(main(page).get_by_label("Tittel"), idea_title)
    drive.fill(
        main(page).get_by_label("Beskriv innspillet"),
        "Eldre trenger steder å hvile på vei langs stranda.",
    )
    drive.activate(main(page).get_by_role("button", name="Send inn"))
    # Similar inputs of earlier runs may be offered first (issue 22 §3): send it in anyway.
    anyway = main(page).get_by_role("button", name="Send inn likevel")
    expect(h1(page).filter(has_text=idea_title).or_(anyway)).to_be_visible()
    if anyway.count():
        drive.activate(anyway)
    expect(h1(page)).to_have_text(idea_title)

    # Back to the challenge; support and follow someone else's idea.
    drive.activate(main(page).locator(".breadcrumb").get_by_role("link", name=CHALLENGE_TITLE))
    drive.fill(main(page).get_by_label("Søk i innspillene"), supported)
    drive.activate(main(page).get_by_role("button", name="Vis"))
    drive.activate(main(page).get_by_role("link", name=supported))
    expect(h1(page)).to_have_text(supported)
    drive.activate(main(page).get_by_role("button", name=re.compile(r"^Støtt\b")), key="Space")
    expect(main(page).get_by_role("button", name=re.compile(r"^Trekk støtten"))).to_be_visible()
    follow = main(page).get_by_role("button", name="Følg innspillet")
    if follow.count():  # supporting may already have made the person a follower
        drive.activate(follow, key="Space")
    following = main(page).get_by_role("button", name=re.compile("Du følger innspillet"))
    expect(following).to_be_visible()

    # The municipality answers (the facilitator journey does this through its own pages).
    answer = f"Vi ser på plassen sammen med parkvesenet og går videre. {uuid4().hex[:6]}"
    answer_idea(live, supported, answer)

    # The citizen is told: an unread notification in the header, with the answer in it.
    page.goto("/")
    header = page.locator(".site-header")
    drive.activate(header.get_by_role("link", name=re.compile(r"^Varsler.*1 uleste")))
    notice = main(page).locator(".notification-unread", has_text=supported)
    expect(notice).to_contain_text(answer)

    # The answer is under "Mine innspill" and on the idea's page.
    drive.activate(header.get_by_role("link", name="Mine innspill"))
    expect(h1(page)).to_have_text("Mine innspill")
    card = main(page).locator(".card", has_text=supported)
    expect(card).to_contain_text(answer)
    expect(main(page).locator(".card", has_text=idea_title)).to_contain_text("Sendt inn av deg")
    drive.activate(card.get_by_role("link", name=supported))
    expect(main(page).locator(".timeline")).to_contain_text(answer)
    return Citizen(email, idea_title)


def answer_idea(live, title: str, answer: str) -> None:
    """The demo facilitator moves the idea one step on, with a public answer."""
    with live.db() as session:
        idea = session.scalar(select(Idea).where(Idea.title == title))
        actor = session.scalar(select(User).where(User.email == live.world.facilitator_email))
        move_idea(idea, Stage.assessed, answer=answer, actor=actor)
