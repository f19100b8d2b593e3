"""The merknadsbehandling's first half: after the deadline, staff write for every statement a
short summary, the municipality's assessment and a reason; the assessment is public and its
sender is told, like an input's answer.

Who may (the rules, one why_not_<action> each; hearings/permissions.py is the hearing feature's
own, these are the assessment's): a municipality's facilitators and administrators, and its
case officers (a hearing has no department; the officer answers statements as they answer
inputs). Assessing waits for the deadline (Oslo day, pbl § 5-2: the hearing's six weeks are the
public's); a re-assessment is a correction and tells the sender again.
"""

from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..accounts.models import Role, User
from ..accounts.permissions import is_staff, role_in
from ..audit.services import record_event
from ..database import after_commit, utcnow
from ..extensions import db
from ..ideas.models import Visibility
from ..notifications.compose import default_locale, locale_of
from ..notifications.jobs import wake_worker
from ..notifications.kinds import register_kind
from ..notifications.links import absolute_url
from ..notifications.models import OutboxMessage
from ..notifications.services import notify
from ..page_generations import changed
from ..pipeline.deadlines import today
from ..refusals import Refusal, require
from .models import (
    ASSESSMENT_REASON,
    STATEMENT_SUMMARY,
    Assessment,
    Hearing,
    HearingSection,
    Statement,
)

HEARING_ASSESSED = "hearing_assessed"
register_kind(
    HEARING_ASSESSED, _l("Kommunens vurdering av høringsuttalelser du har gitt"), digest=False
)
# Statements the merknadsbehandling takes: every one received but those moderation hid (a
# pending one is received too; its text is not public until moderated, its assessment is).
TAKEN = (Visibility.published, Visibility.pending)


class AssessmentError(Refusal):
    """A summary, assessment or reason missing or too long, or a statement not to be assessed."""


# --- Rules ---------------------------------------------------------------------------------------


def handles_hearings(user: Any, hearing: Hearing) -> bool:
    """Facilitators, administrators and case officers of the hearing's municipality."""
    return is_staff(user, hearing.municipality_id) or (
        role_in(user, hearing.municipality_id) is Role.case_officer
    )


def deadline_passed(hearing: Hearing) -> bool:
    """The deadline day (Oslo) is over."""
    return today() > hearing.deadline


def why_not_see_merknader(user: Any, hearing: Hearing) -> str | None:
    """Staff and case officers of the municipality see the statements for assessment."""
    if not handles_hearings(user, hearing):
        return _("Bare kommunens ansatte kan behandle høringsuttalelsene.")
    return None


def can_see_merknader(user: Any, hearing: Hearing) -> bool:
    return why_not_see_merknader(user, hearing) is None


def why_not_assess(user: Any, hearing: Hearing) -> str | None:
    """Staff and case officers assess statements once the deadline has passed."""
    reason = why_not_see_merknader(user, hearing)
    if reason is not None:
        return reason
    if not deadline_passed(hearing):
        return _(
            "Høringsfristen er ikke ute ennå. Uttalelsene kan vurderes fra dagen etter fristen "
            "(%(deadline)s), når alle har fått sagt sitt.",
            deadline=hearing.deadline.strftime("%d.%m.%Y"),
        )
    return None


def can_assess(user: Any, hearing: Hearing) -> bool:
    return why_not_assess(user, hearing) is None


# --- Reads ---------------------------------------------------------------------------------------


def statements_to_assess(hearing_id: int) -> Select:
    """Every statement the merknadsbehandling takes (web, late and registered; not hidden), in
    the order received."""
    return (
        select(Statement)
        .where(Statement.hearing_id == hearing_id, Statement.visibility.in_(TAKEN))
        .options(joinedload(Statement.section), joinedload(Statement.author))
        .order_by(Statement.received_on, Statement.id)
    )


def section_label(section: HearingSection | None) -> str:
    if section is None:
        return _("Hele dokumentet")
    return _("Avsnitt %(number)s: %(heading)s", number=section.number, heading=section.heading)


