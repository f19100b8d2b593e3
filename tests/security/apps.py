"""Dedicated app instances for tests that need a configuration of their own (limits on, production,
JSON logs), each with its own fresh SQLite file unless a URL is given."""

import copy
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import insert

from cocreate import create_app
from cocreate.extensions import db, limiter
from cocreate.models import create_all, drop_all
from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES
from cocreate.reference.models import Goal, Principle, TargetImage
from tests.conftest import make_config


def build_app(db_url: str, **overrides):
    """An app on its own database, tables created and reference data loaded."""
    app = create_app(make_config(db_url, **overrides))
    with app.app_context():
        drop_all()
        create_all()
        db.session.execute(insert(Principle), PRINCIPLES)
        db.session.execute(insert(TargetImage), TARGET_IMAGES)
        db.session.execute(insert(Goal), GOALS)
        db.session.commit()
    return app


def sqlite_url(folder: Path, name: str = "own.sqlite") -> str:
    return f"sqlite:///{folder / name}"


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def isolated_limiter():
    """Flask-Limiter keeps one global state; restore it so the suite's app stays unlimited."""
    saved = copy.copy(limiter.__dict__)
    saved["_storage_options"] = dict(limiter._storage_options)
    try:
        yield limiter
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)
