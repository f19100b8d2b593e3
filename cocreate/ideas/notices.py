"""Telling a person that someone replied to their comment (in the app, and by e-mail at once or
in the daily digest, as they chose)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ..accounts.models import User
from ..notifications.compose import by_locale, default_locale
from ..notifications.kinds import COMMENT_REPLY
from ..notifications.links import path_for
from ..notifications.services import Group, notify_many
from .models import Comment, Idea

EXCERPT = 300  # characters of the reply quoted in the notice


def _path(endpoint: str, fallback: str, **values: object) -> str:
    try:
        return path_for(endpoint, **values)
    except BuildError:  # the documented path, should the page's arguments change
        return fallback


def notify_comment_reply(
    idea: Idea, reply: Comment, replied_to: list[Comment], *, author: User | None
) -> None:
    """Tell the authors of the comments replied to (the thread's first comment and, for a reply
    to a reply, that reply's author): each once, never the one who wrote the reply."""
    people = {
        c.author.id: c.author
        for c in replied_to
        if c.author is not None
        and c.author.deleted_at is None
        and (author is None or c.author.id != author.id)
    }
    if not people:
        return
    slug = idea.challenge.municipality.slug
    link = _path("ideas.detail", f"/k/{slug}/innspill/{idea.id}", slug=slug, idea_id=idea.id)
    link += f"#kommentar-{reply.id}"
    challenge = idea.challenge
    group = Group(
        title=challenge.title,
        path=_path(
            "challenges.detail",
            f"/k/{slug}/utfordringer/{challenge.id}",
            slug=slug,
            challenge_id=challenge.id,
        ),
    )
    excerpt = reply.body if len(reply.body) <= EXCERPT else reply.body[: EXCERPT - 1] + "…"
    with default_locale(challenge.municipality.default_locale):
        for locale, group_people in by_locale(people.values()).items():
            with force_locale(locale):
                subject = _("Nytt svar på kommentaren din om «%(title)s»", title=idea.title)
                text = "\n".join(
                    [
                        _(
                            "Noen har svart på kommentaren din til innspillet «%(title)s»:",
                            title=idea.title,
                        ),
                        "",
                        excerpt,
                    ]
                )
                notify_many(
                    group_people,
                    kind=COMMENT_REPLY,
                    subject=subject,
                    text=text,
                    link=link,
                    group=group,
                )
