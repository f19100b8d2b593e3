"""The dashboard at scale reads a snapshot: a page reads one row and no supports, a GET never
commits, many requests without a snapshot ask for one job (no stampede of refreshes), and
`flask metrics warm` (cron) and `flask metrics worker` (RQ) store the snapshots."""

import re
import threading

import pytest
from rq.registry import ScheduledJobRegistry
from sqlalchemy import event
from sqlalchemy.engine import Engine

from cocreate.extensions import db
from cocreate.metrics import jobs
from cocreate.metrics.models import PublicMeasure
from cocreate.metrics.scope import Scope
from cocreate.metrics.snapshots import dashboard_figures, latest_snapshot, refresh_snapshot
from tests.factories import PASSWORD
from tests.isolation import recorded_statements
from tests.metrics.conftest import dataset  # noqa: F401 - the hand-worked metrics dataset
from tests.performance.redis_config import with_private_redis

READS_VOTES = re.compile(r"\bFROM votes\b")
PAGES = (
    "/k/heimby/effekt",
    "/k/heimby/effekt/graf/funnel.svg",
    "/k/heimby/effekt/offentlig",
    "/k/heimby/effekt/offentlig/graf/funnel.svg",
    "/api/v1/municipalities/heimby/metrics",
)


# requests in threads and jobs on their own connections: real commits.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def queued(app, private_redis):
    """Snapshots on, refreshes as RQ jobs in a private Redis (nothing runs them here)."""
    with with_private_redis(app, private_redis, METRICS_REFRESH_SECONDS=300), app.app_context():
        yield jobs.get_queue()


def waiting(queue) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(ScheduledJobRegistry(queue=queue).get_job_ids() + queue.get_job_ids())


def _statements(work) -> list[str]:  # type: ignore[no-untyped-def]
    with recorded_statements() as statements:
        work()
    return statements


def _commits(work) -> int:  # type: ignore[no-untyped-def]
    """COMMITs this thread sends to the database while `work` runs."""
    me, seen = threading.get_ident(), []

    def record(conn):  # type: ignore[no-untyped-def]
        if threading.get_ident() == me:
            seen.append(conn)

    db.session.commit()  # the test's own writes are in place before counting starts
    event.listen(Engine, "commit", record)
    try:
        work()
    finally:
        event.remove(Engine, "commit", record)
    return len(seen)


def _reads_snapshot(statement: str) -> bool:
    """A read of the municipality's snapshot; not the comparison's one read of when each
    municipality's newest snapshot was computed (its band's standing, issue 25 §4)."""
    stamps = "max(metrics_snapshots.computed_at)"
    return "metrics_snapshots" in statement and stamps not in statement


def _admin(client, world):  # type: ignore[no-untyped-def]
    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})
    db.session.add(PublicMeasure(municipality_id=world.municipality.id, panel="funnel"))
    db.session.commit()


def test_the_dashboard_page_reads_one_snapshot_row_and_no_supports(client, dataset, world, queued):  # noqa: F811
    refresh_snapshot(dataset.municipality.id)
    db.session.commit()
    _admin(client, world)
    client.get("/k/heimby/effekt")  # templates compiled, statements cached
    statements = _statements(lambda: client.get("/k/heimby/effekt"))
    assert len([s for s in statements if _reads_snapshot(s)]) == 1
    assert not [s for s in statements if READS_VOTES.search(s)]
    assert not [s for s in statements if "stage_changes" in s or "metrics_work_" in s]
    # Fresh: no refresh asked for (nor of its size band's municipalities, whose figures the
    # comparison with the band reads from their own snapshots only, issue 25 §4).
    assert waiting(queued) == []


@pytest.mark.parametrize("stored", [True, False], ids=["snapshot", "no snapshot yet"])
def test_a_get_commits_nothing(client, dataset, world, queued, stored):  # noqa: F811
    if stored:
        refresh_snapshot(dataset.municipality.id)
        db.session.commit()
    _admin(client, world)
    for path in PAGES:
        commits = _commits(lambda path=path: client.get(path))
        assert commits == 0, path
    db.session.rollback()
    assert (latest_snapshot(dataset.municipality.id) is not None) is stored
    if not stored:  # the figures were computed for each read, one job asked for
        assert waiting(queued) == [f"samskap-metrics-{dataset.municipality.id}-none"]


