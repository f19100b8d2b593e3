"""From the wall into the pipeline: notes and themes become ideas of the challenge (channel
workshop) keeping their dots as workshop votes; offline inputs typed in by staff. Services flush.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..audit.services import record_event
from ..challenges.models import Challenge, Phase
from ..database import utcnow
from ..extensions import db
from ..ideas.models import (
    CASE_NUMBER,
    IDEA_TITLE,
    SENDER_CONTACT,
    Channel,
    Idea,
    ReceivedVia,
    RegisteredInput,
    SenderContact,
)
from ..ideas.services import submit_idea
from .models import IdeaOrigin, Workshop, WorkshopDot, WorkshopIdea, WorkshopNote, WorkshopTheme
from .permissions import why_not_publish_in_phase, why_not_publish_workshop, why_not_register_input
from .services import WorkshopError


def _require(reason: str | None) -> None:
    if reason is not None:
        raise WorkshopError(reason)


TITLE_MAX = IDEA_TITLE.max  # a note or theme published as an idea gets a title that fits


def idea_title(text: str) -> str:
    """The note's text as a title: whole if it fits, else cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1].rsplit(" ", 1)[0] or text[: TITLE_MAX - 1]
    return cut.rstrip(" ,.;:") + "…"


def workshop_votes(notes: Sequence[WorkshopNote]) -> int:
    """Dots on these notes: each participant once, plus the stickers counted on post-its."""
    ids = [n.id for n in notes]
    if not ids:
        return 0
    people = (
        db.session.scalar(
            select(func.count(func.distinct(WorkshopDot.participant_hash))).where(
                WorkshopDot.note_id.in_(ids)
            )
        )
        or 0
    )
    return people + sum(n.offline_dots for n in notes)


def _publishable(note: WorkshopNote) -> bool:
    return note.on_wall


def _new_idea(workshop: Workshop, title: str, body: str, votes: int, origin: IdeaOrigin) -> Idea:
    idea = submit_idea(
        workshop.challenge, title=title, body=body, author=None, channel=Channel.workshop
    )
    idea.workshop_vote_count = votes
    db.session.add(WorkshopIdea(workshop_id=workshop.id, idea_id=idea.id, origin=origin))
    db.session.flush()
    return idea


def publish_results(
    workshop: Workshop,
    *,
    notes: Sequence[WorkshopNote] = (),
    themes: Sequence[WorkshopTheme] = (),
    actor: User | None,
) -> list[Idea]:
    """Each chosen note (outside a theme) and theme becomes one idea; receipts follow them."""
    _require(
        why_not_publish_workshop(actor, workshop) if actor else why_not_publish_in_phase(workshop)
    )
    ideas = []
    for theme in themes:
        if theme.workshop_id != workshop.id or theme.idea_id is not None:
            raise WorkshopError(_("Temaet «%(t)s» kan ikke publiseres.", t=theme.title))
        members = [
            n
            for n in db.session.scalars(
                select(WorkshopNote)
                .where(WorkshopNote.theme_id == theme.id)
                .order_by(WorkshopNote.created_at, WorkshopNote.id)
            )
            if _publishable(n)
        ]
        if not members:
            raise WorkshopError(_("Temaet «%(t)s» har ingen lapper.", t=theme.title))
        body = "\n".join(f"- {n.text}" for n in members)
        idea = _new_idea(workshop, theme.title, body, workshop_votes(members), IdeaOrigin.theme)
        theme.idea_id = idea.id
        for note in members:
            note.idea_id = idea.id
        ideas.append(idea)
    for note in notes:
        if note.workshop_id != workshop.id or not _publishable(note):
            raise WorkshopError(_("En av lappene kan ikke publiseres."))
        if note.theme_id is not None:
            raise WorkshopError(_("Lapper i et tema publiseres sammen med temaet."))
        idea = _new_idea(
            workshop, idea_title(note.text), note.text, workshop_votes([note]), IdeaOrigin.note
        )
        note.idea_id = idea.id
        ideas.append(idea)
    if not ideas:
        raise WorkshopError(_("Velg minst én lapp eller ett tema å publisere."))
    db.session.flush()
    record_event(
        "workshop.published",
        actor=actor,
        municipality=workshop.challenge.municipality,
        subject=workshop,
        idea_ids=[i.id for i in ideas],
    )
    return ideas


