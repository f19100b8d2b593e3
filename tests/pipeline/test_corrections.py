"""Corrections and progress updates (DESIGN.md §2): a correction keeps the stage and replaces the
shown answer at every stage, the final ones included; a progress update keeps the stage and the
answer; both are append-only rows, notify like a move, and say why when they are refused."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cocreate.accounts.models import Role
from cocreate.extensions import db
from cocreate.ideas.models import Visibility
from cocreate.ideas.services import follow_idea, support_idea
from cocreate.ideas.stages import Stage
from cocreate.moderation.services import hide_content, merge_ideas
from cocreate.notifications.models import Notification, OutboxMessage
from cocreate.pipeline.models import ChangeKind, HistoryIsAppendOnly, StageChange
from cocreate.pipeline.queries import inbox, latest_answers
from cocreate.pipeline.services import (
    MoveError,
    NotAllowed,
    add_progress_update,
    correct_answer,
    move_idea,
)
from tests.pipeline.conftest import ANSWER

CORRECTED = "Rettelse: tiltaket ble gjennomført i Nordparken, ikke i Sørparken."
NOTE = "Arbeidet er i gang: benkene er bestilt og settes opp i mai."
STAGES = list(Stage)


def _history(idea):
    return db.session.scalars(
        select(StageChange).where(StageChange.idea_id == idea.id).order_by(StageChange.id)
    ).all()


def _at(idea, stage, world):
    """The idea at `stage`, reached in one move with an answer (hørt: as submitted)."""
    if stage is not Stage.heard:
        move_idea(idea, stage, answer=ANSWER, actor=world.facilitator)
        db.session.commit()
    return idea


@pytest.mark.parametrize(
    "stage", [s for s in STAGES if s is not Stage.heard], ids=lambda s: s.value
)
def test_a_correction_at_every_answered_stage(world, idea, stage):
    _at(idea, stage, world)
    first = _history(idea)[0]
    change = correct_answer(idea, answer=CORRECTED, actor=world.admin, reference="Sak 2026/4")
    db.session.commit()
    assert (change.kind, change.from_stage, change.to_stage) == (
        ChangeKind.correction,
        stage,
        stage,
    )
    assert idea.stage is stage  # the stage stays
    assert idea.first_answered_at == first.created_at  # the first answer stays the first
    assert idea.last_moved_at == change.created_at  # it counts as a move for "stalled"
    history = _history(idea)
    assert [c.answer for c in history] == [ANSWER, CORRECTED]  # the history keeps both
    assert latest_answers([idea.id])[idea.id].id == change.id  # it is the shown answer now


def test_a_correction_needs_an_answer_to_correct(world, idea):
    with pytest.raises(NotAllowed, match="ingenting å rette"):
        correct_answer(idea, answer=CORRECTED, actor=world.facilitator)
    assert _history(idea) == []


@pytest.mark.parametrize(
    "stage", [Stage.heard, Stage.assessed, Stage.decided, Stage.piloting, Stage.done]
)
def test_a_progress_update_keeps_stage_and_shown_answer(world, idea, stage):
    _at(idea, stage, world)
    shown = latest_answers([idea.id]).get(idea.id)
    answered = idea.first_answered_at
    change = add_progress_update(idea, answer=NOTE, actor=world.facilitator)
    db.session.commit()
    assert (change.kind, change.from_stage, change.to_stage) == (ChangeKind.progress, stage, stage)
    assert idea.stage is stage and idea.last_moved_at == change.created_at
    assert idea.first_answered_at == answered  # not a first answer (DESIGN.md §3)
    assert latest_answers([idea.id]).get(idea.id) == shown


def test_a_provisional_answer_leaves_the_input_in_the_inbox(world, idea):
    add_progress_update(idea, answer="Foreløpig svar: vi ser på dette i høst.", actor=world.admin)
    db.session.commit()
    assert idea.first_answered_at is None
    assert idea in db.session.scalars(inbox(world.municipality.id)).all()


@pytest.mark.parametrize("stage", [Stage.scaled, Stage.declined], ids=lambda s: s.value)
def test_no_progress_update_at_a_final_stage_but_a_correction(world, idea, stage):
    _at(idea, stage, world)
    with pytest.raises(NotAllowed, match="sluttsteg"):
        add_progress_update(idea, answer=NOTE, actor=world.facilitator)
    correct_answer(idea, answer=CORRECTED, actor=world.facilitator)
    assert len(_history(idea)) == 2


@pytest.mark.parametrize("role", ["citizen", "author", "other_facilitator", "other_admin"])
def test_only_staff_of_the_municipality_correct_or_update(world, idea, role):
    _at(idea, Stage.assessed, world)
    actor = world.other_admin if role == "other_admin" else world.roles()[role]
    with pytest.raises(NotAllowed, match="Bare fasilitatorer"):
        correct_answer(idea, answer=CORRECTED, actor=actor)
    with pytest.raises(NotAllowed, match="Bare fasilitatorer"):
        add_progress_update(idea, answer=NOTE, actor=actor)
    assert len(_history(idea)) == 1


def test_hidden_and_merged_inputs_are_not_corrected(world, challenge, idea, create_idea_f):
    _at(idea, Stage.assessed, world)
    duplicate = create_idea_f(challenge, world.citizen, title="Samme forslag igjen")
    merge_ideas(duplicate, idea, note="Samme forslag", actor=world.facilitator)
    hide_content(idea, reason="spam", note="Reklame.", actor=world.facilitator)
    assert idea.visibility is Visibility.hidden
    with pytest.raises(MoveError):
        correct_answer(idea, answer=CORRECTED, actor=world.facilitator)
    with pytest.raises(MoveError, match="slått sammen"):
        add_progress_update(duplicate, answer=NOTE, actor=world.facilitator)


def test_the_answer_of_a_correction_is_required_and_limited(world, idea):
    _at(idea, Stage.done, world)
    for answer in ("", "For kort.", "x" * 5001):
        with pytest.raises(MoveError):
            correct_answer(idea, answer=answer, actor=world.facilitator)
    assert len(_history(idea)) == 1


def test_a_correction_is_append_only_too(world, idea):
    _at(idea, Stage.done, world)
    change = correct_answer(idea, answer=CORRECTED, actor=world.facilitator)
    db.session.commit()
    change.answer = "Et helt annet svar enn det som ble gitt."
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert _history(idea)[-1].answer == CORRECTED


@pytest.mark.parametrize(
    ("kind", "from_stage", "to_stage"),
    [
        (ChangeKind.move, Stage.done, Stage.done),
        (ChangeKind.correction, Stage.decided, Stage.done),
        (ChangeKind.progress, Stage.heard, Stage.assessed),
    ],
)
def test_the_database_holds_the_kind_to_its_stages(world, idea, kind, from_stage, to_stage):
    db.session.add(
        StageChange(
            idea_id=idea.id,
            from_stage=from_stage,
            to_stage=to_stage,
            kind=kind,
            answer=ANSWER,
            actor_role=Role.facilitator,
            unit_name="x",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    ("kind", "subject"),
    [(ChangeKind.correction, "Rettet svar på"), (ChangeKind.progress, "Nytt om")],
)
def test_both_notify_like_a_move(world, idea, create_user_f, kind, subject):
    supporter, follower = create_user_f("stotte@example.no"), create_user_f("folger@example.no")
    support_idea(idea, supporter)
    follow_idea(idea, follower)
    _at(idea, Stage.done if kind is ChangeKind.correction else Stage.piloting, world)
    before = {n.id for n in db.session.scalars(select(Notification))}
    if kind is ChangeKind.correction:
        correct_answer(idea, answer=CORRECTED, actor=world.facilitator)
    else:
        add_progress_update(idea, answer=NOTE, actor=world.facilitator)
    new = [n for n in db.session.scalars(select(Notification)) if n.id not in before]
    people = {world.author.id, supporter.id, follower.id}
    assert sorted(n.user_id for n in new) == sorted(people)  # each person once, not the actor
    text = CORRECTED if kind is ChangeKind.correction else NOTE
    assert all(subject in n.subject and text in n.text for n in new)
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.contains(subject))
    ).all()
    assert sorted(m.user_id for m in mails) == sorted(people)
