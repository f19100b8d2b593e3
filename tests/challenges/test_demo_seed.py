"""`flask --app cocreate seed demo`: a challenge for every principle, with real activity."""

from sqlalchemy import func, select

from cocreate.challenges.models import Challenge, Phase
from cocreate.demo.seed import DEMO_SLUG
from cocreate.extensions import db
from cocreate.ideas.models import Comment, Idea, Visibility, Vote
from cocreate.municipalities.models import Municipality


def _demo_challenges() -> list[Challenge]:
    municipality = db.session.scalar(select(Municipality).where(Municipality.slug == DEMO_SLUG))
    return list(
        db.session.scalars(select(Challenge).where(Challenge.municipality_id == municipality.id))
    )


def test_seed_gives_every_principle_a_challenge_with_activity(demo_seeded, app_ctx):
    challenges = _demo_challenges()
    assert {p.number for c in challenges for p in c.principles} == set(range(1, 9))
    phases = [c.phase for c in challenges]
    assert Phase.draft not in phases
    assert phases.count(Phase.open) >= 4  # something to take part in today
    assert phases.count(Phase.concluded) >= 2 and Phase.assessing in phases
    for challenge in challenges:
        ideas = list(db.session.scalars(select(Idea).where(Idea.challenge_id == challenge.id)))
        assert len(ideas) >= 3, challenge.title
        authors = {i.author_id for i in ideas}
        assert len(authors) >= 3
        assert sum(i.support_count for i in ideas) >= 5
        assert sum(i.comment_count for i in ideas) >= 2
        assert challenge.description_html.startswith("<p>")
        assert (
            challenge.opens_on and challenge.closes_on and challenge.opens_on < challenge.closes_on
        )
        if challenge.phase is Phase.concluded:
            assert "Hva vi gjør" in challenge.summary_html
    # The counters agree with the rows they count.
    votes = db.session.scalar(select(func.count(Vote.id)))
    comments = db.session.scalar(select(func.count(Comment.id)))
    assert votes == db.session.scalar(select(func.sum(Idea.support_count)))
    assert comments == db.session.scalar(select(func.sum(Idea.comment_count)))
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.parent_id.is_not(None)))
    # One challenge shows pre-moderation: an idea waits for a facilitator.
    assert (
        db.session.scalar(select(func.count(Idea.id)).where(Idea.visibility == Visibility.pending))
        == 1
    )
    # A vote budget is set and respected by the demo's own supports.
    budgeted = [c for c in challenges if c.vote_budget]
    assert budgeted
    for challenge in budgeted:
        per_user = db.session.execute(
            select(func.count(Vote.id))
            .where(Vote.challenge_id == challenge.id)
            .group_by(Vote.user_id)
        ).scalars()
        assert max(per_user) <= challenge.vote_budget


def _row_counts() -> dict[str, int]:
    db.session.expire_all()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_seed_twice_adds_nothing(demo_seeded, runner, app_ctx):
    first = _row_counts()
    assert first["ideas"] and first["stage_changes"] and first["workshops"]
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0 and "finnes allerede" in result.output
    assert _row_counts() == first


def test_demo_pages_render(demo_seeded, client, app_ctx):
    html = client.get(f"/k/{DEMO_SLUG}/").get_data(as_text=True)
    shown = [c for c in _demo_challenges() if c.phase is not Phase.draft]
    assert html.count("challenge-card") == len(shown)
    assert "Sjøfronten 2040" in html
    front = client.get("/").get_data(as_text=True)
    assert "Færre bilturer i hverdagen" in front
    assert "Hvilke data vil du at kommunen skal dele åpent?" not in front  # concluded
    for challenge in _demo_challenges():
        response = client.get(f"/k/{DEMO_SLUG}/utfordringer/{challenge.id}")
        assert response.status_code == 200
