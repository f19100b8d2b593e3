"""Every change of a meeting and its sign-ups. Services check their rule, flush, write an audit
row and declare the municipality's pages changed; routes commit.

Places: a sign-up is confirmed while the confirmed are fewer than the capacity, else it waits.
When a place frees (a cancel, a larger capacity), the first on the waiting list moves up and is
told by e-mail (fair: in the order they signed up)."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import page_generations
from ..accounts.models import User
from ..audit.services import record_event
from ..challenges.models import Challenge
from ..database import is_postgres, utcnow
from ..extensions import db
from ..refusals import Refusal, require
from ..workshops.models import Workshop
from .calendar import EMAIL
from .models import (
    ACCESSIBILITY,
    AGENDA,
    MAX_CAPACITY,
    MEETING_ADDRESS,
    MEETING_PLACE,
    MEETING_TITLE,
    MINUTES,
    OTHER_NEEDS,
    SIGNUP_NAME,
    Meeting,
    MeetingKind,
    MeetingSignup,
    Need,
    SignupStatus,
)
from .notices import SIGNUP_CONFIRMED, SIGNUP_PROMOTED, SIGNUP_WAITING, mail_signup
from .permissions import why_not_manage_meetings, why_not_sign_up


class MeetingError(Refusal):
    """A rule about meetings was broken; the message is shown to the person."""


@dataclass
class MeetingData:
    """What staff plan about a meeting."""

    kind: MeetingKind
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    address: str = ""
    accessibility: str = ""
    capacity: int | None = None
    signups_open: bool = True
    agenda: str = ""
    minutes: str = ""
    workshop_id: int | None = None


@dataclass
class SignupData:
    name: str
    email: str
    needs: frozenset[Need] = frozenset()
    other_needs: str = ""


def _clean(challenge: Challenge, data: MeetingData) -> MeetingData:
    title = MEETING_TITLE.enforce(" ".join((data.title or "").split()), MeetingError)
    place = MEETING_PLACE.enforce(" ".join((data.place or "").split()), MeetingError)
    address = MEETING_ADDRESS.enforce(" ".join((data.address or "").split()), MeetingError)
    accessibility = ACCESSIBILITY.enforce((data.accessibility or "").strip(), MeetingError)
    agenda = AGENDA.enforce((data.agenda or "").strip(), MeetingError)
    minutes = MINUTES.enforce((data.minutes or "").strip(), MeetingError)
    if data.ends_at <= data.starts_at:
        raise MeetingError(_("Møtet må slutte etter at det begynner."))
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        raise MeetingError(_("Antall plasser må være minst 1, eller tomt for ubegrenset."))
    workshop_id = data.workshop_id
    if workshop_id is not None:
        if data.kind is not MeetingKind.workshop:
            raise MeetingError(_("Bare et verksted kan knyttes til et verksted."))
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None or workshop.challenge_id != challenge.id:
            raise MeetingError(_("Verkstedet hører til en annen utfordring."))
    return MeetingData(
        kind=data.kind,
        title=title,
        place=place,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        address=address,
        accessibility=accessibility,
        capacity=data.capacity,
        signups_open=data.signups_open,
        agenda=agenda,
        minutes=minutes,
        workshop_id=workshop_id,
    )


def _apply(meeting: Meeting, data: MeetingData) -> None:
    meeting.kind = data.kind
    meeting.title = data.title
    meeting.place = data.place
    meeting.address = data.address
    meeting.accessibility = data.accessibility
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    meeting.capacity = data.capacity
    meeting.signups_open = data.signups_open
    meeting.agenda = data.agenda
    meeting.minutes = data.minutes
    meeting.workshop_id = data.workshop_id


def create_meeting(challenge: Challenge, data: MeetingData, *, actor: User) -> Meeting:
    """Staff plan a meeting of the challenge."""
    require(why_not_manage_meetings(actor, challenge))
    clean = _clean(challenge, data)
    meeting = Meeting(challenge_id=challenge.id, created_by_id=actor.id)
    meeting.challenge = challenge
    _apply(meeting, clean)
    db.session.add(meeting)
    db.session.flush()
    record_event(
        "meeting.created",
        actor=actor,
        municipality=challenge.municipality,
        subject=meeting,
        kind=clean.kind.value,
    )
    page_generations.changed(challenge.municipality_id)
    return meeting


def update_meeting(meeting: Meeting, data: MeetingData, *, actor: User) -> Meeting:
    """Staff change a meeting (its minutes too); a larger capacity moves people up."""
    challenge = meeting.challenge
    require(why_not_manage_meetings(actor, challenge))
    if meeting.purged_at is not None and data.capacity != meeting.capacity:
        raise MeetingError(_("Påmeldingene er slettet, så antall plasser kan ikke endres."))
    clean = _clean(challenge, data)
    _lock(meeting)
    _apply(meeting, clean)
    db.session.flush()
    moved = _fill_places(meeting)
    record_event(
        "meeting.updated",
        actor=actor,
        municipality=challenge.municipality,
        subject=meeting,
        moved_up=len(moved),
    )
    page_generations.changed(challenge.municipality_id)
    return meeting


def _lock(meeting: Meeting) -> None:
    """Hold the meeting's row while its places are counted (PostgreSQL; SQLite writes one at a
    time anyway), so two sign-ups cannot both take the last place."""
    if is_postgres(db.engine):
        db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())


def confirmed_count(meeting: Meeting) -> int:
    return int(
        db.session.scalar(
            select(func.count(MeetingSignup.id)).where(
                MeetingSignup.meeting_id == meeting.id,
                MeetingSignup.status == SignupStatus.confirmed,
            )
        )
        or 0
    )


def _has_place(meeting: Meeting) -> bool:
    return meeting.capacity is None or confirmed_count(meeting) < meeting.capacity


@dataclass(frozen=True)
class SignupReceipt:
    """What the page may say after a sign-up: only what a new sign-up would get now (a place or
    the waiting list), never whether the address was on the list already."""

    signup: MeetingSignup
    waiting: bool


def sign_up(meeting: Meeting, data: SignupData, *, now: datetime | None = None) -> SignupReceipt:
    """Anyone signs up (no account): confirmed while there is a place, else on the waiting
    list; either way an e-mail with the cancel link (and the .ics when confirmed).

    An address already on the list is not signed up twice, and the page answers as for a new
    sign-up: whether someone signed up is theirs to know (a stranger could otherwise try a
    neighbour's address). The e-mail to that address says where they stand."""
    require(why_not_sign_up(meeting, now))
    name = SIGNUP_NAME.enforce(" ".join((data.name or "").split()), MeetingError)
    email = (data.email or "").strip()
    if len(email) > 254 or not EMAIL.match(email):
        raise MeetingError(_("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."))
    other = OTHER_NEEDS.enforce((data.other_needs or "").strip(), MeetingError)
    _lock(meeting)
    already = db.session.scalar(
        select(MeetingSignup.id).where(
            MeetingSignup.meeting_id == meeting.id,
            func.lower(MeetingSignup.email) == email.lower(),
            MeetingSignup.status != SignupStatus.cancelled,
        )
    )
    status = SignupStatus.confirmed if _has_place(meeting) else SignupStatus.waiting
    if already is not None:
        existing = db.session.get_one(MeetingSignup, already)
        confirmed = existing.status is SignupStatus.confirmed
        mail_signup(existing, SIGNUP_CONFIRMED if confirmed else SIGNUP_WAITING)
        return SignupReceipt(existing, waiting=status is SignupStatus.waiting)
    signup = MeetingSignup(
        meeting_id=meeting.id,
        name=name,
        email=email,
        needs_interpreter=Need.interpreter in data.needs,
        needs_hearing_loop=Need.hearing_loop in data.needs,
        needs_step_free=Need.step_free in data.needs,
        other_needs=other,
        status=status,
        token=secrets.token_urlsafe(32),
        created_at=now or utcnow(),
    )
    signup.meeting = meeting
    db.session.add(signup)
    db.session.flush()
    mail_signup(signup, SIGNUP_CONFIRMED if status is SignupStatus.confirmed else SIGNUP_WAITING)
    # No name or address in the audit log: it outlives the 30 days.
    record_event(
        "meeting.signed_up",
        municipality=meeting.challenge.municipality,
        subject=meeting,
        status=status.value,
    )
    page_generations.changed(meeting.challenge.municipality_id)
    return SignupReceipt(signup, waiting=status is SignupStatus.waiting)


def signup_by_token(token: str) -> MeetingSignup | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(MeetingSignup).where(MeetingSignup.token == token))


