"""Workshop set-up, status and attendance. Services flush; routes commit."""

from datetime import datetime
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import AgeBand, Gender, User
from ..audit.services import record_event
from ..challenges.models import Challenge
from ..extensions import db
from ..municipalities.models import District
from ..page_generations import changed
from ..refusals import Refusal
from .codes import new_join_code
from .models import (
    LINK,
    PLACE,
    WORKSHOP_DESCRIPTION,
    WORKSHOP_TITLE,
    CheckinDimension,
    Workshop,
    WorkshopCheckin,
    WorkshopCheckinCount,
    WorkshopFormat,
    WorkshopStatus,
)
from .permissions import why_not_create_in_phase, why_not_create_workshop


class WorkshopError(Refusal):
    """A rule about workshops was broken; the message is shown to the user (at `field`)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


TEXT_LIMITS = {
    "title": WORKSHOP_TITLE,
    "place": PLACE,
    "link": LINK,
    "description": WORKSHOP_DESCRIPTION,
}

# planned → live → closed, and a closed session may be opened again for late notes.
STATUS_MOVES = {
    WorkshopStatus.planned: (WorkshopStatus.live, WorkshopStatus.closed),
    WorkshopStatus.live: (WorkshopStatus.closed,),
    WorkshopStatus.closed: (WorkshopStatus.live,),
}


def _check_fields(fields: dict) -> None:
    if not fields["title"]:
        raise WorkshopError(_("Gi verkstedet en tittel."), "title")
    for name, limit in TEXT_LIMITS.items():
        if len(fields[name]) > limit.max:
            raise WorkshopError(limit.explain(fields[name]), name)
    if fields["ends_at"] <= fields["starts_at"]:
        raise WorkshopError(_("Slutttidspunktet må være etter starttidspunktet."), "ends_at")
    fmt = fields["format"]
    if fmt in (WorkshopFormat.physical, WorkshopFormat.hybrid) and not fields.get("place"):
        raise WorkshopError(_("Skriv hvor verkstedet holdes."), "place")
    if fmt in (WorkshopFormat.digital, WorkshopFormat.hybrid) and not fields.get("link"):
        raise WorkshopError(_("Skriv lenken til det digitale møtet."), "link")
    if fields.get("link") and not fields["link"].lower().startswith(("https://", "http://")):
        raise WorkshopError(_("Skriv en hel lenke som begynner med https://."), "link")
    if not 1 <= fields.get("dots_per_person", 3) <= 20:
        raise WorkshopError(
            _("Antall prikker per person må være mellom 1 og 20."), "dots_per_person"
        )


def create_workshop(
    challenge: Challenge,
    *,
    title: str,
    format: WorkshopFormat,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    link: str = "",
    description: str = "",
    dots_per_person: int = 3,
    actor: User | None,
) -> Workshop:
    """A planned workshop with a fresh join code that no other workshop has."""
    reason = (
        why_not_create_workshop(actor, challenge) if actor else why_not_create_in_phase(challenge)
    )
    if reason is not None:
        raise WorkshopError(reason)
    fields = {
        "title": title.strip(),
        "format": format,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": (place or "").strip(),
        "link": (link or "").strip(),
        "description": (description or "").strip(),
        "dots_per_person": dots_per_person,
    }
    _check_fields(fields)
    for _attempt in range(10):
        workshop = Workshop(
            challenge_id=challenge.id,
            join_code=new_join_code(),
            created_by_id=actor.id if actor else None,
            **fields,
        )
        try:
            with db.session.begin_nested():
                db.session.add(workshop)
                db.session.flush()
        except IntegrityError:  # the code was taken (about one in a hundred million)
            continue
        changed(challenge.municipality_id)
        record_event(
            "workshop.created",
            actor=actor,
            municipality=challenge.municipality,
            subject=workshop,
            challenge_id=challenge.id,
        )
        return workshop
    raise WorkshopError(_("Fant ingen ledig kode. Prøv igjen."))


def update_workshop(workshop: Workshop, *, actor: User | None, **fields) -> Workshop:
    """Change the details; the join code stays, so printed QR codes keep working."""
    for key in ("title", "place", "link", "description"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    merged = {
        key: fields.get(key, getattr(workshop, key))
        for key in (
            "title",
            "format",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "description",
            "dots_per_person",
        )
    }
    _check_fields(merged)
    for key, value in merged.items():
        setattr(workshop, key, value)
    db.session.flush()
    changed(workshop.challenge.municipality_id)
    record_event(
        "workshop.updated",
        actor=actor,
        municipality=workshop.challenge.municipality,
        subject=workshop,
    )
    return workshop


def set_status(workshop: Workshop, status: WorkshopStatus, *, actor: User | None) -> Workshop:
    """Start, close or reopen the live session."""
    if status not in STATUS_MOVES[workshop.status]:
        raise WorkshopError(_("Verkstedet kan ikke endre status på den måten."))
    old = workshop.status
    workshop.status = status
    db.session.flush()
    changed(workshop.challenge.municipality_id)
    record_event(
        "workshop.status",
        actor=actor,
        municipality=workshop.challenge.municipality,
        subject=workshop,
        old=old.value,
        new=status.value,
    )
    return workshop


def record_headcount(workshop: Workshop, headcount: int, *, actor: User | None) -> Workshop:
    """The number of people present, counted by the facilitator."""
    if headcount < 0 or headcount > 100_000:
        raise WorkshopError(_("Skriv et antall mellom 0 og 100 000."))
    workshop.headcount = headcount
    db.session.flush()
    changed(workshop.challenge.municipality_id)  # the figures report it
    record_event(
        "workshop.headcount",
        actor=actor,
        municipality=workshop.challenge.municipality,
        subject=workshop,
        headcount=headcount,
    )
    return workshop


def checkin_choices(workshop: Workshop) -> dict[str, list[str]]:
    """The values each check-in question accepts (districts are the municipality's)."""
    districts = db.session.scalars(
        select(District.name)
        .where(District.municipality_id == workshop.challenge.municipality_id)
        .order_by(District.name)
    ).all()
    return {
        CheckinDimension.age_band.value: [band.value for band in AgeBand],
        CheckinDimension.gender.value: [gender.value for gender in Gender],
        CheckinDimension.district.value: list(districts),
    }


def has_checked_in(workshop: Workshop, participant: str) -> bool:
    return (
        db.session.scalar(
            select(WorkshopCheckin.id).where(
                WorkshopCheckin.workshop_id == workshop.id,
                WorkshopCheckin.participant_hash == participant,
            )
        )
        is not None
    )


def check_in(workshop: Workshop, participant: str, answers: dict[str, str | None]) -> None:
    """Anonymous check-in, once per device: each answer only adds one to a count."""
    if workshop.status is WorkshopStatus.closed:
        raise WorkshopError(_("Verkstedet er avsluttet."))
    choices = checkin_choices(workshop)
    clean = {}
    for dimension, value in answers.items():
        if not value:
            continue  # every question is optional
        if value not in choices.get(dimension, ()):
            raise WorkshopError(_("Et av svarene er ikke et gyldig valg."))
        clean[dimension] = value
    try:
        with db.session.begin_nested():
            db.session.add(WorkshopCheckin(workshop_id=workshop.id, participant_hash=participant))
            db.session.flush()
    except IntegrityError as error:
        raise WorkshopError(_("Du har allerede sjekket inn på dette verkstedet.")) from error
    for dimension, value in clean.items():
        _add_to_count(workshop.id, dimension, value)
    db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop.id)
        .values(checkin_count=Workshop.checkin_count + 1)
    )
    changed(workshop.challenge.municipality_id)  # the figures report check-ins
    db.session.refresh(workshop)


def _add_to_count(workshop_id: int, dimension: str, value: str) -> None:
    row = WorkshopCheckinCount
    where = (row.workshop_id == workshop_id, row.dimension == dimension, row.value == value)
    for _attempt in range(3):
        added = db.session.execute(update(row).where(*where).values(count=row.count + 1))
        if cast(CursorResult, added).rowcount:
            return
        try:
            with db.session.begin_nested():
                db.session.add(
                    row(workshop_id=workshop_id, dimension=dimension, value=value, count=1)
                )
                db.session.flush()
            return
        except IntegrityError:  # another check-in created the row first: add to it instead
            continue
    raise WorkshopError(_("Innsjekkingen kunne ikke lagres. Prøv igjen."))
