"""Page generations are bumped only by what services declare (page_generations.changed), per
municipality, in the committing transaction; a rollback bumps nothing. The test-only page net
(tests/pages_net.py) catches a committed public write that nobody declared."""

import pytest
from sqlalchemy import select

from cocreate.audit.services import record_event
from cocreate.database import commit, rollback, utcnow
from cocreate.extensions import db
from cocreate.ideas.services import support_idea
from cocreate.page_generations import SITE, PageGeneration, changed, declared, site_changed
from cocreate.signals import municipalities_written
from tests import pages_net


@pytest.fixture
def idea(world, create_challenge_f, create_idea_f):
    return create_idea_f(create_challenge_f(world.municipality), world.author)


def _generations() -> dict[int, int]:
    rows = db.session.execute(select(PageGeneration.scope, PageGeneration.generation))
    return dict(rows.all())  # rows of (scope, generation)


def test_a_declared_change_bumps_that_municipality_only(world, app_ctx):
    before = _generations()
    heard = []

    def receiver(_sender, *, municipality_ids, **_kw):
        heard.append(set(municipality_ids))

    municipalities_written.connect(receiver)
    try:
        changed(world.municipality.id)
        changed(world.municipality.id)  # twice in one transaction: one bump
        assert declared() == {world.municipality.id}
        commit()
    finally:
        municipalities_written.disconnect(receiver)
    after = _generations()
    m, other = world.municipality.id, world.other.id
    assert after[m] == before.get(m, 0) + 1
    assert after.get(other, 0) == before.get(other, 0)
    assert after.get(SITE, 0) == before.get(SITE, 0)
    assert heard == [{m}]  # the metrics are asked for a fresh snapshot once
    assert declared() == set()  # a new transaction starts with nothing declared


def test_a_site_wide_change_bumps_the_site_and_announces_no_municipality(world, app_ctx):
    before = _generations()
    heard = []

    def receiver(_sender, *, municipality_ids, **_kw):
        heard.append(municipality_ids)

    municipalities_written.connect(receiver)
    try:
        site_changed()
        commit()
    finally:
        municipalities_written.disconnect(receiver)
    assert _generations()[SITE] == before.get(SITE, 0) + 1
    assert heard == []


def test_a_rollback_bumps_nothing(world, app_ctx):
    before = _generations()
    changed(world.municipality.id)
    site_changed()
    rollback()
    commit()
    assert _generations() == before


def test_the_net_catches_a_public_write_nobody_declared(world, idea, app_ctx):
    idea.title = "Endret uten å si fra"
    commit()
    found = list(pages_net.misses)
    pages_net.misses.clear()  # this test's miss is the point; the fixture must not fail it
    assert len(found) == 1
    assert f"municipality {world.municipality.id}" in found[0] and "ideas" in found[0]


def test_the_net_is_quiet_when_the_service_declares(world, idea, app_ctx):
    support_idea(idea, world.citizen)
    commit()
    assert pages_net.misses == []


def test_private_rows_need_no_declaration(world, app_ctx):
    world.citizen.last_seen_at = utcnow()  # a log-in's bookkeeping shows on no page
    record_event("test.event", actor=world.citizen, municipality=world.municipality)
    commit()
    assert pages_net.misses == []
