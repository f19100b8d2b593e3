"""State changes for challenges: create, edit, publish, move through phases, conclude."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..database import utcnow
from ..extensions import db
from ..markup import render_markdown
from ..municipalities.models import Municipality
from ..reference.models import Principle
from ..signals import challenge_concluded
from .models import Challenge, ParticipationLevel, Phase


class ChallengeError(ValueError):
    """A rule about challenges was broken; the message is shown to the user."""


# Phases move forward only: draft → open → assessing → concluded.
NEXT_PHASE = {
    Phase.draft: Phase.open,
    Phase.open: Phase.assessing,
    Phase.assessing: Phase.concluded,
}


def create_challenge(
    municipality: Municipality,
    *,
    title: str,
    description: str,
    principles: list[Principle],
    actor: User | None,
    level: ParticipationLevel = ParticipationLevel.konsultere,
    opens_on: date | None = None,
    closes_on: date | None = None,
    premoderation: bool = False,
    vote_budget: int | None = None,
) -> Challenge:
    """A new challenge in draft; it needs at least one of the roadmap's principles."""
    if not principles:
        raise ChallengeError(_("Velg minst ett prinsipp fra veikartet."))
    challenge = Challenge(
        municipality_id=municipality.id,
        title=title.strip(),
        description=description,
        description_html=render_markdown(description),
        level=level,
        opens_on=opens_on,
        closes_on=closes_on,
        premoderation=premoderation,
        vote_budget=vote_budget,
        created_by_id=actor.id if actor else None,
    )
    challenge.principles = list(principles)
    db.session.add(challenge)
    db.session.flush()
    return challenge


def advance_phase(challenge: Challenge, *, actor: User | None, summary: str | None = None) -> Phase:
    """Move to the next phase; concluding needs a public summary."""
    target = NEXT_PHASE.get(challenge.phase)
    if target is None:
        raise ChallengeError(_("Utfordringen er allerede avsluttet."))
    if target is Phase.concluded:
        if not summary or len(summary.strip()) < 20:
            raise ChallengeError(
                _("Skriv et offentlig sammendrag: hva vi hørte, hva vi gjør, og hvorfor.")
            )
        challenge.summary = summary
        challenge.summary_html = render_markdown(summary)
        challenge.concluded_at = utcnow()
    if target is Phase.open and challenge.published_at is None:
        challenge.published_at = utcnow()
    challenge.phase = target
    db.session.flush()
    if target is Phase.concluded:
        challenge_concluded.send(challenge, actor=actor)
    return target


def publish_challenge(challenge: Challenge, *, actor: User | None) -> None:
    """Open a draft for inputs."""
    if challenge.phase is not Phase.draft:
        raise ChallengeError(_("Bare utkast kan publiseres."))
    advance_phase(challenge, actor=actor)


def principles_by_numbers(numbers: list[int]) -> list[Principle]:
    return list(db.session.scalars(select(Principle).where(Principle.number.in_(numbers))))
