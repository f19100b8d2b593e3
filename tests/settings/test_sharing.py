"""Sharing with the other municipalities (issue 25): on by default, an administrator turns it off
and on from the settings page; the change is logged; nobody else may make it."""

import pytest
from sqlalchemy import select

from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.refusals import NotAllowed
from cocreate.settings.services import set_sharing
from tests.factories import PASSWORD

SHARING = "/k/heimby/innstillinger/deling"


def _events() -> list[AuditEvent]:
    event = "municipality.sharing_changed"
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == event)))


def test_a_municipality_shares_by_default_and_the_admin_may_stop_it(world):
    assert world.municipality.shares_with_others is True
    assert set_sharing(world.municipality, True, actor=world.admin) is False
    assert _events() == []
    assert set_sharing(world.municipality, False, actor=world.admin) is True
    assert world.municipality.shares_with_others is False
    [event] = _events()
    assert event.data["shares"] is False


@pytest.mark.parametrize("role", ["citizen", "facilitator", "other_admin"])
def test_only_the_municipalitys_admin_may_change_sharing(world, role):
    with pytest.raises(NotAllowed):
        set_sharing(world.municipality, False, actor=getattr(world, role))
    assert world.municipality.shares_with_others is True


def test_the_settings_page_turns_sharing_off_and_on(client, world):
    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})
    page = client.get("/k/heimby/innstillinger").get_data(as_text=True)
    assert '<input checked id="deling-share" name="deling-share" type="checkbox"' in page
    response = client.post(SHARING, data={}, follow_redirects=True)
    assert "Kommunen deler ikke lenger med andre kommuner." in response.get_data(as_text=True)
    db.session.refresh(world.municipality)
    assert world.municipality.shares_with_others is False
    page = client.get("/k/heimby/innstillinger").get_data(as_text=True)
    assert '<input id="deling-share" name="deling-share" type="checkbox"' in page
    client.post(SHARING, data={"deling-share": "y"})
    db.session.refresh(world.municipality)
    assert world.municipality.shares_with_others is True


def test_a_facilitator_is_refused(client, world):
    client.post("/logg-inn", data={"email": world.facilitator.email, "password": PASSWORD})
    assert client.post(SHARING, data={}).status_code == 403
