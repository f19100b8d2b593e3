"""The snapshot: a municipality's figures computed from the raw rows by a job and saved; the
dashboard, the public page, the exports and the API read it; a write asks for one refresh, at
most one per interval, as an RQ job with Redis and a timer in the process without.

The suite runs with METRICS_REFRESH_SECONDS = 0 (every read computes its figures); these tests
switch the snapshots on."""

import io
import json
import time
from datetime import timedelta

import pytest
from flask_babel import force_locale
from rq import SimpleWorker
from rq.job import JobStatus
from rq.registry import ScheduledJobRegistry
from sqlalchemy import delete, func, select, text, update

from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Vote
from cocreate.ideas.services import support_idea
from cocreate.metrics import jobs
from cocreate.metrics.dashboard import compute_dashboard
from cocreate.metrics.disclosure import protected_family
from cocreate.metrics.labels import as_of
from cocreate.metrics.models import MetricsSnapshot, PublicMeasure
from cocreate.metrics.publication import publish
from cocreate.metrics.scope import Scope
from cocreate.metrics.snapshots import (
    VERSION,
    dashboard_figures,
    latest_snapshot,
    refresh_job,
    refresh_snapshot,
    request_refresh,
)
from cocreate.municipalities.models import Municipality
from tests.factories import PASSWORD
from tests.metrics.test_population import ssb_file
from tests.performance.redis_config import with_private_redis

DAY = 24 * 3600


# jobs, timers and the refresh read on connections of their own: real commits.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def snapshots_on(app):
    """Snapshots read and refreshed after writes, without Redis (timers in this process)."""
    saved = {k: app.config.get(k) for k in ("METRICS_REFRESH_SECONDS", "REDIS_URL")}
    app.config.update(METRICS_REFRESH_SECONDS=300, REDIS_URL="")
    yield app
    jobs.cancel_here()
    app.config.update(saved)


@pytest.fixture
def queue(app, private_redis):
    """Snapshots on, with a private Redis: the refreshes are RQ jobs."""
    with with_private_redis(app, private_redis, METRICS_REFRESH_SECONDS=300), app.app_context():
        yield jobs.get_queue()


def plain(data: dict) -> dict:
    """As stored: JSON in and out."""
    return json.loads(json.dumps(data))


def run_job(app, municipality_id: int) -> None:
    """What the worker or the timer does, in an app context (and session) of its own."""
    with app.app_context():
        refresh_job(municipality_id)
    db.session.expire_all()
    db.session.rollback()


def waiting_jobs(queue) -> list[str]:
    return sorted(ScheduledJobRegistry(queue=queue).get_job_ids() + queue.get_job_ids())


def run_worker(app, queue) -> None:
    """What the worker does with every waiting job, as if each were due now. (Not work(burst=
    True): with redis-py 8 its pub/sub thread holds each run up for a minute.)"""
    registry = ScheduledJobRegistry(queue=queue)
    for job_id in registry.get_job_ids():
        registry.remove(job_id)
        queue.enqueue_job(queue.fetch_job(job_id))
    worker = SimpleWorker([queue], connection=queue.connection)
    with app.app_context():
        while (job := queue.dequeue_any([queue], None, connection=queue.connection)) is not None:
            worker.perform_job(job[0], queue)
    db.session.expire_all()
    db.session.rollback()


def wait_for_snapshot(municipality_id: int) -> MetricsSnapshot | None:
    """The snapshot a background timer stores, once it has (10 s at most)."""
    for _ in range(100):
        db.session.rollback()
        snapshot = latest_snapshot(municipality_id)
        if snapshot is not None:
            return snapshot
        time.sleep(0.1)
    return None


def _login(client, user):
    client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})


def test_the_snapshot_is_compute_dashboard_of_the_raw_rows(dataset):
    snapshot = refresh_snapshot(dataset.municipality.id)
    db.session.commit()
    stored = latest_snapshot(dataset.municipality.id)
    assert stored.version == VERSION and stored.computed_at == snapshot.computed_at
    again = compute_dashboard(Scope(dataset.municipality.id, now=stored.computed_at))
    family = protected_family(dataset.municipality.id, stored.computed_at)
    assert stored.data == plain({**again, "family": family})
    assert stored.data["computed_at"] == stored.computed_at.isoformat(timespec="seconds")


