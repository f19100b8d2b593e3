"""State changes for challenges: create, edit, publish, move through phases, conclude."""

from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..markup import render_markdown
from ..municipalities.models import District, Municipality
from ..page_generations import changed
from ..reference.models import Goal, Principle, TargetImage
from ..refusals import Refusal
from ..signals import challenge_concluded
from .following import notify_challenge_opened
from .models import DESCRIPTION, SUMMARY, TITLE, Challenge, ParticipationLevel, Phase
from .permissions import (
    why_not_change_in_phase,
    why_not_change_phase,
    why_not_create_challenge,
    why_not_edit_challenge,
)


class ChallengeError(Refusal):
    """A rule about challenges was broken; the message is shown to the user."""


# Phases move forward only: draft → open → assessing → concluded.
NEXT_PHASE = {
    Phase.draft: Phase.open,
    Phase.open: Phase.assessing,
    Phase.assessing: Phase.concluded,
}


def _require(reason: str | None) -> None:
    if reason is not None:
        raise ChallengeError(reason)


def _check_fields(
    municipality: Municipality,
    *,
    title: str,
    description: str,
    principles: Sequence[Principle],
    districts: Sequence[District],
    opens_on: date | None,
    closes_on: date | None,
    vote_budget: int | None,
) -> None:
    if not title.strip():
        raise ChallengeError(_("Skriv en tittel."))
    TITLE.enforce(title.strip(), ChallengeError)
    DESCRIPTION.enforce(description, ChallengeError)
    if not principles:
        raise ChallengeError(_("Velg minst ett prinsipp fra veikartet."))
    if any(d.municipality_id != municipality.id for d in districts):
        raise ChallengeError(_("Velg bare bydeler i denne kommunen."))
    if opens_on and closes_on and closes_on < opens_on:
        raise ChallengeError(_("Sluttdatoen kan ikke være før startdatoen."))
    if vote_budget is not None and vote_budget < 1:
        raise ChallengeError(_("Antall stemmer per person må være et positivt heltall."))


def _apply(
    challenge: Challenge,
    *,
    title: str,
    description: str,
    principles: Sequence[Principle],
    target_images: Sequence[TargetImage],
    goals: Sequence[Goal],
    districts: Sequence[District],
    level: ParticipationLevel,
    opens_on: date | None,
    closes_on: date | None,
    premoderation: bool,
    vote_budget: int | None,
) -> None:
    challenge.title = title.strip()
    challenge.description = description
    challenge.description_html = render_markdown(description)
    challenge.principles = list(principles)
    challenge.target_images = list(target_images)
    challenge.goals = list(goals)
    challenge.districts = list(districts)
    challenge.level = level
    challenge.opens_on = opens_on
    challenge.closes_on = closes_on
    challenge.premoderation = premoderation
    challenge.vote_budget = vote_budget


def create_challenge(
    municipality: Municipality,
    *,
    title: str,
    description: str,
    principles: Sequence[Principle],
    actor: User | None,
    target_images: Sequence[TargetImage] = (),
    goals: Sequence[Goal] = (),
    districts: Sequence[District] = (),
    level: ParticipationLevel = ParticipationLevel.konsultere,
    opens_on: date | None = None,
    closes_on: date | None = None,
    premoderation: bool = False,
    vote_budget: int | None = None,
) -> Challenge:
    """A new challenge in draft; it needs at least one of the roadmap's principles."""
    if actor is not None:
        _require(why_not_create_challenge(actor, municipality))
    _check_fields(
        municipality,
        title=title,
        description=description,
        principles=principles,
        districts=districts,
        opens_on=opens_on,
        closes_on=closes_on,
        vote_budget=vote_budget,
    )
    challenge = Challenge(
        municipality_id=municipality.id,
        phase=Phase.draft,
        created_by_id=actor.id if actor else None,
    )
    _apply(
        challenge,
        title=title,
        description=description,
        principles=principles,
        target_images=target_images,
        goals=goals,
        districts=districts,
        level=level,
        opens_on=opens_on,
        closes_on=closes_on,
        premoderation=premoderation,
        vote_budget=vote_budget,
    )
    db.session.add(challenge)
    db.session.flush()
    changed(municipality.id)
    record_event(
        "challenge.created",
        actor=actor,
        municipality=municipality,
        subject=challenge,
        title=challenge.title,
    )
    return challenge


