"""Build a city-scale dataset with bulk inserts, for benchmarks.

    python bench/seed.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/cocreate_bench
    python bench/seed.py --database-url sqlite:///bench/data/city.sqlite

Default scale (DESIGN/issue 9): 50,000 users, 1 municipality, 200 challenges, 100,000 ideas,
1,000,000 supports, 200,000 comments, 500 workshops. The first challenge has exactly 1,000 ideas
(the "challenge page with 1,000 ideas"). Counters (support_count, comment_count) match the rows.
The database is emptied and rebuilt from the models; reference data is loaded as the migration does.
Writes bench/results/seed-<backend>-<date>.json with the time each table took.
"""

import argparse
import itertools
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Index, create_engine, insert, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateIndex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from cocreate import create_app  # noqa: E402
from cocreate.accounts.passwords import hash_password  # noqa: E402
from cocreate.config import Config  # noqa: E402
from cocreate.extensions import db  # noqa: E402
from cocreate.ideas.models import SQLITE_FTS_DDL  # noqa: E402
from cocreate.metrics.snapshots import refresh_snapshot  # noqa: E402
from cocreate.models import create_all, drop_all  # noqa: E402
from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES  # noqa: E402

SCALE = {
    "users": 50_000,
    "challenges": 200,
    "ideas": 100_000,
    "supports": 1_000_000,
    "comments": 200_000,
    "workshops": 500,
    "first_challenge_ideas": 1_000,
}
CHUNK = 20_000
STAGES = (
    ["heard"] * 50
    + ["assessed"] * 20
    + ["decided"] * 10
    + ["piloting"] * 8
    + ["done"] * 6
    + ["scaled"] * 2
    + ["declined"] * 4
)
PATH = ["heard", "assessed", "decided", "piloting", "done", "scaled"]
_WORD_TEXT = (
    "sykkel buss park benk lys skole bibliotek trær gangfelt lekeplass fortau torg havn brygge "
    "kultur idrett eldre ungdom bydel sentrum grønn trygg solcelle lading deling møteplass "
    "snarvei strand turvei"
)
WORDS = _WORD_TEXT.split()
DISTRICTS = [
    "Sentrum",
    "Nord",
    "Sør",
    "Øst",
    "Vest",
    "Havna",
    "Åsen",
    "Dalen",
    "Bakken",
    "Lia",
    "Moen",
    "Vika",
    "Haugen",
    "Sletta",
    "Fjellet",
]
AGE_BANDS = ["13-17", "18-29", "30-44", "45-66", "67-79", "80+"]


def _chain(first, rest):  # type: ignore[no-untyped-def]
    yield first
    yield from rest


