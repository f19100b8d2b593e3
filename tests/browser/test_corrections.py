"""A facilitator corrects a final answer (gjort) in a real browser; the public page shows the new
answer, and the history keeps both (issue 14 point 5)."""

from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.ideas.services import submit_idea
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea

from .helpers import login, main
from .journeys import h1

pytestmark = pytest.mark.browser


def _done_idea(live, title: str, answer: str) -> int:
    """An input the municipality has already answered as gjort (outside the page)."""
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        actor = session.scalar(select(User).where(User.email == live.world.facilitator_email))
        idea = submit_idea(challenge, title=title, body="Et sted å sitte i ly.", author=None)
        move_idea(idea, Stage.done, answer=answer, actor=actor)
        session.flush()
        return idea.id


def test_facilitator_corrects_a_final_answer(live, new_context):
    world = live.world
    title = f"Benker med tak i Strandparken {uuid4().hex[:6]}"
    wrong = f"Benkene med tak står nå i Sørparken. {uuid4().hex[:6]}"
    right = f"Rettelse: benkene med tak står i Strandparken, ikke i Sørparken. {uuid4().hex[:6]}"
    idea_id = _done_idea(live, title, wrong)
    idea_url = f"/k/{world.slug}/innspill/{idea_id}"

    facilitator = new_context().new_page()
    login(facilitator, world.facilitator_email)
    facilitator.goto(idea_url)
    expect(h1(facilitator)).to_have_text(title)
    main(facilitator).get_by_role("link", name="Rett svaret").click()
    expect(h1(facilitator)).to_have_text("Rett svaret")
    expect(main(facilitator).locator(".shown-answer")).to_contain_text(wrong)
    main(facilitator).get_by_label("Det rettede svaret").fill(right)
    main(facilitator).get_by_role("button", name="Publiser rettelsen").click()
    expect(h1(facilitator)).to_have_text(title)
    expect(facilitator.locator(".flash-success")).to_contain_text("Svaret er rettet")

    # A visitor sees the corrected answer as the municipality's; the history keeps both.
    visitor = new_context().new_page()
    visitor.goto(idea_url)
    expect(main(visitor).locator(".shown-answer")).to_contain_text(right)
    expect(main(visitor).locator(".shown-answer")).not_to_contain_text(wrong)
    timeline = main(visitor).locator(".timeline")
    expect(timeline.locator(".answer")).to_have_count(2)
    expect(timeline.locator(".answer-replaced")).to_contain_text(wrong)
    expect(timeline.locator(".answer-replaced")).to_contain_text("Erstattet av en rettelse")
    expect(timeline.locator(".answer-correction")).to_contain_text(right)
    expect(timeline.locator(".answer-correction")).to_contain_text("Rettet svar (Gjort)")
    # The stage stays gjort.
    expect(main(visitor).locator(".stage-text").first).to_contain_text("Gjort")
