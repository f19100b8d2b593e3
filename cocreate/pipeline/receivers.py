"""Who is told of a move or a concluded challenge (DESIGN.md §2): each person once, in the
app and (through the outbox, in the same transaction) by e-mail."""

from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import CompoundSelect, select, union

from ..accounts.models import User
from ..challenges.following import challenge_followers
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Comment, Follow, Idea, Visibility, Vote
from ..notifications.compose import by_locale, default_locale
from ..notifications.kinds import CHALLENGE_CONCLUDED, IDEA_MOVED
from ..notifications.services import Group, notify_many
from ..signals import challenge_concluded
from .links import challenge_path, idea_path
from .models import ChangeKind, StageChange


def idea_audience(idea: Idea) -> CompoundSelect:
    """User ids of the author, supporters and followers, the followers of its whole challenge,
    and the authors of merged duplicates (a UNION: each person once)."""
    duplicates = select(Idea.author_id).where(
        Idea.merged_into_id == idea.id, Idea.visibility == Visibility.merged
    )
    return union(
        select(Idea.author_id).where(Idea.id == idea.id),
        select(Vote.user_id).where(Vote.idea_id == idea.id),
        select(Follow.user_id).where(Follow.idea_id == idea.id),
        challenge_followers(idea.challenge_id),
        duplicates,
    )


def challenge_audience(challenge: Challenge) -> CompoundSelect:
    """User ids of everyone who submitted, supported, commented on or follows its inputs, and
    of those who follow the whole challenge."""
    ideas = select(Idea.id).where(Idea.challenge_id == challenge.id)
    return union(
        select(Idea.author_id).where(Idea.challenge_id == challenge.id),
        select(Vote.user_id).where(Vote.idea_id.in_(ideas)),
        select(Comment.author_id).where(Comment.idea_id.in_(ideas)),
        select(Follow.user_id).where(Follow.idea_id.in_(ideas)),
        challenge_followers(challenge.id),
    )


def _people(ids: CompoundSelect, *, exclude: User | None = None) -> list[User]:
    query = select(User).where(User.id.in_(ids), User.deleted_at.is_(None))
    if exclude is not None:
        query = query.where(User.id != exclude.id)
    return list(db.session.scalars(query.order_by(User.id)))


def notify_idea_moved(idea: Idea, *, change: StageChange, actor: User | None = None) -> None:
    """Tell the input's audience of a move, a correction or a progress update, each person once,
    in their language."""
    # A merged duplicate moves together with its target, whose audience includes the duplicate's
    # author and the supporters and followers that moved over: they are told once, there.
    if idea.visibility is Visibility.merged:
        return
    people = _people(idea_audience(idea), exclude=actor)
    link = idea_path(idea)
    group = Group(title=idea.challenge.title, path=challenge_path(idea.challenge))
    with default_locale(idea.challenge.municipality.default_locale):
        _tell_moved(idea, change, people, link, group)


def _tell_moved(
    idea: Idea, change: StageChange, people: list[User], link: str, group: Group
) -> None:
    for locale, people_here in by_locale(people).items():
        with force_locale(locale):
            subject, opening = _what_happened(idea, change)
            lines = [
                opening,
                change.to_stage.explanation,
                "",
                _("Svar fra kommunen, %(unit)s:", unit=change.unit_name)
                if change.unit_name
                else _("Svar fra kommunen:"),
                change.answer,
            ]
            if change.expected_on:
                lines += ["", expected_text(change.expected_on)]
            if change.reference:
                lines += ["", _("Referanse: %(ref)s", ref=change.reference)]
            notify_many(
                people_here,
                kind=IDEA_MOVED,
                subject=subject,
                text="\n".join(lines),
                link=link,
                group=group,
            )


def expected_text(day: date) -> str:
    """What a provisional answer promises, as the public reads it."""
    return _("Svar kan ventes innen %(date)s.", date=format_date(day, "long"))


def _what_happened(idea: Idea, change: StageChange) -> tuple[str, str]:
    """The subject and first line for a move, a correction or a progress update."""
    stage = change.to_stage.label
    if change.kind is ChangeKind.correction:
        return (
            _("Rettet svar på «%(title)s»: %(stage)s", title=idea.title, stage=stage),
            _(
                "Kommunen har rettet svaret på innspillet «%(title)s». Det nye svaret erstatter "
                "det forrige; begge står i historikken. Innspillet er fortsatt i steget "
                "«%(stage)s».",
                title=idea.title,
                stage=stage,
            ),
        )
    if change.kind is ChangeKind.progress:
        return (
            _("Nytt om «%(title)s»: %(stage)s", title=idea.title, stage=stage),
            _(
                "Kommunen melder om arbeidet med innspillet «%(title)s». Det er fortsatt i "
                "steget «%(stage)s».",
                title=idea.title,
                stage=stage,
            ),
        )
    return (
        _("Nytt svar på «%(title)s»: %(stage)s", title=idea.title, stage=stage),
        _(
            "Innspillet «%(title)s» er flyttet til steget «%(stage)s».",
            title=idea.title,
            stage=stage,
        ),
    )


@challenge_concluded.connect
def notify_challenge_concluded(
    challenge: Challenge, *, actor: User | None = None, **_kwargs: object
):
    people = _people(challenge_audience(challenge), exclude=actor)
    link = challenge_path(challenge)
    summary = challenge.summary.strip()
    with default_locale(challenge.municipality.default_locale):
        _tell_concluded(challenge, people, link, summary)


def _tell_concluded(challenge: Challenge, people: list[User], link: str, summary: str) -> None:
    # The summary is Markdown; e-mail and the app show the plain text as it was written.
    for locale, group in by_locale(people).items():
        with force_locale(locale):
            subject = _("«%(title)s» er avsluttet: dette ble resultatet", title=challenge.title)
            text = "\n".join(
                [
                    _(
                        "Takk for at du deltok i «%(title)s». Kommunen har oppsummert hva vi "
                        "hørte, hva vi gjør, og hvorfor:",
                        title=challenge.title,
                    ),
                    "",
                    summary,
                ]
            )
            notify_many(group, kind=CHALLENGE_CONCLUDED, subject=subject, text=text, link=link)