def test_an_older_computation_never_replaces_a_newer_one(dataset):
    now = utcnow()
    refresh_snapshot(dataset.municipality.id, now=now)
    refresh_snapshot(dataset.municipality.id, now=now - timedelta(minutes=1))  # ended last
    db.session.commit()
    assert latest_snapshot(dataset.municipality.id).computed_at == now


def test_the_snapshot_serves_the_same_figures_until_refreshed(app, dataset, snapshots_on):
    """(Was: the dashboard cache serves the same figures until cleared.)"""
    scope = dataset.scope()
    refresh_snapshot(dataset.municipality.id)
    db.session.commit()
    first = dashboard_figures(scope)
    db.session.execute(db.delete(PublicMeasure))  # any change: the snapshot still answers
    db.session.execute(db.delete(Vote))
    db.session.commit()
    assert dashboard_figures(scope)["participants"] == first["participants"]
    assert latest_snapshot(dataset.municipality.id).data["participants"]["supporters"] == 4
    run_job(app, dataset.municipality.id)
    # 0 supporters now (exact, in the snapshot); published, 4 and 0 are both hidden (< 5).
    assert latest_snapshot(dataset.municipality.id).data["participants"]["supporters"] == 0
    assert dashboard_figures(scope)["participants"]["supporters"] is None


def test_the_snapshot_through_redis(app, dataset, queue):
    """(Was: the dashboard cache in Redis, one entry per municipality, cleared per municipality.)
    Without a snapshot a read computes the figures, stores nothing and asks for one job."""
    scope = dataset.scope()
    m = dataset.municipality.id
    first = dashboard_figures(scope)
    assert latest_snapshot(m) is None  # a read never writes
    assert waiting_jobs(queue) == [f"samskap-metrics-{m}-none"]
    assert dashboard_figures(scope) == first  # (computed again, nothing stored yet)
    assert waiting_jobs(queue) == [f"samskap-metrics-{m}-none"]  # still one job
    run_worker(app, queue)
    snapshot = latest_snapshot(m)
    assert snapshot is not None and waiting_jobs(queue) == []
    assert dashboard_figures(scope)["participants"] == first["participants"]

    db.session.execute(delete(Vote))
    db.session.commit()
    for _ in range(3):  # three writes, one job, due an interval after the snapshot
        request_refresh(m)
    stamp = snapshot.computed_at.strftime("%Y%m%dT%H%M%S%f")
    assert waiting_jobs(queue) == [f"samskap-metrics-{m}-{stamp}"]
    due = ScheduledJobRegistry(queue=queue).get_scheduled_time(f"samskap-metrics-{m}-{stamp}")
    assert abs((due - snapshot.computed_at).total_seconds() - 300) < 1
    assert dashboard_figures(scope)["participants"] == first["participants"]  # until the job
    assert latest_snapshot(m).data["participants"]["supporters"] == 4
    run_worker(app, queue)
    assert latest_snapshot(m).data["participants"]["supporters"] == 0  # published: hidden
    assert dashboard_figures(scope)["participants"]["supporters"] is None
    assert waiting_jobs(queue) == []


def test_a_write_during_a_running_refresh_asks_for_one_more(app, dataset, queue):
    m = dataset.municipality.id
    request_refresh(m)
    key = f"samskap-metrics-{m}-none"
    queue.fetch_job(key).set_status(JobStatus.STARTED)  # the worker is computing it
    before = utcnow()
    request_refresh(m)
    request_refresh(m)
    assert waiting_jobs(queue) == [key, f"{key}-again"]
    due = ScheduledJobRegistry(queue=queue).get_scheduled_time(f"{key}-again")
    assert 299 <= (due - before).total_seconds() <= 305  # one interval later


