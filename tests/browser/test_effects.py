"""The effects dashboard, its public page and its print view in Chromium: at 1280 and 375 px
nothing scrolls sideways, every chart loads (the phone gets the narrow drawing) beside a
visible table, the formulas open without JavaScript, the print view prints only the document,
and axe-core finds no WCAG 2.1 A/AA violation in bokmål or English."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.challenges.services import (
    advance_phase,
    create_challenge,
    principles_by_numbers,
    publish_challenge,
)
from cocreate.database import utcnow
from cocreate.ideas.services import submit_idea
from cocreate.ideas.stages import Stage
from cocreate.metrics.dashboard import PANELS, public_panels, set_public_panels
from cocreate.metrics.models import SurveyResponse
from cocreate.municipalities.models import Municipality
from cocreate.pipeline.services import move_idea

from .helpers import axe_violations, describe_violations, login
from .test_mobile import OVERFLOW, show_lazy_images

pytestmark = pytest.mark.browser

TITLE = "Hvordan får vi flere til å sykle til skolen?"
SIZES = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 667}}


@pytest.fixture(scope="module")
def effects(live):
    """A concluded challenge of its own with answered inputs and 6 survey answers (so the time
    to answer and survey charts have something to draw), and every panel published; undone
    after the module so the other browser tests see the demo as it was."""
    with live.db() as session:
        admin = session.scalar(select(User).where(User.email == live.world.admin_email))
        citizens = session.scalars(
            select(User).where(User.email.like("%@demo.samskap.no")).order_by(User.id)
        ).all()
        municipality_id = session.scalar(
            select(Challenge.municipality_id).where(Challenge.id == live.world.challenge_id)
        )
        municipality = session.get(Municipality, municipality_id)
        challenge = create_challenge(
            municipality,
            title=TITLE,
            description="Skoleveien skal bli tryggere.",
            principles=principles_by_numbers([1]),
            actor=admin,
        )
        publish_challenge(challenge, actor=admin)
        ideas = [
            submit_idea(challenge, title=f"Sykkelstativ {n}", body="Tak over.", author=c)
            for n, c in enumerate(citizens[:4])
        ]
        for idea in ideas[:3]:
            idea.created_at = utcnow() - timedelta(days=40)  # older than 30: counts for closure
            move_idea(
                idea,
                Stage.assessed,
                answer="Vi har vurdert forslaget og tar det med i planen.",
                actor=admin,
            )
        advance_phase(challenge, actor=admin)
        advance_phase(challenge, actor=admin, summary="Vi hørte om stativ og lys; begge kommer.")
        for n, person in enumerate(citizens[:6]):
            session.add(
                SurveyResponse(
                    challenge_id=challenge.id,
                    user_id=person.id,
                    felt_heard=1 + n % 5,
                    understood=5 - n % 5,
                    would_return=3 + n % 3,
                )
            )
        before = public_panels(municipality_id)
        set_public_panels(municipality_id, list(PANELS))
        challenge_id = challenge.id
    yield {"challenge_id": challenge_id, "slug": live.world.slug}
    with live.db() as session:
        set_public_panels(municipality_id, before)
        session.execute(delete(SurveyResponse).where(SurveyResponse.challenge_id == challenge_id))


def _pages(live, effects) -> list[tuple[str, str, bool]]:
    """(name, path, needs an admin) for each page under test."""
    slug, challenge = effects["slug"], effects["challenge_id"]
    return [
        ("dashboard", f"/k/{slug}/effekt", True),
        ("dashboard narrowed", f"/k/{slug}/effekt?utfordring={challenge}", True),
        ("public", f"/k/{slug}/effekt/offentlig", False),
        ("print", f"/k/{slug}/effekt/utskrift", True),
    ]


@pytest.mark.parametrize("size", SIZES)
def test_effect_pages_fit_and_show_charts_and_tables(live, effects, new_context, size):
    admin = new_context(viewport=SIZES[size]).new_page()
    login(admin, live.world.admin_email)
    visitor = new_context(viewport=SIZES[size]).new_page()
    problems = []
    for name, path, needs_admin in _pages(live, effects):
        page = admin if needs_admin else visitor
        response = page.goto(path)
        assert response.status == 200, path
        show_lazy_images(page)
        result = page.evaluate(OVERFLOW)
        if result["scrollWidth"] > result["clientWidth"]:
            problems.append(f"{name} scrolls sideways at {size}: {result}")
        charts = page.locator("figure.metrics-chart img")
        assert charts.count() >= 5, f"{name}: only {charts.count()} charts"
        for n in range(charts.count()):
            chart = charts.nth(n)
            box = chart.bounding_box()
            loaded = chart.evaluate("img => [img.complete, img.naturalWidth, img.currentSrc]")
            assert loaded[0] and loaded[1] > 0, f"{name}: chart {loaded[2]} did not load"
            # The phone gets the narrow drawing, the desktop and print the wide one.
            assert ("smal=1" in loaded[2]) == (size == "mobile" and name != "print"), loaded[2]
            assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"] + 1, name
            # Its table is there and shown, not only in the markup.
            table = chart.get_attribute("aria-describedby")
            expect(page.locator(f"#{table}")).to_be_visible()
    assert not problems, "\n".join(problems)


def test_public_page_leads_with_findings_and_formulas_open_without_javascript(
    live, effects, new_context
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/k/{effects['slug']}/effekt/offentlig")
    findings = page.locator("section.findings li")
    assert findings.count() >= 3
    # «3 av 3 innspill eldre enn 30 dager har fått offentlig svar», before the first panel.
    expect(findings.filter(has_text="eldre enn 30 dager")).to_contain_text(" av ")
    first_panel = page.locator("section.metrics-panel").first
    assert findings.first.bounding_box()["y"] < first_panel.bounding_box()["y"]
    formula = page.locator("details.formula").first
    text = formula.locator("p").first
    expect(text).to_be_hidden()
    formula.locator("summary").click()
    expect(text).to_be_visible()


def test_print_view_prints_the_document_with_formulas_and_date(live, effects, new_context):
    page = new_context().new_page()
    login(page, live.world.admin_email)
    page.goto(f"/k/{effects['slug']}/effekt/utskrift?prinsipp=1")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".print-facts")).to_contain_text("1.")  # the principle, in words
    expect(page.locator(".print-facts")).to_contain_text("Tall per")  # the date
    for formula in page.locator("details.formula p").all():
        expect(formula).to_be_visible()  # open on paper
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_effect_pages_have_no_wcag_violations(live, effects, new_context, lang):
    admin = new_context(lang).new_page()
    login(admin, live.world.admin_email)
    visitor = new_context(lang).new_page()
    problems = []
    pages = [*_pages(live, effects), ("bad filter", f"/k/{effects['slug']}/effekt?fra=x", True)]
    for mobile in (False, True):
        for name, path, needs_admin in pages:
            page = admin if needs_admin else visitor
            page.set_viewport_size(SIZES["mobile" if mobile else "desktop"])
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == lang, path
            for summary in page.locator("main details summary").all()[:3]:
                summary.click()  # open formulas are checked too
            problems += describe_violations(
                f"{name} ({lang}, mobile={mobile})", axe_violations(page)
            )
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