def update_challenge(
    challenge: Challenge,
    *,
    actor: User | None,
    title: str,
    description: str,
    principles: Sequence[Principle],
    target_images: Sequence[TargetImage] = (),
    goals: Sequence[Goal] = (),
    districts: Sequence[District] = (),
    level: ParticipationLevel = ParticipationLevel.konsultere,
    opens_on: date | None = None,
    closes_on: date | None = None,
    premoderation: bool = False,
    vote_budget: int | None = None,
) -> Challenge:
    """Edit a challenge that is not concluded; the same rules as when it was created."""
    _require(
        why_not_edit_challenge(actor, challenge) if actor else why_not_change_in_phase(challenge)
    )
    _check_fields(
        challenge.municipality,
        title=title,
        description=description,
        principles=principles,
        districts=districts,
        opens_on=opens_on,
        closes_on=closes_on,
        vote_budget=vote_budget,
    )
    _apply(
        challenge,
        title=title,
        description=description,
        principles=principles,
        target_images=target_images,
        goals=goals,
        districts=districts,
        level=level,
        opens_on=opens_on,
        closes_on=closes_on,
        premoderation=premoderation,
        vote_budget=vote_budget,
    )
    db.session.flush()
    changed(challenge.municipality_id)
    record_event(
        "challenge.updated",
        actor=actor,
        municipality=challenge.municipality,
        subject=challenge,
    )
    return challenge


def advance_phase(challenge: Challenge, *, actor: User | None, summary: str | None = None) -> Phase:
    """Move to the next phase (forward only); concluding needs a public summary."""
    _require(
        why_not_change_phase(actor, challenge) if actor else why_not_change_in_phase(challenge)
    )
    target = NEXT_PHASE[challenge.phase]
    if target is Phase.concluded:
        challenge.summary = SUMMARY.enforce((summary or "").strip(), ChallengeError)
        challenge.summary_html = render_markdown(challenge.summary)
        challenge.concluded_at = utcnow()
    first_opening = target is Phase.open and challenge.published_at is None
    if first_opening:
        challenge.published_at = utcnow()
    previous = challenge.phase
    challenge.phase = target
    db.session.flush()
    changed(challenge.municipality_id)
    record_event(
        "challenge.phase_changed",
        actor=actor,
        municipality=challenge.municipality,
        subject=challenge,
        old=previous.value,
        new=target.value,
    )
    if first_opening:
        notify_challenge_opened(challenge, actor=actor)
    if target is Phase.concluded:
        challenge_concluded.send(challenge, actor=actor)
    return target


def publish_challenge(challenge: Challenge, *, actor: User | None) -> None:
    """Open a draft for inputs."""
    if challenge.phase is not Phase.draft:
        raise ChallengeError(_("Bare utkast kan publiseres."))
    advance_phase(challenge, actor=actor)


def conclude_challenge(challenge: Challenge, *, summary: str, actor: User | None) -> None:
    """Conclude a challenge under assessment with its public summary."""
    if challenge.phase is not Phase.assessing:
        raise ChallengeError(_("Bare utfordringer til vurdering kan avsluttes."))
    advance_phase(challenge, actor=actor, summary=summary)


def principles_by_numbers(numbers: list[int]) -> list[Principle]:
    """The roadmap's principles with these numbers, in order."""
    query = select(Principle).where(Principle.number.in_(numbers)).order_by(Principle.number)
    return list(db.session.scalars(query))
