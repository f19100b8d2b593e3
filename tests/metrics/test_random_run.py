"""The figures stay exactly what the raw rows say, whatever people and staff do.

A random run of what people and staff do, through the services (submit, support, withdraw,
comment, hide, restore, merge, move, delete an account, conclude), checks after every step that
the answer columns the move service writes on each idea (first_answered_at, last_moved_at) are
what its stage history says, and every 10 steps that the snapshot after a refresh is
compute_dashboard() of the raw rows, that it gives the figures of the same rows counted through
a narrowed scope, and that a narrowed scope read as the pages read it is its direct computation.
"""

import json
import random
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from cocreate.challenges.services import advance_phase
from cocreate.extensions import db
from cocreate.ideas.models import Comment, CommentVisibility, Idea, Visibility, Vote
from cocreate.ideas.reasons import REASONS
from cocreate.ideas.services import post_comment, submit_idea, support_idea, withdraw_support
from cocreate.ideas.stages import allowed_moves
from cocreate.metrics import jobs
from cocreate.metrics.dashboard import compute_dashboard
from cocreate.metrics.disclosure import protected_family
from cocreate.metrics.publication import publish
from cocreate.metrics.scope import Scope
from cocreate.metrics.snapshots import dashboard_figures, refresh_snapshot
from cocreate.moderation.merging import merge_ideas
from cocreate.moderation.services import hide_content, restore_content
from cocreate.pipeline.models import StageChange
from cocreate.pipeline.services import move_idea
from cocreate.privacy.services import delete_account
from tests.metrics.conftest import dataset  # noqa: F401 - the hand-worked metrics dataset

ANSWER = "Vi har sett på innspillet og svarer her offentlig."


def answer_columns() -> list:
    return db.session.execute(
        select(Idea.id, Idea.first_answered_at, Idea.last_moved_at).order_by(Idea.id)
    ).all()


def assert_answer_columns_follow_the_history() -> None:
    """Written by the move service alone (_record_move), with each StageChange it adds."""
    history = (
        select(
            StageChange.idea_id,
            func.min(StageChange.created_at).label("first"),
            func.max(StageChange.created_at).label("last"),
        )
        .group_by(StageChange.idea_id)
        .subquery()
    )
    expected = db.session.execute(
        select(Idea.id, history.c.first, history.c.last)
        .outerjoin(history, history.c.idea_id == Idea.id)
        .order_by(Idea.id)
    ).all()
    assert answer_columns() == expected


def figures(scope: Scope) -> dict:
    data = compute_dashboard(scope)
    data.pop("computed_at")
    return data


def assert_dashboard_matches_raw_rows(municipality_id: int, challenge_id: int) -> None:
    snapshot = refresh_snapshot(municipality_id)
    whole = Scope(municipality_id, now=snapshot.computed_at)
    family = protected_family(municipality_id, whole.now)
    expected = {**compute_dashboard(whole), "family": family}
    assert snapshot.data == json.loads(json.dumps(expected))
    # What the pages read: the snapshot, as published.
    assert dashboard_figures(Scope(municipality_id)) == publish(snapshot.data, whole, family)
    # From 2000 on: the same rows, counted through a narrowed scope's code paths.
    raw = Scope(municipality_id, start=date(2000, 1, 1), now=whole.now)
    assert raw.narrowed and not whole.narrowed
    assert figures(whole) == figures(raw)
    narrowed = Scope(municipality_id, challenge_id=challenge_id, now=whole.now)
    published = publish(compute_dashboard(narrowed), narrowed, snapshot.data["family"])
    assert dashboard_figures(narrowed) == published