@dataclass(frozen=True)
class Receipt:
    """How a registered input came in (the registered channel only)."""

    via: ReceivedVia
    on: date
    case_number: str = ""
    contact: str = ""


def received_at(day: date) -> datetime:
    """The instant an input received on `day` counts from: noon in the municipality's time
    zone, or now if that is still to come."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Oslo"))
    noon = datetime.combine(day, time(12, 0), tzinfo=zone).astimezone(UTC)
    return min(noon, utcnow())


def local_today() -> date:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Oslo"))
    return utcnow().astimezone(zone).date()


def is_late(challenge: Challenge, received_on: date) -> bool:
    """After the deadline: the challenge no longer takes inputs, and the input was not received
    by its closing day."""
    if challenge.phase is Phase.open:
        return False
    return challenge.closes_on is None or received_on > challenge.closes_on


def register_offline_input(
    challenge: Challenge,
    *,
    title: str,
    body: str,
    channel: Channel,
    workshop: Workshop | None = None,
    dots: int = 0,
    receipt: Receipt | None = None,
    actor: User | None,
) -> Idea:
    """An input from a post-it, letter or call, typed in by staff; no citizen account needed.

    A registered input records how and when it came in (time to answer counts from that day),
    an optional case number and a way to reach the sender, kept apart from the public input.
    On a challenge under assessment or concluded it is taken in as late, if it came in after
    the deadline."""
    _require(why_not_register_input(actor, challenge))
    if channel not in (Channel.workshop, Channel.registered):
        raise WorkshopError(_("Velg kanal: verksted eller registrert av kommunen."))
    if challenge.phase is not Phase.open and channel is not Channel.registered:
        raise WorkshopError(
            _("Etter fristen kan bare innspill som kommunen har tatt imot, registreres.")
        )
    if workshop is not None and workshop.challenge_id != challenge.id:
        raise WorkshopError(_("Verkstedet hører til en annen utfordring."))
    if workshop is not None and channel is not Channel.workshop:
        raise WorkshopError(_("Innspill fra et verksted registreres med kanalen verksted."))
    if dots and workshop is None:
        raise WorkshopError(_("Prikker kan bare registreres på innspill fra et verksted."))
    if dots < 0:
        raise WorkshopError(_("Antall prikker må være 0 eller mer."))
    if channel is Channel.registered and receipt is None:
        receipt = Receipt(ReceivedVia.other, local_today())  # taken in today, way not given
    if receipt is not None and receipt.on > local_today():
        raise WorkshopError(_("Datoen innspillet kom inn, kan ikke være fram i tid."))
    title = (title or "").strip()
    if not title:
        raise WorkshopError(_("Gi innspillet en tittel."))
    idea = submit_idea(challenge, title=title, body=body or "", author=None, channel=channel)
    idea.workshop_vote_count = dots
    if workshop is not None:
        db.session.add(
            WorkshopIdea(workshop_id=workshop.id, idea_id=idea.id, origin=IdeaOrigin.offline)
        )
    late = False
    if channel is Channel.registered and receipt is not None:
        late = _record_receipt(challenge, idea, receipt)
    db.session.flush()
    record_event(
        "workshop.input_registered",
        actor=actor,
        municipality=challenge.municipality,
        subject=idea,
        channel=channel.value,
        workshop_id=workshop.id if workshop else None,
        late=late,
    )
    return idea


def _record_receipt(challenge: Challenge, idea: Idea, receipt: Receipt) -> bool:
    case_number = CASE_NUMBER.enforce(receipt.case_number.strip(), WorkshopError) or None
    contact = SENDER_CONTACT.enforce(receipt.contact.strip(), WorkshopError)
    late = is_late(challenge, receipt.on)
    # The input counts from the day it reached the municipality (time to answer, closure).
    idea.created_at = received_at(receipt.on)
    db.session.add(
        RegisteredInput(
            idea_id=idea.id,
            received_via=receipt.via,
            received_on=receipt.on,
            case_number=case_number,
            late=late,
        )
    )
    if contact:
        db.session.add(SenderContact(idea_id=idea.id, contact=contact))
    return late
