"""The idea list from the cards kept per page generation (cocreate/ideas/cards.py): the same
ideas in the same order as the SQL of queries.challenge_ideas() for every order and filter, the
same pages, and never older than a committed write (also of another process)."""

import random
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas import cards
from cocreate.ideas.models import Channel, Idea, Stage, Visibility
from cocreate.ideas.queries import IdeaFilter, Sort, challenge_ideas
from cocreate.municipalities.models import District
from tests.ideas.conftest import login
from tests.isolation import recorded_statements
from tests.performance.workers import run_worker


@pytest.fixture
def varied(world, create_challenge_f, create_idea_f, create_user_f):
    """A challenge of 40 ideas with varied stages, districts, channels, counts and times (and
    ties: equal counts and equal times), one hidden."""
    challenge = create_challenge_f(world.municipality, title="Mange innspill")
    districts = list(
        db.session.scalars(
            select(District).where(District.municipality_id == world.municipality.id)
        )
    )
    rng = random.Random(16)
    ideas = [create_idea_f(challenge, world.author, title=f"Innspill {i}") for i in range(40)]
    base = ideas[0].created_at
    for idea in ideas:
        idea.stage = rng.choice([Stage.heard, Stage.assessed, Stage.declined])
        idea.district_id = rng.choice([None, *[d.id for d in districts]])
        idea.channel = rng.choice([Channel.web, Channel.workshop, Channel.registered])
        idea.support_count = rng.randrange(4)
        idea.comment_count = rng.randrange(3)
        idea.created_at = base + timedelta(minutes=rng.randrange(10))
    ideas[5].visibility = Visibility.hidden
    commit()
    return challenge, districts


def _filters(districts) -> list[IdeaFilter]:
    wanted = [IdeaFilter(sort=sort) for sort in Sort]
    wanted += [IdeaFilter(sort=Sort.newest, stage=stage) for stage in Stage]
    wanted += [IdeaFilter(sort=Sort.random, district_id=d.id) for d in districts]
    wanted += [IdeaFilter(sort=Sort.supported, channel=channel) for channel in Channel]
    wanted.append(IdeaFilter(sort=Sort.discussed, stage=Stage.assessed, channel=Channel.web))
    return wanted


def test_every_order_and_filter_lists_what_the_sql_lists(app, varied):
    challenge, districts = varied
    with app.test_request_context(f"/k/heimby/utfordringer/{challenge.id}"):
        for wanted in _filters(districts):
            for seed in (0, 7, 123_456_789):
                sql = [
                    idea.id for idea in db.session.scalars(challenge_ideas(challenge, wanted, seed))
                ]
                pages = [cards.listed(challenge.id, wanted, seed, n, 7) for n in (1, 2, 3, 4, 5, 6)]
                assert [row.id for page in pages for row in page.items] == sql, wanted
                assert {page.total for page in pages} == {len(sql)}
                if sql:
                    assert pages[0].pages == -(-len(sql) // 7)
                    assert not pages[0].has_prev and pages[0].has_next == (len(sql) > 7)


def test_the_cards_show_what_the_ideas_hold(app, varied):
    challenge, _districts = varied
    with app.test_request_context(f"/k/heimby/utfordringer/{challenge.id}"):
        rows = cards.card_rows(challenge.id)
    ideas = db.session.scalars(challenge_ideas(challenge, IdeaFilter(sort=Sort.newest))).all()
    assert len(rows) == len(ideas) == 39
    for row, idea in zip(rows, sorted(ideas, key=lambda i: i.id), strict=True):
        assert (row.title, row.stage, row.support_count, row.comment_count, row.channel) == (
            idea.title,
            idea.stage,
            idea.support_count,
            idea.comment_count,
            idea.channel,
        )
        assert (row.district and (row.district.id, row.district.name)) == (
            idea.district and (idea.district.id, idea.district.name)
        )


def test_the_list_reads_no_idea_rows_while_the_generation_stands(client, world, varied):
    """The second view of the same generation asks the database for no idea of the list."""
    challenge, _districts = varied
    login(client, world.citizen)
    path = f"/k/heimby/utfordringer/{challenge.id}?sort=mest-stottet"
    first = re.findall(r'id="innspill-(\d+)"', client.get(path).text)
    with recorded_statements() as statements:
        again = re.findall(r'id="innspill-(\d+)"', client.get(path).text)
    assert again == first and len(first) == 20
    assert not [s for s in statements if "FROM ideas" in s and "ideas.title" in s], statements


@pytest.mark.real_commits
def test_a_new_idea_of_another_process_is_listed_at_once(
    client, world, create_challenge_f, create_idea_f, _db_dir
):
    challenge = create_challenge_f(world.municipality, title="Åpen utfordring")
    create_idea_f(challenge, world.author, title="Det første innspillet")
    commit()
    login(client, world.citizen)
    path = f"/k/heimby/utfordringer/{challenge.id}?sort=nyeste"
    page = client.get(path).text
    assert "Det første innspillet" in page and 'Innspill <span class="muted">(1)' in page
    client.get(path)  # the cards now come from this process
    run_worker(_db_dir, "submit", challenge.id, world.author.id, "Fra nabo-prosessen")
    db.session.expire_all()  # the tests share one session; a real request starts afresh
    page = client.get(path).text
    assert "Fra nabo-prosessen" in page and 'Innspill <span class="muted">(2)' in page
    assert page.index("Fra nabo-prosessen") < page.index("Det første innspillet")  # newest first
    ids = db.session.scalars(select(Idea.id).where(Idea.challenge_id == challenge.id)).all()
    assert len(ids) == 2
