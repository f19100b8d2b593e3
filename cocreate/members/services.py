"""Staff changes: invite, re-invite, withdraw, accept, change a role, remove it. Each checks its
rule, flushes, writes the audit row and queues the e-mail to the person concerned; the caller
commits (routes, the CLI)."""

import hmac
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import Membership, Role, User
from ..accounts.passwords import hash_password
from ..accounts.services import (
    checked_name,
    create_user,
    find_user_by_email,
    normalise_email,
    set_role,
)
from ..accounts.sessions import end_all_sessions
from ..accounts.tokens import make_token, read_token
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..municipalities.models import Municipality
from ..notifications.links import absolute_url, path_for
from ..refusals import Refusal, require
from .mail import queue_mail, role_label
from .models import Invitation, InvitationStatus, token_hash
from .permissions import STAFF_CHOICES, why_not_change_role, why_not_remove_member

PURPOSE = "invite"


class MemberError(Refusal):
    """A staff change that cannot be made; the message is shown to the person."""


def invitation_max_age() -> int:
    """Seconds an invitation link stays valid (INVITATION_MAX_AGE, 7 days by default)."""
    return int(current_app.config["INVITATION_MAX_AGE"])


def _absolute_url(endpoint: str, **values: Any) -> str:
    """BASE_URL and the endpoint's path, in a request or not (the CLI)."""
    return absolute_url(path_for(endpoint, **values))


def membership_of(user: User, municipality: Municipality) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    )


def invite_member(
    municipality: Municipality, email: str, role: Role, *, actor: User | None
) -> Invitation:
    """E-mail a one-use link that makes the address's owner `role` here. A pending invitation to
    the same address is replaced (its link stops working); staff already here are refused."""
    if role not in STAFF_CHOICES:
        raise MemberError(_("Velg saksbehandler, fasilitator eller administrator."))
    email = normalise_email(email)
    existing = find_user_by_email(email)
    if existing is not None:
        membership = membership_of(existing, municipality)
        if membership is not None and membership.role in STAFF_CHOICES:
            raise MemberError(
                _(
                    "%(email)s er allerede %(role)s i kommunen. Endre rollen i listen over "
                    "ansatte i stedet.",
                    email=email,
                    role=role_label(membership.role),
                )
            )
    replaced = _end_pending(municipality, email, InvitationStatus.replaced)
    nonce = secrets.token_urlsafe(24)
    now = utcnow()
    invitation = Invitation(
        municipality_id=municipality.id,
        email=email,
        role=role,
        token_hash=token_hash(nonce),
        created_at=now,
        expires_at=now + timedelta(seconds=invitation_max_age()),
    )
    db.session.add(invitation)
    db.session.flush()
    token = make_token(PURPOSE, {"iid": invitation.id, "m": municipality.id, "n": nonce})
    link = _absolute_url("members.accept", slug=municipality.slug, token=token)
    record_event(
        "member.invited",
        actor=actor,
        municipality=municipality,
        subject=invitation,
        role=role.value,
        replaced=[old.id for old in replaced],
    )
    queue_mail(
        to=email,
        user=existing,
        municipality=municipality,
        subject=lambda: _(
            "Invitasjon: bli %(role)s for %(municipality)s i Samskap",
            role=role_label(role),
            municipality=municipality.name,
        ),
        template="members/mail/invitation.txt",
        invitation=invitation,
        inviter=actor,
        link=link,
        has_account=existing is not None and existing.is_verified,
    )
    return invitation


def _end_pending(
    municipality: Municipality, email: str, status: InvitationStatus
) -> list[Invitation]:
    pending = list(
        db.session.scalars(
            select(Invitation).where(
                Invitation.municipality_id == municipality.id,
                Invitation.email == email,
                Invitation.status == InvitationStatus.pending,
            )
        )
    )
    for old in pending:
        old.status = status
        old.ended_at = utcnow()
    return pending


