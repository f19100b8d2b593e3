"""No N+1: the challenge page and the idea list cost the same number of SQL queries for 10 ideas
as for 500 ideas with votes and comments (counted on the engine, as the app runs them)."""

import itertools

import pytest
from sqlalchemy import insert

from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Comment, Idea, Vote
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import District
from tests.ideas.conftest import login
from tests.isolation import recorded_statements


def _fill(challenge, n: int, voters, districts) -> None:
    """n ideas with votes, comments (some replies) and a mix of stages, channels and districts."""
    stages, channels = itertools.cycle(Stage), itertools.cycle(Channel)
    now = utcnow()
    rows = [
        {
            "challenge_id": challenge.id,
            "author_id": voters[i % len(voters)].id,
            "title": f"Innspill {i} om benker",
            "body": "Tekst " * 20,
            "district_id": districts[i % len(districts)].id if i % 3 else None,
            "channel": next(channels),
            "stage": next(stages),
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]
    db.session.execute(insert(Idea), rows)
    ids = list(db.session.scalars(db.select(Idea.id).where(Idea.challenge_id == challenge.id)))
    votes, comments = [], []
    for k, idea_id in enumerate(ids):
        for voter in voters[: 1 + k % len(voters)]:
            votes.append({"idea_id": idea_id, "user_id": voter.id, "challenge_id": challenge.id})
        for c in range(k % 3):
            comments.append({"idea_id": idea_id, "author_id": voters[c].id, "body": "Enig"})
    db.session.execute(insert(Vote), votes)
    db.session.execute(insert(Comment), comments)
    db.session.execute(
        db.update(Idea)
        .where(Idea.challenge_id == challenge.id)
        .values(
            support_count=db.select(db.func.count(Vote.id))
            .where(Vote.idea_id == Idea.id)
            .scalar_subquery(),
            comment_count=db.select(db.func.count(Comment.id))
            .where(Comment.idea_id == Idea.id)
            .scalar_subquery(),
        )
    )
    db.session.commit()


@pytest.fixture
def small_and_large(world, create_challenge_f, create_user_f):
    voters = [world.citizen, world.author] + [create_user_f() for _ in range(3)]
    districts = list(
        db.session.scalars(
            db.select(District).where(District.municipality_id == world.municipality.id)
        )
    )
    small = create_challenge_f(world.municipality, vote_budget=5)
    large = create_challenge_f(world.municipality, vote_budget=5)
    _fill(small, 10, voters, districts)
    _fill(large, 500, voters, districts)
    return small, large


QUERIES = [
    "",
    "?sort=nyeste",
    "?sort=mest-stottet",
    "?sort=mest-diskutert",
    "?q=benker",
    "?steg=heard&kanal=web",
]


@pytest.mark.parametrize("role", ["anonymous", "citizen", "facilitator"])
def test_same_number_of_queries_for_10_and_500_ideas(world, small_and_large, app, role):
    small, large = small_and_large
    client = app.test_client()
    login(client, world.roles()[role])
    for query in QUERIES:
        counts = []
        for challenge in (small, large):
            for url in (
                f"/k/heimby/utfordringer/{challenge.id}{query}",
                f"/k/heimby/utfordringer/{challenge.id}/innspill{query}",
            ):
                client.get(url)  # warm: the session's order seed, caches
                with recorded_statements() as statements:
                    response = client.get(url)
                assert response.status_code == 200
                counts.append(len(statements))
        small_page, small_list, large_page, large_list = counts
        assert (small_page, small_list) == (large_page, large_list), (query, counts)
    # A later page costs what the first does.
    first_page = f"/k/heimby/utfordringer/{large.id}?sort=nyeste"
    last_page = f"/k/heimby/utfordringer/{large.id}?sort=nyeste&side=25"
    client.get(last_page)  # warm, as the first page is
    with recorded_statements() as first:
        client.get(first_page)
    with recorded_statements() as last:
        client.get(last_page)
    assert len(first) == len(last)
    # The large list really shows a full page of cards with their counts.
    html = client.get(f"/k/heimby/utfordringer/{large.id}?sort=mest-stottet").text
    assert html.count('class="card idea-card"') == 20
    assert "5 støtter" in html