def _sqlite(value):  # type: ignore[no-untyped-def]
    """Store datetimes as SQLAlchemy's SQLite dialect does: naive UTC text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


class Seeder:
    def __init__(self, url: str, scale: dict[str, int], seed: int = 42) -> None:
        config = Config()
        config.SQLALCHEMY_DATABASE_URI = url
        config.SECRET_KEY = "bench-secret-key-not-for-production"  # noqa: S105
        config.ENV_NAME = "development"
        self.app = create_app(config)
        self.scale = scale
        self.rng = random.Random(seed)
        self.timings: dict[str, float] = {}
        self.now = datetime.now(UTC)

    def table(self, name: str):  # type: ignore[no-untyped-def]
        return db.metadata.tables[name]

    def bulk(self, name: str, rows) -> int:  # type: ignore[no-untyped-def]
        """Insert an iterable of dicts through the driver: COPY on PostgreSQL, executemany on
        SQLite. SQLAlchemy's per-row processing would take minutes at this size."""
        started, count = time.perf_counter(), 0
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = list(first)
        quoted = ", ".join(f'"{c}"' for c in columns)
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if db.engine.dialect.name == "postgresql":
                # The generated rows are consistent by construction: skip the per-row foreign key
                # triggers for this transaction (the constraints stay in place for the app).
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute("SET LOCAL synchronous_commit = off")
                with cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                    for row in _chain(first, rows):
                        copy.write_row([row[c] for c in columns])
                        count += 1
            else:
                cursor.execute("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction
                sql = f'INSERT INTO "{name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'
                batch = []
                for row in _chain(first, rows):
                    batch.append([_sqlite(row[c]) for c in columns])
                    if len(batch) >= CHUNK:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                cursor.executemany(sql, batch)
                count += len(batch)
            raw.commit()
            if db.engine.dialect.name == "sqlite":
                cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            raw.close()
        self.timings[name] = round(time.perf_counter() - started, 2)
        print(f"  {name}: {count:,} rows in {self.timings[name]} s", flush=True)
        return count

    def run(self, results: Path = ROOT / "bench" / "results") -> dict:
        """Build the dataset, check it, and write the timings to `results`."""
        started = time.perf_counter()
        with self.app.app_context():
            backend = db.engine.dialect.name
            self._empty_database()
            create_all()
            db.session.execute(insert(self.table("principles")), PRINCIPLES)
            db.session.execute(insert(self.table("target_images")), TARGET_IMAGES)
            db.session.execute(insert(self.table("goals")), GOALS)
            db.session.commit()
            deferred = self._drop_indexes()
            self._seed()
            self._create_indexes(deferred)
            self._analyze()
            self._snapshot()
            checks = self.verify()
        total = round(time.perf_counter() - started, 1)
        report = {
            "backend": backend,
            "scale": self.scale,
            "seconds_total": total,
            "seconds_per_table": self.timings,
            "checks": checks,
            "date": date.today().isoformat(),
        }
        full = self.scale == SCALE
        name = f"seed-{backend}-{date.today().isoformat()}{'' if full else '-small'}.json"
        out = results / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2))
        print(f"total {total} s -> {out}")
        return report

    def _snapshot(self) -> None:
        """Storby's dashboard figures, as the job (`flask metrics warm`) stores them."""
        started = time.perf_counter()
        refresh_snapshot(1)
        db.session.commit()
        self.timings["metrics snapshot"] = round(time.perf_counter() - started, 2)
        print(f"  metrics snapshot: {self.timings['metrics snapshot']} s", flush=True)

    def _analyze(self) -> None:
        """Statistics (on PostgreSQL with VACUUM)."""
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
            return
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))

    def _empty_database(self) -> None:
        """PostgreSQL: drop the tables. SQLite: start from a new file; DROP TABLE on a full
        database with foreign keys on deletes row by row and takes many minutes."""
        if db.engine.dialect.name != "sqlite":
            drop_all()
            return
        database = db.engine.url.database
        db.engine.dispose()
        if database and database != ":memory:":
            for suffix in ("", "-wal", "-shm"):
                Path(database + suffix).unlink(missing_ok=True)

    def _drop_indexes(self) -> list[Index]:
        """Secondary indexes are built once after the load, which is much faster than keeping
        them up to date row by row (primary keys and unique constraints stay)."""
        dialect = db.engine.dialect.name
        deferred = [
            index
            for table in db.metadata.sorted_tables
            for index in table.indexes
            if index._ddl_if is None or index._ddl_if.dialect in (None, dialect)
        ]
        with db.engine.begin() as conn:
            for index in deferred:
                conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
        return deferred

    def _create_indexes(self, deferred: list[Index]) -> None:
        started = time.perf_counter()
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
            for index in deferred:
                conn.execute(CreateIndex(index))
        self.timings["indexes"] = round(time.perf_counter() - started, 2)
        print(f"  indexes: {len(deferred)} built in {self.timings['indexes']} s", flush=True)

    def add_missing_indexes(self) -> None:
        """After a model gained a table or an index: make it on the seeded data without seeding
        again (new tables start empty)."""
        with self.app.app_context():
            db.create_all()  # only the tables that are not there yet
            inspector = inspect(db.engine)
            dialect = db.engine.dialect.name
            missing = [
                index
                for table in db.metadata.sorted_tables
                for index in table.indexes
                if (index._ddl_if is None or index._ddl_if.dialect in (None, dialect))
                and index.name not in {i["name"] for i in inspector.get_indexes(table.name)}
            ]
            print("missing: " + (", ".join(str(i.name) for i in missing) or "none"), flush=True)
            self._create_indexes(missing)
            self._analyze()

    def verify(self) -> dict[str, int]:
        """Row counts, and how many ideas have counters or answer times that disagree with their
        rows (0)."""
        counts = {}
        with db.engine.connect() as conn:
            for name in ("users", "challenges", "ideas", "votes", "comments", "workshops"):
                counts[name] = conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            counts["support_count_mismatches"] = conn.execute(
                text(
                    "SELECT count(*) FROM ideas LEFT JOIN (SELECT idea_id, count(*) AS n "
                    "FROM votes GROUP BY idea_id) v ON v.idea_id = ideas.id "
                    "WHERE ideas.support_count <> coalesce(v.n, 0)"
                )
            ).scalar_one()
            counts["comment_count_mismatches"] = conn.execute(
                text(
                    "SELECT count(*) FROM ideas LEFT JOIN (SELECT idea_id, count(*) AS n "
                    "FROM comments GROUP BY idea_id) c ON c.idea_id = ideas.id "
                    "WHERE ideas.comment_count <> coalesce(c.n, 0)"
                )
            ).scalar_one()
            # first_answered_at and last_moved_at as the move service would have set them
            counts["answer_mismatches"] = conn.execute(
                text(
                    "SELECT count(*) FROM ideas LEFT JOIN (SELECT idea_id, min(created_at) AS f, "
                    "max(created_at) AS l FROM stage_changes GROUP BY idea_id) h "
                    "ON h.idea_id = ideas.id WHERE (ideas.first_answered_at IS NULL) <> "
                    "(h.f IS NULL) OR ideas.first_answered_at <> h.f OR ideas.last_moved_at <> h.l"
                )
            ).scalar_one()
            counts["challenge_1_ideas"] = conn.execute(
                text("SELECT count(*) FROM ideas WHERE challenge_id = 1")
            ).scalar_one()
        print("  checks: " + ", ".join(f"{k}={v:,}" for k, v in counts.items()), flush=True)
        return counts

    def _seed(self) -> None:
        s, rng, now = self.scale, self.rng, self.now
        password = hash_password("bench-passord-2026")
        self.bulk(
            "municipalities",
            [
                {
                    "id": 1,
                    "name": "Storby kommune (benchmark)",
                    "slug": "storby",
                    "number": "9998",
                    "kind": "kommune",
                    "language": "nb",
                    "population": 700_000,
                    "intro": "",
                    "is_demo": True,
                    "created_at": now,
                }
            ],
        )
        self.bulk(
            "districts",
            (
                {
                    "id": i + 1,
                    "municipality_id": 1,
                    "name": name,
                    "population": 700_000 // len(DISTRICTS),
                }
                for i, name in enumerate(DISTRICTS)
            ),
        )
        self.bulk(
            "users",
            (
                {
                    "id": i,
                    # .example (RFC 2606) never receives mail and passes the e-mail validator;
                    # .invalid would be refused by the log-in form.
                    "email": f"innbygger{i}@bench.example",
                    "display_name": f"Innbygger {i}",
                    "show_name": i % 3 == 0,
                    "password_hash": password,
                    "email_verified_at": now,
                    "locale": None,
                    "session_token": f"bench{i:08d}",
                    "created_at": now,
                    "last_seen_at": now,
                    "deleted_at": None,
                }
                for i in range(1, s["users"] + 1)
            ),
        )
        self.bulk(
            "memberships",
            [
                {
                    "id": 1,
                    "user_id": 1,
                    "municipality_id": 1,
                    "role": "admin",
                    "created_at": now,
                    "suspended_at": None,
                },
                {
                    "id": 2,
                    "user_id": 2,
                    "municipality_id": 1,
                    "role": "facilitator",
                    "created_at": now,
                    "suspended_at": None,
                },
            ],
        )
        self.bulk(
            "participant_profiles",
            (
                {
                    "id": i,
                    "user_id": i,
                    "age_band": rng.choice(AGE_BANDS),
                    "gender": rng.choice(["kvinne", "mann"]),
                    "district": rng.choice(DISTRICTS),
                    "consent_at": now,
                    "updated_at": now,
                }
                for i in range(1, s["users"] + 1)
                if i % 5 < 3
            ),
        )
        self.bulk("population_references", self._population())
        phases = ["open"] * 120 + ["assessing"] * 40 + ["concluded"] * 30 + ["draft"] * 10
        self.bulk(
            "challenges",
            (
                {
                    "id": c,
                    "municipality_id": 1,
                    "title": f"Utfordring {c}: {sentence(rng, 5)}",
                    "description": sentence(rng, 40),
                    "description_html": f"<p>{sentence(rng, 40)}</p>",
                    "phase": "open" if c == 1 else phases[c % len(phases)],
                    "level": rng.choice(["konsultere", "involvere", "samarbeide"]),
                    "opens_on": None,
                    "closes_on": None,
                    "premoderation": False,
                    "vote_budget": None,
                    "summary": "",
                    "summary_html": "",
                    "created_by_id": 1,
                    "created_at": now - timedelta(days=400 - c),
                    "updated_at": now,
                    "published_at": now - timedelta(days=400 - c),
                    "concluded_at": None,
                }
                for c in range(1, s["challenges"] + 1)
            ),
        )
        self.bulk(
            "challenge_principles",
            (
                {"challenge_id": c, "principle_id": p}
                for c in range(1, s["challenges"] + 1)
                for p in sorted({1 + c % 8, 1 + (c * 3) % 8})
            ),
        )
        idea_challenge = self._idea_challenges()
        supports = self._supports(idea_challenge)
        comment_counts = [0] * (s["ideas"] + 1)
        comments = [rng.randint(1, s["ideas"]) for _ in range(s["comments"])]
        for idea_id in comments:
            comment_counts[idea_id] += 1
        stages = {i: rng.choice(STAGES) for i in range(1, s["ideas"] + 1)}
        sqlite = db.engine.dialect.name == "sqlite"
        if sqlite:
            with db.engine.begin() as conn:
                for trigger in ("ideas_fts_ai", "ideas_fts_ad", "ideas_fts_au"):
                    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        self.bulk(
            "ideas",
            (
                {
                    "id": i,
                    "challenge_id": idea_challenge[i],
                    "author_id": rng.randint(3, s["users"]),
                    "title": sentence(rng, 6)[:120],
                    "body": sentence(rng, 60),
                    "district_id": rng.randint(1, len(DISTRICTS)),
                    "channel": "workshop"
                    if i % 10 == 0
                    else "registered"
                    if i % 25 == 0
                    else "web",
                    "stage": stages[i],
                    "visibility": "published",
                    "hidden_reason": None,
                    "merged_into_id": None,
                    "support_count": len(supports[i]),
                    "workshop_vote_count": 0,
                    "comment_count": comment_counts[i],
                    "created_at": now - timedelta(days=rng.randint(1, 360), minutes=i % 1440),
                    "updated_at": now,
                    # what the move service sets with each move (see _stage_changes)
                    "first_answered_at": self._moved_at(stages[i], 0),
                    "last_moved_at": self._moved_at(stages[i], -1),
                }
                for i in range(1, s["ideas"] + 1)
            ),
        )
        if sqlite:
            with db.engine.begin() as conn:
                for statement in SQLITE_FTS_DDL:
                    conn.exec_driver_sql(statement)
                conn.exec_driver_sql("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")
        self.bulk("stage_changes", self._stage_changes(stages))
        self.bulk(
            "votes",
            (
                {
                    "idea_id": i,
                    "user_id": u,
                    "challenge_id": idea_challenge[i],
                    "created_at": now - timedelta(minutes=(i * 7 + u) % 500_000),
                }
                for i in range(1, s["ideas"] + 1)
                for u in supports[i]
            ),
        )
        self.bulk(
            "comments",
            (
                {
                    "idea_id": idea_id,
                    "author_id": rng.randint(3, s["users"]),
                    "parent_id": None,
                    "body": sentence(rng, 25),
                    "visibility": "published",
                    "hidden_reason": None,
                    "created_at": now - timedelta(minutes=n % 500_000),
                    "edited_at": None,
                }
                for n, idea_id in enumerate(comments)
            ),
        )
        self.bulk(
            "workshops",
            (
                {
                    "id": w,
                    "challenge_id": 1 + w % s["challenges"],
                    "title": f"Verksted {w}",
                    "format": rng.choice(["physical", "digital", "hybrid"]),
                    "place": "Rådhuset",
                    "link": "",
                    "starts_at": now - timedelta(days=w % 300),
                    "ends_at": now - timedelta(days=w % 300, hours=-2),
                    "description": "",
                    "join_code": f"B{w:05d}"[:6],
                    "dots_per_person": 3,
                    "headcount": 20 + w % 30,
                    "checkin_count": 0,
                    "status": "closed",
                    "created_by_id": 2,
                    "created_at": now,
                }
                for w in range(1, s["workshops"] + 1)
            ),
        )

    def _population(self):  # type: ignore[no-untyped-def]
        shares = {"13-17": 6, "18-29": 18, "30-44": 22, "45-66": 30, "67-79": 15, "80+": 9}
        rows = [
            {
                "municipality_id": 1,
                "dimension": "age_band",
                "group_name": band,
                "population": 700_000 * share // 100,
                "year": 2024,
                "source": "benchmark",
                "is_demo": True,
                "created_at": self.now,
            }
            for band, share in shares.items()
        ]
        rows += [
            {
                "municipality_id": 1,
                "dimension": "gender",
                "group_name": g,
                "population": 350_000,
                "year": 2024,
                "source": "benchmark",
                "is_demo": True,
                "created_at": self.now,
            }
            for g in ("kvinne", "mann")
        ]
        return rows

    def _idea_challenges(self) -> list[int]:
        s, rng = self.scale, self.rng
        first = s["first_challenge_ideas"]
        mapping = [0] + [1] * first
        mapping += [rng.randint(2, s["challenges"]) for _ in range(s["ideas"] - first)]
        return mapping

    def _supports(self, idea_challenge: list[int]) -> list[list[int]]:
        """Distinct supporters per idea, skewed so some ideas are popular; sums to the target."""
        s, rng = self.scale, self.rng
        weights = [0.0] + [1.0 / (1 + (i % 97)) for i in range(1, s["ideas"] + 1)]
        total_weight = sum(weights)
        result: list[list[int]] = [[]]
        remaining = s["supports"]
        for i in range(1, s["ideas"] + 1):
            want = min(s["users"] - 3, round(s["supports"] * weights[i] / total_weight))
            want = min(want, remaining) if i < s["ideas"] else min(remaining, s["users"] - 3)
            result.append(rng.sample(range(3, s["users"] + 1), want) if want else [])
            remaining -= want
        return result

    @staticmethod
    def _path(stage: str) -> list[str]:
        """The stages an input went through to `stage`, hørt first."""
        return PATH[: PATH.index(stage) + 1] if stage != "declined" else ["heard", "declined"]

    def _moved_at(self, stage: str, step: int) -> datetime | None:
        """When the input made its step-th move (-1: its last), as _stage_changes() dates it."""
        moves = len(self._path(stage)) - 1
        if not moves:
            return None
        return self.now - timedelta(days=60 - (step % moves) * 10)

    def _stage_changes(self, stages: dict[int, str]):  # type: ignore[no-untyped-def]
        now = self.now
        for idea_id, stage in stages.items():
            if stage == "heard":
                continue
            path = self._path(stage)
            for step, (before, after) in enumerate(itertools.pairwise(path)):
                yield {
                    "idea_id": idea_id,
                    "from_stage": before,
                    "to_stage": after,
                    "answer": "Kommunen har vurdert innspillet og svarer her offentlig.",
                    "reference": "2026/1234" if after == "decided" else None,
                    "actor_id": 2,
                    "actor_role": "facilitator",
                    "unit_name": "Storby kommune",
                    "created_at": now - timedelta(days=60 - step * 10),
                }


def scaled(factor: float) -> dict[str, int]:
    """SCALE times `factor` (at least 1 of each; the first challenge keeps half the ideas)."""
    return {
        k: max(1, int(v * factor))
        if k != "first_challenge_ideas"
        else min(v, max(1, int(SCALE["ideas"] * factor) // 2))
        for k, v in SCALE.items()
    }


def ensure_database(url: str) -> None:
    """PostgreSQL: create the named database if it is not there yet (a new machine has none)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        )
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    server.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--factor", type=float, default=1.0, help="scale every count (e.g. 0.01)")
    parser.add_argument(
        "--missing-indexes",
        action="store_true",
        help="only build the models' indexes that the seeded database lacks, then ANALYZE",
    )
    args = parser.parse_args()
    url = args.database_url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        # Flask-SQLAlchemy would put a relative file under instance/; use the caller's folder.
        path = Path(url.removeprefix("sqlite:///")).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    ensure_database(url)
    seeder = Seeder(url, scaled(args.factor))
    if args.missing_indexes:
        seeder.add_missing_indexes()
        return
    seeder.run()


if __name__ == "__main__":
    main()
