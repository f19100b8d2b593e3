"""Every allowed and forbidden move, by every role, and what a move records."""

import itertools

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Role
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import Notification
from cocreate.pipeline.models import StageChange
from cocreate.pipeline.services import MoveError, NotAllowed, move_idea
from tests.pipeline.conftest import ANSWER

# Written out here, not taken from stages.py, so a wrong machine makes these tests fail.
PATH = ["heard", "assessed", "decided", "piloting", "done", "scaled"]


def expected_allowed(current: Stage, target: Stage) -> bool:
    if current.value in ("scaled", "declined"):
        return False
    if target is Stage.declined:
        return True
    return PATH.index(target.value) > PATH.index(current.value)


PAIRS = list(itertools.product(Stage, Stage))


def test_the_table_has_the_expected_number_of_allowed_moves():
    # From heard 6, assessed 5, decided 4, piloting 3, done 2 (later stages + declined).
    assert sum(expected_allowed(a, b) for a, b in PAIRS) == 6 + 5 + 4 + 3 + 2


def _changes(idea):
    return db.session.scalars(select(StageChange).where(StageChange.idea_id == idea.id)).all()


@pytest.mark.parametrize(
    ("current", "target"), PAIRS, ids=[f"{a.value}-{b.value}" for a, b in PAIRS]
)
def test_every_stage_pair(world, idea, current, target):
    idea.stage = current  # set up the starting point directly; it is not the service under test
    db.session.commit()
    if expected_allowed(current, target):
        change = move_idea(idea, target, answer=ANSWER, actor=world.facilitator)
        db.session.commit()
        assert idea.stage is target
        assert (change.from_stage, change.to_stage) == (current, target)
        assert len(_changes(idea)) == 1
    else:
        with pytest.raises(MoveError):
            move_idea(idea, target, answer=ANSWER, actor=world.facilitator)
        db.session.rollback()
        db.session.refresh(idea)
        assert idea.stage is current
        assert _changes(idea) == []


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("citizen", False),
        ("author", False),
        ("other_facilitator", False),
        ("other_admin", False),
        ("facilitator", True),
        ("admin", True),
    ],
)
def test_only_staff_of_the_idea_municipality_can_move(world, idea, role, allowed):
    actor = world.other_admin if role == "other_admin" else world.roles()[role]
    if allowed:
        change = move_idea(idea, Stage.assessed, answer=ANSWER, actor=actor)
        assert change.actor_id == actor.id
        assert change.actor_role is Role(role)
    else:
        with pytest.raises(NotAllowed):
            move_idea(idea, Stage.assessed, answer=ANSWER, actor=actor)
        assert idea.stage is Stage.heard


@pytest.mark.parametrize(
    "answer",
    ["", "   ", "For kort svar.", " " * 10 + "nitten tegn her!!!" + " " * 10, "x" * 5001],
)
def test_answer_must_be_20_to_5000_characters_after_stripping(world, idea, answer):
    with pytest.raises(MoveError):
        move_idea(idea, Stage.assessed, answer=answer, actor=world.facilitator)
    assert _changes(idea) == []


def test_answer_is_stored_stripped_and_plain(world, idea):
    text = "  <b>Tjue tegn</b> nøyaktig her  "
    change = move_idea(idea, Stage.assessed, answer=text, actor=world.facilitator)
    assert change.answer == "<b>Tjue tegn</b> nøyaktig her"


def test_reference_is_optional_and_limited(world, idea, move):
    with pytest.raises(MoveError):
        move_idea(idea, Stage.decided, answer=ANSWER, actor=world.facilitator, reference="x" * 301)
    change = move(idea, Stage.decided, reference="  Sak 2024/117  ")
    assert change.reference == "Sak 2024/117"


def test_a_move_records_times_unit_and_role(world, idea, move):
    assert idea.first_answered_at is None
    first = move(idea, Stage.assessed)
    assert first.unit_name == "Heimby kommune"
    assert first.actor_role is Role.facilitator
    assert idea.first_answered_at == first.created_at
    assert idea.last_moved_at == first.created_at
    second = move(idea, Stage.decided, actor=world.admin, unit_name="Plan- og byggesak")
    assert second.unit_name == "Plan- og byggesak"
    assert second.actor_role is Role.admin
    assert idea.first_answered_at == first.created_at  # the first answer stays the first
    assert idea.last_moved_at == second.created_at


def test_a_move_tells_the_author_in_the_same_transaction(world, idea):
    """move_idea() calls the notifier itself (no signal): the author's notification names the
    new stage and carries the answer, written before anything is committed."""
    move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == world.author.id)
    ).all()
    assert len(notes) == 1
    assert Stage.assessed.label in notes[0].subject and ANSWER in notes[0].text


@pytest.mark.real_commits  # the other request writes through a connection of its own
def test_a_stale_idea_cannot_fork_the_history(world, idea):
    # Another request moved the idea after this one loaded it.
    with db.engine.begin() as connection:
        connection.execute(
            StageChange.__table__.insert().values(
                idea_id=idea.id,
                from_stage="heard",
                to_stage="assessed",
                answer=ANSWER,
                actor_role="facilitator",
                unit_name="x",
                created_at=idea.created_at,
            )
        )
        connection.execute(
            idea.__table__.update().where(idea.__table__.c.id == idea.id).values(stage="assessed")
        )
    with pytest.raises(MoveError, match="nettopp"):
        move_idea(idea, Stage.declined, answer=ANSWER, actor=world.facilitator)
    db.session.rollback()
    assert len(_changes(idea)) == 1


def test_suspended_or_removed_staff_cannot_move(world, idea):
    from cocreate.accounts.services import set_role

    set_role(world.facilitator, world.municipality, Role.citizen, actor=None)
    db.session.commit()
    with pytest.raises(NotAllowed):
        move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
