"""What the bench scripts share: the seeded data's names, the pages measured, an in-process app."""

import sys
from pathlib import Path

from flask import Flask
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cocreate import create_app  # noqa: E402
from cocreate.config import Config  # noqa: E402
from cocreate.extensions import db  # noqa: E402
from cocreate.ideas.models import Idea  # noqa: E402

SLUG = "storby"
CHALLENGE_ID = 1  # the seeded challenge with exactly 1,000 ideas
ADMIN_EMAIL = "innbygger1@bench.example"  # admin of storby in bench/seed.py
PASSWORD = "bench-passord-2026"  # noqa: S105 - every seeded account's password


def sqlite_path_url(url: str) -> str:
    """sqlite:///relative/path -> an absolute path (Flask-SQLAlchemy would use instance/)."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        return f"sqlite:///{Path(url.removeprefix('sqlite:///')).resolve()}"
    return url


def make_app(url: str, *, testing: bool = False) -> Flask:
    """The app on the seeded database, for in-process tools (no limits)."""
    config = Config()
    config.SQLALCHEMY_DATABASE_URI = sqlite_path_url(url)
    config.SECRET_KEY = "bench-secret-key-not-for-production"  # noqa: S105
    config.RATELIMIT_ENABLED = False
    config.LOG_LEVEL = "WARNING"
    config.TESTING = testing
    return create_app(config)


def busiest_idea_id(app: Flask) -> int:
    """The idea of the 1,000-idea challenge with the most comments (the heaviest idea page)."""
    with app.app_context():
        return db.session.scalar(
            select(Idea.id)
            .where(Idea.challenge_id == CHALLENGE_ID)
            .order_by(Idea.comment_count.desc(), Idea.id)
            .limit(1)
        )


def default_paths(app: Flask) -> dict[str, str]:
    """The pages of issues 9 and 16, by name."""
    busiest = busiest_idea_id(app)
    return {
        "front_page": "/",
        "municipality_page": f"/k/{SLUG}/",
        "challenge_page": f"/k/{SLUG}/utfordringer/{CHALLENGE_ID}",
        "idea_page": f"/k/{SLUG}/innspill/{busiest}",
        "dashboard": f"/k/{SLUG}/effekt",
        "api_idea_list": f"/api/v1/challenges/{CHALLENGE_ID}/ideas",
        "api_idea_detail": f"/api/v1/ideas/{busiest}",
        "dashboard_principle": f"/k/{SLUG}/effekt?prinsipp={widest_principle_id(app)}",
    }


def widest_principle_id(app: Flask) -> int:
    """The principle linked to the most challenges of Storby (about half the city)."""
    from cocreate.challenges.models import challenge_principles

    with app.app_context():
        column = challenge_principles.c.principle_id
        return db.session.scalar(
            select(column).group_by(column).order_by(db.func.count().desc(), column).limit(1)
        )
