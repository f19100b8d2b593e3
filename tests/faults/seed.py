"""Data for the fault and concurrency tests: one open challenge, ideas, and verified citizens."""

from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.accounts.services import create_user
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.extensions import db
from cocreate.ideas.services import submit_idea
from cocreate.municipalities.services import create_municipality
from tests.factories import PASSWORD


def seed_supports_scene(app, *, ideas: int, users: int) -> dict:
    """Returns ids and session ids (user.get_id()) so callers need no ORM objects."""
    with app.app_context():
        municipality = create_municipality(
            name="Feilby kommune", slug="feilby", number="9950", kind="kommune"
        )
        challenge = create_challenge(
            municipality,
            title="Hvor skal de nye benkene stå?",
            description="Stem fram de beste forslagene.",
            principles=principles_by_numbers([1]),
            actor=None,
        )
        advance_phase(challenge, actor=None)  # draft → open
        author = create_user("forslag@feilby.no", "Forslagsstiller", PASSWORD, verified=True)
        idea_ids = [
            submit_idea(challenge, title=f"Forslag {n}", body="Her.", author=author).id
            for n in range(ideas)
        ]
        people = [
            create_user(f"innbygger{n}@feilby.no", f"Innbygger {n}", PASSWORD, verified=True)
            for n in range(users)
        ]
        db.session.commit()
        return {
            "slug": municipality.slug,
            "ideas": idea_ids,
            "users": {u.id: u.get_id() for u in people},
            "emails": {u.id: u.email for u in people},
        }


def user_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(User.id)))