def resend_invitation(invitation: Invitation, *, actor: User | None) -> Invitation:
    """A new link for a pending or expired invitation; the old link stops working."""
    if invitation.status is not InvitationStatus.pending:
        raise MemberError(_("Invitasjonen er allerede brukt eller trukket tilbake."))
    return invite_member(invitation.municipality, invitation.email, invitation.role, actor=actor)


def withdraw_invitation(invitation: Invitation, *, actor: User | None) -> None:
    """Withdraw a pending invitation: its link stops working, and the address is told."""
    if invitation.status is not InvitationStatus.pending:
        raise MemberError(_("Invitasjonen er allerede brukt eller trukket tilbake."))
    invitation.status = InvitationStatus.withdrawn
    invitation.ended_at = utcnow()
    db.session.flush()
    municipality = invitation.municipality
    record_event(
        "member.invitation_withdrawn",
        actor=actor,
        municipality=municipality,
        subject=invitation,
        role=invitation.role.value,
    )
    queue_mail(
        to=invitation.email,
        user=find_user_by_email(invitation.email),
        municipality=municipality,
        subject=lambda: _(
            "Invitasjonen til %(municipality)s i Samskap er trukket tilbake",
            municipality=municipality.name,
        ),
        template="members/mail/withdrawn.txt",
        invitation=invitation,
    )


def invitation_for_token(municipality: Municipality, token: str) -> Invitation | None:
    """The pending, unexpired invitation this link stands for, if it is genuine, unused and for
    this municipality; None for anything else (forged, expired, used, withdrawn, replaced)."""
    payload = read_token(PURPOSE, token, invitation_max_age())
    if payload is None or payload.get("m") != municipality.id:
        return None
    invitation_id, nonce = payload.get("iid"), payload.get("n")
    if not isinstance(invitation_id, int) or not isinstance(nonce, str):
        return None
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.municipality_id != municipality.id:
        return None
    if not hmac.compare_digest(invitation.token_hash, token_hash(nonce)):
        return None
    return invitation if invitation.is_usable else None


def account_for(invitation: Invitation) -> User | None:
    """The account that already has the invitation's address, if any."""
    return find_user_by_email(invitation.email)


def needs_password(invitation: Invitation) -> bool:
    """Whether accepting sets a name and password: no account yet, or one never confirmed (the
    e-mailed link proves the address, as a password reset would)."""
    user = account_for(invitation)
    return user is None or (user.is_active and not user.is_verified)


def accept_invitation(
    invitation: Invitation,
    *,
    signed_in: User | None,
    display_name: str = "",
    password: str = "",
    locale: str | None = None,
) -> User:
    """Use the link: create or complete the account (address confirmed), or, for an account in
    use, require its owner to be signed in; then give the role. The link works once."""
    # Read again under a row lock (PostgreSQL): a double click waits, then finds it used.
    db.session.refresh(invitation, with_for_update=True)
    if not invitation.is_usable:
        raise MemberError(_("Invitasjonen er ugyldig, utløpt eller allerede brukt."))
    municipality = invitation.municipality
    user = account_for(invitation)
    if user is not None and not user.is_active:
        raise MemberError(_("Kontoen med denne e-postadressen er slettet."))
    if user is None or not user.is_verified:
        if signed_in is not None and (user is None or signed_in.id != user.id):
            raise MemberError(_("Logg ut før du godtar invitasjonen til en ny konto."))
        if not display_name.strip() or not password:
            raise MemberError(_("Skriv inn navn og passord."))
        if user is None:
            user = create_user(
                invitation.email, display_name, password, verified=True, locale=locale
            )
        else:
            user.display_name = checked_name(display_name)
            user.password_hash = hash_password(password)
            user.email_verified_at = utcnow()
            user.locale = user.locale or locale
            end_all_sessions(user)  # whoever set the old password never proved the address
    elif signed_in is None or signed_in.id != user.id:
        raise MemberError(
            _("Logg inn som %(email)s for å godta invitasjonen.", email=invitation.email)
        )
    membership = membership_of(user, municipality)
    if membership is not None and membership.role is not invitation.role:
        require(why_not_change_role(membership, invitation.role, lock=True))
    set_role(
        user,
        municipality,
        invitation.role,
        actor=user,
        event="member.invitation_accepted",
        invitation_id=invitation.id,
    )
    invitation.status = InvitationStatus.accepted
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    db.session.flush()
    queue_mail(
        to=user.email or invitation.email,
        user=user,
        municipality=municipality,
        subject=lambda: _(
            "Du er nå %(role)s for %(municipality)s i Samskap",
            role=role_label(invitation.role),
            municipality=municipality.name,
        ),
        template="members/mail/role_given.txt",
        role=invitation.role,
        link=_absolute_url("challenges.municipality", slug=municipality.slug),
    )
    return user


