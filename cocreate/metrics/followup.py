"""The follow-up survey, «Gjorde det en forskjell?»: 6–12 months after an input reached gjort,
its author and supporters are asked whether it made a difference and whether it is in use (1–5
each, a comment). The same machinery as «Ble du hørt?» (survey.py): the answers are a measure
on the dashboard under the same k-rules («effekt etter gjennomføring», DESIGN.md §3).

Invitations go out from `flask --app cocreate metrics followup`, run daily from cron: an input
is due `Municipality.followup_months` (6–12) calendar months after its first move to gjort, and
stays due for FOLLOWUP_WINDOW_MONTHS more (a run that was missed catches up; older inputs are
not asked). Each person is asked once per input (FollowUpInvitation) and gets one e-mail per run,
however many inputs they are asked about.
"""

import calendar
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CompoundSelect, case, exists, func, select, union
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..challenges.models import Challenge
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea, Visibility, Vote
from ..ideas.stages import Stage
from ..municipalities.models import FOLLOWUP_MONTHS_RANGE, Municipality, malform_locale
from ..notifications.compose import by_locale, default_locale
from ..notifications.kinds import register_kind
from ..notifications.links import path_for
from ..notifications.services import notify_many, one_email_per_person
from ..page_generations import changed
from ..pipeline.models import StageChange
from ..refusals import Refusal
from .models import SURVEY_COMMENT, FollowUpInvitation, FollowUpResponse
from .scope import K, Scope, as_utc, scoped_challenges
from .survey import QuestionResult, SurveyResults

FOLLOWUP = "followup_survey"
register_kind(
    FOLLOWUP, _l("Spørsmålet «Gjorde det en forskjell?» et halvt år etter at et innspill ble gjort")
)
FOLLOWUP_QUESTIONS = ("made_difference", "in_use")
# After the delay, an input stays due this many months (a missed run catches up).
FOLLOWUP_WINDOW_MONTHS = 6


class FollowUpError(Refusal):
    """The answer cannot be taken; the message is shown to the person."""


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months later (the month's last day if shorter)."""
    total = moment.month - 1 + months
    year, month = moment.year + total // 12, total % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def done_at(idea_id: int) -> datetime | None:
    """When the input first reached gjort (its first StageChange to done)."""
    return db.session.scalar(
        select(func.min(StageChange.created_at)).where(
            StageChange.idea_id == idea_id, StageChange.to_stage == Stage.done
        )
    )


def behind(idea_id: int) -> CompoundSelect:
    """User ids of the input's author and supporters."""
    return union(
        select(Idea.author_id).where(Idea.id == idea_id, Idea.author_id.is_not(None)),
        select(Vote.user_id).where(Vote.idea_id == idea_id),
    )


@dataclass
class DueInput:
    idea: Idea
    slug: str
    done_at: datetime
    default_locale: str  # its municipality's målform (compose.default_locale)


def due_inputs(now: datetime) -> list[DueInput]:
    """Published inputs whose follow-up is due at `now`: their municipality's delay has passed
    since their first move to gjort, and the window after it has not."""
    now = as_utc(now)
    first_done = (
        select(StageChange.idea_id, func.min(StageChange.created_at).label("done_at"))
        .where(StageChange.to_stage == Stage.done)
        .group_by(StageChange.idea_id)
        .subquery()
    )
    earliest = add_months(now, -(FOLLOWUP_MONTHS_RANGE[1] + FOLLOWUP_WINDOW_MONTHS))
    latest = add_months(now, -FOLLOWUP_MONTHS_RANGE[0])
    rows = db.session.execute(
        select(
            Idea,
            Municipality.slug,
            Municipality.followup_months,
            first_done.c.done_at,
            Municipality.language,
            Municipality.language_neutral,
        )
        .join(first_done, first_done.c.idea_id == Idea.id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(
            Idea.visibility == Visibility.published,
            Idea.stage.in_((Stage.done, Stage.scaled)),
            first_done.c.done_at <= latest,
            first_done.c.done_at > earliest,
        )
        .order_by(Idea.id)
    ).all()
    due = []
    for idea, slug, months, when, language, neutral in rows:
        when = as_utc(when)
        if add_months(when, months) <= now < add_months(when, months + FOLLOWUP_WINDOW_MONTHS):
            due.append(DueInput(idea, slug, when, malform_locale(language, neutral)))
    return due


def _subject(n: int) -> str:
    return ngettext(
        "Gjorde det en forskjell? Spørsmål om %(num)d innspill",
        "Gjorde det en forskjell? Spørsmål om %(num)d innspill",
        n,
    )


def _intro(n: int) -> str:
    return _(
        "Noen innspill du sendte inn eller støttet, ble gjennomført for en stund siden. Vi vil "
        "gjerne vite om de gjorde en forskjell."
    )


def invite_followups(now: datetime | None = None) -> int:
    """Ask everyone behind each due input, once per person per input; one e-mail per person
    whatever the number of inputs. Returns how many invitations were recorded (flush only; the
    caller commits)."""
    now = as_utc(now or utcnow())
    invited = 0
    with one_email_per_person(_subject, _intro):
        for item in due_inputs(now):
            already = select(FollowUpInvitation.user_id).where(
                FollowUpInvitation.idea_id == item.idea.id
            )
            people = list(
                db.session.scalars(
                    select(User)
                    .where(
                        User.id.in_(behind(item.idea.id)),
                        User.id.not_in(already),
                        User.deleted_at.is_(None),
                    )
                    .order_by(User.id)
                )
            )
            if not people:
                continue
            for person in people:
                db.session.add(
                    FollowUpInvitation(idea_id=item.idea.id, user_id=person.id, invited_at=now)
                )
            invited += len(people)
            link = path_for("metrics.followup", slug=item.slug, idea_id=item.idea.id)
            with default_locale(item.default_locale):
                _invite(people, item, link)
    db.session.flush()
    return invited


def _invite(people: list[User], item: DueInput, link: str) -> None:
    for locale, group in by_locale(people).items():
        with force_locale(locale):
            subject = _(
                "Gjorde det en forskjell? To spørsmål om «%(title)s»",
                title=item.idea.title,
            )
            text = _(
                "«%(title)s» ble gjennomført for en tid siden. Gjorde det en forskjell, "
                "og er det i bruk? Det tar under ett minutt, og svarene vises bare samlet.",
                title=item.idea.title,
            )
            notify_many(group, kind=FOLLOWUP, subject=subject, text=text, link=link)


def was_invited(user: User, idea: Idea) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    FollowUpInvitation.idea_id == idea.id, FollowUpInvitation.user_id == user.id
                )
            )
        )
    )