class Run:
    def __init__(self, world, challenges, people, rng: random.Random) -> None:
        self.world, self.challenges, self.people, self.rng = world, challenges, people, rng

    def published(self, challenge=None) -> list[Idea]:
        query = select(Idea).where(Idea.visibility == Visibility.published)
        if challenge is not None:
            query = query.where(Idea.challenge_id == challenge.id)
        return list(db.session.scalars(query.order_by(Idea.id)))

    def step(self) -> str:
        rng, staff = self.rng, self.world.facilitator
        action = rng.choice(
            ["submit"] * 3
            + ["support"] * 5
            + ["withdraw", "comment", "comment", "hide", "restore", "merge", "move", "move"]
            + ["delete", "conclude"]
        )
        ideas = self.published()
        person = rng.choice(self.people)
        try:
            if action == "submit" or not ideas:
                challenge = rng.choice(self.challenges)
                author = None if rng.random() < 0.2 else person
                submit_idea(challenge, title="Et innspill", body="Tekst om det.", author=author)
            elif action == "support":
                support_idea(rng.choice(ideas), person)
            elif action == "withdraw":
                withdraw_support(rng.choice(ideas), person)
            elif action == "comment":
                post_comment(rng.choice(ideas), body="Enig i dette!", author=person)
            elif action == "hide":
                comments = list(db.session.scalars(select(Comment).order_by(Comment.id)))
                subject = rng.choice(comments + ideas) if comments else rng.choice(ideas)
                hide_content(subject, reason=sorted(REASONS)[0], note="Test", actor=staff)
            elif action == "restore":
                hidden = list(
                    db.session.scalars(select(Idea).where(Idea.visibility == Visibility.hidden))
                ) + list(
                    db.session.scalars(
                        select(Comment).where(Comment.visibility == CommentVisibility.hidden)
                    )
                )
                if hidden:
                    restore_content(rng.choice(hidden), note="Test", actor=staff)
            elif action == "merge":
                challenge = rng.choice(self.challenges)
                pair = self.published(challenge)
                if len(pair) >= 2:
                    duplicate, target = rng.sample(pair, 2)
                    merge_ideas(duplicate, target, note="Samme forslag", actor=staff)
            elif action == "move":
                idea = rng.choice(ideas)
                moves = allowed_moves(idea.stage)
                if moves:
                    reference = rng.choice([None, "", "Sak 2026/7"])
                    move_idea(
                        idea, rng.choice(moves), answer=ANSWER, actor=staff, reference=reference
                    )
            elif action == "delete" and len(self.people) > 3:
                self.people.remove(person)
                delete_account(
                    person,
                    remove_contributions=rng.random() < 0.5,
                    actor=None,
                    reason="Test",
                )
            elif action == "conclude":
                challenge = rng.choice(self.challenges)
                if challenge.phase.value == "open":
                    advance_phase(challenge, actor=None, summary="Vi hørte mye og gjør tre ting.")
        except ValueError:  # refused by the service (already supported, closed, …): fine
            db.session.rollback()
            return action + " (refused)"
        db.session.commit()
        return action


@pytest.fixture
def snapshots_on(app):
    saved = {k: app.config.get(k) for k in ("METRICS_REFRESH_SECONDS", "REDIS_URL")}
    app.config.update(METRICS_REFRESH_SECONDS=300, REDIS_URL="")
    yield
    jobs.cancel_here()
    app.config.update(saved)


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_follow_every_change(world, create_challenge_f, create_user_f, seed, snapshots_on):
    m = world.municipality
    challenges = [create_challenge_f(m, title=f"Utfordring {n}") for n in range(3)]
    elsewhere = create_challenge_f(world.other, title="Annen kommune")
    people = [create_user_f(f"p{seed}-{n}@example.no") for n in range(8)]
    # Someone who also takes part in another municipality: kept apart per municipality.
    submit_idea(elsewhere, title="Der borte", body="Tekst om det.", author=people[0])
    db.session.commit()
    run = Run(world, challenges, people, random.Random(seed))
    done = []
    for n in range(60):
        done.append(run.step())
        assert_answer_columns_follow_the_history()
        if n % 10 == 9:
            assert_dashboard_matches_raw_rows(m.id, challenges[n // 10 % 3].id)
            db.session.commit()
    assert any(first for _, first, _ in answer_columns()), done
    assert figures(Scope(m.id))["participants"]["participants"] > 0, done
    assert {"support", "move", "merge", "delete"} <= {a.split()[0] for a in done}, done


def test_rows_written_around_the_app_are_counted(app, dataset):  # noqa: F811
    """Rows written around the app (a bulk load, SQL by hand) are counted as they are: nothing
    kept beside them has to be rebuilt."""
    people = Scope(dataset.municipality.id)
    before = figures(people)
    assert before["participants"]["supporters"] > 0
    db.session.connection().execute(delete(Vote.__table__))  # on the bare connection
    db.session.commit()
    after = figures(people)
    assert after != before
    assert after["participants"]["supporters"] == 0