def change_role(membership: Membership, role: Role, *, actor: User | None) -> bool:
    """Make a staff member facilitator or admin (never the last admin less); whether it changed."""
    if role not in STAFF_CHOICES:
        raise MemberError(_("Velg saksbehandler, fasilitator eller administrator."))
    if membership.role not in STAFF_CHOICES:
        raise MemberError(_("Personen har ingen rolle i kommunen. Send en invitasjon i stedet."))
    if membership.role is role:
        return False
    require(why_not_change_role(membership, role, lock=True))
    old = membership.role
    _apply(membership, role, actor=actor, event="member.role_changed")
    municipality = membership.municipality
    queue_mail(
        to=membership.user.email or "",
        user=membership.user,
        municipality=municipality,
        subject=lambda: _(
            "Rollen din for %(municipality)s i Samskap er endret",
            municipality=municipality.name,
        ),
        template="members/mail/role_changed.txt",
        old=old,
        role=role,
        actor_name=actor.display_name if actor is not None else None,
    )
    return True


def remove_member(membership: Membership, *, actor: User | None) -> None:
    """Take the staff role away: the person stays a citizen (never the last admin)."""
    require(why_not_remove_member(membership, lock=True))
    old = membership.role
    _apply(membership, Role.citizen, actor=actor, event="member.removed")
    municipality = membership.municipality
    queue_mail(
        to=membership.user.email or "",
        user=membership.user,
        municipality=municipality,
        subject=lambda: _(
            "Du har ikke lenger en rolle for %(municipality)s i Samskap",
            municipality=municipality.name,
        ),
        template="members/mail/removed.txt",
        old=old,
        actor_name=actor.display_name if actor is not None else None,
    )


def _apply(membership: Membership, role: Role, *, actor: User | None, event: str) -> None:
    set_role(membership.user, membership.municipality, role, actor=actor, event=event)


def set_role_directly(
    municipality: Municipality, user: User, role: Role, *, actor: User | None
) -> Membership:
    """The operator's `members add` for an existing account: the role at once, no link."""
    if role not in STAFF_CHOICES:
        raise MemberError(_("Velg saksbehandler, fasilitator eller administrator."))
    if not user.is_active:
        raise MemberError(_("Kontoen med denne e-postadressen er slettet."))
    membership = membership_of(user, municipality)
    if membership is not None and membership.role in STAFF_CHOICES:
        change_role(membership, role, actor=actor)
        return membership
    membership = set_role(user, municipality, role, actor=actor, event="member.role_given")
    _end_pending(municipality, user.email or "", InvitationStatus.replaced)
    queue_mail(
        to=user.email or "",
        user=user,
        municipality=municipality,
        subject=lambda: _(
            "Du er nå %(role)s for %(municipality)s i Samskap",
            role=role_label(role),
            municipality=municipality.name,
        ),
        template="members/mail/role_given.txt",
        role=role,
        link=_absolute_url("challenges.municipality", slug=municipality.slug),
    )
    return membership
