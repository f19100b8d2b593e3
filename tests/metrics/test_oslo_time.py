"""Measures on a PostgreSQL database whose own time zone is Europe/Oslo (issue 15.2).

Every instant a Scope binds is aware UTC (docs/metrics.md «Scope»): a date range is whole UTC
days and the 30- and 90-day rules count back from `now` in UTC, whatever the database's time
zone. Events placed minutes from a UTC day boundary, from the 30- and 90-day limits and around
the daylight-saving change (2026-03-29, 01:00 UTC) land where the docs say. On a naive binding
the session would read the bounds as Oslo time and move each by one or two hours.

The fixture makes its own database (ALTER DATABASE … SET timezone) and drops it afterwards. On
SQLite there is no session time zone: skipped there, and a REQUIRE_POSTGRES=1 run fails on a skip.
"""

import os
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert, text

from cocreate import create_app
from cocreate.accounts.services import create_user
from cocreate.challenges.models import Phase
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea, Visibility
from cocreate.ideas.stages import Stage
from cocreate.metrics import measures, measures_pipeline
from cocreate.metrics.dashboard import compute_dashboard
from cocreate.metrics.disclosure import family_scopes
from cocreate.metrics.scope import Scope
from cocreate.models import create_all
from cocreate.municipalities.services import create_municipality
from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES
from cocreate.reference.models import Goal, Principle, TargetImage
from tests.conftest import make_config

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
MINUTES = timedelta(minutes=5)


@pytest.fixture(scope="module")
def oslo_app():
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite has no session time zone")
    name = f"cocreate_oslo_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO 'Europe/Oslo'"))
    app = create_app(make_config(base.rsplit("/", 1)[0] + "/" + name))
    try:
        with app.app_context():
            create_all()
            db.session.execute(insert(Principle), PRINCIPLES)
            db.session.execute(insert(TargetImage), TARGET_IMAGES)
            db.session.execute(insert(Goal), GOALS)
            db.session.commit()
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def oslo(oslo_app):
    """A municipality with one open challenge; the rows are removed after the test."""
    with oslo_app.app_context():
        assert db.session.scalar(text("SHOW timezone")) == "Europe/Oslo"
        municipality = create_municipality(
            name="Oslotid kommune",
            slug=f"oslo-{uuid.uuid4().hex[:6]}",
            number="0301",
            kind="kommune",
            population=1000,
        )
        challenge = create_challenge(
            municipality,
            title="Tid og soner",
            description="Når skjedde det?",
            principles=principles_by_numbers([1]),
            actor=None,
        )
        while challenge.phase is not Phase.open:
            advance_phase(challenge, actor=None, summary="Åpnet for innspill til alle.")
        db.session.commit()
        yield municipality, challenge
        db.session.remove()
        kept = ("principles", "target_images", "goals")
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables if t.name not in kept)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _idea(challenge, when: datetime, *, author=True, stage=Stage.heard, moved=None) -> Idea:
    person = create_user(f"p{uuid.uuid4().hex[:8]}@example.no", "Person", "riktig-hest-batteri")
    idea = Idea(
        challenge_id=challenge.id,
        author_id=person.id if author else None,
        title="Innspill",
        body="Tekst",
        channel=Channel.web,
        stage=stage,
        visibility=Visibility.published,
        created_at=when,
        last_moved_at=moved,
    )
    db.session.add(idea)
    db.session.flush()
    return idea


