"""Each move tells the author, supporters and followers (each once); concluding a challenge tells
every participant. The rows are written in the move's own transaction."""

import pytest
from sqlalchemy import func, select

from cocreate.challenges.models import Phase
from cocreate.challenges.services import conclude_challenge
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea, post_comment, support_idea
from cocreate.ideas.stages import Stage
from cocreate.moderation.services import merge_ideas
from cocreate.notifications.models import Notification, OutboxMessage
from cocreate.pipeline.services import move_idea, move_with_duplicates

ANSWER = "Vi tar forslaget med i budsjettet for neste år."
SUMMARY = "Vi hørte at folk vil ha flere benker. Vi setter opp ti nye i vår, fordi mange ba om det."


def _recipients(kind):
    rows = db.session.scalars(select(Notification).where(Notification.kind == kind)).all()
    return sorted(n.user_id for n in rows)


def _mailed(kind):
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()
    return sorted(m.to_address for m in rows)


@pytest.fixture
def people(world, create_user_f, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author)  # the author follows automatically
    supporter = create_user_f("stotte@example.no")
    follower = create_user_f("folger@example.no")
    both = create_user_f("begge@example.no")
    bystander = create_user_f("utenfor@example.no")
    support_idea(idea, supporter)
    support_idea(idea, both)
    follow_idea(idea, follower)
    follow_idea(idea, both)
    follow_idea(idea, world.facilitator)  # the one who answers is not told of their own move
    db.session.commit()
    return {
        "challenge": challenge,
        "idea": idea,
        "supporter": supporter,
        "follower": follower,
        "both": both,
        "bystander": bystander,
    }


def test_a_move_tells_author_supporters_and_followers_once(world, people):
    move_idea(people["idea"], Stage.assessed, answer=ANSWER, actor=world.facilitator)
    db.session.commit()
    expected = sorted(
        [world.author.id, people["supporter"].id, people["follower"].id, people["both"].id]
    )
    assert _recipients("idea_moved") == expected
    assert _mailed("idea_moved") == sorted(
        ["forfatter@example.no", "stotte@example.no", "folger@example.no", "begge@example.no"]
    )
    message = db.session.scalars(select(OutboxMessage)).first()
    assert ANSWER in message.text
    assert "Vurdert" in message.subject
    assert f"/k/heimby/innspill/{people['idea'].id}" in message.text


def test_notifications_are_part_of_the_moves_transaction(world, people):
    move_idea(people["idea"], Stage.assessed, answer=ANSWER, actor=world.facilitator)
    db.session.rollback()  # the move fails later in the request: nothing may be sent
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_email_preferences_are_respected_for_moves(world, people, client, auth):
    from cocreate.notifications.services import set_email_preferences

    set_email_preferences(people["follower"], {"idea_moved": False})
    db.session.commit()
    move_idea(people["idea"], Stage.assessed, answer=ANSWER, actor=world.facilitator)
    assert people["follower"].id in _recipients("idea_moved")  # still told in the app
    assert "folger@example.no" not in _mailed("idea_moved")


def test_merged_duplicates_authors_are_told_once(world, people, create_idea_f, create_user_f):
    dup_author = create_user_f("duplikat@example.no")
    duplicate = create_idea_f(people["challenge"], dup_author, title="Benker, takk")
    merge_ideas(duplicate, people["idea"], note="Samme forslag", actor=world.facilitator)
    db.session.commit()
    changes = move_with_duplicates(
        people["idea"], Stage.decided, answer=ANSWER, actor=world.facilitator
    )
    assert len(changes) == 2
    recipients = _recipients("idea_moved")
    assert recipients.count(dup_author.id) == 1
    assert len(recipients) == len(set(recipients)) == 5


def test_concluding_tells_every_participant_once(world, people, create_user_f, create_idea_f):
    challenge = people["challenge"]
    commenter = create_user_f("kommentar@example.no")
    post_comment(people["idea"], body="Godt forslag!", author=commenter)
    post_comment(people["idea"], body="Enig.", author=people["supporter"])
    second = create_idea_f(challenge, people["both"], title="Mer lys i parken")
    support_idea(second, world.author)
    db.session.commit()
    challenge.phase = Phase.assessing
    db.session.commit()
    conclude_challenge(challenge, summary=SUMMARY, actor=world.admin)
    db.session.commit()
    expected = sorted(
        {
            world.author.id,
            people["supporter"].id,
            people["follower"].id,
            people["both"].id,
            commenter.id,
            world.facilitator.id,  # follows an idea, so a participant like any other
        }
    )
    assert _recipients("challenge_concluded") == expected
    assert people["bystander"].id not in _recipients("challenge_concluded")
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "challenge_concluded")
    ).first()
    assert SUMMARY in message.text
    assert f"/k/heimby/utfordringer/{challenge.id}" in message.text
