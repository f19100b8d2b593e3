"""Benchmark Samskap on the seeded city-scale data (bench/seed.py), against a bare Flask baseline.

    python bench/run.py --database-url sqlite:///bench/data/city.sqlite \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/cocreate_bench

For each database: a private Redis, the app under gunicorn (gunicorn.conf.py, 2 workers,
production settings) and the baseline app under gunicorn, all on 127.0.0.1. Then:
- wrk (bounded duration) on the baseline and on each page of issue 9: requests/s, p50/p99;
- the effects dashboard cold (no snapshot yet: computed in the request; and a new worker's
  first request), the job that stores the snapshot, and the page reading it;
- the challenge page once more as a signed-in citizen (never served from the page cache);
- supporting ideas as 32 signed-in people at once (bench/load.py), without and with think time;
- the peak memory of the 1,000,000-row supports CSV export (bench/export_memory.py).
Writes bench/results/<date>.json and bench/results/<date>.md (bench/report.py).
Never part of the test suite. Needs `wrk` (apt-get install -y wrk).
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402
from bench.common import (  # noqa: E402
    ADMIN_EMAIL,
    CHALLENGE_ID,
    PASSWORD,
    SLUG,
    default_paths,
    make_app,
    sqlite_path_url,
)
from bench.servers import Gunicorn, Redis, app_env  # noqa: E402
from cocreate.accounts.models import User  # noqa: E402
from cocreate.accounts.sessions import start_session  # noqa: E402
from cocreate.extensions import db  # noqa: E402
from cocreate.ideas.models import Idea, Visibility, Vote  # noqa: E402
from cocreate.metrics.models import MetricsSnapshot  # noqa: E402
from cocreate.metrics.snapshots import refresh_snapshot  # noqa: E402
from cocreate.municipalities.models import Municipality  # noqa: E402
from cocreate.page_generations import bump  # noqa: E402

PAGES = (
    "front_page",
    "municipality_page",
    "challenge_page",
    "idea_page",
    "dashboard",
    "api_idea_list",
    "api_idea_detail",
)
# Untimed supporters before the timed support runs (_supports).
WARM_UP_PEOPLE = 8
# Issue 16, target 3: what a visitor gets from `make run` on one host (SQLite, no Redis).
EMBEDDED_PAGES = ("front_page", "municipality_page", "challenge_page", "idea_page")


def pick_people(
    app, count: int, per_person: int, rng: random.Random
) -> list[tuple[User, list[int]]]:  # type: ignore[no-untyped-def]
    """Seeded citizens, each with ideas of the 1,000-idea challenge they do not support yet."""
    with app.app_context():
        ideas = list(
            db.session.scalars(
                select(Idea.id).where(
                    Idea.challenge_id == CHALLENGE_ID, Idea.visibility == Visibility.published
                )
            )
        )
        top = db.session.scalar(select(db.func.max(User.id)))
        ids = rng.sample(range(3, top + 1), count)
        users = db.session.scalars(select(User).where(User.id.in_(ids))).all()
        supported: dict[int, set[int]] = {u.id: set() for u in users}
        for user_id, idea_id in db.session.execute(
            select(Vote.user_id, Vote.idea_id).where(Vote.user_id.in_(ids))
        ):
            supported[user_id].add(idea_id)
        people = []
        for user in users:
            free = [i for i in ideas if i not in supported[user.id]]
            people.append((user, rng.sample(free, per_person)))
            db.session.expunge(user)
        return people


PENDING = "Tallene for kommunen regnes ut nå".encode()


def dashboard_timings(app, base: str, path: str, cookie: str) -> dict:
    """Cold: no snapshot yet (deleted). A small municipality's page computes the figures from
    the raw rows itself; a city's (above METRICS_COMPUTE_ON_READ_LIMIT) says they are being
    computed and leaves them to the job, timed below. Timed in a worker that has drawn the
    dashboard before (templates compiled, statements in SQLAlchemy's cache, as in a running
    service); the median and the slowest of three, the very first request of a new worker
    beside it. Then the job
    that stores the snapshot (refresh_snapshot, as `flask metrics warm` runs it; the median of
    three) and five requests reading it."""
    with app.app_context():
        storby = select(Municipality.id).where(Municipality.slug == SLUG)
        municipality_id = db.session.scalar(storby)

    def snapshots() -> int:
        with app.app_context():
            return db.session.scalar(select(db.func.count()).select_from(MetricsSnapshot))

    def forget() -> None:
        with app.app_context():
            db.session.execute(delete(MetricsSnapshot))
            db.session.commit()

    forget()
    first = load.request(base, "GET", path, cookie=cookie)[3]
    for _ in range(8):  # each worker computes it at least once (either may take a request)
        load.request(base, "GET", path, cookie=cookie)
    colds, answers = [], set()
    for _ in range(3):
        new_generation(app)  # drawn again, not the administrators' kept page
        status, _, body, cold = load.request(base, "GET", path, cookie=cookie)
        colds.append(cold)
        # Above METRICS_COMPUTE_ON_READ_LIMIT the page computes nothing and says so: the
        # figures come from the job (its time below). Say which answer was timed.
        answers.add("being computed" if PENDING in body else "figures")
    before = snapshots()
    runs = []
    for _ in range(3):
        with app.app_context():
            started = time.perf_counter()
            refresh_snapshot(municipality_id)
            db.session.commit()
            runs.append(time.perf_counter() - started)
    after = snapshots()
    warm = [load.request(base, "GET", path, cookie=cookie)[3] for _ in range(5)]
    return {
        "status": status,
        "cold_s": round(statistics.median(colds), 3),
        "cold_answer": " and ".join(sorted(answers)),
        "cold_max_s": round(max(colds), 3),
        "first_request_of_a_worker_s": round(first, 3),
        "job_s": round(statistics.median(runs), 3),
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_max_s": round(max(warm), 3),
        "snapshots_before": before,
        "snapshots_after": after,
    }


def new_generation(app) -> None:  # type: ignore[no-untyped-def]
    """A write to Storby, as any support makes: what was drawn of its pages before (shells.py)
    is drawn again, so a «cold» request computes what it shows."""
    with app.app_context():
        storby = db.session.scalar(select(Municipality.id).where(Municipality.slug == SLUG))
        bump(db.session.connection(), [storby])
        db.session.commit()


def principle_cold(app, base: str, path: str, cookie: str) -> dict:  # type: ignore[no-untyped-def]
    """A principle's dashboard (a narrowed scope is always computed from the raw rows): the
    median and the slowest of three, after one request that compiles what it needs, each after
    a write (else the administrators' kept page would answer)."""
    load.request(base, "GET", path, cookie=cookie)
    times = []
    for _ in range(3):
        new_generation(app)
        times.append(load.request(base, "GET", path, cookie=cookie)[3])
    return {"cold_s": round(statistics.median(times), 3), "cold_max_s": round(max(times), 3)}


def embedded_pages(url: str, paths: dict, measure: dict, workers: int) -> dict:
    """Visitor pages of the embedded default: the app without REDIS_URL (page cache in
    instance/ files), as `make run` gives a municipality on one host."""
    env = app_env(url, "", workers)
    env["PAGE_CACHE_DIR"] = str(ROOT / "bench" / "data" / "page-cache")
    server = Gunicorn("embedded", "wsgi:app", workers, env).start("/healthz")
    try:
        for _ in range(4):
            for name in EMBEDDED_PAGES:
                load.request(server.base, "GET", paths[name])
        return {
            name: load.as_dict(load.wrk(server.base + paths[name], **measure))
            for name in EMBEDDED_PAGES
        }
    finally:
        server.stop()


def export_memory(url: str) -> dict:
    script = ROOT / "bench" / "export_memory.py"
    output = subprocess.run(
        [sys.executable, str(script), "--database-url", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_backend(url: str, args: argparse.Namespace) -> dict:
    url = sqlite_path_url(url)
    backend = make_url(url).get_backend_name()
    app = make_app(url)
    with app.app_context():
        version = db.session.scalar(
            text("SELECT version()" if backend == "postgresql" else "SELECT sqlite_version()")
        )
    paths = default_paths(app)
    rng = random.Random(time.time_ns())
    people = pick_people(app, 2 * args.support_users + WARM_UP_PEOPLE, args.support_per_user, rng)
    print(f"\n== {backend}: {version}", flush=True)
    cache = Redis().start()
    baseline = Gunicorn("baseline", "bench.baseline_app:app", args.workers, {}).start("/")
    env = app_env(url, cache.url, args.workers)
    result: dict = {"backend": backend, "version": version, "paths": paths}
    measure = {"seconds": args.seconds, "connections": args.connections, "threads": args.threads}
    try:
        result.update(_pages_and_dashboard(app, baseline, env, paths, people, measure))
        if backend == "sqlite":
            result["embedded"] = embedded_pages(url, paths, measure, args.workers)
            print(f"  embedded default: {result['embedded']}", flush=True)
        result["support"] = _supports(env, people, args.support_users)
        result["support_settings"] = (
            "gunicorn.conf.py: (2 × CPUs) + 1 sync workers, after an untimed warm-up of "
            f"{WARM_UP_PEOPLE} other people"
        )
    finally:
        baseline.stop()
        cache.stop()
    if not args.skip_export:
        result["export"] = export_memory(url)
        print(f"  export: {result['export']}", flush=True)
    return result


def _pages_and_dashboard(app, baseline, env, paths, people, measure) -> dict:  # type: ignore[no-untyped-def]
    """The pages under wrk (2 workers, as the baseline), the dashboard's timings."""
    server = Gunicorn("app", "wsgi:app", int(env["WEB_CONCURRENCY"]), env).start("/healthz")
    result: dict = {}
    try:
        for _ in range(4):  # every worker compiles its templates before anything is timed
            for name in PAGES:
                if name != "dashboard":
                    load.request(server.base, "GET", paths[name])
        admin = load.log_in(server.base, ADMIN_EMAIL, PASSWORD)
        result["dashboard"] = dashboard_timings(app, server.base, paths["dashboard"], admin)
        print(f"  dashboard: {result['dashboard']}", flush=True)
        pages = {"baseline": load.wrk(baseline.base + "/", **measure)}
        for name in PAGES:
            cookie = admin if name == "dashboard" else ""
            pages[name] = load.wrk(server.base + paths[name], cookie=cookie, **measure)
        # The pages for a signed-in citizen: rendered every time (no page cache).
        reader = people[-1][0]
        reader_cookie = load.minted_cookie(env["SECRET_KEY"], start_session(reader, remember=False))
        for name in ("challenge_page", "idea_page"):
            page = server.base + paths[name]
            pages[f"{name}_signed_in"] = load.wrk(page, cookie=reader_cookie, **measure)
            paths[f"{name}_signed_in"] = paths[name]
        result["pages"] = {name: load.as_dict(m) for name, m in pages.items()}
        for name, m in pages.items():
            print(f"  {name}: {m.requests_per_s} req/s, p50 {m.p50_ms} ms, p99 {m.p99_ms} ms")
        result["dashboard_principle"] = principle_cold(
            app, server.base, paths["dashboard_principle"], admin
        )
        print(f"  dashboard of a principle: {result['dashboard_principle']}", flush=True)
    finally:
        server.stop()
    return result


def _supports(env: dict, people: list, half: int) -> dict:
    """32 people supporting ideas at once, against the settings the README recommends
    (gunicorn.conf.py's own worker count for the machine), without and with think time. First
    WARM_UP_PEOPLE others support a few ideas each, untimed: as the pages are measured after
    every worker has drawn them once, the supports are measured after every worker has served
    some (its first support prepares statements, the limiter's script, its connections)."""
    recommended = {k: v for k, v in env.items() if k != "WEB_CONCURRENCY"}
    server = Gunicorn("recommended", "wsgi:app", None, recommended).start("/healthz")
    runs = {}
    try:
        for label, group, think in (
            ("warm_up", people[2 * half :], 0.0),
            ("no_think_time", people[:half], 0.0),
            ("think_time_1s", people[half : 2 * half], 1.0),
        ):
            signed_in = [
                (load.minted_cookie(env["SECRET_KEY"], start_session(user, remember=False)), ideas)
                for user, ideas in group
            ]
            measured = load.support_load(server.base, SLUG, signed_in, think_seconds=think)
            print(f"  support {label}: {load.as_dict(measured)}", flush=True)
            if label != "warm_up":
                runs[label] = load.as_dict(measured)
    finally:
        server.stop()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", required=True)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--support-users", type=int, default=32)
    parser.add_argument("--support-per-user", type=int, default=20)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    started = time.time()
    results: dict = {
        "date": date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "settings": {k: v for k, v in vars(args).items() if k not in ("database_url", "out")},
        "runs": {},
    }
    for url in args.database_url:
        run = run_backend(url, args)
        results["runs"][run["backend"]] = run
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["minutes"] = round((time.time() - started) / 60, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / results["date"]
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    stem.with_suffix(".md").write_text(report.markdown(results))
    print(f"\n{report.markdown(results)}\n-> {stem}.json, {stem}.md")


if __name__ == "__main__":
    main()
