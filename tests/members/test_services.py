"""Invitations, role changes and removal as services: the token rules (expired, reused, tampered,
wrong municipality, replaced, withdrawn), the last-administrator rule, the audit rows and the
e-mail to the person concerned, in that person's language."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Membership, Role, User
from cocreate.accounts.passwords import verify_password
from cocreate.accounts.services import find_user_by_email
from cocreate.accounts.tokens import make_token
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.members.models import Invitation, InvitationStatus
from cocreate.members.permissions import why_not_change_role
from cocreate.members.services import (
    MemberError,
    accept_invitation,
    change_role,
    invitation_for_token,
    invite_member,
    remove_member,
    resend_invitation,
    withdraw_invitation,
)
from cocreate.refusals import NotAllowed
from tests.members.conftest import events, last_mail_to, mails_to, token_in

NEW = "ny.fasilitator@heimby.kommune.no"
PASSWORD = "lang-og-trygg-frase-42"


def _membership(user: User, municipality) -> Membership:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    )


def _invite(world, email: str = NEW, role: Role = Role.facilitator) -> tuple[Invitation, str]:
    invitation = invite_member(world.municipality, email, role, actor=world.admin)
    db.session.commit()
    return invitation, token_in(email.strip().lower())


def test_an_invitation_is_a_pending_row_an_audit_event_and_a_mail_with_the_link(world):
    invitation, token = _invite(world, " Ny.Fasilitator@Heimby.Kommune.no ")
    assert invitation.email == NEW and invitation.status is InvitationStatus.pending
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    mail = last_mail_to(NEW)
    assert mail.kind == "membership" and mail.user_id is None
    assert "fasilitator" in mail.subject and "Heimby kommune" in mail.subject
    assert "/k/heimby/invitasjon/" in mail.text and "Test Testesen" in mail.text
    assert token not in str(invitation.token_hash)  # only a hash of the secret is stored
    (event,) = events("member.invited")
    assert event.actor_id == world.admin.id and event.municipality_id == world.municipality.id
    assert event.subject_id == invitation.id and event.data["role"] == "facilitator"
    assert invitation_for_token(world.municipality, token) == invitation


def test_the_lifetime_is_configurable(app, world):
    app.config["INVITATION_MAX_AGE"] = 2 * 24 * 3600
    try:
        invitation, _token = _invite(world)
    finally:
        app.config["INVITATION_MAX_AGE"] = 7 * 24 * 3600
    assert invitation.expires_at - invitation.created_at == timedelta(days=2)


def test_accepting_creates_a_confirmed_account_with_the_role_once(world):
    invitation, token = _invite(world)
    user = accept_invitation(
        invitation, signed_in=None, display_name="Nora Ny", password=PASSWORD, locale="nn"
    )
    db.session.commit()
    assert user.email == NEW and user.is_verified and user.locale == "nn"
    assert verify_password(user.password_hash, PASSWORD)
    assert _membership(user, world.municipality).role is Role.facilitator
    assert invitation.status is InvitationStatus.accepted and invitation.accepted_by_id == user.id
    (event,) = events("member.invitation_accepted")
    assert event.subject_id == user.id and event.data["new"] == "facilitator"
    # The confirmation is in the person's language (nynorsk was chosen on the page).
    assert "no" in last_mail_to(NEW).subject.split()  # "Du er no fasilitator …"
    # One use: the same link no longer opens anything.
    assert invitation_for_token(world.municipality, token) is None
    with pytest.raises(MemberError):
        accept_invitation(invitation, signed_in=user, display_name="X", password=PASSWORD)


def test_an_expired_invitation_is_refused_by_its_date_and_by_its_signature(app, world):
    invitation, token = _invite(world)
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert invitation_for_token(world.municipality, token) is None
    invitation.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    assert invitation_for_token(world.municipality, token) == invitation
    app.config["INVITATION_MAX_AGE"] = -1  # the signed timestamp is older than allowed
    try:
        assert invitation_for_token(world.municipality, token) is None
    finally:
        app.config["INVITATION_MAX_AGE"] = 7 * 24 * 3600


def test_a_tampered_or_forged_token_is_refused(world):
    invitation, token = _invite(world)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert invitation_for_token(world.municipality, tampered) is None
    # Correctly signed, but guessing the secret part: refused.
    forged = make_token("invite", {"iid": invitation.id, "m": world.municipality.id, "n": "x"})
    assert invitation_for_token(world.municipality, forged) is None
    # A token of another purpose (e.g. password reset) with the same payload: refused.
    assert invitation_for_token(world.municipality, "not-a-token") is None


def test_a_token_for_another_municipality_is_refused(world):
    invitation, token = _invite(world)
    assert invitation_for_token(world.other, token) is None
    assert invitation_for_token(world.municipality, token) == invitation


def test_re_inviting_replaces_the_old_link(world):
    first, old_token = _invite(world)
    second = resend_invitation(first, actor=world.admin)
    db.session.commit()
    new_token = token_in(NEW)
    assert first.status is InvitationStatus.replaced and first.ended_at is not None
    assert invitation_for_token(world.municipality, old_token) is None
    assert invitation_for_token(world.municipality, new_token) == second
    assert len(mails_to(NEW)) == 2
    assert events("member.invited")[-1].data["replaced"] == [first.id]


def test_withdrawing_kills_the_link_tells_the_address_and_is_audited(world):
    invitation, token = _invite(world)
    withdraw_invitation(invitation, actor=world.admin)
    db.session.commit()
    assert invitation.status is InvitationStatus.withdrawn
    assert invitation_for_token(world.municipality, token) is None
    assert "trukket tilbake" in last_mail_to(NEW).subject
    (event,) = events("member.invitation_withdrawn")
    assert event.subject_id == invitation.id and event.actor_id == world.admin.id
    with pytest.raises(MemberError):
        withdraw_invitation(invitation, actor=world.admin)


def test_staff_already_here_are_not_invited(world):
    with pytest.raises(MemberError, match="allerede fasilitator"):
        invite_member(world.municipality, world.facilitator.email, Role.admin, actor=world.admin)
    with pytest.raises(MemberError):
        invite_member(world.municipality, NEW, Role.citizen, actor=world.admin)


def test_an_existing_account_must_be_signed_in_as_the_invited_address(world):
    invitation, _token = _invite(world, world.citizen.email)
    assert "logg inn" in last_mail_to(world.citizen.email).text.lower()
    with pytest.raises(MemberError, match="Logg inn som"):
        accept_invitation(invitation, signed_in=None)
    with pytest.raises(MemberError, match="Logg inn som"):
        accept_invitation(invitation, signed_in=world.author)
    user = accept_invitation(invitation, signed_in=world.citizen)
    db.session.commit()
    assert user == world.citizen
    assert _membership(world.citizen, world.municipality).role is Role.facilitator


def test_a_never_confirmed_account_is_completed_by_the_link(world, create_user_f):
    unconfirmed = create_user_f("ubekreftet@example.no", verified=False)
    old_token = unconfirmed.session_token
    invitation, _token = _invite(world, unconfirmed.email, Role.admin)
    user = accept_invitation(invitation, signed_in=None, display_name="Ulla", password=PASSWORD)
    db.session.commit()
    assert user == unconfirmed and user.is_verified and user.display_name == "Ulla"
    assert verify_password(user.password_hash, PASSWORD)
    assert user.session_token != old_token  # whoever set the old password is signed out
    assert _membership(user, world.municipality).role is Role.admin


def test_the_last_admin_can_be_neither_demoted_nor_removed(world):
    admin = _membership(world.admin, world.municipality)
    reason = why_not_change_role(admin, Role.facilitator)
    assert reason and "eneste administrator" in reason
    with pytest.raises(NotAllowed, match="eneste administrator"):
        change_role(admin, Role.facilitator, actor=world.admin)
    with pytest.raises(NotAllowed, match="eneste administrator"):
        remove_member(admin, actor=world.admin)
    db.session.rollback()
    assert _membership(world.admin, world.municipality).role is Role.admin
    assert events("member.role_changed") == [] and events("member.removed") == []


def test_with_a_second_admin_the_first_may_step_down(world):
    facilitator = _membership(world.facilitator, world.municipality)
    assert change_role(facilitator, Role.admin, actor=world.admin) is True
    admin = _membership(world.admin, world.municipality)
    change_role(admin, Role.facilitator, actor=world.admin)
    db.session.commit()
    assert admin.role is Role.facilitator
    # Now the former facilitator is the only admin, and the rule protects them.
    with pytest.raises(NotAllowed):
        remove_member(facilitator, actor=world.facilitator)


def test_accepting_may_not_demote_the_last_admin(world):
    invitation = Invitation(
        municipality_id=world.municipality.id,
        email=world.admin.email,
        role=Role.facilitator,
        token_hash="0" * 64,
        expires_at=utcnow() + timedelta(days=1),
    )
    db.session.add(invitation)
    db.session.flush()
    with pytest.raises(NotAllowed, match="eneste administrator"):
        accept_invitation(invitation, signed_in=world.admin)


def test_role_changes_and_removals_are_audited_and_mailed(world):
    facilitator = _membership(world.facilitator, world.municipality)
    change_role(facilitator, Role.admin, actor=world.admin)
    db.session.commit()
    (changed,) = events("member.role_changed")
    assert changed.subject_id == world.facilitator.id
    assert changed.data["old"] == "facilitator" and changed.data["new"] == "admin"
    mail = last_mail_to(world.facilitator.email)
    assert "endret" in mail.subject and "fra fasilitator til administrator" in mail.text
    remove_member(facilitator, actor=world.admin)
    db.session.commit()
    assert facilitator.role is Role.citizen  # still a member, as a citizen
    (removed,) = events("member.removed")
    assert removed.data == {"old": "admin", "new": "citizen"}
    assert "ikke lenger en rolle" in last_mail_to(world.facilitator.email).subject


def test_mail_follows_the_persons_chosen_language(world):
    world.facilitator.locale = "en"
    change_role(_membership(world.facilitator, world.municipality), Role.admin, actor=world.admin)
    db.session.commit()
    mail = last_mail_to(world.facilitator.email)
    assert "role" in mail.subject.lower() and "rollen" not in mail.subject
    assert "from facilitator to administrator" in mail.text


def test_a_new_address_is_invited_in_the_municipalitys_written_language(world):
    from cocreate.municipalities.models import WrittenLanguage

    world.municipality.language = WrittenLanguage.nn
    _invite(world)
    assert "Invitasjon: bli fasilitator for" in last_mail_to(NEW).subject
    assert "Opne lenkja" in last_mail_to(NEW).text


def test_nothing_is_mailed_when_the_change_is_rolled_back(world):
    invite_member(world.municipality, NEW, Role.facilitator, actor=world.admin)
    db.session.rollback()
    assert mails_to(NEW) == [] and find_user_by_email(NEW) is None
