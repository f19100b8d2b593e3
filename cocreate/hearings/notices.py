"""What the hearings tell people: the author of a statement that staff hide is told so, and
why, as the author of a hidden input is (moderation.notices)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..ideas.reasons import reason_label
from ..notifications.compose import default_locale, locale_of
from ..notifications.kinds import register_kind
from ..notifications.links import path_for
from ..notifications.services import notify
from .models import Statement

STATEMENT_MODERATED = "statement_moderated"
register_kind(STATEMENT_MODERATED, _l("Når høringsuttalelsen din skjules"))


def notify_statement_hidden(statement: Statement, *, reason: str, actor: User | None) -> None:
    """Tell the author (signed in when they gave it) that their statement is hidden."""
    author = statement.author
    if author is None or (actor is not None and author.id == actor.id):
        return
    hearing = statement.hearing
    municipality = hearing.municipality
    with default_locale(municipality.default_locale), force_locale(locale_of(author)):
        subject = _("Uttalelsen din til «%(title)s» er skjult", title=hearing.title)
        text = "\n".join(
            [
                _(
                    "Uttalelsen din til høringen «%(title)s» vises ikke lenger for andre. "
                    "Grunn: %(reason)s.",
                    title=hearing.title,
                    reason=reason_label(reason),
                ),
                _("Er du uenig, kan du ta kontakt med kommunen."),
            ]
        )
        link = path_for("hearings.detail", slug=municipality.slug, hearing_id=hearing.id)
        notify(author, kind=STATEMENT_MODERATED, subject=subject, text=text, link=link)
