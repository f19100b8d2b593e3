"""Invitations are e-mails to addresses the sender picks: sending them (new or again) is rate
limited per person, with the Norwegian 429 page, so a stolen admin session cannot spam."""

import pytest

from cocreate.accounts.models import Role
from cocreate.accounts.services import set_role
from cocreate.extensions import db
from cocreate.members.models import Invitation
from tests.members.conftest import login
from tests.security.apps import build_app, dispose, isolated_limiter, sqlite_url


@pytest.fixture
def limits_on(app, tmp_path):
    """Switch limits on for the suite's app for one test (memory storage, fresh counters)."""
    with isolated_limiter():
        helper = build_app(sqlite_url(tmp_path), RATELIMIT_ENABLED=True)
        app.config["RATELIMIT_ENABLED"] = True
        try:
            yield
        finally:
            app.config["RATELIMIT_ENABLED"] = False
            dispose(helper)


def test_sending_invitations_is_limited_per_person(limits_on, client, world):
    login(client, world.admin)
    statuses = [
        client.post(
            "/k/heimby/medlemmer/inviter", data={"email": f"p{n}@example.no", "role": "admin"}
        ).status_code
        for n in range(10)
    ]
    assert statuses == [303] * 10
    blocked = client.post("/k/heimby/medlemmer/inviter", data={"email": "x@example.no"})
    assert blocked.status_code == 429
    assert "For mange forsøk" in blocked.get_data(as_text=True)
    # Sending one again counts against the same limit.
    invitation = db.session.query(Invitation).first()
    again = client.post(f"/k/heimby/medlemmer/invitasjoner/{invitation.id}/send-pa-nytt")
    assert again.status_code == 429
    assert db.session.query(Invitation).count() == 10
    # Another administrator has a count of their own.
    set_role(world.facilitator, world.municipality, Role.admin, actor=None)
    db.session.commit()
    login(client, world.facilitator)
    response = client.post(
        "/k/heimby/medlemmer/inviter", data={"email": "egen@example.no", "role": "admin"}
    )
    assert response.status_code == 303
