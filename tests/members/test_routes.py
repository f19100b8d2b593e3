"""The staff page and the invitation link through HTTP: who sees what, the forms with bad input
and without their CSRF token, the link's states, and the flows end to end."""

import re

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Membership, Role
from cocreate.accounts.services import find_user_by_email
from cocreate.extensions import db
from cocreate.members.models import Invitation, InvitationStatus
from cocreate.members.services import invite_member
from tests.factories import PASSWORD
from tests.members.conftest import events, invitation_path, login, mails_to

NEW = "ny@heimby.kommune.no"
NEW_PASSWORD = "lang-og-trygg-frase-42"


def _role(user, municipality) -> Role | None:
    db.session.expire_all()
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    )
    return membership.role if membership else None


def _invited(world, email: str = NEW, role: Role = Role.facilitator) -> Invitation:
    invitation = invite_member(world.municipality, email, role, actor=world.admin)
    db.session.commit()
    return invitation


def test_the_admin_sees_the_staff_with_email_role_since_and_last_active(client, world):
    _invited(world)
    login(client, world.admin)
    page = client.get("/k/heimby/medlemmer")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in ("admin@example.no", "fasilitator@example.no", "Administrator", "Fasilitator"):
        assert text in html
    assert "fasilitator@bortby.no" not in html and "innbygger@example.no" not in html
    assert "Ikke logget inn ennå" in html  # nobody in the world has signed in
    assert NEW in html and "Trekk tilbake" in html  # the pending invitation
    # The only administrator's row says why it cannot change, instead of offering buttons.
    assert "eneste administrator" in html
    assert f"/k/heimby/medlemmer/{world.admin.id}/fjern" not in html
    assert f"/k/heimby/medlemmer/{world.facilitator.id}/fjern" in html


def test_the_municipality_page_links_admins_to_the_staff_page(client, world):
    login(client, world.admin)
    assert "/k/heimby/medlemmer" in client.get("/k/heimby/").get_data(as_text=True)
    login(client, world.facilitator)
    assert "/k/heimby/medlemmer" not in client.get("/k/heimby/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["facilitator", "citizen", "other_admin"])
def test_nobody_but_the_admin_may_invite(client, world, who):
    login(client, getattr(world, who))
    response = client.post("/k/heimby/medlemmer/inviter", data={"email": NEW, "role": "admin"})
    assert response.status_code == 403
    assert mails_to(NEW) == [] and events("member.invited") == []


def test_inviting_sends_the_link_and_lists_the_invitation(client, world):
    login(client, world.admin)
    response = client.post(
        "/k/heimby/medlemmer/inviter", data={"email": "Ny@Heimby.Kommune.no", "role": "admin"}
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Invitasjonen er sendt til {NEW}" in page
    (mail,) = mails_to(NEW)
    assert "administrator" in mail.subject
    assert db.session.scalar(select(Invitation.role).where(Invitation.email == NEW)) is Role.admin


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "", "role": "facilitator"}, "Skriv inn e-postadressen din."),
        ({"email": "ikke-en-adresse", "role": "facilitator"}, "gyldig e-postadresse"),
        ({"email": NEW, "role": "citizen"}, 'id="role-error"'),
        ({"email": NEW, "role": "superuser"}, 'id="role-error"'),
        ({"email": NEW + "\x00", "role": "admin"}, "tegn som ikke er tillatt"),
    ],
)
def test_bad_input_is_refused_with_the_page_and_nothing_sent(client, world, data, message):
    login(client, world.admin)
    response = client.post("/k/heimby/medlemmer/inviter", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Invitation)).all() == []


def test_inviting_existing_staff_shows_the_refusal(client, world):
    login(client, world.admin)
    response = client.post(
        "/k/heimby/medlemmer/inviter", data={"email": world.facilitator.email, "role": "admin"}
    )
    assert response.status_code == 400
    assert "er allerede fasilitator" in response.get_data(as_text=True)


