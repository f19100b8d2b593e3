"""A follower who chose the daily digest gets one e-mail a day, at the digest hour (Oslo time),
with everything that happened; immediate readers get one e-mail per move as before. The clock
is moved by passing `now` to the sweep, never by sleeping."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cocreate.database import commit, utcnow
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea
from cocreate.ideas.stages import Stage
from cocreate.notifications.digest import last_digest_time, waiting_items
from cocreate.notifications.models import Delivery, DigestItem
from cocreate.notifications.outbox import send_pending
from cocreate.notifications.services import delivery_of, set_delivery
from cocreate.notifications.worker import sweep
from cocreate.pipeline.services import move_idea
from tests.factories import PASSWORD
from tests.smtp import part

BURST = [
    (Stage.assessed, "Vi har **vurdert** forslaget og tar det med i planen."),
    (Stage.decided, "Kommunestyret vedtok benkene i sak 12/26, med penger i budsjettet."),
    (Stage.piloting, "## Utprøving\nVi prøver ut fire benker i parken gjennom sommeren."),
    (Stage.done, "Benkene står der nå, og de blir brukt hver dag av mange."),
    (Stage.scaled, "Benkene er nå en fast del av parkdriften i hele kommunen."),
]
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def burst(world, create_challenge_f, create_idea_f, create_user_f):
    """An idea followed by a digest reader and an immediate reader, moved five times in minutes."""

    def _burst():
        challenge = create_challenge_f(world.municipality)
        idea = create_idea_f(challenge, world.author, title="Flere benker i parken")
        daily = create_user_f("daglig@example.no")
        set_delivery(daily, Delivery.daily)
        follow_idea(idea, daily)
        follow_idea(idea, create_user_f("straks@example.no"))
        commit()
        for stage, answer in BURST:
            move_idea(idea, stage, answer=answer, actor=world.facilitator, reference="PS 12/26")
            commit()
        return idea, daily

    return _burst


def _to(server, address: str):
    return [m for m in server.messages if m["To"] == address]


def test_a_burst_of_five_moves_reaches_a_digest_reader_as_one_mail(app, real_smtp, burst):
    app.config["DIGEST_HOUR"] = 7
    idea, daily = burst()
    send_pending()
    assert len(_to(real_smtp, "straks@example.no")) == len(BURST)  # immediate: one per move
    assert len(_to(real_smtp, "forfatter@example.no")) == len(BURST)
    assert _to(real_smtp, "daglig@example.no") == []
    assert waiting_items(daily) == len(BURST)

    next_digest = last_digest_time(utcnow()) + timedelta(days=1)
    assert next_digest.astimezone(OSLO).hour == 7
    # Until the digest hour, the sweep sends nothing to the digest reader.
    assert sweep(now=next_digest - timedelta(minutes=1)).digests.mailed == 0
    assert _to(real_smtp, "daglig@example.no") == []

    result = sweep(now=next_digest + timedelta(minutes=1))
    assert (result.digests.mailed, result.digests.items) == (1, len(BURST))
    [digest] = _to(real_smtp, "daglig@example.no")
    assert digest.get_content_type() == "multipart/alternative"
    text, html = part(digest, "text/plain"), part(digest, "text/html")
    for _stage, answer in BURST:
        plain_answer = answer.replace("**", "").replace("## Utprøving\n", "Utprøving\n\n")
        assert plain_answer in text
    assert "**" not in text and "##" not in text
    assert "<strong>vurdert</strong>" in html and "<h2>Utprøving</h2>" in html
    assert text.count(f"/k/heimby/innspill/{idea.id}") == 1  # one link for the one idea
    assert "Slutt å få slike e-poster" in text
    assert waiting_items(daily) == 0

    # The same day, and a later one with nothing new: no second digest.
    assert sweep(now=next_digest + timedelta(hours=5)).digests.mailed == 0
    assert sweep(now=next_digest + timedelta(days=1, minutes=1)).digests.mailed == 0
    assert len(_to(real_smtp, "daglig@example.no")) == 1


def test_news_after_the_digest_waits_for_the_next_day(app, real_smtp, burst):
    _idea, daily = burst()
    next_digest = last_digest_time(utcnow()) + timedelta(days=1)
    sweep(now=next_digest + timedelta(minutes=1))
    assert len(_to(real_smtp, "daglig@example.no")) == 1
    # News that comes after today's digest: created "later" than the digest moment.
    item = DigestItem(
        user_id=daily.id,
        notification_id=db.session.scalars(select(DigestItem.notification_id)).first(),
        kind="idea_moved",
        created_at=next_digest + timedelta(hours=2),
    )
    db.session.add(item)
    commit()
    assert sweep(now=next_digest + timedelta(hours=3)).digests.mailed == 0
    assert sweep(now=next_digest + timedelta(days=1, minutes=1)).digests.mailed == 1
    assert len(_to(real_smtp, "daglig@example.no")) == 2


def test_the_digest_hour_is_configurable_and_in_oslo_time(app):
    with app.app_context():
        app.config["DIGEST_HOUR"] = 18
        now = utcnow()
        moment = last_digest_time(now)
        assert moment <= now < moment + timedelta(days=1)
        assert moment.astimezone(OSLO).hour == 18 and moment.astimezone(OSLO).minute == 0
        app.config["DIGEST_HOUR"] = 7


def test_the_delivery_choice_is_on_the_preferences_page(client, auth, create_user_f):
    person = create_user_f("valg@example.no")
    auth.login(person.email, PASSWORD)
    page = client.get("/konto/varsler").get_data(as_text=True)
    assert 'name="delivery_choice" type="radio" value="daily"' in page
    assert '<input checked id="delivery_choice-0"' in page  # immediate until chosen
    assert delivery_of(person) is Delivery.immediate
    response = client.post(
        "/konto/varsler", data={"kind_idea_moved": "y", "delivery_choice": "daily"}
    )
    assert response.status_code == 302
    assert delivery_of(person) is Delivery.daily
    page = client.get("/konto/varsler").get_data(as_text=True)
    assert '<input checked id="delivery_choice-1" name="delivery_choice" type="radio"' in page
    client.post("/konto/varsler", data={"kind_idea_moved": "y", "delivery_choice": "immediate"})
    assert delivery_of(person) is Delivery.immediate