def cancel_signup(signup: MeetingSignup) -> MeetingSignup | None:
    """The person cancels with the link in their e-mail (idempotent); a freed place goes to the
    first on the waiting list, who is told. Returns the one who moved up, if any."""
    if signup.status is SignupStatus.cancelled:
        return None
    meeting = signup.meeting
    _lock(meeting)
    had_place = signup.status is SignupStatus.confirmed
    signup.status = SignupStatus.cancelled
    signup.cancelled_at = utcnow()
    db.session.flush()
    promoted = None
    if had_place and meeting.ends_at > utcnow():
        moved = _fill_places(meeting)
        promoted = moved[0] if moved else None
    record_event(
        "meeting.signup_cancelled", municipality=meeting.challenge.municipality, subject=meeting
    )
    page_generations.changed(meeting.challenge.municipality_id)
    return promoted


def _fill_places(meeting: Meeting) -> list[MeetingSignup]:
    """Move the first on the waiting list up while there are places; each is told."""
    moved: list[MeetingSignup] = []
    waiting = db.session.scalars(
        select(MeetingSignup)
        .where(
            MeetingSignup.meeting_id == meeting.id,
            MeetingSignup.status == SignupStatus.waiting,
        )
        .order_by(MeetingSignup.created_at, MeetingSignup.id)
    ).all()
    for signup in waiting:
        if not _has_place(meeting):
            break
        signup.status = SignupStatus.confirmed
        signup.promoted_at = utcnow()
        db.session.flush()
        mail_signup(signup, SIGNUP_PROMOTED)
        moved.append(signup)
    return moved
