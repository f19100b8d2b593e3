"""Idempotent demo data: running it twice adds nothing the second time.

`flask seed demo` builds the invented municipality Fjordvik with 19 months of history (see
story.py): its people, challenges from the past and the present, inputs from the web,
workshops and letters, answers at every stage, and the measures' reference population.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial

from ..accounts.models import Role, User
from ..accounts.passwords import hash_password
from ..accounts.services import create_user, find_user_by_email, set_role
from ..challenges.models import Challenge
from ..extensions import db
from ..metrics.demo import seed_metrics
from ..municipalities.models import Municipality
from ..municipalities.services import add_district, create_municipality, get_by_slug
from ..notifications.kinds import known_kinds
from ..notifications.models import Delivery
from ..notifications.services import set_delivery, set_email_preferences
from .hearings_results import seed_hearings_and_results
from .people import crowd, named_citizens
from .story import seed_challenges
from .timeline import Timeline

DEMO_SLUG = "fjordvik"
DEMO_PASSWORD = "fjordvik-demo-2026"  # noqa: S105 - demo accounts only, printed in the README
DISTRICTS = [("Sentrum", 6200), ("Nordbyen", 4100), ("Sørsida", 3900), ("Fjellheim", 1800)]
FOUNDED = -610  # the day the demo's staff and people were made, before its first challenge


@dataclass
class DemoWorld:
    municipality: Municipality
    admin: User
    facilitator: User
    citizens: list[User] = field(default_factory=list)  # the six named first, then the crowd
    created: bool = False
    challenges: list[Challenge] = field(default_factory=list)


def _user(email: str, name: str, hashed: Callable[[], str], *, show_name: bool = True) -> User:
    user = find_user_by_email(email)
    if user is None:
        user = create_user(
            email, name, DEMO_PASSWORD, verified=True, locale=None, password_hash=hashed()
        )
        user.show_name = show_name
    return user


def seed_base(timeline: Timeline | None = None) -> DemoWorld:
    """The demo municipality, its districts, an admin, a facilitator, six named citizens and
    the crowd. The accounts share one password, hashed once."""
    timeline = timeline or Timeline.from_now()
    with timeline.back(FOUNDED, 8):
        municipality = get_by_slug(DEMO_SLUG)
        created = municipality is None
        if municipality is None:
            municipality = _municipality()
        password_hash = cache(partial(hash_password, DEMO_PASSWORD))  # only if needed
        admin = _user("admin@demo.samskap.no", "Anne Admin", password_hash)
        facilitator = _user("fasilitator@demo.samskap.no", "Frode Fasilitator", password_hash)
        if created:
            set_role(admin, municipality, Role.admin, actor=None)
            set_role(facilitator, municipality, Role.facilitator, actor=None)
        citizens = [
            _user(email, name, password_hash, show_name=i % 2 == 0)
            for i, (email, name) in enumerate(named_citizens())
        ]
        people = [
            _user(email, name, password_hash, show_name=i % 3 != 0)
            for i, (email, name, _gender) in enumerate(crowd())
        ]
        if created:
            # Invented addresses get little mail: the named citizens chose the daily digest,
            # the crowd reads its news in the app only.
            for person in citizens:
                set_delivery(person, Delivery.daily)
            off = {kind: False for kind, _label in known_kinds()}
            for person in people:
                set_email_preferences(person, off)
    db.session.flush()
    return DemoWorld(municipality, admin, facilitator, citizens + people, created)


def _municipality() -> Municipality:
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
    return municipality


def seed_demo() -> DemoWorld:
    """Everything the demo shows; each part is added only when the base was new."""
    timeline = Timeline.from_now()
    world = seed_base(timeline)
    if world.created:
        seed_metrics(world, timeline)
        world.challenges = seed_challenges(world, timeline)
        seed_hearings_and_results(world, timeline)
    return world
