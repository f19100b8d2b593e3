"""The participation ledger and each input's facts stay exactly what the raw rows say.

A random run of what people and staff do, through the services (submit, support, withdraw,
comment, hide, restore, merge, move, delete an account, conclude), checks after every step that
the kept rows equal those worked out again from scratch, and that the whole municipality's
dashboard (read from the ledger and the idea facts) gives the figures counted from the raw rows.
"""

import random
from datetime import date

import pytest
from sqlalchemy import delete, or_, select, update

from cocreate.challenges.services import advance_phase
from cocreate.extensions import db
from cocreate.ideas.models import Comment, CommentVisibility, Idea, Visibility
from cocreate.ideas.reasons import REASONS
from cocreate.ideas.services import post_comment, submit_idea, support_idea, withdraw_support
from cocreate.ideas.stages import allowed_moves
from cocreate.metrics.dashboard import compute_dashboard
from cocreate.metrics.ledger import rebuild, settle
from cocreate.metrics.models import (
    ParticipationMonth,
    ParticipationMonthTotal,
    ParticipationPerson,
)
from cocreate.metrics.scope import Scope
from cocreate.moderation.merging import merge_ideas
from cocreate.moderation.services import hide_content, restore_content
from cocreate.pipeline.facts import rebuild_facts
from cocreate.pipeline.services import move_idea
from cocreate.privacy.services import delete_account
from tests.metrics.conftest import dataset  # noqa: F401 - the hand-worked metrics dataset

ANSWER = "Vi har sett på innspillet og svarer her offentlig."
FACTS = (
    "first_answered_at",
    "last_moved_at",
    "first_decided_at",
    "first_done_at",
    "first_cited_at",
    "furthest_stage",
)


def ledger_rows() -> tuple[list, list, list]:
    people = db.session.execute(
        select(ParticipationPerson.__table__).order_by(*ParticipationPerson.__table__.c)
    ).all()
    months = db.session.execute(
        select(ParticipationMonth.__table__).order_by(*ParticipationMonth.__table__.c)
    ).all()
    totals = db.session.execute(
        select(ParticipationMonthTotal.__table__)
        # a month everyone left stays, at 0 in every column
        .where(
            or_(
                *(
                    ParticipationMonthTotal.__table__.c[name] != 0
                    for name in ("participants", "ideas", "inputs", "votes", "comments")
                )
            )
        )
        .order_by(*ParticipationMonthTotal.__table__.c)
    ).all()
    return people, months, totals


def idea_facts() -> list:
    columns = [Idea.__table__.c[name] for name in FACTS]
    return db.session.execute(select(Idea.id, *columns).order_by(Idea.id)).all()


def assert_kept_rows_are_exact() -> None:
    settle()
    kept, facts = ledger_rows(), idea_facts()
    rebuild(db.session.connection())
    rebuild_facts(db.session.connection())
    assert ledger_rows() == kept
    assert idea_facts() == facts


def figures(scope: Scope) -> dict:
    data = compute_dashboard(scope)
    data.pop("computed_at")
    return data


def assert_dashboard_matches_raw_rows(municipality_id: int) -> None:
    whole = Scope(municipality_id)
    # From 2000 on: the same rows, but a narrowed scope, so counted from the raw rows.
    raw = Scope(municipality_id, start=date(2000, 1, 1), now=whole.now)
    assert raw.narrowed and not whole.narrowed
    assert figures(whole) == figures(raw)


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


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_rows_and_figures_follow_every_change(world, create_challenge_f, create_user_f, seed):
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
        assert_kept_rows_are_exact()
        if n % 10 == 9:
            assert_dashboard_matches_raw_rows(m.id)
            db.session.rollback()  # drop what the checks wrote (identical anyway)
    people_kept, months_kept, totals_kept = ledger_rows()
    assert people_kept and months_kept and totals_kept, done
    assert {"support", "move", "merge", "delete"} <= {a.split()[0] for a in done}, done


def test_rebuild_command_restores_what_a_bulk_load_left_out(app, dataset, runner):  # noqa: F811
    """Rows written around the app (a bulk load, an old backup) are counted after `rebuild`."""
    people = Scope(dataset.municipality.id)
    before = figures(people)
    connection = db.session.connection()
    for table in (ParticipationPerson, ParticipationMonth, ParticipationMonthTotal):
        connection.execute(delete(table.__table__))  # on the bare connection: nobody notices
    connection.execute(update(Idea.__table__).values(first_decided_at=None, first_cited_at=None))
    db.session.commit()
    assert figures(people) != before
    result = runner.invoke(args=["metrics", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "bygd på nytt" in result.output
    assert figures(people) == before
