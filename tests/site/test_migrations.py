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
            definition = conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_ideas_search_nb'")
            ).scalar_one()
            assert "gin" in definition and "norwegian" in definition
        else:
            names = set(
                conn.execute(
                    text("SELECT name FROM sqlite_master WHERE name LIKE 'ideas_fts%'")
                ).scalars()
            )
            assert {"ideas_fts", "ideas_fts_ai", "ideas_fts_ad", "ideas_fts_au"} <= names


def _kept_figures() -> tuple:
    from cocreate.ideas.models import Idea
    from cocreate.metrics.models import (
        ParticipationMonth,
        ParticipationMonthTotal,
        ParticipationPerson,
    )

    facts = ("first_answered_at", "first_decided_at", "first_done_at", "first_cited_at")
    columns = [Idea.__table__.c[name] for name in (*facts, "furthest_stage")]
    tables = (ParticipationPerson, ParticipationMonth, ParticipationMonthTotal)
    return (
        db.session.execute(select(Idea.id, *columns).order_by(Idea.id)).all(),
        *(db.session.execute(select(t.__table__).order_by(*t.__table__.c)).all() for t in tables),
    )


def test_0004_fills_the_kept_figures_from_existing_rows(empty_database_url):
    """Upgrading a database with ideas, supports and moves in it: the participation ledger and
    the inputs' facts come out as the app keeps them."""
    from cocreate.accounts.models import Role
    from cocreate.accounts.services import create_user, set_role
    from cocreate.challenges.services import (
        create_challenge,
        principles_by_numbers,
        publish_challenge,
    )
    from cocreate.ideas.services import post_comment, submit_idea, support_idea
    from cocreate.ideas.stages import Stage
    from cocreate.municipalities.services import create_municipality
    from cocreate.pipeline.services import move_idea

    app = create_app(make_config(empty_database_url))
    with app.app_context():
        upgrade()
        place = create_municipality(
            name="Migrby kommune", slug="migrby", number="9111", kind="kommune", population=900
        )
        staff = create_user("stab@example.no", "Stab", "riktig-hest-batteri", verified=True)
        set_role(staff, place, Role.facilitator, actor=None)
        people = [
            create_user(f"p{n}@example.no", "P", "riktig-hest-batteri", verified=True)
            for n in range(3)
        ]
        challenge = create_challenge(
            place,
            title="Hvordan gjør vi sentrum grønnere?",
            description="Fortell oss.",
            principles=principles_by_numbers([1]),
            actor=None,
        )
        publish_challenge(challenge, actor=None)
        ideas = [
            submit_idea(challenge, title=f"Idé {n}", body="Tekst om det.", author=people[n])
            for n in range(3)
        ]
        support_idea(ideas[0], people[1])
        support_idea(ideas[0], people[2])
        post_comment(ideas[1], body="Enig i dette!", author=people[0])
        answer = "Vi har sett på innspillet og svarer her offentlig."
        move_idea(ideas[0], Stage.decided, answer=answer, actor=staff, reference="Sak 2026/1")
        move_idea(ideas[0], Stage.done, answer=answer, actor=staff)
        db.session.commit()
        from cocreate.metrics.ledger import settle

        settle()  # the persons are pending until the ledger is read
        db.session.commit()
        kept = _kept_figures()
        assert kept[1] and kept[3]  # there is something to fill
        db.session.remove()  # no open transaction: the downgrade alters the tables
        downgrade(revision="0003")  # drops the ledger and the facts' columns
        upgrade()  # 0004 again, now over existing rows
        assert _kept_figures() == kept
        db.session.remove()
        db.engine.dispose()


def test_the_stage_history_is_append_only_in_postgresql_itself(empty_database_url):
    """Below the ORM guard: a raw UPDATE or DELETE of a stage change is refused by the database,
    while the foreign keys' own cascades (an idea deleted, an account erased) still work."""
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the ORM guard")
    app = create_app(make_config(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            ids = _one_moved_idea(conn)
        for statement in (
            "UPDATE stage_changes SET answer = answer || ' (endret i ettertid)'",
            "DELETE FROM stage_changes",
        ):
            with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(statement))
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM users WHERE id = :id"), {"id": ids["user"]})
            actor = conn.execute(text("SELECT actor_id FROM stage_changes")).scalar_one()
            assert actor is None  # ON DELETE SET NULL went through
            conn.execute(text("DELETE FROM ideas WHERE id = :id"), {"id": ids["idea"]})
            assert conn.execute(text("SELECT count(*) FROM stage_changes")).scalar_one() == 0
        db.session.remove()
        db.engine.dispose()


def _one_moved_idea(conn) -> dict[str, int]:
    """A municipality, a challenge, an idea and one move, in plain SQL (no app rules needed)."""

    def insert(sql: str, **values) -> int:
        return conn.execute(text(sql + " RETURNING id"), values).scalar_one()

    municipality = insert(
        "INSERT INTO municipalities (name, slug, number, kind, population, created_at) "
        "VALUES ('Prøveby', 'proveby', '9999', 'kommune', 100, now())"
    )
    user = insert(
        "INSERT INTO users (email, display_name, show_name, session_token, created_at) "
        "VALUES ('a@example.no', 'A', false, 'x', now())"
    )
    challenge = insert(
        "INSERT INTO challenges (municipality_id, title, description, description_html, phase, "
        "participation_level, premoderation, created_at, updated_at) VALUES (:m, 'T', 'D', 'D', "
        "'open', 'konsultere', false, now(), now())",
        m=municipality,
    )
    idea = insert(
        "INSERT INTO ideas (challenge_id, title, body, channel, visibility, stage, support_count, "
        "comment_count, workshop_vote_count, created_at, updated_at) VALUES (:c, 'I', 'B', 'web', "
        "'published', 'assessed', 0, 0, 0, now(), now())",
        c=challenge,
    )
    insert(
        "INSERT INTO stage_changes (idea_id, from_stage, to_stage, answer, actor_id, actor_role, "
        "unit_name, created_at) VALUES (:i, 'heard', 'assessed', :a, :u, 'admin', 'E', now())",
        i=idea,
        a="Vi har vurdert innspillet grundig.",
        u=user,
    )
    return {"idea": idea, "user": user}
