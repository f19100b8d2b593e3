"""Who is told of a result's public update: everyone who wrote, supported or follows one of its
linked (published) inputs, each person once per update, in their own language."""

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CompoundSelect, select, union

from ..accounts.models import User
from ..challenges.models import Phase
from ..extensions import db
from ..ideas.models import Follow, Idea, Visibility, Vote
from ..notifications.compose import by_locale, default_locale
from ..notifications.kinds import register_kind
from ..notifications.links import path_for
from ..notifications.services import Group, notify_many, one_email_per_person
from .models import Result, ResultInput, ResultStatus, ResultUpdate

RESULT_UPDATED = "result_updated"
register_kind(
    RESULT_UPDATED,
    _l("Nytt om tiltak som svarer på innspill du har sendt inn, støttet eller følger"),
    digest=True,
)


def result_path(result: Result) -> str:
    return path_for("results.detail", slug=result.challenge.municipality.slug, result_id=result.id)


def result_audience(result: Result) -> list[User]:
    """The people behind the result's published inputs: authors, supporters and followers, each
    once (one query)."""
    linked = (
        select(Idea.id)
        .join(ResultInput, ResultInput.idea_id == Idea.id)
        .where(ResultInput.result_id == result.id, Idea.visibility == Visibility.published)
    )
    ids: CompoundSelect = union(
        select(Idea.author_id).where(Idea.id.in_(linked)),
        select(Vote.user_id).where(Vote.idea_id.in_(linked)),
        select(Follow.user_id).where(Follow.idea_id.in_(linked)),
    )
    query = select(User).where(User.id.in_(ids), User.deleted_at.is_(None)).order_by(User.id)
    return list(db.session.scalars(query))


def _subject(count: int) -> str:
    return ngettext("Nytt om %(num)d tiltak", "Nytt om %(num)d tiltak", count)


def _intro(count: int) -> str:
    return ngettext(
        "Kommunen melder om %(num)d tiltak som svarer på innspill du står bak:",
        "Kommunen melder om %(num)d tiltak som svarer på innspill du står bak:",
        count,
    )


def notify_result_updated(result: Result, update: ResultUpdate, *, actor: User | None) -> None:
    """One notice (and at most one e-mail) per person for this update; none while the result's
    challenge is a draft (its page is for staff only)."""
    if result.challenge.phase is Phase.draft:
        return
    people = [p for p in result_audience(result) if actor is None or p.id != actor.id]
    if not people:
        return
    link = result_path(result)
    challenge = result.challenge
    group = Group(
        title=challenge.title,
        path=path_for(
            "challenges.detail", slug=challenge.municipality.slug, challenge_id=challenge.id
        ),
    )
    with (
        default_locale(challenge.municipality.default_locale),
        one_email_per_person(_subject, _intro),
    ):
        for locale, group_people in by_locale(people).items():
            with force_locale(locale):
                subject = _(
                    "Nytt om tiltaket «%(title)s»: %(status)s, %(progress)s %%",
                    title=result.title,
                    status=update.status.label,
                    progress=update.progress,
                )
                lines = [
                    _(
                        "Tiltaket «%(title)s» svarer på et innspill du har sendt inn, støttet "
                        "eller følger. Status: %(status)s. Fremdrift: %(progress)s %%.",
                        title=result.title,
                        status=update.status.label,
                        progress=update.progress,
                    ),
                    "",
                    update.note,
                ]
                if update.status is ResultStatus.stopped and result.stop_reason:
                    lines += ["", _("Hvorfor tiltaket er stanset:"), result.stop_reason]
                notify_many(
                    group_people,
                    kind=RESULT_UPDATED,
                    subject=subject,
                    text="\n".join(lines),
                    link=link,
                    group=group,
                )
