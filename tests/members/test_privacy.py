"""Invitations and the privacy rules: the address belongs to the invitee. Erasing the account that
accepted one deletes it; erasing the administrator who sent one leaves it working; the invitee's
data download includes it without the secret."""

from sqlalchemy import select

from cocreate.accounts.models import Role
from cocreate.extensions import db
from cocreate.members.models import Invitation
from cocreate.members.services import accept_invitation, invitation_for_token, invite_member
from cocreate.privacy.personal_data import export_rows
from cocreate.privacy.services import delete_account
from tests.members.conftest import login, token_in

NEW = "ny@heimby.kommune.no"


def test_erasing_the_sender_keeps_the_invitation_working(client, world):
    invitation = invite_member(world.municipality, NEW, Role.facilitator, actor=world.facilitator)
    db.session.commit()
    token = token_in(NEW)
    delete_account(world.facilitator, remove_contributions=True, actor=None, reason="test")
    db.session.commit()
    assert invitation_for_token(world.municipality, token) == invitation
    login(client, world.admin)
    html = client.get("/k/heimby/medlemmer").get_data(as_text=True)
    assert NEW in html and "Slettet bruker" in html


def test_erasing_the_invitee_deletes_the_accepted_invitation(world):
    invitation = invite_member(world.municipality, NEW, Role.facilitator, actor=world.admin)
    db.session.commit()
    user = accept_invitation(
        invitation, signed_in=None, display_name="Nora", password="lang-og-trygg-frase-42"
    )
    db.session.commit()
    rows = export_rows(user)["invitations"]
    assert [row["email"] for row in rows] == [NEW]
    assert "token_hash" not in rows[0]
    delete_account(user, remove_contributions=False, actor=user, reason="self")
    db.session.commit()
    assert db.session.scalars(select(Invitation.email)).all() == []
