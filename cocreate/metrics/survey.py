"""«Ble du hørt?»: the survey participants get when a challenge concludes, and its results."""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CompoundSelect, case, exists, func, select, union
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..ideas.models import Comment, Idea, Visibility, Vote
from ..notifications.compose import by_locale, default_locale
from ..notifications.kinds import SURVEY
from ..notifications.links import path_for
from ..notifications.services import notify_many
from ..page_generations import changed
from ..refusals import Refusal
from ..signals import challenge_concluded
from .models import SURVEY_COMMENT, SurveyResponse
from .scope import K, Scope, ratio, scoped_challenges

QUESTIONS = ("felt_heard", "understood", "would_return")


class SurveyError(Refusal):
    """The answer cannot be taken; the message is shown to the person."""


def challenge_participants(challenge_id: int) -> CompoundSelect:
    """User ids of everyone who submitted, supported or commented on the challenge's inputs."""
    ideas = select(Idea.id).where(Idea.challenge_id == challenge_id)
    return union(
        select(Idea.author_id).where(
            Idea.challenge_id == challenge_id, Idea.visibility != Visibility.pending
        ),
        select(Vote.user_id).where(Vote.challenge_id == challenge_id),
        select(Comment.author_id).where(Comment.idea_id.in_(ideas)),
    )


def took_part(user: User, challenge: Challenge) -> bool:
    """Did the person submit, support or comment in this challenge?"""
    ids = challenge_participants(challenge.id).subquery()
    return bool(db.session.scalar(select(exists().where(ids.c[0] == user.id))))


def has_answered(user: User, challenge: Challenge) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    SurveyResponse.challenge_id == challenge.id,
                    SurveyResponse.user_id == user.id,
                )
            )
        )
    )


def answer_survey(
    challenge: Challenge,
    user: User,
    *,
    felt_heard: int,
    understood: int,
    would_return: int,
    comment: str = "",
) -> SurveyResponse:
    """Record one person's answer; one per person per challenge, only after it concluded."""
    if challenge.phase is not Phase.concluded:
        raise SurveyError(_("Undersøkelsen åpner når utfordringen er avsluttet."))
    if not took_part(user, challenge):
        raise SurveyError(_("Undersøkelsen er for dem som deltok i utfordringen."))
    values = (felt_heard, understood, would_return)
    if any(not isinstance(v, int) or not 1 <= v <= 5 for v in values):
        raise SurveyError(_("Svar med et tall fra 1 til 5 på hvert spørsmål."))
    response = SurveyResponse(
        challenge_id=challenge.id,
        user_id=user.id,
        felt_heard=felt_heard,
        understood=understood,
        would_return=would_return,
        comment=SURVEY_COMMENT.enforce(comment.strip(), SurveyError),
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
    except IntegrityError as error:  # a second click or tab got there first
        raise SurveyError(
            _("Du har allerede svart på undersøkelsen for denne utfordringen.")
        ) from error
    changed(challenge.municipality_id)  # its figures
    return response


@challenge_concluded.connect
def invite_to_survey(challenge: Challenge, *, actor: User | None = None, **_kw: object) -> None:
    """When a challenge concludes, every participant is asked «Ble du hørt?» (app and e-mail)."""
    people = list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(challenge_participants(challenge.id)), User.deleted_at.is_(None))
            .order_by(User.id)
        )
    )
    if actor is not None:
        people = [person for person in people if person.id != actor.id]
    link = path_for("metrics.survey", slug=challenge.municipality.slug, challenge_id=challenge.id)
    with default_locale(challenge.municipality.default_locale):
        for locale, group in by_locale(people).items():
            with force_locale(locale):
                subject = _("Ble du hørt? Tre spørsmål om «%(title)s»", title=challenge.title)
                text = _(
                    "«%(title)s» er avsluttet. Vi vil gjerne vite om du følte deg hørt, om du "
                    "forstår hva som skjedde med innspillene, og om du vil delta igjen. "
                    "Det tar under ett minutt, og svarene vises bare samlet.",
                    title=challenge.title,
                )
                notify_many(group, kind=SURVEY, subject=subject, text=text, link=link)


@dataclass
class QuestionResult:
    question: str
    mean: float | None
    distribution: list[int]  # how many answered 1, 2, 3, 4, 5


@dataclass
class SurveyResults:
    responses: int
    questions: list[QuestionResult]
    shown: bool  # False when fewer than K answered (then no distribution is shown anywhere)
    state: str  # "none" (nobody has answered: «Ingen svar ennå»), "fewer_than_k" or "shown"


def perceived_effect(scope: Scope) -> SurveyResults:
    """«Ble du hørt?» per question: mean and how many answered 1–5 (challenges in scope)."""
    columns = []
    for name in QUESTIONS:
        column = getattr(SurveyResponse, name)
        columns.append(func.avg(column * 1.0))
        columns.extend(func.sum(case((column == value, 1), else_=0)) for value in range(1, 6))
    row = db.session.execute(
        select(func.count(), *columns).where(
            SurveyResponse.challenge_id.in_(scoped_challenges(scope)),
            *scope.in_range(SurveyResponse.created_at),
        )
    ).one()
    count, rest = int(row[0] or 0), list(row[1:])
    questions = []
    for i, name in enumerate(QUESTIONS):
        mean, *dist = rest[i * 6 : i * 6 + 6]
        questions.append(
            QuestionResult(
                name, float(mean) if mean is not None else None, [int(n or 0) for n in dist]
            )
        )
    state = "none" if count == 0 else "fewer_than_k" if count < K else "shown"
    return SurveyResults(count, questions, count >= K, state)


def survey_comments(scope: Scope, limit: int = 50) -> list[str]:
    """The newest free-text answers, without names (admin dashboard only)."""
    return list(
        db.session.scalars(
            select(SurveyResponse.comment)
            .where(
                SurveyResponse.challenge_id.in_(scoped_challenges(scope)),
                SurveyResponse.comment != "",
                *scope.in_range(SurveyResponse.created_at),
            )
            .order_by(SurveyResponse.created_at.desc(), SurveyResponse.id.desc())
            .limit(limit)
        )
    )


def share_agreeing(result: QuestionResult) -> float | None:
    """Share who answered 4 or 5."""
    return ratio(sum(result.distribution[3:]), sum(result.distribution))
