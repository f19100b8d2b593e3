"""From the wall into the pipeline: notes and themes become ideas of the challenge (channel
workshop) keeping their dots as workshop votes; offline inputs typed in by staff. Services flush.
"""

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..audit.services import record_event
from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..ideas.models import Channel, Idea
from ..ideas.services import submit_idea
from .models import IdeaOrigin, Workshop, WorkshopDot, WorkshopIdea, WorkshopNote, WorkshopTheme
from .services import WorkshopError

TITLE_MAX = 120


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


def _check_phase(workshop: Workshop) -> None:
    if workshop.challenge.phase not in (Phase.open, Phase.assessing):
        raise WorkshopError(
            _("Utfordringen må være åpen eller til vurdering for å publisere verkstedets innspill.")
        )


def publish_results(
    workshop: Workshop,
    *,
    notes: Sequence[WorkshopNote] = (),
    themes: Sequence[WorkshopTheme] = (),
    actor: User | None,
) -> list[Idea]:
    """Each chosen note (outside a theme) and theme becomes one idea; receipts follow them."""
    _check_phase(workshop)
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


def register_offline_input(
    challenge: Challenge,
    *,
    title: str,
    body: str,
    channel: Channel,
    workshop: Workshop | None = None,
    dots: int = 0,
    actor: User | None,
) -> Idea:
    """An input from a post-it, letter or call, typed in by staff; no citizen account needed."""
    if channel not in (Channel.workshop, Channel.registered):
        raise WorkshopError(_("Velg kanal: verksted eller registrert av kommunen."))
    if challenge.phase is not Phase.open:
        raise WorkshopError(_("Utfordringen tar ikke imot nye innspill nå."))
    if workshop is not None and workshop.challenge_id != challenge.id:
        raise WorkshopError(_("Verkstedet hører til en annen utfordring."))
    if workshop is not None and channel is not Channel.workshop:
        raise WorkshopError(_("Innspill fra et verksted registreres med kanalen verksted."))
    if dots and workshop is None:
        raise WorkshopError(_("Prikker kan bare registreres på innspill fra et verksted."))
    if dots < 0:
        raise WorkshopError(_("Antall prikker må være 0 eller mer."))
    title = (title or "").strip()
    if not title:
        raise WorkshopError(_("Gi innspillet en tittel."))
    idea = submit_idea(challenge, title=title, body=body or "", author=None, channel=channel)
    idea.workshop_vote_count = dots
    if workshop is not None:
        db.session.add(
            WorkshopIdea(workshop_id=workshop.id, idea_id=idea.id, origin=IdeaOrigin.offline)
        )
    db.session.flush()
    record_event(
        "workshop.input_registered",
        actor=actor,
        municipality=challenge.municipality,
        subject=idea,
        channel=channel.value,
        workshop_id=workshop.id if workshop else None,
    )
    return idea
