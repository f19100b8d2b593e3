"""The database server stops in the middle of a run of supports: the app answers 503 with a
Norwegian page (no stack trace) while it is down, recovers by itself when it is back, and loses
no support it had acknowledged. On a private PostgreSQL cluster (tests/faults/pg.py)."""

import threading
import time
import traceback
from collections import deque

import pytest
from sqlalchemy import func, select

from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from tests.faults.seed import seed_supports_scene
from tests.security.apps import build_app, dispose

IDEAS, USERS = 4, 30


@pytest.fixture
def app_on_cluster(pg_cluster):
    url = pg_cluster.create_database("cocreate_faults")
    app = build_app(url, PROPAGATE_UNEXPECTED=False)
    yield app
    dispose(app)


def _flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


class SupportRun:
    """Supports sent one after another by many people; a 503 is retried later, as people do."""

    def __init__(self, app, scene: dict) -> None:
        self.app = app
        self.scene = scene
        self.queue = deque(
            (user_id, idea_id) for idea_id in scene["ideas"] for user_id in scene["users"]
        )
        self.acknowledged: set[tuple[int, int]] = set()
        self.log: list[tuple[float, int]] = []
        self.pages_503: list[str] = []
        self.unexpected: list[tuple[int, str]] = []
        self.done = threading.Event()
        self.error: str | None = None

    def _client(self, user_id: int):
        client = self.app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = self.scene["users"][user_id]
        return client

    def run(self) -> None:
        try:
            while self.queue:
                user_id, idea_id = self.queue.popleft()
                client = self._client(user_id)
                url = f"/k/{self.scene['slug']}/innspill/{idea_id}/stott"
                response = client.post(url)
                self.log.append((time.monotonic(), response.status_code))
                if 300 <= response.status_code < 400:
                    flashes = _flashes(client)
                    if any(message.startswith("Du støtter nå") for _c, message in flashes):
                        self.acknowledged.add((user_id, idea_id))
                elif response.status_code == 503:
                    self.pages_503.append(response.get_data(as_text=True))
                    self.queue.append((user_id, idea_id))  # try again later
                    time.sleep(0.05)
                else:
                    self.unexpected.append((response.status_code, url))
        except Exception:  # the app raised instead of answering: that is the failure to show
            self.error = traceback.format_exc()
        finally:
            self.done.set()

    def count(self, status: int) -> int:
        return sum(1 for _t, s in self.log if s == status)


def _wait(run: SupportRun, predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert run.error is None, run.error
        assert not run.done.is_set(), "the run ended before the expected moment"
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.02)


def test_database_stops_during_supports(app_on_cluster, pg_cluster):
    app = app_on_cluster
    scene = seed_supports_scene(app, ideas=IDEAS, users=USERS)
    run = SupportRun(app, scene)
    worker = threading.Thread(target=run.run, daemon=True)
    worker.start()

    _wait(run, lambda: len(run.acknowledged) >= 20)
    pg_cluster.stop("immediate")  # as if the server crashed
    acknowledged_before = set(run.acknowledged)
    _wait(run, lambda: run.count(503) >= 5)

    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"] == "error"
    page = client.get(f"/k/{scene['slug']}/")
    assert page.status_code == 503

    pg_cluster.start()
    assert run.done.wait(120), "the run of supports did not finish after the database came back"
    worker.join()
    assert run.error is None, run.error

    # While down: 503 with the Norwegian page, never a stack trace or a 500.
    assert run.pages_503, "no request met the stopped database"
    for html in [*run.pages_503, page.get_data(as_text=True)]:
        assert "Tjenesten er midlertidig utilgjengelig" in html
        assert "Traceback" not in html and "psycopg" not in html and "sqlalchemy" not in html
    assert run.unexpected == []
    # It recovered by itself: supports were acknowledged after the restart, and all got in.
    assert len(run.acknowledged) > len(acknowledged_before)
    assert client.get("/healthz").status_code == 200

    with app.app_context():
        votes = set(db.session.execute(select(Vote.user_id, Vote.idea_id)).tuples())
        assert run.acknowledged <= votes, "an acknowledged support was lost"
        assert len(votes) == IDEAS * USERS  # every retry eventually counted, none twice
        for idea_id in scene["ideas"]:
            counted = db.session.scalar(select(Idea.support_count).where(Idea.id == idea_id))
            rows = db.session.scalar(select(func.count()).where(Vote.idea_id == idea_id))
            assert counted == rows == USERS
