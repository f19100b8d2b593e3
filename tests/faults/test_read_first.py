"""A transaction begins with the first statement that needs one (database.ReadFirstCursor), on a
private PostgreSQL cluster: outside the suite's outer transaction, as in production. A page that
only reads leaves its connection idle (no BEGIN, so no ROLLBACK either); what follows the reads
is still one transaction; locking reads and other isolation levels begin at once."""

import psycopg
import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import func, insert, select, text

from cocreate.database import plain_read
from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from tests.faults.seed import seed_supports_scene
from tests.security.apps import build_app, dispose


@pytest.fixture
def app_and_scene(pg_cluster):
    app = build_app(pg_cluster.create_database("cocreate_read_first"))
    scene = seed_supports_scene(app, ideas=2, users=1)
    yield app, scene
    dispose(app)


def _status() -> TransactionStatus:
    return db.session.connection().connection.dbapi_connection.info.transaction_status


@pytest.mark.parametrize(
    ("statement", "plain"),
    [
        ("SELECT ideas.id FROM ideas WHERE ideas.id = %(id)s", True),
        ("  select 1", True),
        ("SELECT ideas.id FROM ideas FOR UPDATE", False),
        ("SELECT ideas.id FROM ideas FOR UPDATE SKIP LOCKED", False),
        ("SELECT ideas.id FROM ideas\nFOR  SHARE", False),
        ("SELECT ideas.id FROM ideas FOR NO KEY UPDATE", False),
        ("SELECT ideas.id FROM ideas FOR KEY SHARE", False),
        ("SELECT pg_advisory_xact_lock(1)", False),
        ("SELECT set_config('statement_timeout', '0', true)", False),
        ("SELECT pg_notify('c', 'x')", False),
        ("SELECT nextval('ideas_id_seq')", False),
        ("SELECT * INTO copy FROM ideas", False),
        ("WITH moved AS (DELETE FROM votes RETURNING *) SELECT count(*) FROM moved", False),
        ("INSERT INTO votes (user_id, idea_id) VALUES (1, 2)", False),
        ("UPDATE ideas SET title = 'x'", False),
        (b"SELECT 1", False),  # only text it can read
    ],
)
def test_what_counts_as_a_plain_read(statement, plain):
    assert plain_read(statement) is plain


def test_the_locking_reads_of_the_services_are_not_plain(app_and_scene):
    app, _ = app_and_scene
    with app.app_context():
        dialect = db.engine.dialect
        for statement in (
            select(Idea.id).with_for_update(),
            select(Idea.id).with_for_update(skip_locked=True),
            select(Idea.id).with_for_update(read=True),
        ):
            assert not plain_read(str(statement.compile(dialect=dialect)))


def test_a_page_that_only_reads_begins_no_transaction(app_and_scene):
    app, scene = app_and_scene
    seen: list[TransactionStatus] = []

    @app.after_request
    def _record(response):  # the page is drawn: what the connection holds now
        seen.append(_status())
        return response

    idea_id = scene["ideas"][0]
    client = app.test_client()
    paths = [f"/k/{scene['slug']}/innspill/{idea_id}", f"/k/{scene['slug']}/"]
    for path in paths:  # a visitor
        assert client.get(path).status_code == 200
    with client.session_transaction() as session:  # and a signed-in citizen
        session["_user_id"] = next(iter(scene["users"].values()))
        session["_fresh"] = True
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200
        assert b"Logg ut" in response.data
    assert seen == [TransactionStatus.IDLE] * 4


def test_what_follows_the_reads_is_one_transaction(app_and_scene):
    app, scene = app_and_scene
    user_id = next(iter(scene["users"]))
    first, second = scene["ideas"]
    with app.test_request_context("/"):
        assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
        challenge_id = db.session.scalar(select(Idea.challenge_id).where(Idea.id == first))
        assert _status() is TransactionStatus.IDLE  # the reads began nothing
        vote = insert(Vote).values(user_id=user_id, challenge_id=challenge_id)
        db.session.execute(vote.values(idea_id=first))
        assert _status() is TransactionStatus.INTRANS
        with pytest.raises(Exception, match="votes"):  # the same support twice: refused
            db.session.execute(vote.values(idea_id=first))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Vote)) == 0  # nothing kept
        db.session.execute(vote.values(idea_id=first))
        assert db.session.scalar(select(func.count()).select_from(Vote)) == 1  # seen inside
        db.session.execute(vote.values(idea_id=second))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Vote)) == 2
        db.session.remove()


def test_a_locking_read_holds_its_lock_until_the_end(app_and_scene):
    app, scene = app_and_scene
    idea_id = scene["ideas"][0]
    with app.test_request_context("/"):
        db.session.execute(select(Idea.id).where(Idea.id == idea_id).with_for_update())
        assert _status() is TransactionStatus.INTRANS
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url, autocommit=True) as other:  # another process's try
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("SELECT id FROM ideas WHERE id = %s FOR UPDATE", [idea_id])
        db.session.rollback()
        db.session.remove()


def test_a_stricter_isolation_level_takes_its_snapshot_with_the_first_read(app_and_scene):
    app, _ = app_and_scene
    with app.app_context():
        connection = db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        connection.execute(text("SELECT 1"))
        assert _status() is TransactionStatus.INTRANS
        db.session.rollback()
        db.session.remove()


def test_a_database_whose_default_level_is_stricter_begins_with_the_first_read(pg_cluster):
    """A database (or role) may set another default isolation level: then every read begins
    the transaction, as psycopg would, so its snapshot is the transaction's."""
    url = pg_cluster.create_database("cocreate_read_first_strict")
    app = build_app(url)
    try:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
            plain = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute(
                'ALTER DATABASE "cocreate_read_first_strict" '
                "SET default_transaction_isolation = 'repeatable read'"
            )
        with app.test_request_context("/"):
            db.session.execute(text("SELECT 1"))
            assert _status() is TransactionStatus.INTRANS
            db.session.rollback()
            db.session.remove()
    finally:
        dispose(app)
