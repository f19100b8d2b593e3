"""Migrations build the same schema as the models, from an empty database, on both backends."""

import os
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, select, text

from cocreate import create_app
from cocreate.database import migration_include_object
from cocreate.extensions import db
from cocreate.reference.models import Goal, Principle, TargetImage
from tests.conftest import make_config


@pytest.fixture
def empty_database_url(tmp_path: Path):
    """A brand-new database: a SQLite file, or a fresh PostgreSQL database on the test server."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrate.sqlite'}"
        return
    name = f"cocreate_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_from_empty_matches_models_and_loads_reference(empty_database_url):
    app = create_app(make_config(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": migration_include_object}
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        _assert_search_index(db.engine)
        assert db.session.scalar(select(func.count(Principle.id))) == 8
        assert db.session.scalar(select(func.count(TargetImage.id))) == 6
        assert db.session.scalar(select(func.count(Goal.id))) == 17
        db.session.remove()
        downgrade(revision="base")
        upgrade()
        assert db.session.scalar(select(func.count(Principle.id))) == 8
        db.session.remove()
        db.engine.dispose()


def _assert_search_index(engine) -> None:
    """The hand-written full-text search structures exist after the migrations."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            definition = conn.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_ideas_search_nb'"
            )).scalar_one()
            assert "gin" in definition and "norwegian" in definition
        else:
            names = set(conn.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE 'ideas_fts%'"
            )).scalars())
            assert {"ideas_fts", "ideas_fts_ai", "ideas_fts_ad", "ideas_fts_au"} <= names
