"""Every SQL statement a page runs, with its plan: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite. For finding missing indexes and writing docs/performance.md.

    python bench/explain.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/cocreate_bench
    python bench/explain.py --database-url ... --path /k/storby/innspill/42 --min-ms 5

Pages are requested in-process (Flask's test client); the admin of the seeded municipality is
signed in for /k/storby/effekt. Statements that change data are only listed, never explained.
"""

import argparse
import re
import sys
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import ADMIN_EMAIL, default_paths, make_app  # noqa: E402
from cocreate.accounts.models import User  # noqa: E402
from cocreate.extensions import db  # noqa: E402

INSERT_SELECT = re.compile(r"\bINSERT INTO \S+ \([^)]*\) SELECT\b")
WORKING_TABLE = re.compile(r"\bmetrics_work_\d+\b")
WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


def capture(app, path: str, user_id: int | None) -> list[tuple[str, object, float]]:  # type: ignore[no-untyped-def]
    """(statement, parameters, milliseconds) for every statement of one request."""
    found: list[tuple[str, object, float]] = []
    started: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        elapsed = (time.perf_counter() - started.pop(id(cursor), time.perf_counter())) * 1000
        found.append((statement, parameters, elapsed))

    client = app.test_client()
    if user_id is not None:
        with app.app_context():
            user = db.session.get(User, user_id)
            with client.session_transaction() as session:
                session["_user_id"] = user.get_id()
                session["_fresh"] = True
    client.get(path)  # warm caches of the app itself (templates, compiled statements)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return found


def explain(app, statement: str, parameters: object) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if db.engine.dialect.name == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                lines = [row[0] for row in cursor.fetchall()]
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                lines = [f"{'  ' * 0}{row[-1]}" for row in cursor.fetchall()]
            raw.rollback()
        finally:
            raw.close()
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--path", action="append", help="page to explain (default: bench pages)")
    parser.add_argument("--min-ms", type=float, default=0.0, help="only statements this slow")
    args = parser.parse_args()
    app = make_app(args.database_url, testing=True)
    with app.app_context():
        admin = db.session.query(User).filter_by(email=ADMIN_EMAIL).one()
        paths = args.path or list(default_paths(app).values())
        admin_id = admin.id
    for path in paths:
        user_id = admin_id if "/effekt" in path else None
        statements = capture(app, path, user_id)
        total = sum(ms for _, _, ms in statements)
        print(f"\n=== {path}: {len(statements)} statements, {total:.1f} ms in the database")
        for statement, parameters, ms in statements:
            if ms < args.min_ms:
                continue
            print(f"\n--- {ms:.1f} ms\n{statement.strip()}\n-- parameters: {parameters}")
            # INSERT … SELECT into a working table (metrics/working.py): explain the SELECT.
            readable = INSERT_SELECT.sub("SELECT", statement)
            if WORKING_TABLE.search(readable):
                print("(reads a temporary working table that no longer exists: not explained)")
            elif re.match(r"\s*(SELECT|WITH)\b", readable, re.IGNORECASE) and not WRITES.search(
                readable
            ):
                print(explain(app, readable, parameters))


if __name__ == "__main__":
    main()
