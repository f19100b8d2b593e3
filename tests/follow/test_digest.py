"""The daily digest for people who follow: grouped by challenge and then by input, the newest
first; never empty; and one job that writes 10,000 digests with a bounded number of queries and
bounded memory (bench/digest.py records the time it takes)."""

import math
import tracemalloc
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cocreate.challenges.following import follow_topic
from cocreate.database import commit, utcnow
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea, post_comment
from cocreate.ideas.stages import Stage
from cocreate.notifications import digest
from cocreate.notifications.digest import last_digest_time, send_digests
from cocreate.notifications.models import Delivery, DigestItem, OutboxMessage
from cocreate.notifications.services import set_delivery
from cocreate.notifications.worker import sweep
from cocreate.pipeline.services import move_idea
from tests.isolation import recorded_statements
from tests.smtp import part

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."


def _next_digest():
    return last_digest_time(utcnow()) + timedelta(days=1, minutes=1)


def _move(idea, stage, actor):
    move_idea(idea, stage, answer=ANSWER, actor=actor)
    commit()


def test_a_digest_groups_news_by_challenge_and_input_newest_first(
    app, real_smtp, world, create_challenge_f, create_idea_f, create_user_f
):
    parks = create_challenge_f(world.municipality, title="Parkene våre")
    roads = create_challenge_f(world.municipality, title="Trygge veier")
    benches = create_idea_f(parks, world.author, title="Benker ved dammen")
    lights = create_idea_f(parks, world.author, title="Lys i parken")
    crossing = create_idea_f(roads, world.author, title="Gangfelt ved skolen")
    reader = create_user_f("daglig@example.no")
    set_delivery(reader, Delivery.daily)
    follow_topic(reader, parks)
    follow_idea(crossing, reader)
    comment = post_comment(crossing, body="Gangfelt trengs virkelig.", author=reader)
    commit()

    _move(benches, Stage.assessed, world.facilitator)  # oldest
    _move(crossing, Stage.assessed, world.facilitator)
    post_comment(crossing, body="Helt enig med deg.", parent=comment, author=world.citizen)
    commit()
    _move(lights, Stage.assessed, world.facilitator)
    _move(benches, Stage.decided, world.facilitator)  # newest
    assert real_smtp.messages == [] or all(m["To"] != reader.email for m in real_smtp.messages)

    result = sweep(now=_next_digest())
    assert (result.digests.mailed, result.digests.items) == (1, 5)
    [mail] = [m for m in real_smtp.messages if m["To"] == reader.email]
    text = part(mail)
    order = [
        "PARKENE VÅRE",
        "Nytt svar på «Benker ved dammen»: Besluttet",
        "Nytt svar på «Benker ved dammen»: Vurdert",
        "Nytt svar på «Lys i parken»: Vurdert",
        "TRYGGE VEIER",
        "Nytt svar på kommentaren din om «Gangfelt ved skolen»",
        "Nytt svar på «Gangfelt ved skolen»: Vurdert",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions), text
    assert text.count(f"/k/heimby/innspill/{benches.id}\n") == 1  # one link per input
    html = part(mail, "text/html")
    assert (
        f'<h2><a href="http://localhost/k/heimby/utfordringer/{parks.id}">Parkene våre</a></h2>'
        in html.replace(app.config["BASE_URL"].rstrip("/"), "http://localhost")
    )
    assert "<h3>Nytt svar på «Lys i parken»: Vurdert</h3>" in html


def test_a_digest_is_never_sent_empty(app, real_smtp, world, create_challenge_f, create_user_f):
    reader = create_user_f("daglig@example.no")
    set_delivery(reader, Delivery.daily)
    follow_topic(reader, create_challenge_f(world.municipality))
    commit()
    result = sweep(now=_next_digest())
    assert (result.digests.mailed, result.digests.items) == (0, 0)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert real_smtp.messages == []


@pytest.mark.slow
def test_digests_for_10000_followers_in_bounded_queries_and_memory(
    app, world, create_challenge_f, create_idea_f, bulk_followers_f
):
    followers = 10_000
    challenge = create_challenge_f(world.municipality, title="Hele byen følger med")
    idea = create_idea_f(challenge, world.author, title="Ny bypark")
    bulk_followers_f(challenge, followers)
    commit()
    _move(idea, Stage.assessed, world.facilitator)
    _move(idea, Stage.decided, world.facilitator)
    waiting = db.session.scalar(
        select(func.count(DigestItem.id)).where(DigestItem.mailed_at.is_(None))
    )
    assert waiting == 2 * followers  # the author reads at once; the 10,000 wait

    tracemalloc.start()
    try:
        with recorded_statements() as statements:
            result = send_digests(now=_next_digest())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert (result.mailed, result.items) == (followers, 2 * followers)
    digests = select(func.count(OutboxMessage.id)).where(OutboxMessage.user_id != world.author.id)
    assert db.session.scalar(digests) == followers
    # A fixed number of statements per batch of readers, whatever their number.
    batches = math.ceil(followers / digest.BATCH) + 1  # and the last, empty look-up
    assert len(statements) <= 8 * batches, len(statements)
    # Bounded by the batch, not by the 10,000: less than the digests' own characters, so the job
    # never holds them all (about 12 MB measured on SQLite, for some 24 million characters).
    bound = 20 * 2**20
    written = db.session.scalar(
        select(func.sum(func.length(OutboxMessage.text) + func.length(OutboxMessage.html)))
    )
    assert written > bound
    assert peak < bound, f"tracemalloc peak {peak / 2**20:.1f} MB"
    sample = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.user_id != world.author.id).limit(1)
    ).one()
    assert "HELE BYEN FØLGER MED" in sample.text and "Ny bypark" in sample.text
    assert (
        db.session.scalar(select(func.count(DigestItem.id)).where(DigestItem.mailed_at.is_(None)))
        == 0
    )
