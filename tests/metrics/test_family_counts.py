"""The differencing family's counts of every scope, worked out at once (family_counts.py), equal
person_cells() worked out scope by scope (the municipality, challenges, principles, målbilder,
years, months): on the fixed dataset and along a random run of supports, moves, merges and
deletions."""

import random

from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.metrics.disclosure import family_scopes, person_cells
from cocreate.metrics.family_counts import ScopeCounts, family_counts
from tests.metrics.conftest import dataset  # noqa: F401 - the fixture
from tests.metrics.test_random_run import Run


def _assert_same(municipality_id: int) -> set[str]:
    """Compares every scope; returns the kinds of scope (c, p, t, y, mo, m) with participants."""
    now = utcnow()
    scopes, _partitions = family_scopes(municipality_id, now)
    at_once = family_counts(municipality_id, now)
    assert set(at_once) <= set(scopes)
    kinds = set()
    for sid, scope in scopes.items():
        one_by_one = person_cells(scope)
        assert person_cells(scope, at_once.get(sid, ScopeCounts())) == one_by_one, sid
        if one_by_one["participants"]:
            kinds.add(sid.split(":")[0])
    return kinds


def test_the_same_counts_on_the_dataset(dataset):  # noqa: F811
    assert _assert_same(dataset.municipality.id) >= {"m", "c", "p", "y", "mo"}


def test_the_same_counts_along_a_random_run(world, create_challenge_f, create_user_f):
    m = world.municipality
    challenges = [create_challenge_f(m, title=f"Utfordring {n}") for n in range(3)]
    people = [create_user_f(f"f{n}@example.no") for n in range(8)]
    db.session.commit()
    run = Run(world, challenges, people, random.Random(7))
    for n in range(40):
        run.step()
        if n % 10 == 9:
            assert {"m", "c", "mo"} <= _assert_same(m.id)
