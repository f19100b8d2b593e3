"""The history is append-only; hidden, pending and merged inputs behave as DESIGN.md says."""

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from cocreate.extensions import db
from cocreate.ideas.models import Visibility
from cocreate.ideas.stages import Stage
from cocreate.moderation.services import hide_content, merge_ideas
from cocreate.pipeline.models import HistoryIsAppendOnly, StageChange
from cocreate.pipeline.services import MoveError, move_idea, move_with_duplicates
from tests.pipeline.conftest import ANSWER


def _history(idea):
    return db.session.scalars(
        select(StageChange).where(StageChange.idea_id == idea.id).order_by(StageChange.id)
    ).all()


def test_editing_a_stage_change_is_refused(idea, move):
    change = move(idea, Stage.assessed)
    change.answer = "Et helt annet svar enn det som ble gitt."
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert _history(idea)[0].answer == ANSWER


def test_deleting_a_stage_change_is_refused(idea, move):
    change = move(idea, Stage.assessed)
    db.session.delete(change)
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert len(_history(idea)) == 1


@pytest.mark.parametrize(
    "statement",
    [
        update(StageChange).values(answer="Et helt annet svar enn det som ble gitt."),
        delete(StageChange),
        update(StageChange.__table__).values(reference="x"),
        delete(StageChange.__table__),
    ],
    ids=["orm-update", "orm-delete", "core-update", "core-delete"],
)
def test_bulk_changes_through_the_session_are_refused(idea, move, statement):
    move(idea, Stage.assessed)
    with pytest.raises(HistoryIsAppendOnly):
        db.session.execute(statement)
    db.session.rollback()
    assert len(_history(idea)) == 1


def test_a_correction_is_a_new_move_and_keeps_the_old_answer(idea, move):
    first = move(idea, Stage.decided, answer="Besluttet i bystyret, sak 12/2024.")
    move(idea, Stage.declined, answer="Rettelse: vedtaket ble opphevet av fylket, sak 3/2025.")
    history = _history(idea)
    assert [(c.from_stage, c.to_stage) for c in history] == [
        (Stage.heard, Stage.decided),
        (Stage.decided, Stage.declined),
    ]
    assert history[0].id == first.id and history[0].answer == "Besluttet i bystyret, sak 12/2024."


def test_the_database_refuses_a_short_answer(world, idea):
    db.session.add(
        StageChange(
            idea_id=idea.id,
            from_stage=Stage.heard,
            to_stage=Stage.assessed,
            answer="for kort",
            actor_role=world.facilitator.memberships[0].role,
            unit_name="x",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_hidden_idea_cannot_be_moved(world, idea):
    hide_content(idea, reason="spam", note="Reklame for en butikk.", actor=world.facilitator)
    with pytest.raises(MoveError):
        move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    assert _history(idea) == []


def test_pending_idea_cannot_be_moved(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, premoderation=True)
    idea = create_idea_f(challenge, world.author)
    assert idea.visibility is Visibility.pending
    with pytest.raises(MoveError):
        move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)


@pytest.fixture
def merged(world, challenge, create_idea_f, create_user_f):
    """A target and two duplicates by other people merged into it."""
    first = create_idea_f(challenge, create_user_f(), title="Benker i parken, takk")
    second = create_idea_f(challenge, create_user_f(), title="Flere sitteplasser")
    idea = create_idea_f(challenge, world.author)
    for duplicate in (first, second):
        merge_ideas(duplicate, idea, note="Samme forslag", actor=world.facilitator)
    db.session.commit()
    return idea, [first, second]


def test_a_merged_duplicate_is_answered_through_its_target(world, merged):
    _target, (duplicate, _) = merged
    with pytest.raises(MoveError, match="slått sammen"):
        move_idea(duplicate, Stage.assessed, answer=ANSWER, actor=world.facilitator)


def test_answering_a_target_with_its_duplicates(world, merged):
    target, duplicates = merged
    changes = move_with_duplicates(
        target, Stage.decided, answer=ANSWER, actor=world.facilitator, reference="Sak 1"
    )
    db.session.commit()
    assert [c.idea_id for c in changes] == [target.id] + [d.id for d in duplicates]
    for idea in (target, *duplicates):
        db.session.refresh(idea)
        assert idea.stage is Stage.decided
        [change] = _history(idea)
        assert (change.answer, change.reference) == (ANSWER, "Sak 1")
    assert all(d.visibility is Visibility.merged for d in duplicates)


def test_a_duplicate_further_along_keeps_its_stage(world, merged):
    target, (ahead, behind) = merged
    ahead.stage = Stage.done  # answered before it was merged
    db.session.commit()
    changes = move_with_duplicates(target, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    assert [c.idea_id for c in changes] == [target.id, behind.id]
    assert ahead.stage is Stage.done and _history(ahead) == []


def test_plain_move_of_a_target_leaves_duplicates_alone(world, merged, move):
    target, duplicates = merged
    move(target, Stage.assessed)
    assert all(_history(d) == [] for d in duplicates)
