"""Migrations build the same schema as the models, from an empty database, on both backends."""

import os
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, text

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


def _figures(municipality_id: int, now) -> dict:  # type: ignore[no-untyped-def]
    from cocreate.metrics.dashboard import compute_dashboard
    from cocreate.metrics.scope import Scope

    data = compute_dashboard(Scope(municipality_id, now=now))
    data.pop("computed_at")
    return data


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


LEDGER = {
    "participation_people",
    "participation_months",
    "participation_month_totals",
    "participation_pending",
}


def test_0007_snapshots_instead_of_the_ledger_and_the_figures_stay(empty_database_url):
    """Upgrading a database with ideas, supports and moves in it: the ledger and the inputs'
    facts columns go and the snapshots' table comes (0007), the figures stay what the raw rows
    say; downgrading brings the ledger's tables back, empty, and upgrading again drops them."""
    from cocreate.accounts.models import Role
    from cocreate.accounts.services import create_user, set_role
    from cocreate.challenges.services import (
        create_challenge,
        principles_by_numbers,
        publish_challenge,
    )
    from cocreate.database import utcnow
    from cocreate.ideas.services import post_comment, submit_idea, support_idea
    from cocreate.ideas.stages import Stage
    from cocreate.municipalities.services import create_municipality
    from cocreate.pipeline.services import move_idea

    app = create_app(make_config(empty_database_url))
    with app.app_context():
        upgrade()
        assert not _tables() & LEDGER
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
        place_id, now = place.id, utcnow()
        before = _figures(place_id, now)
        assert before["participants"]["participants"] == 3
        assert before["funnel"]["steps"][4]["reached"] == 1  # gjort
        assert before["citation"]["numerator"] == 1
        from cocreate.metrics.snapshots import refresh_snapshot

        refresh_snapshot(place_id)
        db.session.commit()
        db.session.remove()  # no open transaction: the downgrade alters the tables
        downgrade(revision="0006")
        assert _tables() >= LEDGER  # back, empty: the code of 0006 rebuilds them
        assert "metrics_snapshots" not in _tables()
        downgrade(revision="0003")
        upgrade()  # 0004 to 0007 again, now over existing rows
        assert not _tables() & LEDGER
        assert "metrics_snapshots" in _tables()
        assert _figures(place_id, now) == before
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
        ids = _one_moved_idea()
        db.session.remove()
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


def _one_moved_idea() -> dict[str, int]:
    """A municipality, a challenge, an idea and one move, made through the services."""
    from cocreate.accounts.models import Role
    from cocreate.accounts.services import create_user, set_role
    from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
    from cocreate.ideas.services import submit_idea
    from cocreate.ideas.stages import Stage
    from cocreate.municipalities.services import create_municipality
    from cocreate.pipeline.services import move_idea

    place = create_municipality(
        name="Prøveby", slug="proveby", number="9999", kind="kommune", population=100
    )
    admin = create_user("a@example.no", "A", "riktig-hest-batteri", verified=True)
    set_role(admin, place, Role.admin, actor=None)
    challenge = create_challenge(
        place, title="T", description="D", principles=principles_by_numbers([1]), actor=None
    )
    advance_phase(challenge, actor=None)
    idea = submit_idea(challenge, title="I", body="B", author=admin)
    move_idea(idea, Stage.assessed, answer="Vi har vurdert innspillet grundig.", actor=admin)
    db.session.commit()
    return {"idea": idea.id, "user": admin.id}


def test_0013_history_kinds_and_registered_inputs(empty_database_url):
    """0013 adds the kind of each history row (rows already there are moves), the registered
    inputs' details and the senders' contacts, and goes back down cleanly; on PostgreSQL the
    kind is held to its stages and the history stays append-only for corrections too."""
    from alembic.script import ScriptDirectory

    app = create_app(make_config(empty_database_url))
    with app.app_context():
        upgrade()
        ids = _one_moved_idea()
        db.session.remove()
        config = app.extensions["migrate"].migrate.get_config()
        below = ScriptDirectory.from_config(config).get_revision("0013").down_revision
        downgrade(revision=below)
        with db.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("stage_changes")}
            assert "kind" not in columns
            assert not inspect(conn).has_table("registered_inputs")
        upgrade()
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT kind FROM stage_changes")).scalars().all() == ["move"]
            assert inspect(conn).has_table("registered_inputs")
            assert inspect(conn).has_table("sender_contacts")
        if db.engine.dialect.name == "postgresql":
            with pytest.raises(Exception, match="kind_matches_stages"), db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO stage_changes (idea_id, from_stage, to_stage, kind, answer, "
                        "actor_role, unit_name, created_at) VALUES (:idea, 'assessed', 'done', "
                        "'correction', 'Et rettet svar som flytter steget.', 'admin', 'x', now())"
                    ),
                    {"idea": ids["idea"]},
                )
            with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
                conn.execute(text("UPDATE stage_changes SET kind = 'correction'"))
        db.session.remove()
        db.engine.dispose()


COUNTED = ("ideas", "votes", "comments", "follows", "stage_changes", "memberships", "challenges")


def _counts() -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in COUNTED}


def test_0014_keeps_every_row_the_copied_tables_and_their_children_hold(empty_database_url):
    """0014 copies ideas, challenges and stage_changes on SQLite (with foreign keys off, or the
    drop of the old table would cascade): down to 0013 and up again over rows, nothing is lost,
    the full-text triggers work again, and the role CHECKs take a case officer."""
    from cocreate.accounts.models import User
    from cocreate.ideas.models import Idea
    from cocreate.ideas.queries import search_condition
    from cocreate.ideas.services import post_comment, support_idea

    app = create_app(make_config(empty_database_url))
    with app.app_context():
        upgrade()
        ids = _one_moved_idea()
        idea = db.session.get(Idea, ids["idea"])
        voter = db.session.get(User, ids["user"])
        support_idea(idea, voter)
        post_comment(idea, body="En kommentar som skal bli.", author=voter)
        db.session.commit()
        before = _counts()
        assert all(before.values()), before
        db.session.remove()
        downgrade(revision="0013")
        assert "departments" not in _tables()
        assert _counts() == before
        upgrade()
        assert _counts() == before
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE ideas SET title = 'Sykkelparkering ved stasjonen' WHERE id = :id"),
                {"id": ids["idea"]},
            )
            conn.execute(
                text("UPDATE memberships SET role = 'case_officer' WHERE user_id = :id"),
                {"id": ids["user"]},
            )
            with pytest.raises(Exception, match=r"(?i)check"), conn.begin_nested():
                conn.execute(text("UPDATE memberships SET role = 'boss'"))
        found = db.session.scalars(select(Idea.id).where(search_condition("sykkelparkering")))
        assert list(found) == [ids["idea"]]
        db.session.remove()
        db.engine.dispose()
