"""Authors are told when their input is merged (with a link to the input it joined) or hidden
(with the reason category, never who reported it nor the staff's note), by e-mail through a real
SMTP server and in the app."""

from sqlalchemy import select

from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.models import Visibility
from cocreate.moderation.services import hide_content, merge_ideas, reject_idea, report_content
from cocreate.notifications.kinds import IDEA_MODERATED
from cocreate.notifications.models import Notification
from cocreate.notifications.outbox import send_pending
from tests.smtp import part, subject

NOTE = "Meldt av Rita Rapportør, sjekket mot retningslinjene."


def _mails_to(server, address: str):
    return [m for m in server.messages if m["To"] == address]


def _notifications(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.user_id == user.id, Notification.kind == IDEA_MODERATED
            )
        )
    )


def test_author_of_a_merged_input_gets_a_link_to_the_target(
    real_smtp, world, create_challenge_f, create_idea_f, create_user_f
):
    challenge = create_challenge_f(world.municipality)
    target = create_idea_f(challenge, create_user_f("andre@example.no"), title="Benker i parken")
    duplicate = create_idea_f(challenge, world.author, title="Flere sitteplasser i parken")
    merge_ideas(duplicate, target, note=NOTE, actor=world.facilitator)
    commit()
    send_pending()
    [mail] = _mails_to(real_smtp, "forfatter@example.no")
    assert "«Flere sitteplasser i parken»" in subject(mail)
    text, html = part(mail, "text/plain"), part(mail, "text/html")
    target_url = f"http://127.0.0.1:5000/k/heimby/innspill/{target.id}"
    assert f"Les mer: {target_url}" in text and f'href="{target_url}"' in html
    assert "«Benker i parken»" in text
    assert NOTE not in text
    [notification] = _notifications(world.author)
    assert notification.link == f"/k/heimby/innspill/{target.id}"
    assert _mails_to(real_smtp, "andre@example.no") == []  # the target's author is not told


def test_author_of_a_hidden_input_learns_the_reason_never_the_reporter(
    real_smtp, world, create_challenge_f, create_idea_f, create_user_f
):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author, title="Flere benker i parken")
    reporter = create_user_f("rita@example.no", name="Rita Rapportør")
    report_content(idea, reporter=reporter, reason="hets", text="Dette er hets.")
    hide_content(idea, reason="hets", note=NOTE, actor=world.facilitator)
    commit()
    send_pending()
    [mail] = _mails_to(real_smtp, "forfatter@example.no")
    text, html = part(mail, "text/plain"), part(mail, "text/html")
    assert "Grunn: Hets, trakassering eller diskriminering." in text
    for secret in ("Rita", "rita@example.no", "Dette er hets", NOTE):
        assert secret not in text and secret not in html and secret not in subject(mail)
    assert f"/k/heimby/innspill/{idea.id}" in text
    [notification] = _notifications(world.author)
    assert "Hets, trakassering eller diskriminering" in notification.text


def test_a_rejected_input_tells_its_author_too_in_their_language(
    real_smtp, world, create_challenge_f, create_idea_f
):
    world.author.locale = "en"
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author)
    idea.visibility = Visibility.pending
    db.session.flush()
    reject_idea(idea, reason="spam", note=NOTE, actor=world.facilitator)
    commit()
    send_pending()
    [mail] = _mails_to(real_smtp, "forfatter@example.no")
    assert "Advertising or spam" in part(mail, "text/plain")
    assert subject(mail).startswith("Your input")


def test_staff_who_hide_their_own_input_are_not_told(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.facilitator)
    hide_content(idea, reason="annet", note=NOTE, actor=world.facilitator)
    assert _notifications(world.facilitator) == []