def has_answered_followup(user: User, idea: Idea) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    FollowUpResponse.idea_id == idea.id, FollowUpResponse.user_id == user.id
                )
            )
        )
    )


def answer_followup(
    idea: Idea, user: User, *, made_difference: int, in_use: int, comment: str = ""
) -> FollowUpResponse:
    """Record one invited person's answer; one per person per input."""
    if not was_invited(user, idea):
        raise FollowUpError(_("Spørsmålene er for dem som ble invitert."))
    values = (made_difference, in_use)
    if any(not isinstance(v, int) or not 1 <= v <= 5 for v in values):
        raise FollowUpError(_("Svar med et tall fra 1 til 5 på hvert spørsmål."))
    response = FollowUpResponse(
        idea_id=idea.id,
        user_id=user.id,
        made_difference=made_difference,
        in_use=in_use,
        comment=SURVEY_COMMENT.enforce(comment.strip(), FollowUpError),
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
    except IntegrityError as error:  # a second click or tab got there first
        raise FollowUpError(
            _("Du har allerede svart på spørsmålene om dette innspillet.")
        ) from error
    challenge = db.session.get(Challenge, idea.challenge_id)
    changed(challenge.municipality_id if challenge else None)  # its figures
    return response


def followup_effect(scope: Scope) -> SurveyResults:
    """«Effekt etter gjennomføring» per question: mean and how many answered 1–5 (inputs of the
    challenges in scope; answers in the date range)."""
    columns = []
    for name in FOLLOWUP_QUESTIONS:
        column = getattr(FollowUpResponse, name)
        columns.append(func.avg(column * 1.0))
        columns.extend(func.sum(case((column == value, 1), else_=0)) for value in range(1, 6))
    row = db.session.execute(
        select(func.count(), *columns)
        .select_from(FollowUpResponse)
        .join(Idea, Idea.id == FollowUpResponse.idea_id)
        .where(
            Idea.challenge_id.in_(scoped_challenges(scope)),
            *scope.in_range(FollowUpResponse.created_at),
        )
    ).one()
    count, rest = int(row[0] or 0), list(row[1:])
    questions = []
    for i, name in enumerate(FOLLOWUP_QUESTIONS):
        mean, *dist = rest[i * 6 : i * 6 + 6]
        questions.append(
            QuestionResult(
                name, float(mean) if mean is not None else None, [int(n or 0) for n in dist]
            )
        )
    state = "none" if count == 0 else "fewer_than_k" if count < K else "shown"
    return SurveyResults(count, questions, count >= K, state)
