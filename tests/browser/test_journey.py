"""Issue 14's journey in real Chromium, with mail that really leaves: an administrator invites a
facilitator, who accepts by the link in the e-mail delivered through a real SMTP server, runs a
workshop where participants post notes from their phones, publishes a note as an input, answers
it as gjort and then corrects that final answer. Each follower gets one e-mail of the correction,
in their own language, through the same SMTP server.

This module runs its own live server (the shared one keeps its mail in memory): mail goes out by
SMTP to tests/smtp.py's aiosmtpd server, handed over by the outbox sender thread that a real
installation without Redis runs (OUTBOX_THREAD, woken after each commit, sweeping as a safety
net). Nothing here calls the outbox by hand.
"""

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from cocreate.accounts.models import Role
from cocreate.accounts.services import create_user, set_role
from cocreate.challenges.models import ParticipationLevel
from cocreate.challenges.services import create_challenge, principles_by_numbers, publish_challenge
from cocreate.ideas.models import Idea
from cocreate.ideas.services import follow_idea
from cocreate.municipalities.services import create_municipality
from cocreate.notifications.models import Delivery, OutboxMessage
from cocreate.notifications.services import set_delivery
from tests.smtp import SMTPServer, part, subject

from .helpers import login, main
from .journeys import h1
from .seed import PASSWORD
from .server import serve

pytestmark = pytest.mark.browser

CHALLENGE = "Hvordan kommer flere barn trygt til skolen i Havbygd?"
NEW_PASSWORD = "tidevann-og-tang-i-mars-4"
MAIL_WAIT = 20.0  # seconds: the sender thread is woken after each commit, so it is quick


@dataclass
class JourneyWorld:
    slug: str
    name: str
    admin_email: str
    challenge_title: str


def seed_journey_world() -> JourneyWorld:
    """A municipality with one administrator and one open challenge; no facilitator yet."""
    municipality = create_municipality(
        name="Havbygd kommune", slug="havbygd", number="9902", kind="kommune", population=4200
    )
    admin = create_user("admin@havbygd.example", "Astrid Admin", PASSWORD, verified=True)
    set_role(admin, municipality, Role.admin, actor=None)
    challenge = create_challenge(
        municipality,
        title=CHALLENGE,
        description="Mange kjøres til skolen. **Hva skal til** for at flere går eller sykler?",
        principles=principles_by_numbers([1, 3]),
        actor=admin,
        level=ParticipationLevel.involvere,
    )
    publish_challenge(challenge, actor=admin)
    return JourneyWorld(municipality.slug, municipality.name, admin.email, challenge.title)


@pytest.fixture(scope="module")
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def live(smtp):
    """This module's own live server (it overrides the shared `live`): real SMTP and the outbox
    sender thread, started by the first request as in `make run`."""
    with serve(
        seed_journey_world,
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_TIMEOUT=5,
        OUTBOX_THREAD=True,
        OUTBOX_SWEEP_SECONDS=2,
        REDIS_URL="",
    ) as server:
        yield server


def delivered(smtp: SMTPServer, to: str, pattern: str = "") -> list[Message]:
    """The messages the SMTP server received for `to` whose subject matches `pattern`."""
    return [m for m in list(smtp.messages) if m["To"] == to and re.search(pattern, subject(m))]


def wait_for_mail(smtp: SMTPServer, to: str, pattern: str = "") -> Message:
    """The first delivered message to `to` with a matching subject, waiting for the sender."""
    deadline = time.monotonic() + MAIL_WAIT
    while time.monotonic() < deadline:
        found = delivered(smtp, to, pattern)
        if found:
            return found[0]
        time.sleep(0.1)
    got = [(m["To"], subject(m)) for m in smtp.messages]
    raise AssertionError(f"no mail to {to} matching {pattern!r} in {MAIL_WAIT}s; got {got}")


def wait_for_empty_outbox(live) -> None:
    """Wait until the sender has handed every outbox row to the SMTP server (none failed)."""
    deadline = time.monotonic() + MAIL_WAIT
    while time.monotonic() < deadline:
        with live.db() as session:
            waiting = session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
            )
        if not waiting:
            return
        time.sleep(0.1)
    raise AssertionError(f"{waiting} outbox message(s) not sent in {MAIL_WAIT}s")


@dataclass
class Follower:
    email: str
    lang: str
    opening: str  # the correction mail's first words in the person's language
    subject: str  # the correction mail's subject, up to the title


FOLLOWERS = (
    Follower("berit@havbygd.example", "nb", "Kommunen har rettet svaret", "Rettet svar på «"),
    Follower("nils@havbygd.example", "nn", "Kommunen har retta svaret", "Retta svar på «"),
    Follower("emma@havbygd.example", "en", "The municipality has corrected", "Corrected answer to"),
)


