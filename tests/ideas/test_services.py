"""Services for ideas and supports, and the list queries (search, filters, random order)."""

import statistics

import pytest
from sqlalchemy import func, select

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Follow, Idea, Visibility, Vote
from cocreate.ideas.queries import (
    IdeaFilter,
    Sort,
    challenge_ideas,
    parse_filter,
    random_key_py,
)
from cocreate.ideas.queries import (
    search_condition as challenge_ideas_search_condition,
)
from cocreate.ideas.services import (
    IdeaError,
    edit_idea,
    submit_idea,
    support_idea,
    votes_used,
    withdraw_support,
)
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import District


@pytest.fixture
def challenge(world, create_challenge_f):
    return create_challenge_f(world.municipality)


def _district(municipality, name="Sentrum") -> District:
    return db.session.scalar(
        select(District).where(District.municipality_id == municipality.id, District.name == name)
    )


# Submitting and editing -----------------------------------------------------------------------


def test_submit_idea_publishes_and_follows(world, challenge):
    district = _district(world.municipality)
    idea = submit_idea(
        challenge, title="  Flere benker  ", body=" Tekst ", author=world.author, district=district
    )
    db.session.commit()
    assert (idea.title, idea.body, idea.district_id) == ("Flere benker", "Tekst", district.id)
    assert idea.visibility is Visibility.published and idea.channel is Channel.web
    assert db.session.scalar(select(Follow).where(Follow.idea_id == idea.id)).user_id == (
        world.author.id
    )


def test_premoderation_makes_new_ideas_pending(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, premoderation=True)
    idea = submit_idea(challenge, title="Vent", body="Tekst", author=world.author)
    assert idea.visibility is Visibility.pending


@pytest.mark.parametrize("phase", [Phase.draft, Phase.assessing, Phase.concluded])
def test_no_web_ideas_unless_open(world, create_challenge_f, phase):
    challenge = create_challenge_f(world.municipality, phase=phase)
    with pytest.raises(IdeaError, match="tar ikke imot"):
        submit_idea(challenge, title="For sent", body="Tekst", author=world.author)


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Tekst", "tittel"),
        ("x" * 121, "Tekst", "120"),
        ("Tittel", "x" * 5001, "5000"),
    ],
)
def test_submit_idea_checks_lengths(world, challenge, title, body, message):
    with pytest.raises(IdeaError, match=message):
        submit_idea(challenge, title=title, body=body, author=world.author)
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_limits_are_inclusive(world, challenge):
    idea = submit_idea(challenge, title="x" * 120, body="y" * 5000, author=world.author)
    assert len(idea.title) == 120 and len(idea.body) == 5000


def test_district_must_belong_to_the_municipality(world, challenge):
    elsewhere = _district(world.other)
    with pytest.raises(IdeaError, match="bydel"):
        submit_idea(challenge, title="Feil sted", body="", author=world.author, district=elsewhere)


def test_author_edits_until_first_answer(world, challenge, create_idea_f):
    idea = create_idea_f(challenge, world.author)
    edit_idea(idea, title="Ny tittel", body="Ny tekst", district=None, actor=world.author)
    assert idea.title == "Ny tittel"
    with pytest.raises(IdeaError):
        edit_idea(idea, title="Kapret", body="", district=None, actor=world.citizen)
    idea.first_answered_at = idea.created_at
    with pytest.raises(IdeaError, match="svar"):
        edit_idea(idea, title="For sent", body="", district=None, actor=world.author)
    idea.first_answered_at = None
    challenge.phase = Phase.assessing
    with pytest.raises(IdeaError, match="åpen"):
        edit_idea(idea, title="For sent", body="", district=None, actor=world.author)


# Supports -------------------------------------------------------------------------------------


def _vote_rows(idea: Idea) -> int:
    return db.session.scalar(select(func.count(Vote.id)).where(Vote.idea_id == idea.id))


def test_support_and_withdraw_keep_count_in_step(world, challenge, create_idea_f):
    idea = create_idea_f(challenge, world.author)
    support_idea(idea, world.citizen)
    support_idea(idea, world.author)
    db.session.commit()
    assert idea.support_count == 2 == _vote_rows(idea)
    with pytest.raises(IdeaError, match="allerede"):
        support_idea(idea, world.citizen)
    withdraw_support(idea, world.citizen)
    withdraw_support(idea, world.citizen)  # a second withdrawal changes nothing
    db.session.commit()
    assert idea.support_count == 1 == _vote_rows(idea)


