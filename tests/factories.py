"""Factory fixtures (Indico style): each returns a create_… callable that goes through services."""

import itertools

import pytest
from sqlalchemy import insert, select

from cocreate.accounts.models import Role, User
from cocreate.accounts.services import create_user, set_role
from cocreate.challenges.models import Challenge, Phase, TopicFollow
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.ideas.services import submit_idea
from cocreate.municipalities.models import Municipality
from cocreate.municipalities.services import add_district, create_municipality
from cocreate.notifications.models import Delivery, EmailSetting

PASSWORD = "riktig-hest-batteri"
# Factories flush: each test runs in a transaction that is rolled back (conftest.py). Tests marked
# `real_commits` (threads, other processes) set this, so what they build is committed for real.
REAL_COMMITS = False
_counter = itertools.count(1)

__all__ = [
    "PASSWORD",
    "bulk_followers_f",
    "create_challenge_f",
    "create_idea_f",
    "create_municipality_f",
    "create_user_f",
    "world",
]


def _settle() -> None:
    if REAL_COMMITS:
        db.session.commit()
    else:
        db.session.flush()


@pytest.fixture
def create_municipality_f(app_ctx):
    def _create(name: str | None = None, slug: str | None = None, districts=("Sentrum", "Nord")):
        n = next(_counter)
        municipality = create_municipality(
            name=name or f"Testkommune {n}",
            slug=slug or f"test-{n}",
            number=f"{9000 + n:04d}"[-4:],
            kind="kommune",
            population=10000,
        )
        for district in districts:
            add_district(municipality, district, 1000)
        _settle()
        return municipality

    return _create


@pytest.fixture
def create_user_f(app_ctx):
    def _create(
        email: str | None = None,
        *,
        role: Role | None = None,
        municipality: Municipality | None = None,
        verified: bool = True,
        name: str = "Test Testesen",
    ) -> User:
        email = email or f"person{next(_counter)}@example.no"
        user = create_user(email, name, PASSWORD, verified=verified)
        if role is not None and municipality is not None:
            set_role(user, municipality, role, actor=None)
        _settle()
        return user

    return _create


class World:
    """Two municipalities and one person of every role, for permission matrices."""

    def __init__(self, create_municipality_f, create_user_f) -> None:
        self.municipality = create_municipality_f("Heimby kommune", "heimby")
        self.other = create_municipality_f("Bortby kommune", "bortby")
        self.citizen = create_user_f("innbygger@example.no")
        self.author = create_user_f("forfatter@example.no")
        self.facilitator = create_user_f(
            "fasilitator@example.no", role=Role.facilitator, municipality=self.municipality
        )
        self.admin = create_user_f(
            "admin@example.no", role=Role.admin, municipality=self.municipality
        )
        self.other_facilitator = create_user_f(
            "fasilitator@bortby.no", role=Role.facilitator, municipality=self.other
        )
        self.other_admin = create_user_f(
            "admin@bortby.no", role=Role.admin, municipality=self.other
        )

    def roles(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "citizen": self.citizen,
            "author": self.author,
            "other_facilitator": self.other_facilitator,
            "facilitator": self.facilitator,
            "admin": self.admin,
        }


@pytest.fixture
def world(create_municipality_f, create_user_f):
    return World(create_municipality_f, create_user_f)


@pytest.fixture
def create_challenge_f(app_ctx):
    """create(municipality, phase=Phase.open, principles=(1,), **fields) -> Challenge."""

    def _create(
        municipality: Municipality,
        *,
        phase: Phase = Phase.open,
        principles=(1,),
        title: str = "Hvordan gjør vi sentrum grønnere?",
        **fields,
    ) -> Challenge:
        challenge = create_challenge(
            municipality,
            title=title,
            description=fields.pop("description", "Fortell oss."),
            principles=principles_by_numbers(list(principles)),
            actor=None,
            **fields,
        )
        while challenge.phase is not phase:
            summary = "Vi hørte mye, gjør tre tiltak, og forklarer hvorfor her."
            advance_phase(challenge, actor=None, summary=summary)
        _settle()
        return challenge

    return _create


@pytest.fixture
def create_idea_f(app_ctx):
    """create(challenge, author=None, **fields) -> Idea (submitted while the challenge is open)."""

    def _create(
        challenge: Challenge,
        author: User | None = None,
        *,
        title: str = "Flere benker i parken",
        body: str = "Det trengs steder å hvile.",
        **fields,
    ) -> Idea:
        phase = challenge.phase
        challenge.phase = Phase.open  # ideas can only come in while open
        idea = submit_idea(challenge, title=title, body=body, author=author, **fields)
        challenge.phase = phase
        _settle()
        return idea

    return _create


@pytest.fixture
def bulk_followers_f(app_ctx):
    """create(challenge, n, daily=True) -> n verified people who follow the whole challenge (and
    chose the daily digest), inserted in bulk (executemany, no ORM objects): for scale tests."""

    def _create(challenge: Challenge, n: int, *, daily: bool = True, chunk: int = 2000) -> None:
        tag = next(_counter)
        now = utcnow()
        for start in range(0, n, chunk):
            emails = [f"folger{tag}-{i}@example.no" for i in range(start, min(n, start + chunk))]
            db.session.execute(
                insert(User),
                [{"email": e, "display_name": "Følger", "email_verified_at": now} for e in emails],
            )
            ids = list(db.session.scalars(select(User.id).where(User.email.in_(emails))))
            db.session.execute(
                insert(TopicFollow), [{"user_id": i, "challenge_id": challenge.id} for i in ids]
            )
            if daily:
                db.session.execute(
                    insert(EmailSetting), [{"user_id": i, "delivery": Delivery.daily} for i in ids]
                )
        _settle()

    return _create