def hearing_path(hearing: Hearing) -> str:
    return f"/k/{hearing.municipality.slug}/horinger/{hearing.id}"


# --- State changes -------------------------------------------------------------------------------


def assess_statement(
    statement: Statement, *, summary: str, assessment: Assessment, reason: str, actor: User
) -> Statement:
    """Record the summary, assessment and reason of one statement and tell its sender; a second
    assessment corrects the first (and tells them again)."""
    hearing = statement.hearing
    require(why_not_assess(actor, hearing))
    if statement.visibility not in TAKEN:
        raise AssessmentError(_("Uttalelsen er skjult og tas ikke med i merknadsbehandlingen."))
    if not isinstance(assessment, Assessment):
        raise AssessmentError(_("Velg kommunens vurdering."))
    summary = STATEMENT_SUMMARY.enforce((summary or "").strip(), AssessmentError)
    reason = ASSESSMENT_REASON.enforce((reason or "").strip(), AssessmentError)
    corrected = statement.assessment is not None
    statement.summary = summary
    statement.assessment = assessment
    statement.reason = reason
    statement.assessed_at = utcnow()
    statement.assessed_by_id = actor.id
    db.session.flush()
    record_event(
        "hearing.statement_assessed",
        actor=actor,
        municipality=hearing.municipality,
        subject=statement,
        assessment=assessment.value,
        corrected=corrected,
    )
    changed(hearing.municipality_id)
    notify_sender(statement, corrected=corrected, actor=actor)
    return statement


def _message(statement: Statement, *, corrected: bool) -> tuple[str, str]:
    """The subject and text of the notice, in the current language."""
    hearing = statement.hearing
    assessment = statement.assessment
    assert assessment is not None
    if corrected:
        subject = _("Rettet vurdering av uttalelsen din: %(title)s", title=hearing.title)
        opening = _(
            "Kommunen har rettet vurderingen av høringsuttalelsen din til «%(title)s». Den nye "
            "vurderingen erstatter den forrige.",
            title=hearing.title,
        )
    else:
        subject = _("Kommunen har vurdert uttalelsen din: %(title)s", title=hearing.title)
        opening = _(
            "Kommunen har behandlet høringsuttalelsen din til «%(title)s».", title=hearing.title
        )
    lines = [
        opening,
        "",
        _("Sammendrag: %(summary)s", summary=statement.summary),
        _("Vurdering: %(label)s", label=assessment.label),
        _("Begrunnelse: %(reason)s", reason=statement.reason),
    ]
    return subject, "\n".join(lines)


def notify_sender(statement: Statement, *, corrected: bool, actor: User | None) -> None:
    """The author in the app and by e-mail (their opt-outs apply); a registered letter's sender
    without an account by e-mail to the address it gave (never shown). Nobody else."""
    hearing = statement.hearing
    link = hearing_path(hearing)
    author = statement.author
    if author is not None and author.deleted_at is None:
        if actor is not None and author.id == actor.id:
            return
        with (
            default_locale(hearing.municipality.default_locale),
            force_locale(locale_of(author)),
        ):
            subject, text = _message(statement, corrected=corrected)
            notify(author, kind=HEARING_ASSESSED, subject=subject, text=text, link=link)
        return
    if statement.contact_email:
        with force_locale(hearing.municipality.language.value):
            subject, text = _message(statement, corrected=corrected)
            text += "\n\n" + _("Les hele merknadsbehandlingen: %(url)s", url=absolute_url(link))
        db.session.add(
            OutboxMessage(
                user_id=None,
                kind=HEARING_ASSESSED,
                to_address=statement.contact_email,
                subject=" ".join(subject.split())[:200],
                text=text.strip() + "\n",
                headers={},
                next_attempt_at=utcnow(),
            )
        )
        db.session.flush()
        after_commit("outbox", wake_worker)
