"""bench/seed.py at a small scale: every table filled through the bulk path, the counters
matching their rows, challenge 1 holding its share of ideas, the timings written."""

import json
import os
import uuid

import psycopg
import pytest

from bench.seed import SCALE, Seeder, scaled

FACTOR = 0.01


def test_scaled_keeps_the_shape_of_the_city():
    assert scaled(1.0) == SCALE
    small = scaled(FACTOR)
    assert small["supports"] == 10_000 and small["users"] == 500
    assert small["first_challenge_ideas"] == small["ideas"] // 2
    assert min(scaled(0.000001).values()) == 1


def _postgres_scratch():  # type: ignore[no-untyped-def]
    """A database of its own on the test server (the seeder drops every table it finds)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return None
    name = f"cocreate_seed_{uuid.uuid4().hex[:8]}"
    server = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
    return server, name


@pytest.fixture(params=["sqlite", "postgresql"])
def seed_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'city.sqlite'}"
        return
    scratch = _postgres_scratch()
    if scratch is None:
        pytest.skip("the PostgreSQL seeding runs with DATABASE_URL=postgresql+psycopg://…")
    server, name = scratch
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg{server.removeprefix('postgresql')}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_small_city_is_seeded_consistently(seed_url, tmp_path):
    scale = scaled(FACTOR)
    report = Seeder(seed_url, scale).run(results=tmp_path)
    checks = report["checks"]
    assert checks["users"] == scale["users"]
    assert checks["challenges"] == scale["challenges"]
    assert checks["ideas"] == scale["ideas"]
    assert checks["votes"] == scale["supports"]
    assert checks["comments"] == scale["comments"]
    assert checks["workshops"] == scale["workshops"]
    assert checks["support_count_mismatches"] == 0
    assert checks["comment_count_mismatches"] == 0
    assert checks["challenge_1_ideas"] == scale["first_challenge_ideas"]
    (written,) = tmp_path.glob("seed-*-small.json")
    assert json.loads(written.read_text())["checks"] == checks
