"""`flask --app cocreate backup`: a consistent copy while the app runs, which restores with the
data in it (SQLite's online backup API; pg_dump/pg_restore for PostgreSQL)."""

import sqlite3
import subprocess

from sqlalchemy import select

from cocreate import create_app
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.municipalities.models import Municipality
from tests.conftest import make_config
from tests.faults.seed import seed_supports_scene
from tests.security.apps import build_app, dispose, sqlite_url


def _titles(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Idea.title)))


def test_sqlite_backup_restores_with_the_data(tmp_path):
    app = build_app(sqlite_url(tmp_path, "live.sqlite"))
    seed_supports_scene(app, ideas=3, users=2)
    target = tmp_path / "kopi" / "backup.sqlite"
    # An open read transaction on the live database does not stop the backup (it is online).
    reader = sqlite3.connect(tmp_path / "live.sqlite")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM ideas").fetchone()
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(target)])
    reader.rollback()
    reader.close()
    assert result.exit_code == 0, result.output
    assert "Sikkerhetskopi skrevet til" in result.output
    assert target.exists() and not target.with_name("backup.sqlite.partial").exists()

    # A change after the backup is not in it.
    with app.app_context():
        idea = db.session.scalar(select(Idea).where(Idea.title == "Forslag 0"))
        idea.title = "Endret etterpå"
        db.session.commit()
    dispose(app)

    with sqlite3.connect(target) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored = create_app(make_config(sqlite_url(target.parent, target.name)))
    assert _titles(restored) == ["Forslag 0", "Forslag 1", "Forslag 2"]
    with restored.app_context():
        assert db.session.scalar(select(Municipality.slug)) == "feilby"
    response = restored.test_client().get("/k/feilby/")
    assert response.status_code == 200
    dispose(restored)


def test_default_backup_path_is_in_the_instance_folder(tmp_path):
    app = build_app(sqlite_url(tmp_path))
    app.instance_path = str(tmp_path / "instance")
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    files = list((tmp_path / "instance" / "backups").glob("cocreate-*.sqlite"))
    assert len(files) == 1
    dispose(app)


def test_memory_database_is_refused_clearly(tmp_path):
    app = build_app("sqlite:///:memory:")
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path / "x.sqlite")])
    assert result.exit_code != 0
    assert "minnet" in result.output
    dispose(app)


def test_postgres_backup_restores_with_pg_restore(pg_cluster, tmp_path):
    app = build_app(pg_cluster.create_database("cocreate_backup_source"))
    seed_supports_scene(app, ideas=2, users=1)
    dump = tmp_path / "samskap.dump"
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(dump)])
    assert result.exit_code == 0, result.output
    dispose(app)

    target_url = pg_cluster.create_database("cocreate_backup_restored")
    subprocess.run(
        [
            str(pg_cluster.bindir / "pg_restore"),
            "--no-owner",
            "--host=127.0.0.1",
            f"--port={pg_cluster.port}",
            "--username=postgres",
            "--dbname=cocreate_backup_restored",
            str(dump),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    restored = create_app(make_config(target_url))
    assert _titles(restored) == ["Forslag 0", "Forslag 1"]
    assert restored.test_client().get("/k/feilby/").status_code == 200
    dispose(restored)