def make_followers(live, title: str) -> None:
    """Three citizens with an account in nb, nn and en, all reading mail at once (not daily);
    the nn and en ones follow the input here, the nb one follows it in the browser."""
    with live.db() as session:
        idea = session.scalar(select(Idea).where(Idea.title == title))
        for follower in FOLLOWERS:
            name = follower.email.split("@")[0].capitalize()
            user = create_user(follower.email, name, PASSWORD, verified=True, locale=follower.lang)
            set_delivery(user, Delivery.immediate)
            if follower.lang != "nb":
                follow_idea(idea, user)


def local_input(moment: datetime) -> str:
    """A datetime-local field's value in the municipality's time zone."""
    return moment.astimezone(ZoneInfo("Europe/Oslo")).strftime("%Y-%m-%dT%H:%M")


def test_invited_facilitator_runs_a_workshop_and_corrects_a_final_answer(live, smtp, new_context):
    world = live.world
    tag = uuid4().hex[:6]

    # 1. The administrator invites a facilitator from the members page.
    admin = new_context().new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/")
    main(admin).get_by_role(
        "link", name="Se og endre hvem som er fasilitator og administrator"
    ).click()
    expect(h1(admin)).to_contain_text("Medlemmer og roller")
    staff = main(admin).locator("table.members-table")
    expect(staff.locator("tr", has_text=world.admin_email)).to_contain_text("Administrator")
    email = f"fasilitator-{tag}@havbygd.example"
    form = main(admin).locator("form", has=admin.get_by_role("button", name="Send invitasjon"))
    form.get_by_label("E-postadresse").fill(email)
    form.get_by_label("Fasilitator").check()
    form.get_by_role("button", name="Send invitasjon").click()
    expect(admin.locator(".flash-success")).to_contain_text(f"Invitasjonen er sendt til {email}")

    # 2. The invitation leaves through SMTP by itself; the person opens the link in it.
    invitation = wait_for_mail(smtp, email, "Invitasjon")
    assert world.name in subject(invitation)
    link = re.search(r"https?://\S+/invitasjon/\S+", part(invitation))
    assert link, part(invitation)
    assert link.group(0).startswith(live.url)
    facilitator = new_context().new_page()
    facilitator.goto(link.group(0))
    expect(h1(facilitator)).to_contain_text("Bli fasilitator for")
    main(facilitator).get_by_label("Navn").fill("Fredrik Fasilitator")
    main(facilitator).get_by_label("Passord (minst 10 tegn)").fill(NEW_PASSWORD)
    main(facilitator).get_by_label("Gjenta passordet").fill(NEW_PASSWORD)
    main(facilitator).get_by_role("button", name="Godta og opprett konto").click()
    expect(facilitator.locator(".flash-success")).to_contain_text("Du er nå fasilitator")
    header = facilitator.locator(".site-header")
    expect(header.get_by_role("link", name=re.compile("Havbygd"))).to_be_visible()
    # The role change is mailed to the person too; the administrator sees the new facilitator.
    assert "Havbygd" in part(wait_for_mail(smtp, email, "^Du er nå fasilitator"))
    admin.reload()
    row = staff.locator("tr", has_text=email)
    expect(row).to_contain_text("Fasilitator")
    expect(row).to_contain_text("Fredrik Fasilitator")

    # 3. The facilitator creates a workshop on the challenge and starts it.
    facilitator.goto(f"/k/{world.slug}/")
    main(facilitator).get_by_role("link", name=world.challenge_title).click()
    expect(h1(facilitator)).to_have_text(world.challenge_title)
    main(facilitator).get_by_role("link", name="Nytt verksted").click()
    start = datetime.now().astimezone() + timedelta(minutes=5)
    workshop = main(facilitator)
    workshop.get_by_label("Tittel").fill(f"Skoleveiverksted {tag}")
    workshop.get_by_label("Fysisk", exact=True).check()
    workshop.get_by_label("Sted").fill("Biblioteket")
    workshop.get_by_label("Starter").fill(local_input(start))
    workshop.get_by_label("Slutter").fill(local_input(start + timedelta(hours=2)))
    workshop.get_by_role("button", name="Opprett verksted").click()
    code = re.search(r"Koden er ([A-Z0-9]{6})", facilitator.content()).group(1)
    main(facilitator).get_by_role("button", name="Start økten").click()
    manage_url = facilitator.url

    # Two participants join by code on their phones (each its own browser) and post notes.
    note = f"Gangfelt med lys ved Havbygd skole {tag}"
    other_note = f"Sykkelstativ med tak {tag}"
    for text in (note, other_note):
        phone = new_context(viewport={"width": 390, "height": 844}).new_page()
        phone.goto("/w")
        main(phone).get_by_label("Verkstedkode").fill(code.lower())
        main(phone).get_by_role("button", name="Bli med").click()
        main(phone).get_by_label("Din lapp").fill(text)
        main(phone).get_by_role("button", name="Sett på veggen").click()
        expect(phone.locator(".flash-success")).to_contain_text("Kvitteringskoden din er")
    main(facilitator).get_by_role("link", name=re.compile("^Veggen")).click()
    expect(facilitator.locator(".note-list .note", has_text=note)).to_be_visible()
    expect(facilitator.locator(".note-list .note", has_text=other_note)).to_be_visible()

    # The facilitator turns the first note into an input on the challenge.
    facilitator.goto(manage_url)
    main(facilitator).get_by_role("link", name="Publiser lapper og temaer som innspill").click()
    main(facilitator).get_by_label(re.compile("^" + re.escape(note))).check()
    main(facilitator).get_by_role("button", name="Publiser valgte").click()
    expect(facilitator.locator(".flash-success")).to_contain_text(
        "1 innspill er publisert på utfordringen"
    )
    make_followers(live, note)

    # The bokmål follower follows the new input in the browser.
    berit = new_context().new_page()
    login(berit, FOLLOWERS[0].email)
    berit.goto(f"/k/{world.slug}/")
    main(berit).get_by_role("link", name=world.challenge_title).click()
    main(berit).get_by_role("link", name=note).click()
    expect(h1(berit)).to_have_text(note)
    main(berit).get_by_role("button", name="Følg innspillet").click()
    expect(
        main(berit).get_by_role("button", name=re.compile("Du følger innspillet"))
    ).to_be_visible()

    # 4. The facilitator answers the input as gjort (done) ...
    main(facilitator).get_by_role("link", name=note).click()
    expect(h1(facilitator)).to_have_text(note)
    idea_url = facilitator.url
    main(facilitator).get_by_role("link", name="Svar og flytt innspillet").click()
    wrong = f"Gangfeltet med lys ved Havbygd skole ble ferdig i mai. {tag}"
    right = f"Rettelse: gangfeltet med lys ble ferdig i august, ikke i mai. {tag}"
    main(facilitator).get_by_label("Nytt steg").select_option(label="Gjort")
    main(facilitator).get_by_label("Offentlig svar").fill(wrong)
    main(facilitator).get_by_role("button", name="Publiser svaret og flytt").click()
    expect(facilitator.locator(".flash-success")).to_contain_text("flyttet til «Gjort»")
    for follower in FOLLOWERS:  # the move reaches everyone first, so the order is clear
        wait_for_mail(smtp, follower.email, re.escape(note))

    # ... and corrects that final answer.
    main(facilitator).get_by_role("link", name="Rett svaret").click()
    expect(main(facilitator).locator(".shown-answer")).to_contain_text(wrong)
    main(facilitator).get_by_label("Det rettede svaret").fill(right)
    main(facilitator).get_by_role("button", name="Publiser rettelsen").click()
    expect(facilitator.locator(".flash-success")).to_contain_text("Svaret er rettet")

    # Every follower gets exactly one correction mail, to their own address, in their language,
    # with the corrected answer in both parts; and no mail beyond the move and the correction.
    for follower in FOLLOWERS:
        wait_for_mail(smtp, follower.email, "^" + re.escape(follower.subject))
    wait_for_empty_outbox(live)
    for follower in FOLLOWERS:
        corrections = delivered(smtp, follower.email, "^" + re.escape(follower.subject))
        assert len(corrections) == 1, (follower.email, [subject(m) for m in corrections])
        assert len(delivered(smtp, follower.email)) == 2, follower.email
        mail = corrections[0]
        assert mail["To"] == follower.email
        assert note in subject(mail)
        text, html = part(mail), part(mail, "text/html")
        assert text.startswith(follower.opening), text
        assert right in text and wrong not in text
        assert right in html and f'lang="{follower.lang}"' in html
        assert idea_url in text and idea_url in html  # "Les mer" points at the public page
    assert not delivered(smtp, email, re.escape(note)), "the acting facilitator is not told"

    # The public page shows the corrected answer; the history keeps both.
    visitor = new_context().new_page()
    visitor.goto(idea_url)
    expect(main(visitor).locator(".shown-answer")).to_contain_text(right)
    expect(main(visitor).locator(".shown-answer")).not_to_contain_text(wrong)
    timeline = main(visitor).locator(".timeline")
    expect(timeline.locator(".answer-replaced")).to_contain_text(wrong)
    expect(timeline.locator(".answer-correction")).to_contain_text(right)
    expect(main(visitor).locator(".stage-text").first).to_contain_text("Gjort")