def test_the_forms_need_their_csrf_token(app, client, world):
    invitation = _invited(world)
    login(client, world.admin)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        posts = [
            ("/k/heimby/medlemmer/inviter", {"email": "x@example.no", "role": "admin"}),
            (f"/k/heimby/medlemmer/{world.facilitator.id}/rolle", {"role": "admin"}),
            (f"/k/heimby/medlemmer/{world.facilitator.id}/fjern", {}),
            (f"/k/heimby/medlemmer/invitasjoner/{invitation.id}/trekk-tilbake", {}),
            (f"/k/heimby/medlemmer/invitasjoner/{invitation.id}/send-pa-nytt", {}),
        ]
        statuses = [client.post(url, data=data).status_code for url, data in posts]
        page = client.get("/k/heimby/medlemmer").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        with_token = client.post(
            f"/k/heimby/medlemmer/{world.facilitator.id}/rolle",
            data={"role": "admin", "csrf_token": token},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert statuses == [400] * 5
    assert with_token.status_code == 303
    assert _role(world.facilitator, world.municipality) is Role.admin
    assert [e.event for e in events("member.role_changed")] == ["member.role_changed"]


def test_changing_and_removing_a_role(client, world):
    login(client, world.admin)
    url = f"/k/heimby/medlemmer/{world.facilitator.id}"
    assert client.post(f"{url}/rolle", data={"role": "admin"}).status_code == 303
    assert _role(world.facilitator, world.municipality) is Role.admin
    assert client.post(f"{url}/rolle", data={"role": "superuser"}).status_code == 303
    assert _role(world.facilitator, world.municipality) is Role.admin
    assert client.post(f"{url}/fjern").status_code == 303
    assert _role(world.facilitator, world.municipality) is Role.citizen
    # No longer staff: the same address now names nobody on this page.
    assert client.post(f"{url}/fjern").status_code == 404
    assert [e.event for e in events("member.removed")] == ["member.removed"]


def test_the_last_admin_is_refused_in_plain_norwegian(client, world):
    login(client, world.admin)
    url = f"/k/heimby/medlemmer/{world.admin.id}"
    response = client.post(f"{url}/fjern", follow_redirects=True)
    assert "eneste administrator" in response.get_data(as_text=True)
    response = client.post(f"{url}/rolle", data={"role": "facilitator"}, follow_redirects=True)
    assert "eneste administrator" in response.get_data(as_text=True)
    assert _role(world.admin, world.municipality) is Role.admin


def test_an_admin_who_steps_down_is_sent_to_the_municipality_page(client, world):
    login(client, world.admin)
    client.post(f"/k/heimby/medlemmer/{world.facilitator.id}/rolle", data={"role": "admin"})
    response = client.post(
        f"/k/heimby/medlemmer/{world.admin.id}/rolle", data={"role": "facilitator"}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/k/heimby/"
    assert client.get("/k/heimby/medlemmer").status_code == 403


def test_staff_of_another_municipality_are_not_found_here(client, world):
    login(client, world.admin)
    url = f"/k/heimby/medlemmer/{world.other_facilitator.id}"
    assert client.post(f"{url}/fjern").status_code == 404
    assert client.post(f"{url}/rolle", data={"role": "admin"}).status_code == 404
    assert _role(world.other_facilitator, world.other) is Role.facilitator


def test_withdraw_and_resend(client, world):
    first = _invited(world)
    login(client, world.admin)
    base = "/k/heimby/medlemmer/invitasjoner"
    assert client.post(f"{base}/{first.id}/send-pa-nytt").status_code == 303
    db.session.expire_all()
    assert first.status is InvitationStatus.replaced
    second = db.session.scalar(
        select(Invitation).where(Invitation.status == InvitationStatus.pending)
    )
    assert client.post(f"{base}/{second.id}/trekk-tilbake").status_code == 303
    db.session.expire_all()
    assert second.status is InvitationStatus.withdrawn
    response = client.post(f"{base}/{second.id}/trekk-tilbake", follow_redirects=True)
    assert "allerede brukt eller trukket tilbake" in response.get_data(as_text=True)
    # Another municipality's admin cannot reach this municipality's invitation at all.
    other = _invited(world, "tredje@example.no")
    login(client, world.other_admin)
    assert (
        client.post(f"/k/bortby/medlemmer/invitasjoner/{other.id}/trekk-tilbake").status_code == 404
    )
    assert client.post(f"{base}/{other.id}/trekk-tilbake").status_code == 403


def test_a_new_person_accepts_sets_a_password_and_is_signed_in_as_staff(client, world):
    _invited(world)
    path = invitation_path(NEW)
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Bli fasilitator for Heimby kommune" in html and NEW in html
    short = client.post(path, data={"display_name": "Nora", "password": "kort", "confirm": "kort"})
    assert short.status_code == 400 and "minst 10 tegn" in short.get_data(as_text=True)
    assert find_user_by_email(NEW) is None
    response = client.post(
        path,
        data={"display_name": "Nora Ny", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 303 and response.headers["Location"] == "/k/heimby/"
    user = find_user_by_email(NEW)
    assert user.is_verified and _role(user, world.municipality) is Role.facilitator
    # Signed in: the staff menu shows the municipality, and the link is spent.
    home = client.get("/").get_data(as_text=True)
    assert 'href="/k/heimby/"' in home and "Logg ut" in home
    assert client.get(path).status_code == 404
    assert "Invitasjonen kan ikke brukes" in client.get(path).get_data(as_text=True)


def test_an_existing_account_is_asked_to_sign_in_then_accepts(client, world):
    _invited(world, world.citizen.email)
    path = invitation_path(world.citizen.email)
    html = client.get(path).get_data(as_text=True)
    assert "Logg inn for å godta" in html and "/logg-inn?next=" in html
    assert client.post(path).status_code == 200  # nothing to accept before signing in
    assert _role(world.citizen, world.municipality) is None
    login(client, world.author)  # the wrong person
    assert "Logg ut først" in client.get(path).get_data(as_text=True)
    client.post(path)
    assert _role(world.author, world.municipality) is None
    client.post("/logg-ut")
    response = client.post(
        "/logg-inn?next=" + path, data={"email": world.citizen.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == path
    assert "Godta invitasjonen" in client.get(path).get_data(as_text=True)
    assert client.post(path).status_code == 303
    assert _role(world.citizen, world.municipality) is Role.facilitator


def test_a_link_under_another_municipality_or_tampered_is_not_found(client, world):
    _invited(world)
    path = invitation_path(NEW)
    assert client.get(path.replace("/k/heimby/", "/k/bortby/")).status_code == 404
    assert client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB")).status_code == 404
    assert (
        client.post(
            path.replace("/k/heimby/", "/k/bortby/"),
            data={"display_name": "X", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        ).status_code
        == 404
    )
    assert find_user_by_email(NEW) is None
    assert client.get(path).status_code == 200