def test_many_requests_without_a_snapshot_ask_for_one_refresh(app, world, queued):
    """(Was: concurrent cold requests compute once, the others waiting on a Redis lock.) Each
    computes the figures it shows; the refresh that stores them is asked for once."""
    results: list[dict] = []
    # Read here: the object belongs to this thread's session (the threads must not load it).
    municipality_id = world.municipality.id

    def visitor() -> None:
        with app.app_context():
            results.append(dashboard_figures(Scope(municipality_id)))

    threads = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert len({str(r["participants"]) for r in results}) == 1
    assert waiting(queued) == [f"samskap-metrics-{municipality_id}-none"]


def test_warm_stores_a_snapshot_for_every_municipality(app, world, runner):
    result = runner.invoke(args=["metrics", "warm"])
    assert result.exit_code == 0, result.output
    assert "heimby:" in result.output and "bortby:" in result.output
    db.session.rollback()
    for municipality in (world.municipality, world.other):
        assert latest_snapshot(municipality.id) is not None


def test_warm_refuses_an_unknown_municipality(runner, app_ctx):
    result = runner.invoke(args=["metrics", "warm", "--municipality", "finnes-ikke"])
    assert result.exit_code != 0
    assert "finnes-ikke" in result.output


def test_the_worker_needs_redis(runner, app_ctx):
    result = runner.invoke(args=["metrics", "worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL" in result.output


def _same_page(html: str) -> str:
    """A page without what is new in every response (a flashed message, the CSRF token, the
    CSP nonce)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", html[html.find("<h1") :])


def test_tables_and_charts_are_drawn_once_per_snapshot(client, dataset, world, queued):  # noqa: F811
    """Issue 16, target 5: from the snapshot, the figures are drawn once; later requests read
    only when it was computed (not the figures), until a new snapshot is stored."""
    from datetime import timedelta

    from cocreate.database import utcnow

    refresh_snapshot(dataset.municipality.id)
    db.session.commit()
    _admin(client, world)
    for path in ("/k/heimby/effekt", "/k/heimby/effekt/graf/funnel.svg"):
        first = client.get(path)
        statements = _statements(lambda path=path: client.get(path))
        read = [s for s in statements if _reads_snapshot(s)]
        assert len(read) == 1 and "metrics_snapshots.data" not in read[0], path
        assert _same_page(client.get(path).text) == _same_page(first.text)
    # A new snapshot (the job ran after a write): the next request draws it, at once.
    later = utcnow() + timedelta(minutes=7)
    refresh_snapshot(dataset.municipality.id, now=later)
    db.session.commit()
    statements = _statements(lambda: client.get("/k/heimby/effekt"))
    assert any("metrics_snapshots.data" in s for s in statements)


def test_the_administrators_share_one_drawn_dashboard(app, dataset, world, queued, create_user_f):  # noqa: F811
    """Issue 16, target 5: every administrator of the municipality sees the same dashboard, so
    it is drawn once per page generation (shells.kept_page), which storing a snapshot moves; a
    view costs one statement, the person with the generation; each sees their own header."""
    from datetime import timedelta

    from cocreate.accounts.models import Role
    from cocreate.database import utcnow
    from tests.ideas.conftest import login

    refresh_snapshot(dataset.municipality.id)
    second = create_user_f("admin2@example.no", role=Role.admin, municipality=world.municipality)
    db.session.commit()
    pages = {}
    for admin in (world.admin, second, world.admin):
        client = app.test_client()
        login(client, admin)
        client.get("/k/heimby/effekt")
        statements = _statements(lambda client=client: client.get("/k/heimby/effekt"))
        assert len(statements) == 1, "\n".join(statements)  # the person
        assert "metrics_snapshots" not in statements[0]
        pages[admin.id] = _same_page(client.get("/k/heimby/effekt").text)
        saved = app.config["PAGE_SHELL_SECONDS"]
        app.config["PAGE_SHELL_SECONDS"] = 0
        try:
            drawn = _same_page(client.get("/k/heimby/effekt").text)
        finally:
            app.config["PAGE_SHELL_SECONDS"] = saved
        assert pages[admin.id] == drawn
    # A new snapshot (the job ran after a write): the next view draws it, at once.
    refresh_snapshot(dataset.municipality.id, now=utcnow() + timedelta(minutes=7))
    db.session.commit()
    statements = _statements(lambda: client.get("/k/heimby/effekt"))
    assert any("metrics_snapshots.data" in s for s in statements)
    facilitator = app.test_client()
    login(facilitator, world.facilitator)
    assert facilitator.get("/k/heimby/effekt").status_code == 403
