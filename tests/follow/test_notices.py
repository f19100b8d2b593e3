"""Who hears what: a new challenge in a followed district or under a followed principle, every
move of an input in a followed challenge (once, also for those who follow the input too), and a
reply to one's comment. Mail goes through the real SMTP server."""

from sqlalchemy import select

from cocreate.challenges.following import follow_topic
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea, post_comment
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import District
from cocreate.notifications.kinds import CHALLENGE_OPENED, COMMENT_REPLY, IDEA_MOVED
from cocreate.notifications.models import Notification
from cocreate.notifications.outbox import send_pending
from cocreate.pipeline.services import move_idea
from cocreate.reference.models import Principle
from tests.smtp import part


def _notes(user, kind):
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def _to(server, address):
    return [m for m in server.messages if m["To"] == address]


def _district(municipality, name):
    return db.session.scalar(
        select(District).where(District.municipality_id == municipality.id, District.name == name)
    )


def _principle(number):
    return db.session.scalar(select(Principle).where(Principle.number == number))


def test_a_new_challenge_in_a_followed_district_or_principle_notifies(
    app, real_smtp, world, create_user_f
):
    by_district = create_user_f("bydel@example.no")
    by_principle = create_user_f("prinsipp@example.no")
    by_both = create_user_f("begge@example.no")
    elsewhere = create_user_f("nord@example.no")
    sentrum = _district(world.municipality, "Sentrum")
    follow_topic(by_district, sentrum)
    follow_topic(by_principle, _principle(2))
    follow_topic(by_both, sentrum)
    follow_topic(by_both, _principle(2))
    follow_topic(elsewhere, _district(world.municipality, "Nord"))
    follow_topic(elsewhere, _principle(5))
    follow_topic(world.facilitator, sentrum)  # the one who opens it is not told
    commit()

    challenge = create_challenge(
        world.municipality,
        title="Trygg skolevei i sentrum",
        description="Hvor er skoleveien utrygg?",
        principles=principles_by_numbers([1, 2]),
        districts=[sentrum],
        actor=world.facilitator,
    )
    commit()
    assert _notes(by_district, CHALLENGE_OPENED) == []  # a draft is news for nobody

    advance_phase(challenge, actor=world.facilitator)
    commit()
    for person in (by_district, by_principle, by_both):
        [note] = _notes(person, CHALLENGE_OPENED)
        assert note.subject == "Ny utfordring i Heimby kommune: «Trygg skolevei i sentrum»"
        assert note.link == f"/k/heimby/utfordringer/{challenge.id}"
    assert _notes(elsewhere, CHALLENGE_OPENED) == []
    assert _notes(world.facilitator, CHALLENGE_OPENED) == []

    send_pending()
    [mail] = _to(real_smtp, "begge@example.no")  # one e-mail, though two follows match
    assert "Trygg skolevei i sentrum" in part(mail) and "Sentrum" in part(mail)
    assert len(_to(real_smtp, "bydel@example.no")) == 1
    assert _to(real_smtp, "nord@example.no") == []

    # Moving on to assessing and concluding is no new opening.
    advance_phase(challenge, actor=world.facilitator)
    commit()
    assert len(_notes(by_district, CHALLENGE_OPENED)) == 1


def test_every_move_in_a_followed_challenge_notifies_once(
    app, real_smtp, world, create_challenge_f, create_idea_f, create_user_f
):
    challenge = create_challenge_f(world.municipality, title="Parkene våre")
    other = create_challenge_f(world.municipality, title="Noe annet")
    first = create_idea_f(challenge, world.author, title="Benker")
    second = create_idea_f(challenge, world.author, title="Lys")
    elsewhere = create_idea_f(other, world.author, title="Sykkelstativ")
    follower = create_user_f("utfordring@example.no")
    both = create_user_f("begge@example.no")
    follow_topic(follower, challenge)
    follow_topic(both, challenge)
    follow_idea(first, both)
    commit()

    for idea in (first, second, elsewhere):
        move_idea(
            idea,
            Stage.assessed,
            answer="Vi har vurdert det grundig i planen.",
            actor=world.facilitator,
        )
        commit()
    move_idea(
        first, Stage.decided, answer="Vedtatt i kommunestyret i sak 3/26.", actor=world.facilitator
    )
    commit()

    assert sorted(n.subject for n in _notes(follower, IDEA_MOVED)) == [
        "Nytt svar på «Benker»: Besluttet",
        "Nytt svar på «Benker»: Vurdert",
        "Nytt svar på «Lys»: Vurdert",
    ]
    assert len(_notes(both, IDEA_MOVED)) == 3  # input and challenge followed: told once a move
    send_pending()
    assert len(_to(real_smtp, "begge@example.no")) == 3
    assert len(_to(real_smtp, "utfordring@example.no")) == 3
    assert all("Sykkelstativ" not in m["Subject"] for m in _to(real_smtp, "begge@example.no"))


def test_a_reply_notifies_the_authors_of_the_comments_replied_to(
    app, real_smtp, world, create_challenge_f, create_idea_f, create_user_f
):
    idea = create_idea_f(create_challenge_f(world.municipality), world.author, title="Benker")
    first = create_user_f("forste@example.no")
    second = create_user_f("andre@example.no")
    top = post_comment(idea, body="Gjerne ved dammen.", author=first)
    own = post_comment(idea, body="Og ved lekeplassen.", parent=top, author=first)
    commit()
    assert _notes(first, COMMENT_REPLY) == []  # one's own reply is no news

    reply = post_comment(idea, body="Enig, dammen er fin.", parent=top, author=second)
    commit()
    [note] = _notes(first, COMMENT_REPLY)
    assert note.subject == "Nytt svar på kommentaren din om «Benker»"
    assert "Enig, dammen er fin." in note.text
    assert note.link == f"/k/heimby/innspill/{idea.id}#kommentar-{reply.id}"
    assert _notes(second, COMMENT_REPLY) == []

    # A reply to a reply: the thread's first author and that reply's author, each once.
    post_comment(idea, body="Lekeplassen trenger skygge.", parent=own, author=second)
    post_comment(idea, body="Ja, skygge!", parent=reply, author=world.citizen)
    commit()
    assert len(_notes(first, COMMENT_REPLY)) == 3
    assert len(_notes(second, COMMENT_REPLY)) == 1
    send_pending()
    assert len(_to(real_smtp, "forste@example.no")) == 3
    [mail] = _to(real_smtp, "andre@example.no")
    assert "Ja, skygge!" in part(mail)
