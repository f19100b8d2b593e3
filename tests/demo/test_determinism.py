"""The demo seed is deterministic: seeded twice from an empty database, it tells the same story
(the same inputs, history, votes, profiles, check-ins and surveys)."""

from sqlalchemy import func, select

from cocreate.accounts.models import ParticipantProfile, User
from cocreate.demo.seed import seed_demo
from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from cocreate.metrics.models import SurveyResponse
from cocreate.pipeline.models import StageChange
from cocreate.workshops.models import WorkshopCheckinCount


def _content() -> dict[str, list[tuple]]:
    """What the demo says, without row ids or random codes."""
    db.session.expire_all()
    title = {i.id: i.title for i in db.session.scalars(select(Idea))}
    email = {u.id: u.email for u in db.session.scalars(select(User))}
    return {
        "ideas": sorted(
            (i.challenge.title, i.title, i.channel.value, i.stage.value, str(i.created_at))
            for i in db.session.scalars(select(Idea))
        ),
        "history": sorted(
            (title[c.idea_id], c.kind.value, c.to_stage.value, c.answer, str(c.created_at))
            for c in db.session.scalars(select(StageChange))
        ),
        "votes": sorted(
            (title[v.idea_id], email[v.user_id], str(v.created_at))
            for v in db.session.scalars(select(Vote))
        ),
        "profiles": sorted(
            (email[p.user_id], str(p.age_band), str(p.gender), str(p.district))
            for p in db.session.scalars(select(ParticipantProfile))
        ),
        "check_ins": sorted(
            (c.workshop_id, c.dimension, c.value, c.count)
            for c in db.session.scalars(select(WorkshopCheckinCount))
        ),
        "surveys": sorted(
            (email[s.user_id], s.felt_heard, s.understood, s.would_return, str(s.created_at))
            for s in db.session.scalars(select(SurveyResponse))
        ),
    }


def test_seed_is_deterministic(app_ctx):
    first = db.session.begin_nested()
    seed_demo()
    once = _content()
    first.rollback()
    assert db.session.scalar(select(func.count(Idea.id))) == 0
    seed_demo()
    again = _content()
    assert once["history"] and once["votes"] and once["profiles"] and once["surveys"]
    # Workshops get new ids; the counts per workshop in order are what must agree.
    assert [c[1:] for c in once.pop("check_ins")] == [c[1:] for c in again.pop("check_ins")]
    assert once == again
