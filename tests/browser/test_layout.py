"""Small screens and the projector, measured in a real Chromium: the phone menu folds behind a
button (no JavaScript needed) and keeps to one line, a long meeting link never makes the workshop
page scroll sideways, and the projector shows no staff menu and at least 8 notes at 1280×800.
axe-core finds nothing on these pages in the states shown."""

from datetime import timedelta
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.database import utcnow
from cocreate.workshops.models import WorkshopFormat, WorkshopStatus
from cocreate.workshops.services import create_workshop, set_status
from cocreate.workshops.wall import post_note

from .helpers import axe_violations, describe_violations, login

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
PROJECTOR = {"width": 1280, "height": 800}
LONG_LINK = "https://meet.example.no/j/" + "8f3a9c2e71b4d6f0" * 8 + "?pwd=" + "Zx81Qw" * 6
NOTES = [
    "Flere benker langs strandpromenaden, gjerne med ryggstøtte",
    "Bedre lys på gangveien til skolen om vinteren",
    "Søppelkasser som ikke blåser over ende",
    "Drikkevann i parken om sommeren",
    "Sykkelparkering under tak ved biblioteket",
    "Leskur på bussholdeplassen ved kirken",
    "Gratis vaffel på lørdager for alle som plukker søppel",
    "Plass til akebakke når det kommer snø",
    "Toalett som er åpent hele året",
    "Skilt med turløyper på flere språk",
]

SCROLL = "() => ({scroll: document.documentElement.scrollWidth, view: window.innerWidth})"


def _no_sideways_scroll(page) -> None:
    sizes = page.evaluate(SCROLL)
    assert sizes["scroll"] <= sizes["view"], f"{page.url} scrolls sideways: {sizes}"


def _axe_clean(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, "\n".join(describe_violations(where, violations))


def _workshop(live, *, link: str = "", notes: int = 0) -> tuple[str, int]:
    """A live workshop of the browser challenge; (municipality slug, workshop id)."""
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        facilitator = session.scalar(select(User).where(User.email == live.world.facilitator_email))
        start = utcnow().replace(microsecond=0)
        workshop = create_workshop(
            challenge,
            title=f"Kveldsverksted {uuid4().hex[:6]}",
            format=WorkshopFormat.hybrid if link else WorkshopFormat.physical,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Biblioteket",
            link=link,
            actor=facilitator,
        )
        set_status(workshop, WorkshopStatus.live, actor=facilitator)
        for n, text in enumerate(NOTES[:notes]):
            post_note(workshop, f"deltaker-{uuid4().hex}-{n}", text)
        session.flush()
        return challenge.municipality.slug, workshop.id


def test_phone_menu_is_a_button_and_one_line(live, new_context):
    page = new_context(viewport=PHONE).new_page()
    login(page, live.world.facilitator_email)  # staff have the longest menu
    page.goto("/")
    nav = page.locator(".main-nav")
    button = nav.locator("summary")
    expect(button).to_be_visible()
    expect(button).to_have_text("Meny")
    # Folded: no menu link takes room, and brand and button share one line.
    expect(nav.get_by_role("link", name="Min konto")).to_be_hidden()
    header = page.locator(".header-inner").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert header is not None and brand is not None
    assert header["height"] <= brand["height"] + 40, f"header wraps: {header} vs {brand}"
    assert nav.bounding_box()["height"] <= 56
    _no_sideways_scroll(page)
    # The keyboard opens it (no JavaScript involved), and the focus is visible on the button.
    button.focus()
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    account = nav.get_by_role("link", name="Min konto")
    expect(account).to_be_visible()
    _no_sideways_scroll(page)
    _axe_clean(page, "/ (phone menu open)")
    account.click()
    expect(page).to_have_url(f"{live.url}/konto")


def test_phone_menu_works_without_javascript(live, new_context):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto("/")
    page.locator(".main-nav summary").click()
    link = page.locator(".main-nav").get_by_role("link", name="Om veikartet")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{live.url}/om-veikartet")


def test_wide_screens_show_the_menu_open_without_the_button(live, new_context):
    page = new_context(viewport=PROJECTOR).new_page()
    page.goto("/")
    nav = page.locator(".main-nav")
    expect(nav.locator("summary")).to_be_hidden()
    expect(nav.get_by_role("link", name="Registrer deg")).to_be_visible()
    links = nav.locator("li").all()
    tops = {round(li.bounding_box()["y"]) for li in links}
    assert len(tops) == 1, f"the menu wraps at 1280 px: {tops}"
    _axe_clean(page, "/ (wide)")


def test_a_long_meeting_link_does_not_widen_the_workshop_page(live, new_context):
    slug, workshop_id = _workshop(live, link=LONG_LINK)
    page = new_context(viewport=PHONE).new_page()
    login(page, live.world.facilitator_email)
    for path in (
        f"/k/{slug}/verksteder/{workshop_id}",
        f"/k/{slug}/utfordringer/{live.world.challenge_id}",
    ):
        page.goto(path)
        _no_sideways_scroll(page)
    page.goto(f"/k/{slug}/verksteder/{workshop_id}")
    expect(page.locator(f'main a[href="{LONG_LINK}"]')).to_be_visible()
    _axe_clean(page, "workshop page with a long link")


def test_projector_shows_no_staff_menu_and_eight_notes(live, new_context):
    slug, workshop_id = _workshop(live, notes=len(NOTES))
    page = new_context(viewport=PROJECTOR).new_page()
    login(page, live.world.facilitator_email)
    page.goto(f"/k/{slug}/verksteder/{workshop_id}/vegg?projektor=1")
    expect(page.locator(".projector")).to_be_visible()
    for staff_only in (".main-nav", ".site-header", ".site-footer"):
        expect(page.locator(staff_only)).to_have_count(0)
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    visible = page.evaluate(
        """() => [...document.querySelectorAll('.projector .note')].filter(n => {
             const r = n.getBoundingClientRect();
             return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight
               && r.left >= 0 && r.right <= window.innerWidth;
           }).length"""
    )
    assert visible >= 8, f"only {visible} notes fit at 1280×800"
    _no_sideways_scroll(page)
    _axe_clean(page, "projector")


def test_hiding_a_note_needs_a_chosen_reason(live, new_context):
    slug, workshop_id = _workshop(live, notes=1)
    page = new_context().new_page()
    login(page, live.world.facilitator_email)
    page.goto(f"/k/{slug}/verksteder/{workshop_id}/vegg")
    card = page.locator("main .note", has_text=NOTES[0])
    reason = card.get_by_label("Grunn")
    expect(reason).to_have_value("")
    assert reason.evaluate("el => el.options[el.selectedIndex].text") == "Velg en grunn"
    card.get_by_role("button", name="Skjul").click()
    # The browser asks for a reason; the note stays on the wall.
    assert reason.evaluate("el => el.validity.valueMissing")
    expect(page.locator("main .note", has_text=NOTES[0])).to_have_count(1)
    _axe_clean(page, "wall")