def test_vote_budget_is_enforced(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, vote_budget=2)
    ideas = [create_idea_f(challenge, world.author, title=f"Ide {n}") for n in range(3)]
    support_idea(ideas[0], world.citizen)
    support_idea(ideas[1], world.citizen)
    with pytest.raises(IdeaError, match="alle dine 2 stemmer"):
        support_idea(ideas[2], world.citizen)
    db.session.commit()
    assert votes_used(world.citizen, challenge) == 2
    assert db.session.get(Idea, ideas[2].id).support_count == 0
    withdraw_support(ideas[0], world.citizen)
    support_idea(ideas[2], world.citizen)  # a withdrawn vote can be spent again
    db.session.commit()
    assert [db.session.get(Idea, i.id).support_count for i in ideas] == [0, 1, 1]


def test_budget_counts_per_challenge(world, create_challenge_f, create_idea_f):
    first = create_challenge_f(world.municipality, vote_budget=1)
    second = create_challenge_f(world.municipality, vote_budget=1)
    support_idea(create_idea_f(first, world.author), world.citizen)
    support_idea(create_idea_f(second, world.author), world.citizen)
    assert votes_used(world.citizen, first) == votes_used(world.citizen, second) == 1


@pytest.mark.parametrize("phase", [Phase.assessing, Phase.concluded])
def test_closed_challenge_refuses_support_and_withdrawal(
    world, create_challenge_f, create_idea_f, phase
):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author)
    support_idea(idea, world.citizen)
    challenge.phase = phase
    db.session.commit()
    with pytest.raises(IdeaError, match="ikke lenger mulig å støtte"):
        support_idea(idea, world.author)
    with pytest.raises(IdeaError, match="mens utfordringen er åpen"):
        withdraw_support(idea, world.citizen)
    assert _vote_rows(idea) == 1


def test_pending_idea_cannot_be_supported(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, premoderation=True)
    idea = create_idea_f(challenge, world.author)
    with pytest.raises(IdeaError):
        support_idea(idea, world.citizen)


# The list ------------------------------------------------------------------------------------


def _titles(challenge, wanted: IdeaFilter, seed: int = 0) -> list[str]:
    return [i.title for i in db.session.scalars(challenge_ideas(challenge, wanted, seed))]


def test_sorts(world, challenge, create_idea_f):
    a = create_idea_f(challenge, world.author, title="A")
    b = create_idea_f(challenge, world.author, title="B")
    c = create_idea_f(challenge, world.author, title="C")
    support_idea(b, world.citizen)
    support_idea(b, world.author)
    support_idea(c, world.citizen)
    from cocreate.ideas.services import post_comment

    post_comment(a, body="1", author=world.citizen)
    post_comment(a, body="2", author=world.citizen)
    post_comment(c, body="3", author=world.citizen)
    db.session.commit()
    assert _titles(challenge, IdeaFilter(sort=Sort.newest)) == ["C", "B", "A"]
    assert _titles(challenge, IdeaFilter(sort=Sort.supported)) == ["B", "C", "A"]
    assert _titles(challenge, IdeaFilter(sort=Sort.discussed)) == ["A", "C", "B"]


def test_list_shows_only_published_ideas(world, challenge, create_idea_f):
    create_idea_f(challenge, world.author, title="Synlig")
    hidden = create_idea_f(challenge, world.author, title="Skjult")
    hidden.visibility = Visibility.hidden
    pending = create_idea_f(challenge, world.author, title="Venter")
    pending.visibility = Visibility.pending
    db.session.commit()
    assert _titles(challenge, IdeaFilter()) == ["Synlig"]


def test_filters(world, challenge, create_idea_f):
    sentrum = _district(world.municipality)
    create_idea_f(challenge, world.author, title="Sentrum", district=sentrum)
    workshop = create_idea_f(challenge, None, title="Verksted", channel=Channel.workshop)
    decided = create_idea_f(challenge, world.author, title="Vedtatt")
    decided.stage = Stage.decided
    db.session.commit()
    newest = Sort.newest
    assert _titles(challenge, IdeaFilter(sort=newest, district_id=sentrum.id)) == ["Sentrum"]
    assert _titles(challenge, IdeaFilter(sort=newest, channel=Channel.workshop)) == ["Verksted"]
    assert _titles(challenge, IdeaFilter(sort=newest, stage=Stage.decided)) == ["Vedtatt"]
    assert workshop.author_id is None


