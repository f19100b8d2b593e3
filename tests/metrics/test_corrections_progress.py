"""Corrections and progress updates in the measures (DESIGN.md §3): both count as activity for
"stalled" and "implementation reporting"; a progress update (a provisional answer) is not a first
answer for feedback closure, time to answer or the promise check. The dataset is conftest.py's."""

from datetime import timedelta

from pytest import approx

from cocreate.accounts.models import Role
from cocreate.extensions import db
from cocreate.ideas.models import Channel, ReceivedVia
from cocreate.ideas.stages import Stage
from cocreate.metrics import measures_pipeline
from cocreate.metrics.scope import Scope
from cocreate.pipeline.models import ChangeKind, StageChange
from cocreate.pipeline.services import move_idea
from cocreate.workshops.publishing import Receipt, local_today, register_offline_input
from tests.metrics.conftest import ANSWER, at


def _add(dataset, key, kind, when, world):
    idea = dataset.ideas[key]
    db.session.add(
        StageChange(
            idea_id=idea.id,
            from_stage=idea.stage,
            to_stage=idea.stage,
            kind=kind,
            answer=ANSWER,
            actor_id=world.facilitator.id,
            actor_role=Role.facilitator,
            created_at=when,
        )
    )
    idea.last_moved_at = when
    db.session.flush()


def test_a_progress_update_is_not_a_first_answer(dataset, world):
    """i3 (C1, never answered) gets a provisional answer on 06-20: closure stays 5/6, time to
    answer still counts 5 answered inputs, and C1's promise still fails on closure (2/3)."""
    _add(dataset, "i3", ChangeKind.progress, at(6, 20), world)
    scope = dataset.scope()
    closure = measures_pipeline.feedback_closure(scope)
    assert (closure.inputs_older, closure.answered) == (6, 5)
    first = measures_pipeline.time_to_answer(scope)[0]
    assert (first.target, first.inputs, first.median_days) == ("first_answer", 5, approx(10))
    c1 = {c.title: c for c in measures_pipeline.promise_kept(scope).challenges}["Utfordring C1"]
    assert (c1.answered, c1.kept) == (2, False)


def test_a_correction_is_an_answer_but_not_a_new_first_one(dataset, world):
    """A correction of i5 (vurdert 03-30) on 06-25 keeps its first answer at 20 days."""
    _add(dataset, "i5", ChangeKind.correction, at(6, 25), world)
    rows = measures_pipeline.time_to_answer(dataset.scope())
    assert (rows[0].inputs, rows[0].median_days, rows[0].p90_days) == (5, approx(10), approx(31))


def test_a_provisional_answer_on_an_unanswered_input_counts_for_closure_when_it_is_a_move(
    dataset, world
):
    """The counterpart of the progress test: a real answer (a move) on i3 closes it: 6/6."""
    i3 = dataset.ideas["i3"]
    db.session.add(
        StageChange(
            idea_id=i3.id,
            from_stage=i3.stage,
            to_stage=Stage.assessed,
            kind=ChangeKind.move,
            answer=ANSWER,
            actor_id=world.facilitator.id,
            actor_role=Role.facilitator,
            created_at=at(6, 20),
        )
    )
    db.session.flush()
    closure = measures_pipeline.feedback_closure(dataset.scope())
    assert (closure.inputs_older, closure.answered) == (6, 6)


def test_progress_and_corrections_count_as_moves_for_stalled(dataset, world):
    """Stalled were i3 i4 i5 (3 of 5: gjort i1 is done, not stalled; test_measures). A progress
    update on i3 (06-20) and a correction of i5 (06-25) leave i4: 1 of 5."""
    _add(dataset, "i3", ChangeKind.progress, at(6, 20), world)
    _add(dataset, "i5", ChangeKind.correction, at(6, 25), world)
    result = measures_pipeline.stalled_inputs(dataset.scope())
    assert (result.numerator, result.denominator) == (1, 5)


def test_a_progress_update_counts_for_implementation_reporting(dataset, world):
    """i4 (besluttet since 03-05) was not reported on in the last 90 days; an update on 06-01
    makes it 2 of 2."""
    _add(dataset, "i4", ChangeKind.progress, at(6, 1), world)
    result = measures_pipeline.implementation_reporting(dataset.scope())
    assert (result.numerator, result.denominator, result.share) == (2, 2, approx(1.0))


def test_a_correction_counts_for_implementation_reporting(dataset, world):
    _add(dataset, "i4", ChangeKind.correction, at(6, 1), world)
    result = measures_pipeline.implementation_reporting(dataset.scope())
    assert (result.numerator, result.denominator) == (2, 2)


def test_time_to_answer_counts_from_the_day_a_registered_input_came_in(world, create_challenge_f):
    """A letter received 20 days ago and registered today, answered today: 20 days (rounded
    from noon that day), not 0."""
    challenge = create_challenge_f(world.municipality)
    idea = register_offline_input(
        challenge,
        title="Brev om gatelys",
        body="",
        channel=Channel.registered,
        receipt=Receipt(ReceivedVia.letter, local_today() - timedelta(days=20)),
        actor=world.facilitator,
    )
    move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    db.session.flush()
    first = measures_pipeline.time_to_answer(Scope(world.municipality.id))[0]
    assert first.inputs == 1
    assert 19.5 <= first.median_days <= 20.5
