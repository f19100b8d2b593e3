"""«Gjorde det en forskjell?» in Chromium: the invited person answers by keyboard and mouse with
JavaScript off, and axe-core finds no WCAG 2.1 A/AA violation on the page in bokmål or English.
Uses the shared live server of tests/browser."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import Role, User
from cocreate.challenges.services import create_challenge, principles_by_numbers, publish_challenge
from cocreate.database import utcnow
from cocreate.ideas.models import Idea, Visibility
from cocreate.ideas.stages import Stage
from cocreate.metrics.followup import add_months, invite_followups
from cocreate.metrics.models import FollowUpResponse
from cocreate.municipalities.models import Municipality
from cocreate.pipeline.models import StageChange

from .helpers import axe_violations, describe_violations, login

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def invited(live):
    """An input of the citizen's in a challenge of its own, done seven months ago; the daily
    run has asked the citizen."""
    with live.db() as session:
        citizen = session.scalar(select(User).where(User.email == live.world.citizen_email))
        admin = session.scalar(select(User).where(User.email == live.world.admin_email))
        municipality = session.scalar(
            select(Municipality).where(Municipality.slug == live.world.slug)
        )
        challenge = create_challenge(
            municipality,
            title="Hvordan blir lysløypa tryggere?",
            description="Fortell oss.",
            principles=principles_by_numbers([1]),
            actor=admin,
        )
        publish_challenge(challenge, actor=admin)
        idea = Idea(
            challenge_id=challenge.id,
            author_id=citizen.id,
            title="Lys i hele lysløypa",
            body="Det er mørkt ved vannet.",
            visibility=Visibility.published,
            stage=Stage.done,
        )
        session.add(idea)
        session.flush()
        session.add(
            StageChange(
                idea_id=idea.id,
                from_stage=Stage.heard,
                to_stage=Stage.done,
                answer="Lysene er satt opp og er i bruk.",
                actor_id=admin.id,
                actor_role=Role.admin,
                created_at=add_months(utcnow(), -7),
            )
        )
        session.flush()
        assert invite_followups() >= 1
        idea_id = idea.id
    return {"path": f"/k/{live.world.slug}/gjorde-det-en-forskjell/{idea_id}", "idea_id": idea_id}


def test_the_invited_answers_without_javascript_and_the_page_passes_axe(
    live,
    invited,
    new_context,
):
    problems = []
    for lang in ("nb", "en"):
        page = new_context(lang=lang).new_page()
        login(page, live.world.citizen_email)
        assert page.goto(invited["path"]).status == 200
        problems += describe_violations(f"followup ({lang})", axe_violations(page))
    assert not problems, "\n".join(problems)
    page = new_context(java_script_enabled=False).new_page()
    login(page, live.world.citizen_email)
    page.goto(invited["path"])
    page.get_by_role("radio", name="4").first.check()
    page.locator("input[name=in_use][value='5']").check()
    page.get_by_label("Vil du si noe mer? (valgfritt)").fill("Bra lys")
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_text("Takk for svaret!")).to_be_visible()
    expect(page.get_by_text("Du har svart på spørsmålene om dette innspillet")).to_be_visible()
    with live.db() as session:
        rows = session.scalars(
            select(FollowUpResponse).where(FollowUpResponse.idea_id == invited["idea_id"])
        ).all()
        assert [(r.made_difference, r.in_use, r.comment) for r in rows] == [(4, 5, "Bra lys")]
    # Someone not invited is refused.
    other = new_context().new_page()
    login(other, live.world.other_citizen_email)
    assert other.goto(invited["path"]).status == 403
