"""Issue 16: the pages people who take part see are drawn in a fixed, small number of queries,
whatever the number of ideas, supports and comments; and what is kept between requests
(generation_cache, fragments) is never older than a committed write, also of another process."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.archive.services import set_case_number
from cocreate.database import commit, is_postgres, utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.ideas.services import post_comment, support_idea
from cocreate.municipalities.models import District
from cocreate.page_generations import PageGeneration
from cocreate.workshops.models import WorkshopFormat
from cocreate.workshops.services import create_workshop
from tests.ideas.conftest import login
from tests.isolation import recorded_statements
from tests.performance.workers import run_worker

CHALLENGE_PAGE_QUERIES = 8  # issue 16, target 1


def _challenge_with(world, create_challenge_f, create_idea_f, create_user_f, n: int, tag: str):
    """An open challenge with n ideas; the viewer (world.citizen) supports every other one, and
    each idea has supports and comments of others; a workshop and an archive number."""
    challenge = create_challenge_f(
        world.municipality, title=f"Utfordring {tag}", principles=(1, 2, 3)
    )
    challenge.districts = list(
        db.session.scalars(
            select(District).where(District.municipality_id == world.municipality.id)
        )
    )
    others = [create_user_f(f"stotte{tag}{i}@example.no") for i in range(3)]
    for i in range(n):
        idea = create_idea_f(challenge, world.author, title=f"Idé {tag} nummer {i}")
        if i % 2 == 0:
            support_idea(idea, world.citizen)
        for person in others:
            support_idea(idea, person)
            post_comment(idea, body=f"Enig i {i}", author=person)
    start = utcnow() + timedelta(days=3)
    create_workshop(
        challenge,
        title=f"Verksted {tag}",
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Rådhuset",
        actor=world.facilitator,
    )
    set_case_number(challenge, "2026/123", actor=world.admin)
    commit()
    return challenge


def _statements(client, path: str) -> list[str]:
    with recorded_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


def test_the_challenge_page_of_a_signed_in_citizen_takes_at_most_8_queries(
    world, create_challenge_f, create_idea_f, create_user_f, client
):
    small = _challenge_with(world, create_challenge_f, create_idea_f, create_user_f, 2, "a")
    big = _challenge_with(world, create_challenge_f, create_idea_f, create_user_f, 24, "b")
    login(client, world.citizen)
    paths = [f"/k/heimby/utfordringer/{c.id}" for c in (small, big)]
    for path in paths:
        client.get(path)  # the first view of each computes the public figures
    few, many = (_statements(client, path) for path in paths)
    assert len(many) <= CHALLENGE_PAGE_QUERIES, "\n".join(many)
    assert len(few) == len(many)
    page = client.get(paths[1]).text
    assert "Trekk støtten" in page and "Støtt" in page  # the citizen's own supports are shown
    assert "Saksnummer 2026/123" in page and "Verksted b" in page


def test_the_idea_page_takes_the_same_queries_for_many_comments(
    world, create_challenge_f, create_idea_f, create_user_f, client
):
    challenge = create_challenge_f(world.municipality)
    quiet = create_idea_f(challenge, world.author, title="Stille idé")
    busy = create_idea_f(challenge, world.author, title="Mye diskutert idé")
    people = [create_user_f(f"kommentar{i}@example.no") for i in range(12)]
    for person in people:
        support_idea(busy, person)
        parent = post_comment(busy, body="En tanke", author=person)
        post_comment(busy, body="Et svar", author=world.author, parent=parent)
    post_comment(quiet, body="En tanke", author=people[0])
    commit()
    login(client, world.citizen)
    paths = [f"/k/heimby/innspill/{idea.id}" for idea in (quiet, busy)]
    for path in paths:
        client.get(path)
    few, many = (_statements(client, path) for path in paths)
    assert len(few) == len(many), "\n".join(many)


@pytest.mark.real_commits
def test_a_write_in_another_process_is_seen_at_once_by_a_signed_in_reader(
    world, create_challenge_f, create_idea_f, create_user_f, client, _db_dir
):
    challenge = _challenge_with(world, create_challenge_f, create_idea_f, create_user_f, 2, "c")
    login(client, world.citizen)
    path = f"/k/heimby/utfordringer/{challenge.id}"
    idea = db.session.scalars(select(Idea).where(Idea.challenge_id == challenge.id)).first()
    before, newcomer = idea.support_count, create_user_f("ny@example.no")
    commit()
    page = client.get(path).text
    assert "Saksnummer 2026/123" in page and f"{before} støtter" in page
    assert client.get(path).text == page  # the public figures now come from this process
    run_worker(_db_dir, "case-number", challenge.id, "2026/999", world.admin.id)
    run_worker(_db_dir, "support", idea.id, newcomer.id)
    db.session.expire_all()  # the tests share one session; a real request starts afresh
    page = client.get(path).text
    assert "Saksnummer 2026/999" in page and f"{before + 1} støtter" in page


def test_the_idea_pages_shared_sections_follow_each_move(
    world, create_challenge_f, create_idea_f, client
):
    """The timeline is kept for readers who may not answer, and drawn again after a move; the
    staff, who may, get their own with the buttons."""
    from cocreate.ideas.stages import Stage
    from cocreate.pipeline.services import move_idea

    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author, title="Lys i parken")
    commit()
    path = f"/k/heimby/innspill/{idea.id}"
    login(client, world.citizen)
    assert "Kommunen har ikke svart på innspillet ennå" in client.get(path).text
    assert "Kommunen har ikke svart på innspillet ennå" in client.get(path).text
    move_idea(
        idea, Stage.assessed, answer="Vi ser på lyset i parken i vår.", actor=world.facilitator
    )
    commit()
    db.session.expire_all()
    page = client.get(path).text
    assert "Vi ser på lyset i parken i vår." in page and "Svar og flytt innspillet" not in page
    login(client, world.facilitator)
    assert "Svar og flytt innspillet" in client.get(path).text


# The person (with the page generation and memberships), the idea (with its challenge and
# municipality) and the write. On PostgreSQL the write is one statement: the vote, the counter
# and the page generation; SQLite takes the write lock first (_lock_voter), then the vote, the
# counter and the generation (database.commit()) one by one.
SUPPORT_QUERIES = {"postgresql": 3, "sqlite": 6}


def _generation(world) -> int:
    return db.session.scalar(
        select(PageGeneration.generation).where(PageGeneration.scope == world.municipality.id)
    )


def test_a_support_takes_three_queries_on_postgresql_and_reads_no_malform(
    world, create_challenge_f, create_idea_f, client
):
    """Issue 16, target 6: a support is the person, the idea (with its municipality, whose
    målform the answer's language takes, not read again) and one write on PostgreSQL (a
    repeated vote inserts nothing: no savepoint). The page generation moves by one, in the
    vote's statement, and not when the support is refused."""
    challenge = create_challenge_f(world.municipality, title="Utfordring med støtter")
    first, second = (create_idea_f(challenge, world.author, title=f"Idé {n}").id for n in (1, 2))
    login(client, world.citizen)
    client.post(f"/k/heimby/innspill/{first}/stott")  # warm
    before = _generation(world)
    with recorded_statements() as statements:
        response = client.post(f"/k/heimby/innspill/{second}/stott")
    assert response.status_code == 303
    assert len(statements) == SUPPORT_QUERIES[db.engine.dialect.name], "\n".join(statements)
    assert not any(s.startswith("SELECT municipalities.language") for s in statements)
    # The generation comes with the person (accounts/sessions.py), never read on its own.
    generation = [s for s in statements if "sum(page_generations.generation)" in s]
    assert all("FROM users" in s for s in generation)
    bumps = [s for s in statements if "INSERT INTO page_generations" in s]
    assert len(bumps) == 1
    if is_postgres(db.engine):
        assert "INSERT INTO votes" in bumps[0] and "UPDATE ideas" in bumps[0]
    db.session.expire_all()
    assert _generation(world) == before + 1
    assert db.session.scalar(select(Idea.support_count).where(Idea.id == second)) == 1
    assert "Du støtter nå «Idé 2»" in client.get(f"/k/heimby/innspill/{second}").text
    client.post(f"/k/heimby/innspill/{second}/stott")  # again: refused, nothing counted
    assert "Du har allerede støttet" in client.get(f"/k/heimby/innspill/{second}").text
    db.session.expire_all()
    assert _generation(world) == before + 1
    assert db.session.scalar(select(Idea.support_count).where(Idea.id == second)) == 1