def test_a_day_is_a_whole_utc_day_minutes_from_midnight(oslo):
    """2026-03-10 is [00:00, 24:00) UTC. 23:55 UTC on the 9th (00:55 in Oslo on the 10th) and
    00:05 UTC on the 11th are outside; 00:05, 23:10 and 23:55 UTC on the 10th (the last two
    already the 11th in Oslo) are inside: 3 participants. (Bound as Oslo time: 2.)"""
    municipality, challenge = oslo
    for when in (
        datetime(2026, 3, 9, 23, 55, tzinfo=UTC),
        datetime(2026, 3, 10, 0, 5, tzinfo=UTC),
        datetime(2026, 3, 10, 23, 10, tzinfo=UTC),
        datetime(2026, 3, 10, 23, 55, tzinfo=UTC),
        datetime(2026, 3, 11, 0, 5, tzinfo=UTC),
    ):
        _idea(challenge, when)
    db.session.commit()
    day = Scope(municipality.id, start=date(2026, 3, 10), end=date(2026, 3, 10), now=NOW)
    assert day.start_at == datetime(2026, 3, 10, tzinfo=UTC)
    assert day.end_before == datetime(2026, 3, 11, tzinfo=UTC)
    assert measures.participants(day).participants == 3
    months = [row.month for row in measures.participation_over_time(Scope(municipality.id))]
    assert months == ["2026-03"]


def test_the_30_and_90_day_limits_are_counted_in_utc(oslo):
    """Closure: an input 30 days + 5 minutes old is older than 30 days, one 30 days − 5 minutes
    is not: 1 older. Stalled: one with its last move 90 days + 5 minutes ago is stalled, one 90
    days − 5 minutes ago is not: 1 of 2 (both in vurdert)."""
    municipality, challenge = oslo
    _idea(challenge, NOW - timedelta(days=30) - MINUTES)
    _idea(challenge, NOW - timedelta(days=30) + MINUTES)
    long_ago = NOW - timedelta(days=200)
    _idea(challenge, long_ago, stage=Stage.assessed, moved=NOW - timedelta(days=90) - MINUTES)
    _idea(challenge, long_ago, stage=Stage.assessed, moved=NOW - timedelta(days=90) + MINUTES)
    db.session.commit()
    scope = Scope(municipality.id, challenge_id=challenge.id, now=NOW)
    closure = measures_pipeline.feedback_closure(scope)
    assert closure.inputs_older == 3  # the two from 200 days ago and the one 30 d + 5 min old
    stalled = measures_pipeline.stalled_inputs(scope)
    assert (stalled.numerator, stalled.denominator) == (1, 4)
    waiting = measures_pipeline.waiting(scope)
    assert waiting.unanswered_older == 3
    assert waiting.oldest_days == pytest.approx(200)


def test_a_range_across_the_daylight_saving_change(oslo):
    """Oslo moves from +01 to +02 at 01:00 UTC on 2026-03-29. The range 28–29 March is
    [2026-03-28 00:00, 2026-03-30 00:00) UTC, 48 hours: 23:30 UTC on the 27th and 00:10 UTC on
    the 30th are outside; 00:10 UTC on the 28th, 00:30 and 01:30 UTC on the 29th (either side of
    the change) and 23:30 UTC on the 29th (01:30 on the 30th in Oslo) inside: 4. The month of
    23:30 UTC on 31 March (April in Oslo) is March; a whole month and year are family scopes."""
    municipality, challenge = oslo
    for when in (
        datetime(2026, 3, 27, 23, 30, tzinfo=UTC),
        datetime(2026, 3, 28, 0, 10, tzinfo=UTC),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 23, 30, tzinfo=UTC),
        datetime(2026, 3, 30, 0, 10, tzinfo=UTC),
        datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
    ):
        _idea(challenge, when)
    db.session.commit()
    weekend = Scope(municipality.id, start=date(2026, 3, 28), end=date(2026, 3, 29), now=NOW)
    assert weekend.end_before - weekend.start_at == timedelta(hours=48)
    assert measures.participants(weekend).participants == 4
    march = Scope(municipality.id, start=date(2026, 3, 1), end=date(2026, 3, 31), now=NOW)
    assert measures.participants(march).participants == 7
    data = compute_dashboard(Scope(municipality.id, now=NOW))
    assert [row["month"] for row in data["over_time"]] == ["2026-03"]
    scopes, _partitions = family_scopes(municipality.id, NOW)
    assert {"mo:2026-03", "y:2026"} <= set(scopes) and "mo:2026-04" not in scopes
