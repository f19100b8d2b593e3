"""Supports under real parallel load (threads, each with its own connection and transaction):
the unique constraint and the voter lock keep counts equal to the Vote rows, with no duplicate."""

import threading

import pytest
from sqlalchemy import func, select

from cocreate.accounts.models import User
from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from cocreate.ideas.services import IdeaError, support_idea, withdraw_support
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
                db.session.commit()
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
