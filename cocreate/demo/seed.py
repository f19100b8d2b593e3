"""Idempotent demo data: running it twice adds nothing the second time."""

from dataclasses import dataclass, field

from ..accounts.models import Role, User
from ..accounts.services import create_user, find_user_by_email, set_role
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import add_district, create_municipality, get_by_slug

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


def seed_demo() -> DemoWorld:
    """Everything the demo shows; each feature adds its part only when the base was new."""
    world = seed_base()
    return world
