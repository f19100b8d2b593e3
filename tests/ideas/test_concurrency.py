"""Supports under real parallel load (threads, each with its own connection and transaction):
the unique constraint and the voter lock keep counts equal to the Vote rows, with no duplicate."""

import threading

import pytest
from sqlalchemy import func, select

from cocreate.accounts.models import User
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from cocreate.ideas.services import IdeaError, support_idea, withdraw_support
from cocreate.page_generations import PageGeneration
from tests.ideas.conftest import login

pytestmark = pytest.mark.real_commits  # threads and a live server


def _run_parallel(app, jobs) -> list[str]:
    """Run each job(idea, user) in its own thread and app context, all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list[str] = [""] * len(jobs)

    def worker(n: int, action, idea_id: int, user_id: int) -> None:
        with app.app_context():
            idea = db.session.get(Idea, idea_id)
            user = db.session.get(User, user_id)
            _ = idea.challenge.phase
            # Hand the connection back while waiting: more threads than pooled connections.
            db.session.rollback()
            barrier.wait(timeout=30)
            try:
                action(idea, user)
                commit()  # as the routes do: with the page generation's bump
                results[n] = "ok"
            except IdeaError:
                db.session.rollback()
                results[n] = "refused"
            except Exception as error:  # reported by the assertion in the test
                db.session.rollback()
                results[n] = f"error: {error!r}"

    threads = [
        threading.Thread(target=worker, args=(n, action, idea_id, user_id))
        for n, (action, idea_id, user_id) in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _state(idea_id: int) -> tuple[int, int]:
    db.session.expire_all()
    rows = db.session.scalar(select(func.count(Vote.id)).where(Vote.idea_id == idea_id))
    return db.session.get(Idea, idea_id).support_count, rows


def _no_duplicates() -> bool:
    pairs = db.session.execute(select(Vote.idea_id, Vote.user_id)).all()
    return len(pairs) == len(set(pairs))


@pytest.fixture
def idea(world, create_challenge_f, create_idea_f):
    return create_idea_f(create_challenge_f(world.municipality), world.author)


def test_same_person_same_idea_in_parallel(app, world, idea):
    results = _run_parallel(app, [(support_idea, idea.id, world.citizen.id)] * 12)
    assert sorted(results) == ["ok"] + ["refused"] * 11, results
    assert _state(idea.id) == (1, 1)
    assert _no_duplicates()


def test_many_people_one_idea_in_parallel(app, world, idea, create_user_f):
    people = [create_user_f() for _ in range(24)]
    results = _run_parallel(app, [(support_idea, idea.id, p.id) for p in people])
    assert results == ["ok"] * 24, results
    assert _state(idea.id) == (24, 24)
    assert _no_duplicates()


def test_parallel_supports_and_withdrawals(app, world, idea, create_user_f):
    people = [create_user_f() for _ in range(16)]
    for person in people[:8]:
        support_idea(idea, person)
    db.session.commit()
    jobs = [(withdraw_support, idea.id, p.id) for p in people[:8]]
    jobs += [(support_idea, idea.id, p.id) for p in people[8:]]
    jobs += [(support_idea, idea.id, p.id) for p in people[8:12]]  # double clicks
    results = _run_parallel(app, jobs)
    assert not [r for r in results if r.startswith("error")], results
    assert _state(idea.id) == (8, 8)
    assert _no_duplicates()


def test_supports_of_many_ideas_at_once_move_the_page_generation_once_each(
    app, world, create_challenge_f, create_idea_f, create_user_f
):
    """Every support bumps its municipality's page generation (on PostgreSQL in the vote's own
    statement, after the idea's row: ideas/services.py): parallel supports of different ideas
    and of the same idea wait for each other, never deadlock, and each counts once."""
    challenge = create_challenge_f(world.municipality)
    ideas = [create_idea_f(challenge, world.author, title=f"Ide {n}") for n in range(4)]
    people = [create_user_f() for _ in range(6)]
    db.session.commit()
    before = _generation(world.municipality.id)
    jobs = [(support_idea, idea.id, person.id) for idea in ideas for person in people]
    results = _run_parallel(app, jobs)
    assert results == ["ok"] * len(jobs), results
    assert _generation(world.municipality.id) == before + len(jobs)
    assert [_state(idea.id) for idea in ideas] == [(6, 6)] * 4


def _generation(scope: int) -> int:
    db.session.expire_all()
    row = db.session.get(PageGeneration, scope)
    return 0 if row is None else row.generation


def test_budget_holds_under_parallel_votes(app, world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, vote_budget=3)
    ideas = [create_idea_f(challenge, world.author, title=f"Ide {n}") for n in range(8)]
    results = _run_parallel(app, [(support_idea, i.id, world.citizen.id) for i in ideas])
    assert sorted(results) == ["ok"] * 3 + ["refused"] * 5, results
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Vote.id))) == 3
    assert sum(db.session.get(Idea, i.id).support_count for i in ideas) == 3


def test_parallel_http_requests(app, world, idea, create_user_f):
    """The same, through the routes: each thread a browser of its own, all posting at once."""
    people = [create_user_f() for _ in range(10)]
    url = f"/k/{world.municipality.slug}/innspill/{idea.id}/stott"
    clients = []
    for person in [*people, world.citizen, world.citizen, world.citizen]:
        client = app.test_client()
        login(client, person)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def post(client) -> None:
        barrier.wait(timeout=30)
        statuses.append(client.post(url).status_code)

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [303] * len(clients)  # duplicates are told "already supported"
    assert _state(idea.id) == (11, 11)
    assert _no_duplicates()
