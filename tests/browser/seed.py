"""Data for the live server, made through the same services the app uses.

The demo seed gives the municipality and its people (and, as features land, challenges, ideas,
workshops). On top of that the browser tests need one open challenge of their own with a couple
of ideas, so the journeys never depend on the demo's exact content.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from cocreate.challenges.models import Challenge, ParticipationLevel
from cocreate.challenges.services import (
    advance_phase,
    create_challenge,
    principles_by_numbers,
    publish_challenge,
)
from cocreate.database import utcnow
from cocreate.demo.seed import DEMO_PASSWORD, seed_demo
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.ideas.services import submit_idea
from cocreate.workshops.models import Workshop, WorkshopFormat, WorkshopStatus
from cocreate.workshops.services import create_workshop, set_status
from cocreate.workshops.wall import post_note

CHALLENGE_TITLE = "Hvordan kan Strandparken bli et bedre møtested?"
PASSWORD = DEMO_PASSWORD


@dataclass
class BrowserWorld:
    slug: str
    admin_email: str
    facilitator_email: str
    citizen_email: str
    other_citizen_email: str
    challenge_id: int
    idea_ids: list[int]
    join_code: str
    receipt_code: str
    own_idea_id: int
    concluded_challenge_id: int


def seed_browser_world() -> BrowserWorld:
    """Demo data plus an open challenge with two ideas; flushes, the caller commits."""
    demo = seed_demo()
    municipality = demo.municipality
    municipality.intro = municipality.intro or "Fjordvik er en oppdiktet kommune."
    challenge = db.session.scalar(select(Challenge).where(Challenge.title == CHALLENGE_TITLE))
    if challenge is None:
        challenge = create_challenge(
            municipality,
            title=CHALLENGE_TITLE,
            description=(
                "Strandparken brukes lite om kvelden. **Hva skal til** for at flere vil være der?"
                "\n\n- benker og lys\n- aktiviteter for barn og unge"
            ),
            principles=principles_by_numbers([1, 3, 4]),
            actor=demo.admin,
            level=ParticipationLevel.involvere,
        )
        publish_challenge(challenge, actor=demo.admin)
        for author, title, body in (
            (demo.citizens[0], "Lys langs strandpromenaden", "Det er mørkt om kvelden."),
            (demo.citizens[1], "Grillplass ved brygga", "Et sted å samles om sommeren."),
        ):
            submit_idea(challenge, title=title, body=body, author=author)
    workshop, receipt = _live_workshop(challenge, demo.facilitator)
    citizen = demo.citizens[2]
    own = submit_idea(
        challenge, title="Gapahuk ved stranda", body="Ly for regn og vind.", author=citizen
    )
    concluded = _concluded_challenge(demo, citizen)
    idea_ids = list(
        db.session.scalars(
            select(Idea.id).where(Idea.challenge_id == challenge.id).order_by(Idea.id)
        )
    )
    db.session.flush()
    return BrowserWorld(
        slug=municipality.slug,
        admin_email=demo.admin.email,
        facilitator_email=demo.facilitator.email,
        citizen_email=demo.citizens[2].email,
        other_citizen_email=demo.citizens[3].email,
        challenge_id=challenge.id,
        idea_ids=idea_ids,
        join_code=workshop.join_code,
        receipt_code=receipt,
        own_idea_id=own.id,
        concluded_challenge_id=concluded.id,
    )


def _concluded_challenge(demo, citizen) -> Challenge:
    """A concluded challenge the citizen took part in, so «Ble du hørt?» is open to them."""
    challenge = create_challenge(
        demo.municipality,
        title="Hva skal den nye lekeplassen på Sørsida ha?",
        description="Lekeplassen bygges neste år.",
        principles=principles_by_numbers([1]),
        actor=demo.admin,
    )
    publish_challenge(challenge, actor=demo.admin)
    submit_idea(challenge, title="Klatrestativ", body="Lavt og trygt.", author=citizen)
    advance_phase(challenge, actor=demo.admin)
    advance_phase(
        challenge,
        actor=demo.admin,
        summary="Vi hørte ønsker om klatring og sand; begge kommer med i anbudet.",
    )
    return challenge


def _live_workshop(challenge: Challenge, facilitator) -> tuple[Workshop, str]:
    """A running workshop with a note on its wall, so its pages exist for the crawl."""
    start = utcnow().replace(microsecond=0)
    workshop = create_workshop(
        challenge,
        title="Åpent verksted i Strandparken",
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Paviljongen",
        actor=facilitator,
    )
    set_status(workshop, WorkshopStatus.live, actor=facilitator)
    note = post_note(workshop, "seed-participant", "Flere søppelkasser ved badeplassen")
    return workshop, note.receipt_code