def test_a_write_asks_for_one_refresh_and_the_page_shows_it_after_the_job(
    app, client, dataset, world, create_user_f, snapshots_on
):
    """The real path without Redis: a snapshot from yesterday (the interval is two days here),
    a support, three requests for a refresh, one timer; the page shows the old figures with
    yesterday's date until the job has run, then the new ones with today's time."""
    app.config["METRICS_REFRESH_SECONDS"] = 2 * DAY
    m = dataset.municipality.id
    yesterday = utcnow() - timedelta(days=1)
    refresh_snapshot(m, now=yesterday)
    db.session.commit()
    _login(client, world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    # Published: 6 submitters → 5; 4 supporters and 2 commenters are hidden («–»).
    assert "5 sendte inn, – støttet, – kommenterte" in html
    with app.test_request_context():
        then = as_of(yesterday.isoformat())
    assert then.startswith("Tall per ") and " kl. " in then and then in html

    support_idea(dataset.ideas["i6"], create_user_f("ny@example.no"))
    db.session.commit()
    for _ in range(3):
        request_refresh(m)
    stamp = latest_snapshot(m).computed_at.strftime("%Y%m%dT%H%M%S%f")
    assert jobs.waiting_here() == {
        f"samskap-metrics-{m}-{stamp}": latest_snapshot(m).computed_at + timedelta(days=2)
    }
    assert "5 sendte inn, – støttet" in client.get("/k/heimby/effekt").get_data(as_text=True)

    jobs.cancel_here()  # run it now instead of tomorrow
    run_job(app, m)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert "5 sendte inn, 5 støttet, – kommenterte" in html  # 5 supporters now
    with app.test_request_context():
        now = as_of(latest_snapshot(m).computed_at.isoformat())
    assert now.startswith("Tall per kl. ") and now in html and then not in html


def test_the_timer_refreshes_the_snapshot_in_this_process(
    app, dataset, create_user_f, snapshots_on
):
    app.config["METRICS_REFRESH_SECONDS"] = 1
    m = dataset.municipality.id
    first = refresh_snapshot(m).computed_at
    db.session.commit()
    support_idea(dataset.ideas["i6"], create_user_f("ny@example.no"))
    db.session.commit()
    request_refresh(m)
    assert len(jobs.waiting_here()) == 1
    for _ in range(100):
        db.session.rollback()
        snapshot = latest_snapshot(m)
        if snapshot.computed_at > first:
            break
        time.sleep(0.1)
    assert snapshot.computed_at >= first + timedelta(seconds=1)  # at most once a second
    assert snapshot.data["participants"]["supporters"] == 5
    assert jobs.waiting_here() == {}


def test_a_new_municipality_is_computed_on_read_and_stored_by_the_job(
    app, client, world, snapshots_on
):
    _login(client, world.admin)
    assert client.get("/k/heimby/effekt").status_code == 200
    # The timer is due at once (there is no snapshot to be fresh) and runs in the background.
    assert wait_for_snapshot(world.municipality.id) is not None


def test_a_snapshot_of_another_layout_is_not_read(app, dataset, snapshots_on):
    m = dataset.municipality.id
    db.session.add(
        MetricsSnapshot(
            municipality_id=m, computed_at=utcnow(), version=VERSION - 1, data={"old": True}
        )
    )
    db.session.commit()
    assert latest_snapshot(m) is None
    assert dashboard_figures(dataset.scope())["participants"]["participants"] > 0
    assert wait_for_snapshot(m).data["participants"]["participants"] > 0  # the job replaced it


def test_a_narrowed_scope_is_computed_per_request(dataset, snapshots_on):
    refresh_snapshot(dataset.municipality.id)
    db.session.commit()
    scope = dataset.scope(challenge_id=dataset.challenges["c1"].id)
    family = latest_snapshot(dataset.municipality.id).data["family"]
    assert dashboard_figures(scope) == publish(compute_dashboard(scope), scope, family)
    assert jobs.waiting_here() == {}


def test_the_whole_municipality_is_read_from_the_snapshot_exports_and_api(
    app, client, dataset, world, snapshots_on
):
    """The measures export and the API give the snapshot's figures and its time."""
    m = dataset.municipality.id
    snapshot = refresh_snapshot(m, now=utcnow() - timedelta(minutes=2))
    db.session.execute(
        db.update(MetricsSnapshot)
        .where(MetricsSnapshot.municipality_id == m)
        .values(
            data={
                **snapshot.data,
                "family": {
                    **snapshot.data["family"],
                    "cells": {
                        **snapshot.data["family"]["cells"],
                        "m": {**snapshot.data["family"]["cells"]["m"], "participants": 4245},
                    },
                },
            }
        )
    )
    db.session.add(PublicMeasure(municipality_id=m, panel="key_figures"))
    db.session.commit()
    body = client.get("/api/v1/municipalities/heimby/metrics").get_json()
    assert body["computed_at"] == snapshot.data["computed_at"]
    assert {r["measure"]: r["value"] for r in body["measures"]}["participants"] == 4245
    _login(client, world.admin)
    csv = client.get("/k/heimby/eksport/measures.csv").get_data(as_text=True)
    assert "participants,4245," in csv


def test_uploading_a_reference_asks_for_a_refresh_and_the_cli_refreshes(
    app, client, world, runner, tmp_path, snapshots_on
):
    """Reach and representativeness use the reference (was: the upload cleared the cache)."""
    m = world.municipality.id
    computed_at = refresh_snapshot(m).computed_at
    db.session.commit()
    sample = ssb_file(world.municipality.number).encode()
    _login(client, world.admin)
    response = client.post(
        "/k/heimby/effekt/befolkning",
        data={"kind": "ssb07459", "file": (io.BytesIO(sample), "07459.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    stamp = computed_at.strftime("%Y%m%dT%H%M%S%f")
    assert jobs.waiting_here() == {
        f"samskap-metrics-{m}-{stamp}": computed_at + timedelta(seconds=300)
    }

    jobs.cancel_here()
    path = tmp_path / "07459.csv"
    path.write_bytes(sample)
    result = runner.invoke(args=["population", "import", "--municipality", "heimby", str(path)])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    snapshot = latest_snapshot(world.municipality.id)
    assert snapshot is not None and snapshot.data["reach"]["eligible_population"] == 308
    assert jobs.waiting_here() == {}


def test_redis_down_only_logs(app, dataset, caplog):
    saved = {k: app.config.get(k) for k in ("METRICS_REFRESH_SECONDS", "REDIS_URL")}
    app.config.update(METRICS_REFRESH_SECONDS=300, REDIS_URL="redis://127.0.0.1:9/0")
    try:
        request_refresh(dataset.municipality.id)
    finally:
        app.config.update(saved)
    assert "could not ask for a refresh" in caplog.text


def test_as_of_is_norwegian_time_with_the_date_when_not_today(app):
    with app.test_request_context():
        assert as_of("2001-02-03T04:05:06+00:00") == "Tall per 3. februar 2001 kl. 05:05."
        assert as_of("2001-07-03T04:05:06+00:00") == "Tall per 3. juli 2001 kl. 06:05."  # summer
        assert as_of(utcnow().isoformat()).startswith("Tall per kl. ")
        with force_locale("nn"):
            assert as_of("2001-02-03T04:05:06+00:00") == "Tal per 3. februar 2001 kl. 05:05."
        with force_locale("en"):
            assert as_of("2001-02-03T04:05:06+00:00").startswith("Figures as of ")


def test_a_committed_write_asks_for_its_municipalitys_refresh(
    app, dataset, world, create_user_f, create_challenge_f, create_idea_f, snapshots_on
):
    """The wiring after writes: database.commit() of a support in Heimby asks for Heimby's
    refresh (one timer), not Bortby's; a rolled-back write asks for nothing."""
    from cocreate.database import commit, rollback
    from cocreate.metrics import snapshots

    app.config["METRICS_REFRESH_SECONDS"] = 2 * DAY
    snapshots._asked.clear()
    heimby = dataset.municipality.id
    bortby_idea = create_idea_f(create_challenge_f(world.other), world.author)
    for place in (heimby, world.other.id):
        refresh_snapshot(place, now=utcnow() - timedelta(hours=1))
    db.session.commit()
    assert jobs.waiting_here() == {}

    support_idea(bortby_idea, create_user_f("tilbake@example.no"))
    rollback()
    assert jobs.waiting_here() == {}

    support_idea(dataset.ideas["i6"], create_user_f("ny@example.no"))
    commit()
    stamp = latest_snapshot(heimby).computed_at
    assert jobs.waiting_here() == {
        f"samskap-metrics-{heimby}-{stamp.strftime('%Y%m%dT%H%M%S%f')}": stamp + timedelta(days=2)
    }


def test_a_refresh_whose_sqlite_read_went_stale_starts_again(app, dataset):
    """SQLite (WAL): the computation's temporary tables open a transaction that reads for a
    second or two; if another connection (the outbox sender, a request) commits meanwhile, the
    snapshot's write fails at once with «database is locked» (no busy wait for a stale read).
    The job rolls back and computes again instead of losing the refresh."""
    # (On PostgreSQL, READ COMMITTED, the first attempt already succeeds.)
    municipality_id = dataset.municipality.id
    with app.app_context():
        # The job's session as the computation leaves it: in a transaction that has read.
        db.session.execute(text("CREATE TEMP TABLE stale_probe (x INTEGER)"))
        db.session.execute(text("INSERT INTO stale_probe VALUES (1)"))
        db.session.scalar(select(func.count()).select_from(Municipality))
        with db.engine.connect() as other:  # someone else commits in between
            other.execute(
                update(Municipality)
                .where(Municipality.id == municipality_id)
                .values(intro="Skrevet mens tallene ble regnet ut")
            )
            other.commit()
        assert refresh_job(municipality_id) is not None
    db.session.rollback()
    assert latest_snapshot(municipality_id) is not None


def test_a_large_municipality_without_a_snapshot_is_left_to_the_job(
    app, client, dataset, world, queue
):
    """Above METRICS_COMPUTE_ON_READ_LIMIT inputs, supports and comments, a read that finds no
    snapshot computes nothing (a city's take the job tens of seconds): the dashboard says the
    figures are being computed, the figures' JSON, the API and the measures export answer 503
    with Retry-After, the comparison leaves the municipality out; the job is asked for once,
    and after it the same pages show the figures."""
    m = dataset.municipality.id
    app.config["METRICS_COMPUTE_ON_READ_LIMIT"] = 1  # the dataset has more than one input
    db.session.add(PublicMeasure(municipality_id=m, panel="key_figures"))
    db.session.commit()
    try:
        _login(client, world.admin)
        page = client.get("/k/heimby/effekt")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "Tallene for kommunen regnes ut nå" in html
        assert "sendte inn" not in html  # no figures, none made up
        assert waiting_jobs(queue) == [f"samskap-metrics-{m}-none"]
        public = client.get("/k/heimby/effekt/offentlig").get_data(as_text=True)
        assert "Tallene for kommunen regnes ut nå" in public
        for path in (
            "/k/heimby/effekt/tall.json",
            "/api/v1/municipalities/heimby/metrics",
            "/k/heimby/eksport/measures.csv",
        ):
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.headers["Retry-After"] == "60"
            said = response.get_json()["message"] if response.is_json else response.get_data(True)
            assert "regnes ut nå" in said
        assert latest_snapshot(m) is None  # a read never writes
        assert waiting_jobs(queue) == [f"samskap-metrics-{m}-none"]  # still one job

        run_worker(app, queue)
        assert latest_snapshot(m) is not None
        html = client.get("/k/heimby/effekt").get_data(as_text=True)
        assert "regnes ut nå" not in html and "sendte inn" in html
        assert client.get("/k/heimby/effekt/tall.json").status_code == 200
        body = client.get("/api/v1/municipalities/heimby/metrics")
        assert body.status_code == 200 and body.get_json()["measures"]
    finally:
        app.config["METRICS_COMPUTE_ON_READ_LIMIT"] = 20000


def test_a_small_municipality_without_a_snapshot_is_computed_on_read(
    app, client, dataset, world, queue
):
    """Up to the limit (and with 0: no limit) the read computes the figures as before."""
    for limit in (10_000, 0):
        app.config["METRICS_COMPUTE_ON_READ_LIMIT"] = limit
        _login(client, world.admin)
        html = client.get("/k/heimby/effekt").get_data(as_text=True)
        assert "sendte inn" in html and "regnes ut nå" not in html
        assert client.get("/k/heimby/effekt/tall.json").status_code == 200
    app.config["METRICS_COMPUTE_ON_READ_LIMIT"] = 20000


def test_the_comparison_leaves_out_a_municipality_whose_figures_are_being_computed(
    app, dataset, queue
):
    from cocreate.comparison.figures import comparison

    m = dataset.municipality
    app.config["METRICS_COMPUTE_ON_READ_LIMIT"] = 1
    try:
        with app.test_request_context():
            assert m.slug not in {row.slug for row in comparison()}
        run_worker(app, queue)
        with app.test_request_context():
            assert m.slug in {row.slug for row in comparison()}
    finally:
        app.config["METRICS_COMPUTE_ON_READ_LIMIT"] = 20000
