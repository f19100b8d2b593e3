"""What a challenge is linked to (principles, målbilder, SDGs, districts), read in one query
and kept per page generation (generation_cache): the challenge page asks for it on every view,
for signed-in people too, and it changes only when staff edit the challenge."""

from dataclasses import dataclass

from flask_babel import get_locale
from sqlalchemy import literal, select, union_all

from ..extensions import db
from ..generation_cache import for_generation
from ..municipalities.models import District
from ..reference.models import Goal, Principle, TargetImage
from .models import (
    Challenge,
    challenge_districts,
    challenge_goals,
    challenge_principles,
    challenge_target_images,
)


@dataclass(frozen=True)
class Linked:
    """A principle, målbilde, SDG or district as the page shows it; `name` in the reader's
    language (districts have one name)."""

    id: int
    number: int
    slug: str
    icon: str
    names: tuple[str, str, str]  # nb, nn, en

    @property
    def name(self) -> str:
        nb, nn, en = self.names
        chosen = {"nn": nn, "en": en}.get(str(get_locale() or "nb"))
        return chosen or nb


@dataclass(frozen=True)
class ChallengeFacts:
    principles: tuple[Linked, ...]
    target_images: tuple[Linked, ...]
    goals: tuple[Linked, ...]
    districts: tuple[Linked, ...]


def challenge_facts(challenge: Challenge) -> ChallengeFacts:
    """The challenge's links, in the order the page lists them."""
    return for_generation(("challenge_facts", challenge.id), lambda: _read(challenge.id))


def _read(challenge_id: int) -> ChallengeFacts:
    empty = literal("")
    principles = select(
        literal("p"), Principle.id, Principle.number, Principle.slug, Principle.icon,
        Principle.name_nb, Principle.name_nn, Principle.name_en,
    ).join(challenge_principles, challenge_principles.c.principle_id == Principle.id).where(
        challenge_principles.c.challenge_id == challenge_id
    )  # fmt: skip
    target_images = select(
        literal("t"), TargetImage.id, TargetImage.number, TargetImage.slug, empty,
        TargetImage.name_nb, TargetImage.name_nn, TargetImage.name_en,
    ).join(
        challenge_target_images, challenge_target_images.c.target_image_id == TargetImage.id
    ).where(challenge_target_images.c.challenge_id == challenge_id)  # fmt: skip
    goals = select(
        literal("g"), Goal.id, Goal.number, empty, empty, Goal.name_nb, Goal.name_nn, Goal.name_en,
    ).join(challenge_goals, challenge_goals.c.goal_id == Goal.id).where(
        challenge_goals.c.challenge_id == challenge_id
    )  # fmt: skip
    districts = select(
        literal("d"), District.id, literal(0), empty, empty, District.name, District.name,
        District.name,
    ).join(challenge_districts, challenge_districts.c.district_id == District.id).where(
        challenge_districts.c.challenge_id == challenge_id
    )  # fmt: skip
    found: dict[str, list[Linked]] = {"p": [], "t": [], "g": [], "d": []}
    for kind, id_, number, slug, icon, nb, nn, en in db.session.execute(
        union_all(principles, target_images, goals, districts)
    ):
        found[kind].append(Linked(id_, number, slug, icon, (nb, nn, en)))
    return ChallengeFacts(
        principles=tuple(sorted(found["p"], key=lambda x: x.number)),
        target_images=tuple(sorted(found["t"], key=lambda x: x.number)),
        goals=tuple(sorted(found["g"], key=lambda x: x.number)),
        districts=tuple(sorted(found["d"], key=lambda x: x.names[0])),
    )
