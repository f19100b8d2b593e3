"""The effects dashboard reads each heavy base relation once (cocreate/metrics/working.py), not
once per measure, and gives exactly the figures the measures give on their own."""

import re
from datetime import date

import pytest
from sqlalchemy import select, text

from cocreate.extensions import db
from cocreate.metrics.dashboard import _compute, compute_dashboard
from cocreate.reference.models import Principle
from tests.isolation import recorded_statements
from tests.metrics.conftest import dataset  # noqa: F401 - the hand-worked metrics dataset

READS_VOTES = re.compile(r"\bFROM votes\b")


def _figures(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "computed_at"}


@pytest.mark.parametrize("narrowing", ["none", "challenge", "principle", "dates"])
def test_same_figures_with_and_without_the_working_set(dataset, narrowing):  # noqa: F811
    kwargs = {
        "none": {},
        "challenge": {"challenge_id": dataset.challenges["c1"].id},
        "principle": {
            "principle_id": db.session.scalar(select(Principle.id).where(Principle.number == 1))
        },
        "dates": {"start": date(2026, 3, 1), "end": date(2026, 6, 15)},
    }[narrowing]
    scope = dataset.scope(**kwargs)
    together = compute_dashboard(scope)
    one_by_one = _compute(scope)  # every measure on its own CTEs, as before
    assert _figures(together) == _figures(one_by_one)
    assert together["participants"]["participants"] > 0


def _statements(work) -> list[str]:  # type: ignore[no-untyped-def]
    with recorded_statements() as statements:
        work()
    return statements


def test_the_whole_municipality_reads_supports_twice_and_the_history_once(dataset):  # noqa: F811
    statements = _statements(lambda: compute_dashboard(dataset.scope()))
    one_by_one = _statements(lambda: _compute(dataset.scope()))
    # Once for each person's contributions, once for the months of participation over time.
    assert len([s for s in statements if READS_VOTES.search(s)]) == 2
    assert len([s for s in one_by_one if READS_VOTES.search(s)]) >= 8
    # Each input's facts (first answer, besluttet, gjort, cited, furthest stage), worked out
    # from its history once, into a working table every pipeline measure reads.
    assert len([s for s in statements if "stage_changes" in s]) == 1
    assert len([s for s in one_by_one if "stage_changes" in s]) >= 8


def test_a_narrowed_scope_reads_supports_twice_not_once_per_measure(dataset):  # noqa: F811
    scope = dataset.scope(challenge_id=dataset.challenges["c1"].id)
    together = [s for s in _statements(lambda: compute_dashboard(scope)) if READS_VOTES.search(s)]
    one_by_one = [s for s in _statements(lambda: _compute(scope)) if READS_VOTES.search(s)]
    # Once for each person's contributions in scope, once for the months. (Returning
    # participants count only activity inside the scope since issue 15: no read of the whole
    # municipality's persons any more.)
    assert len(together) == 2
    assert len(one_by_one) >= 8


def test_working_tables_are_dropped_afterwards(dataset):  # noqa: F811
    compute_dashboard(dataset.scope())
    if db.engine.dialect.name == "postgresql":
        query = "SELECT tablename FROM pg_tables WHERE tablename LIKE 'metrics_work_%'"
    else:
        query = "SELECT name FROM sqlite_temp_master WHERE name LIKE 'metrics_work_%'"
    assert db.session.execute(text(query)).all() == []


def test_a_failing_measure_leaves_no_working_table_behind(dataset, monkeypatch):  # noqa: F811
    from cocreate.metrics import dashboard

    def broken(scope):  # type: ignore[no-untyped-def]
        raise RuntimeError("measure failed")

    monkeypatch.setattr(dashboard, "perceived_effect", broken)
    with pytest.raises(RuntimeError):
        compute_dashboard(dataset.scope())
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        query = "SELECT tablename FROM pg_tables WHERE tablename LIKE 'metrics_work_%'"
    else:
        query = "SELECT name FROM sqlite_temp_master WHERE name LIKE 'metrics_work_%'"
    assert db.session.execute(text(query)).all() == []