def test_parse_filter_ignores_nonsense():
    wanted = parse_filter({"sort": "x", "steg": "nope", "bydel": "99999999999", "kanal": "fax"})
    assert wanted == IdeaFilter()
    wanted = parse_filter({"sort": "nyeste", "steg": "done", "bydel": "3", "kanal": "workshop"})
    assert wanted == IdeaFilter(Sort.newest, Stage.done, 3, Channel.workshop)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ("benker", ["Flere benker i parken"]),
        ("Benker PARKEN", ["Flere benker i parken"]),
        ("sykkelparkering", ["Trygg sykkelparkering"]),
        ("lys", ["Bedre lys på skoleveien"]),
        ("skoleveien", ["Bedre lys på skoleveien"]),
        ("finnes ikke", []),
        ("<script>", []),
        ('" OR 1=1 --', []),
        ("NEAR(", []),
        ("'", []),
    ],
)
def test_full_text_search(world, challenge, create_idea_f, terms, expected):
    create_idea_f(challenge, world.author, title="Flere benker i parken", body="Å sitte godt.")
    create_idea_f(challenge, world.author, title="Trygg sykkelparkering", body="Ved stasjonen.")
    create_idea_f(challenge, world.author, title="Bedre lys på skoleveien", body="Mørkt.")
    assert _titles(challenge, IdeaFilter(sort=Sort.newest, search=terms)) == expected


def test_search_follows_edits(world, challenge, create_idea_f):
    idea = create_idea_f(challenge, world.author, title="Gammel tittel", body="")
    edit_idea(idea, title="Lekeplass ved fjorden", body="", district=None, actor=world.author)
    db.session.commit()
    assert _titles(challenge, IdeaFilter(search="lekeplass")) == ["Lekeplass ved fjorden"]
    assert _titles(challenge, IdeaFilter(search="gammel")) == []


def test_random_order_in_the_database_matches_the_function(world, challenge, create_idea_f):
    ideas = [create_idea_f(challenge, world.author, title=f"Ide {n}") for n in range(12)]
    for seed in (0, 1, 12345, 2**30 - 1):
        expected = sorted(ideas, key=lambda i: (random_key_py(i.id, seed), i.id))
        got = list(db.session.scalars(challenge_ideas(challenge, IdeaFilter(), seed)))
        assert [i.id for i in got] == [i.id for i in expected]


def test_random_order_does_not_favour_early_ideas():
    """Over many visitors, the first idea lands at every place about equally often."""
    ids = list(range(1, 21))
    first_places, ranks = 0, []
    for seed in range(2000):
        order = sorted(ids, key=lambda i: (random_key_py(i, seed), i))
        ranks.append(order.index(1))
        first_places += order[0] == 1
    assert 0.02 < first_places / 2000 < 0.09  # about 1 in 20
    assert 8 < statistics.mean(ranks) < 11  # the middle of 0..19
    orders = {tuple(sorted(ids, key=lambda i: random_key_py(i, seed))) for seed in range(50)}
    assert len(orders) == 50  # different visitors, different orders


def test_search_uses_the_index(app_ctx):
    """PostgreSQL answers from the GIN index, SQLite from the FTS5 table: no full scan of text."""
    from sqlalchemy import text

    query = select(Idea.id).where(challenge_ideas_search_condition("benker"))
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(db.session.scalars(text("EXPLAIN " + sql)))
        assert "ix_ideas_search_nb" in plan
    else:
        plan = "\n".join(row[-1] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "VIRTUAL TABLE INDEX" in plan and "ideas_fts" in plan
    db.session.rollback()


def test_support_is_one_transaction_with_its_count(world, challenge, create_idea_f):
    """A rolled-back request leaves neither the vote nor the count (on SQLite a savepoint opened
    outside a transaction would have committed the vote on its own)."""
    idea = create_idea_f(challenge, world.author)
    db.session.commit()  # the idea was there before this request
    support_idea(idea, world.citizen)
    db.session.rollback()
    assert _vote_rows(idea) == 0
    assert db.session.get(Idea, idea.id).support_count == 0


def test_counters_do_not_count_as_edits(world, challenge, create_idea_f):
    from cocreate.ideas.services import post_comment

    idea = create_idea_f(challenge, world.author)
    before = db.session.get(Idea, idea.id).updated_at
    support_idea(idea, world.citizen)
    post_comment(idea, body="Hei", author=world.citizen)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).updated_at == before


def test_a_budget_of_one_vote_is_named_in_the_singular(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, vote_budget=1)
    ideas = [create_idea_f(challenge, world.author, title=f"Ide {n}") for n in range(2)]
    support_idea(ideas[0], world.citizen)
    with pytest.raises(IdeaError, match="Du har brukt stemmen din i denne utfordringen"):
        support_idea(ideas[1], world.citizen)
