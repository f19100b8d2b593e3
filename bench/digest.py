"""The daily digest job for many followers: how long one run takes, in how many statements.

    .venv/bin/python bench/digest.py [-n 10000] [--database-url URL] [--tracemalloc]
                                     [--output bench/results/digest.md]

Builds, in an empty database (a temporary SQLite file unless --database-url names an empty
one), a municipality with one challenge that N people follow, all of whom chose the daily
digest; two moves of an input in that challenge give each of them two pieces of news. Then runs
the digest job once (cocreate.notifications.digest.send_digests at the next digest hour) and
writes the figures as Markdown. The test tests/follow/test_digest.py holds the job to bounded
statements and memory; this records the time, which no test asserts.
"""

import argparse
import platform
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import make_app  # noqa: E402
from cocreate.accounts.models import Role, User  # noqa: E402
from cocreate.accounts.services import create_user, set_role  # noqa: E402
from cocreate.challenges.models import TopicFollow  # noqa: E402
from cocreate.challenges.services import advance_phase, create_challenge  # noqa: E402
from cocreate.database import commit, utcnow  # noqa: E402
from cocreate.extensions import db  # noqa: E402
from cocreate.ideas.services import submit_idea  # noqa: E402
from cocreate.ideas.stages import Stage  # noqa: E402
from cocreate.models import create_all  # noqa: E402
from cocreate.municipalities.services import create_municipality  # noqa: E402
from cocreate.notifications import digest  # noqa: E402
from cocreate.notifications.models import Delivery, DigestItem, EmailSetting  # noqa: E402
from cocreate.pipeline.services import move_idea  # noqa: E402
from cocreate.reference.models import Principle  # noqa: E402
from cocreate.reference.services import load_reference_data  # noqa: E402

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet for parken."


def build(n: int) -> None:
    with db.engine.begin() as connection:
        tables = db.metadata.tables
        load_reference_data(
            connection, tables["principles"], tables["target_images"], tables["goals"]
        )
    municipality = create_municipality(
        name="Benchby kommune", slug="benchby", number="9999", kind="kommune", population=50000
    )
    staff = create_user("fasilitator@bench.example", "Fasilitator", "bench-passord-2026")
    set_role(staff, municipality, Role.facilitator, actor=None)
    principle = db.session.scalars(select(Principle).order_by(Principle.number)).first()
    challenge = create_challenge(
        municipality,
        title="Hele byen følger med",
        description="Hva vil du ha i den nye parken?",
        principles=[principle],
        actor=None,
    )
    advance_phase(challenge, actor=None)
    idea = submit_idea(challenge, title="Ny bypark", body="Med benker og trær.", author=None)
    now = utcnow()
    for start in range(0, n, 2000):
        emails = [f"folger{i}@bench.example" for i in range(start, min(n, start + 2000))]
        db.session.execute(
            insert(User),
            [{"email": e, "display_name": "Følger", "email_verified_at": now} for e in emails],
        )
        ids = list(db.session.scalars(select(User.id).where(User.email.in_(emails))))
        db.session.execute(
            insert(TopicFollow), [{"user_id": i, "challenge_id": challenge.id} for i in ids]
        )
        db.session.execute(
            insert(EmailSetting), [{"user_id": i, "delivery": Delivery.daily} for i in ids]
        )
    commit()
    for stage in (Stage.assessed, Stage.decided):
        move_idea(idea, stage, answer=ANSWER, actor=staff)
        commit()


def run(n: int, url: str | None, trace: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(url or f"sqlite:///{tmp}/digest.sqlite")
        with app.app_context():
            if url is None:
                create_all()
            started = time.perf_counter()
            build(n)
            built = time.perf_counter() - started
            waiting = db.session.scalar(select(func.count(DigestItem.id)))
            statements: list[str] = []
            job = threading.get_ident()  # the metrics snapshot thread may query meanwhile

            def record(*args) -> None:  # type: ignore[no-untyped-def]
                if threading.get_ident() == job:
                    statements.append(args[2])

            event.listen(db.engine, "before_cursor_execute", record)
            moment = digest.last_digest_time(utcnow()) + timedelta(days=1, minutes=1)
            if trace:
                tracemalloc.start()
            started = time.perf_counter()
            result = digest.send_digests(now=moment)
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] if trace else None
            tracemalloc.stop()
            dialect = db.engine.dialect.name
    return {
        "followers": n,
        "waiting": waiting,
        "digests": result.mailed,
        "items": result.items,
        "build_seconds": built,
        "seconds": seconds,
        "statements": len(statements),
        "peak_mb": peak / 2**20 if peak else None,
        "dialect": dialect,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="followers (default 10,000)")
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python memory")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "digest.md"))
    args = parser.parse_args()
    figures = run(args.n, args.database_url, args.tracemalloc)
    peak = f"{figures['peak_mb']:.1f} MB" if figures["peak_mb"] else "not traced"
    text = "\n".join(
        [
            "# The daily digest job for many followers",
            "",
            f"`bench/digest.py -n {args.n}` on {date.today().isoformat()}, Python "
            f"{platform.python_version()}, {platform.machine()}, {figures['dialect']}; one run "
            f"of send_digests() in process, batches of {digest.BATCH} readers.",
            "",
            "| followers | news waiting | digests written | items | seconds | digests/s "
            "| SQL statements | tracemalloc peak |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {figures['followers']:,} | {figures['waiting']:,} | {figures['digests']:,} "
            f"| {figures['items']:,} | {figures['seconds']:.1f} "
            f"| {figures['digests'] / figures['seconds']:.0f} | {figures['statements']} "
            f"| {peak} |",
            "",
            f"Building the data (bulk followers, two moves through the services) took "
            f"{figures['build_seconds']:.1f} s and is not counted. The statements are a fixed "
            "number per batch (the readers, their news, one INSERT of the outbox rows and one "
            "claiming UPDATE); memory is bounded by the batch (tests/follow/test_digest.py "
            "asserts both for 10,000 followers).",
            "",
        ]
    )
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
