"""Telling an author what moderation did to their input: merged (with a link to the input it
joined) or hidden (with the reason category, never who reported it or the staff's own note)."""

from contextlib import AbstractContextManager

from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ..accounts.models import User
from ..ideas.models import Idea
from ..ideas.reasons import reason_label
from ..notifications.compose import default_locale, locale_of
from ..notifications.kinds import IDEA_MODERATED
from ..notifications.links import path_for
from ..notifications.services import notify
from .records import municipality_of


def _idea_path(idea: Idea) -> str:
    slug = municipality_of(idea).slug
    try:
        return path_for("ideas.detail", slug=slug, idea_id=idea.id)
    except BuildError:  # the documented path, should the page's arguments change
        return f"/k/{slug}/innspill/{idea.id}"


def _in_malform(idea: Idea) -> AbstractContextManager[None]:
    """E-mails about the input: its municipality's målform for those who chose no language."""
    return default_locale(municipality_of(idea).default_locale)


def _author_to_tell(idea: Idea, actor: User | None) -> User | None:
    author = idea.author
    if author is None or author.deleted_at is not None:
        return None
    if actor is not None and author.id == actor.id:
        return None
    return author


def notify_author_merged(duplicate: Idea, target: Idea, *, actor: User | None) -> None:
    """Tell the author of a merged duplicate where their input lives on now."""
    author = _author_to_tell(duplicate, actor)
    if author is None:
        return
    link = _idea_path(target)
    with _in_malform(duplicate), force_locale(locale_of(author)):
        subject = _(
            "Innspillet ditt «%(title)s» er slått sammen med et annet", title=duplicate.title
        )
        text = "\n".join(
            [
                _(
                    "Innspillet ditt «%(title)s» handler om det samme som «%(target)s», så "
                    "kommunen har slått dem sammen.",
                    title=duplicate.title,
                    target=target.title,
                ),
                _(
                    "Støttene, kommentarene og følgerne er flyttet dit, og du får varsel når "
                    "det får svar."
                ),
            ]
        )
        notify(author, kind=IDEA_MODERATED, subject=subject, text=text, link=link)


def notify_author_hidden(idea: Idea, *, reason: str, actor: User | None) -> None:
    """Tell the author their input is hidden, and the reason category."""
    author = _author_to_tell(idea, actor)
    if author is None:
        return
    link = _idea_path(idea)
    with _in_malform(idea), force_locale(locale_of(author)):
        subject = _("Innspillet ditt «%(title)s» er skjult", title=idea.title)
        text = "\n".join(
            [
                _(
                    "Innspillet ditt «%(title)s» vises ikke lenger for andre. Grunn: %(reason)s.",
                    title=idea.title,
                    reason=reason_label(reason),
                ),
                _("Er du uenig, kan du ta kontakt med kommunen."),
            ]
        )
        notify(author, kind=IDEA_MODERATED, subject=subject, text=text, link=link)
