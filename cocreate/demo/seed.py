"""Idempotent demo data: running it twice adds nothing the second time."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import select

from ..accounts.models import Role, User
from ..accounts.services import create_user, find_user_by_email, set_role
from ..challenges.models import Challenge, ParticipationLevel, Phase
from ..challenges.services import advance_phase, create_challenge, publish_challenge
from ..extensions import db
from ..ideas.services import post_comment, submit_idea, support_idea
from ..metrics.demo import seed_metrics
from ..municipalities.models import District, Municipality
from ..municipalities.services import add_district, create_municipality, get_by_slug
from ..reference.models import Goal, Principle, TargetImage
from .challenge_data import DEMO_CHALLENGES

DEMO_SLUG = "fjordvik"
DEMO_PASSWORD = "fjordvik-demo-2026"  # noqa: S105 - demo accounts only, printed in the README
DISTRICTS = [("Sentrum", 6200), ("Nordbyen", 4100), ("Sørsida", 3900), ("Fjellheim", 1800)]
CITIZENS = [
    ("kari@demo.samskap.no", "Kari Nordmann"),
    ("ola@demo.samskap.no", "Ola Hansen"),
    ("amina@demo.samskap.no", "Amina Yusuf"),
    ("per@demo.samskap.no", "Per Johansen"),
    ("ingrid@demo.samskap.no", "Ingrid Berg"),
    ("jonas@demo.samskap.no", "Jonas Lie"),
]


@dataclass
class DemoWorld:
    municipality: Municipality
    admin: User
    facilitator: User
    citizens: list[User] = field(default_factory=list)
    created: bool = False
    challenges: list[Challenge] = field(default_factory=list)


def _user(email: str, name: str, *, show_name: bool = True) -> User:
    user = find_user_by_email(email)
    if user is None:
        user = create_user(email, name, DEMO_PASSWORD, verified=True, locale=None)
        user.show_name = show_name
    return user


def seed_base() -> DemoWorld:
    """The demo municipality, its districts, an admin, a facilitator and six citizens."""
    municipality = get_by_slug(DEMO_SLUG)
    created = municipality is None
    if municipality is None:
        municipality = create_municipality(
            name="Fjordvik kommune (demo)",
            slug=DEMO_SLUG,
            number="9901",
            kind="kommune",
            population=16000,
            is_demo=True,
        )
        municipality.intro = (
            "Fjordvik er en oppdiktet kommune med demodata, slik at du kan se hvordan Samskap "
            "fungerer. Ingenting her er ekte."
        )
        for name, population in DISTRICTS:
            add_district(municipality, name, population)
    admin = _user("admin@demo.samskap.no", "Anne Admin")
    facilitator = _user("fasilitator@demo.samskap.no", "Frode Fasilitator")
    if created:
        set_role(admin, municipality, Role.admin, actor=None)
        set_role(facilitator, municipality, Role.facilitator, actor=None)
    citizens = [
        _user(email, name, show_name=i % 2 == 0) for i, (email, name) in enumerate(CITIZENS)
    ]
    db.session.flush()
    return DemoWorld(municipality, admin, facilitator, citizens, created)


_Reference = TypeVar("_Reference", Principle, TargetImage, Goal)


def _by_number(model: type[_Reference], numbers: list[int]) -> list[_Reference]:
    if not numbers:
        return []
    query = select(model).where(model.number.in_(numbers)).order_by(model.number)
    return list(db.session.scalars(query))


def _seed_ideas(
    challenge: Challenge, ideas: list, citizens: list[User], districts: dict[str, District]
) -> None:
    for author, title, body, district, supporters, comments in ideas:
        idea = submit_idea(
            challenge,
            title=title,
            body=body,
            author=citizens[author],
            district=districts.get(district) if district else None,
        )
        for supporter in supporters:
            support_idea(idea, citizens[supporter])
        for commenter, text, replies in comments:
            comment = post_comment(idea, body=text, author=citizens[commenter])
            for replier, reply in replies:
                post_comment(idea, body=reply, author=citizens[replier], parent=comment)


def seed_challenges(world: DemoWorld) -> list[Challenge]:
    """One challenge per principle with ideas, supports and comments from the demo citizens."""
    municipality = world.municipality
    districts = {
        d.name: d
        for d in db.session.scalars(
            select(District).where(District.municipality_id == municipality.id)
        )
    }
    today = date.today()
    challenges = []
    for data in DEMO_CHALLENGES:
        opens, closes = data["days"]
        challenge = create_challenge(
            municipality,
            title=data["title"],
            description=data["description"],
            principles=_by_number(Principle, [data["principle"]]),
            target_images=_by_number(TargetImage, data["target_images"]),
            goals=_by_number(Goal, data["goals"]),
            districts=[districts[name] for name in data["districts"]],
            level=ParticipationLevel(data["level"]),
            opens_on=today + timedelta(days=opens),
            closes_on=today + timedelta(days=closes),
            vote_budget=data.get("vote_budget"),
            actor=world.facilitator,
        )
        publish_challenge(challenge, actor=world.admin)
        _seed_ideas(challenge, data["ideas"], world.citizens, districts)
        if data.get("premoderation"):
            challenge.premoderation = True
            for author, title, body, district in data.get("pending_ideas", []):
                submit_idea(
                    challenge,
                    title=title,
                    body=body,
                    author=world.citizens[author],
                    district=districts.get(district) if district else None,
                )
        phase = Phase(data["phase"])
        while challenge.phase is not phase:
            advance_phase(challenge, actor=world.admin, summary=data.get("summary"))
        challenges.append(challenge)
    return challenges


def seed_demo() -> DemoWorld:
    """Everything the demo shows; each feature adds its part only when the base was new."""
    world = seed_base()
    if world.created:
        world.challenges = seed_challenges(world)
        seed_metrics(world)
    return world
