"""The staff deadline: from the day received, the municipality's number of days, moved by a
provisional answer; overdue on the board, never on public pages; the settings page sets it."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from cocreate.database import clock_at
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea, ReceivedVia
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import Notification
from cocreate.pipeline.deadlines import (
    DeadlineState,
    deadline_filter,
    deadlines_for,
    received_day,
    staff_deadline,
    today,
)
from cocreate.pipeline.models import StageChange
from cocreate.pipeline.services import MoveError, add_progress_update, move_idea
from cocreate.pipeline.services import NotAllowed as MoveNotAllowed
from cocreate.workshops.publishing import Receipt, register_offline_input
from tests.factories import PASSWORD

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."
PROVISIONAL = "Saken er sendt til vurdering i plan og bygg; vi svarer når den er behandlet."


def _days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


@pytest.fixture
def old_idea(world, create_challenge_f, create_idea_f):
    """make(days_ago, title) -> an input by the author created that many days ago."""
    challenge = create_challenge_f(world.municipality)

    def _make(days: int, title: str = "Flere benker i parken") -> Idea:
        with clock_at(_days_ago(days)):
            return create_idea_f(challenge, world.author, title=title)

    return _make


def _in(state: DeadlineState, days: int | None = None) -> set[int]:
    return set(db.session.scalars(select(Idea.id).where(deadline_filter(state, days))))


def test_deadline_runs_from_creation_by_the_municipality_s_days(world, old_idea):
    late, soon, fresh = old_idea(31, "Gammel"), old_idea(28, "Snart"), old_idea(5, "Ny")
    deadlines = deadlines_for([late.id, soon.id, fresh.id])
    assert deadlines[late.id] == late.created_at.astimezone(UTC).date() + timedelta(days=30)
    assert deadlines[fresh.id] == fresh.created_at.astimezone(UTC).date() + timedelta(days=30)
    assert _in(DeadlineState.overdue) == {late.id}
    assert _in(DeadlineState.due_soon) == {soon.id}
    # A longer deadline: none is due yet.
    world.municipality.answer_deadline_days = 60
    db.session.flush()
    assert _in(DeadlineState.overdue) == set() and _in(DeadlineState.due_soon) == set()
    # The same with the deadline given by the caller (one municipality's queue).
    assert _in(DeadlineState.overdue, days=30) == {late.id}


def test_a_registered_input_counts_from_the_day_it_was_received(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    received = today() - timedelta(days=40)
    idea = register_offline_input(
        challenge,
        title="Brev om gatelys",
        body="",
        channel=Channel.registered,
        receipt=Receipt(ReceivedVia.letter, received),
        actor=world.facilitator,
    )
    db.session.flush()
    assert deadlines_for([idea.id])[idea.id] == received + timedelta(days=30)
    assert db.session.scalar(select(received_day()).where(Idea.id == idea.id)) in (
        received,
        received.isoformat(),
    )
    assert idea.id in _in(DeadlineState.overdue)


def test_an_answered_input_is_never_overdue(world, old_idea):
    idea = old_idea(45)
    assert idea.id in _in(DeadlineState.overdue)
    move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    db.session.flush()
    assert idea.id not in _in(DeadlineState.overdue)


def test_deadline_sorts_in_sql(world, old_idea):
    ideas = [old_idea(days, f"Innspill {days}") for days in (3, 40, 20)]
    ids = [i.id for i in ideas]
    ordered = db.session.scalars(
        select(Idea.id).where(Idea.id.in_(ids)).order_by(staff_deadline(), Idea.id)
    ).all()
    assert ordered == [ideas[1].id, ideas[2].id, ideas[0].id]


def test_provisional_answer_moves_the_deadline_and_is_no_first_answer(world, old_idea):
    idea = old_idea(35)
    expected = today() + timedelta(days=20)
    change = add_progress_update(
        idea, answer=PROVISIONAL, actor=world.facilitator, expected_on=expected
    )
    db.session.flush()
    db.session.refresh(idea)
    assert change.expected_on == expected and idea.deadline_on == expected
    assert idea.first_answered_at is None and idea.stage is Stage.heard
    assert deadlines_for([idea.id])[idea.id] == expected
    assert idea.id not in _in(DeadlineState.overdue)
    # It notifies like a move, and says when the answer can be expected.
    note = db.session.scalar(select(Notification).where(Notification.user_id == world.author.id))
    assert note is not None and "Svar kan ventes innen" in note.text


def test_a_provisional_answer_in_the_past_is_refused(world, old_idea):
    idea = old_idea(10)
    with pytest.raises(MoveError, match="kan ikke være før i dag"):
        add_progress_update(
            idea,
            answer=PROVISIONAL,
            actor=world.facilitator,
            expected_on=today() - timedelta(days=1),
        )
    assert db.session.scalar(select(StageChange).where(StageChange.idea_id == idea.id)) is None


def test_only_staff_give_a_provisional_answer(world, old_idea):
    idea = old_idea(10)
    with pytest.raises(MoveNotAllowed):
        add_progress_update(
            idea, answer=PROVISIONAL, actor=world.citizen, expected_on=today() + timedelta(days=9)
        )


def test_overdue_on_the_board_never_on_the_public_page(client, auth, world, old_idea):
    idea = old_idea(40, "Gammel benk")
    auth.login(world.facilitator.email, PASSWORD)
    board = client.get(f"/k/heimby/utfordringer/{idea.challenge_id}/tavle").get_data(as_text=True)
    assert "deadline-overdue" in board and "Forfalt" in board
    for who in (world.facilitator, None):
        if who is None:
            auth.logout()
        public = client.get(f"/k/heimby/innspill/{idea.id}")
        assert public.status_code == 200
        text = public.get_data(as_text=True)
        assert "Forfalt" not in text and "deadline-" not in text and "svarfrist" not in text


def test_progress_form_publishes_the_expected_date(client, auth, world, old_idea):
    idea = old_idea(35)
    expected = today() + timedelta(days=14)
    auth.login(world.facilitator.email, PASSWORD)
    url = f"/k/heimby/innspill/{idea.id}/oppdatering"
    form = client.get(url).get_data(as_text=True)
    assert 'name="expected_on"' in form and 'type="date"' in form
    posted = client.post(url, data={"answer": PROVISIONAL, "expected_on": expected.isoformat()})
    assert posted.status_code == 302
    db.session.refresh(idea)
    assert idea.deadline_on == expected and idea.first_answered_at is None
    auth.logout()
    public = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "Foreløpig svar" in public and "Svar kan ventes innen" in public
    assert str(expected.year) in public


def test_settings_page_sets_the_deadline(client, auth, world):
    auth.login(world.admin.email, PASSWORD)
    page = client.get("/k/heimby/innstillinger").get_data(as_text=True)
    assert 'name="answer_deadline_days"' in page and 'value="30"' in page
    data = {"intro": "", "description": "", "contact_email": "", "contact_text": ""}
    refused = client.post("/k/heimby/innstillinger", data={**data, "answer_deadline_days": "0"})
    assert refused.status_code == 400 and "Svarfristen må være" in refused.get_data(as_text=True)
    saved = client.post("/k/heimby/innstillinger", data={**data, "answer_deadline_days": "45"})
    assert saved.status_code == 302
    db.session.refresh(world.municipality)
    assert world.municipality.answer_deadline_days == 45


def test_the_api_gives_the_expected_date(client, world, old_idea):
    idea = old_idea(35)
    expected = today() + timedelta(days=10)
    add_progress_update(idea, answer=PROVISIONAL, actor=world.facilitator, expected_on=expected)
    db.session.commit()
    history = client.get(f"/api/v1/ideas/{idea.id}").get_json()["history"]
    assert [h["expected_on"] for h in history] == [expected.isoformat()]
    assert "deadline" not in str(client.get(f"/api/v1/ideas/{idea.id}").get_json())
