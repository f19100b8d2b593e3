"""The staff page of a municipality (administrators) and the invitation link (the invitee)."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..accounts.models import Role
from ..accounts.routes import log_in
from ..database import attempt, flash_outcome
from ..extensions import db, limiter
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from . import bp
from .forms import AcceptForm, ConfirmForm, InviteForm, RoleForm
from .mail import role_label
from .models import Invitation
from .permissions import STAFF_CHOICES, can_manage_members, why_not_remove_member
from .queries import inviters, pending_invitations, staff, staff_membership
from .services import (
    accept_invitation,
    account_for,
    change_role,
    invitation_for_token,
    invitation_max_age,
    invite_member,
    needs_password,
    remove_member,
    resend_invitation,
    withdraw_invitation,
)

bp.add_app_template_global(role_label, "role_label")

# Each invitation is an e-mail to an address the sender chooses: a few a minute, a team a day.
INVITE_LIMIT = "10/minute;60/day"


def _person_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or "unknown"


invite_limit = limiter.shared_limit(INVITE_LIMIT, scope="member-invitations", key_func=_person_key)


def _admin_links(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_manage_members(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("municipality_page", "members/_admin_link.html", _admin_links, order=85)


def _managed(slug: str) -> Municipality:
    municipality = get_by_slug(slug) or abort(404)
    if not can_manage_members(current_user, municipality):
        abort(403)
    return municipality


def _invitation(municipality: Municipality, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.municipality_id != municipality.id:
        abort(404)
    return invitation


def _back(municipality: Municipality):
    return redirect(url_for("members.index", slug=municipality.slug), code=303)


def _page(municipality: Municipality, form: InviteForm, status: int = 200):
    members = db.session.scalars(staff(municipality)).unique().all()
    invitations = list(db.session.scalars(pending_invitations(municipality)))
    return render_template(
        "members/index.html",
        municipality=municipality,
        form=form,
        staff=members,
        # The last administrator's row shows why it cannot change instead of the buttons.
        refusals={m.id: why_not_remove_member(m) for m in members},
        invitations=invitations,
        inviters=inviters(invitations),
        invitation_days=round(invitation_max_age() / 86400),
        Role=Role,
        staff_roles=STAFF_CHOICES,
    ), status


@bp.route("/k/<slug>/medlemmer")
@login_required
def index(slug: str):
    return _page(_managed(slug), InviteForm())


@bp.route("/k/<slug>/medlemmer/inviter", methods=["POST"])
@login_required
@invite_limit
def invite(slug: str):
    municipality = _managed(slug)
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(municipality, form, 400)
    email = form.email.data or ""
    role = Role(form.role.data)
    done = attempt(lambda: invite_member(municipality, email, role, actor=current_user))
    if done.refusal:
        form.email.errors = [*form.email.errors, done.refusal.reason]
        return _page(municipality, form, done.refusal.status)
    flash(
        _(
            "Invitasjonen er sendt til %(email)s. Lenken virker i %(days)s dager.",
            email=email.lower(),
            days=_days(done.value),
        ),
        "success",
    )
    return _back(municipality)


def _days(invitation: Invitation | None) -> int:
    if invitation is None:
        return 0
    return max(1, round((invitation.expires_at - invitation.created_at).total_seconds() / 86400))


@bp.route("/k/<slug>/medlemmer/invitasjoner/<int:invitation_id>/send-pa-nytt", methods=["POST"])
@login_required
@invite_limit
def resend(slug: str, invitation_id: int):
    municipality = _managed(slug)
    invitation = _invitation(municipality, invitation_id)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: resend_invitation(invitation, actor=current_user))
        flash_outcome(
            done,
            _(
                "En ny invitasjon er sendt til %(email)s. Den gamle lenken virker ikke lenger.",
                email=invitation.email,
            ),
        )
    return _back(municipality)


@bp.route("/k/<slug>/medlemmer/invitasjoner/<int:invitation_id>/trekk-tilbake", methods=["POST"])
@login_required
def withdraw(slug: str, invitation_id: int):
    municipality = _managed(slug)
    invitation = _invitation(municipality, invitation_id)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: withdraw_invitation(invitation, actor=current_user))
        flash_outcome(
            done, _("Invitasjonen til %(email)s er trukket tilbake.", email=invitation.email)
        )
    return _back(municipality)


@bp.route("/k/<slug>/medlemmer/<int:user_id>/rolle", methods=["POST"])
@login_required
def change(slug: str, user_id: int):
    municipality = _managed(slug)
    membership = staff_membership(municipality, user_id) or abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return _back(municipality)
    role = Role(form.role.data)
    name = membership.user.display_name
    done = attempt(lambda: change_role(membership, role, actor=current_user))
    flash_outcome(done, _("%(name)s er nå %(role)s.", name=name, role=role_label(role)))
    return _after_change(municipality)


@bp.route("/k/<slug>/medlemmer/<int:user_id>/fjern", methods=["POST"])
@login_required
def remove(slug: str, user_id: int):
    municipality = _managed(slug)
    membership = staff_membership(municipality, user_id) or abort(404)
    name = membership.user.display_name
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: remove_member(membership, actor=current_user))
        flash_outcome(done, _("%(name)s har ikke lenger en rolle i kommunen.", name=name))
    return _after_change(municipality)


def _after_change(municipality: Municipality):
    """Back to the staff page, or to the municipality if the admin just gave up that role."""
    if can_manage_members(current_user, municipality):
        return _back(municipality)
    return redirect(url_for("challenges.municipality", slug=municipality.slug), code=303)


# --- the invitation link ------------------------------------------------------------------------


@bp.route("/k/<slug>/invitasjon/<token>", methods=["GET", "POST"])
@limiter.limit("10/minute;50/hour", methods=["POST"])
def accept(slug: str, token: str):
    municipality = get_by_slug(slug) or abort(404)
    invitation = invitation_for_token(municipality, token)
    if invitation is None:
        return render_template("members/invalid.html", municipality=municipality), 404
    account = account_for(invitation)
    signed_in = current_user._get_current_object() if current_user.is_authenticated else None
    new_password = needs_password(invitation)
    form: AcceptForm | ConfirmForm = AcceptForm() if new_password else ConfirmForm()
    state = _state(invitation, account, signed_in, new_password)
    if state in ("password", "confirm") and form.validate_on_submit():
        data = form.data
        done = attempt(
            lambda: accept_invitation(
                invitation,
                signed_in=signed_in,
                display_name=data.get("display_name") or "",
                password=data.get("password") or "",
                locale=str(get_locale()),
            )
        )
        if done.refusal:
            flash(done.refusal.reason, "error")
        else:
            user = done.value
            if signed_in is None and user is not None:
                log_in(user)
            flash(
                _(
                    "Velkommen! Du er nå %(role)s for %(name)s.",
                    role=role_label(invitation.role),
                    name=municipality.name,
                ),
                "success",
            )
            return redirect(url_for("challenges.municipality", slug=municipality.slug), code=303)
    return render_template(
        "members/accept.html",
        municipality=municipality,
        invitation=invitation,
        state=state,
        form=form,
        signed_in=signed_in,
        inviter=inviters([invitation]).get(invitation.id),
    ), (400 if form.errors else 200)


def _state(invitation: Invitation, account, signed_in, new_password: bool) -> str:
    """Which page the link shows: a form, or what the person must do first."""
    if account is not None and not account.is_active:
        return "deleted"
    if new_password:
        if signed_in is not None and (account is None or signed_in.id != account.id):
            return "log_out"
        return "password"
    if signed_in is None:
        return "log_in"
    if signed_in.id != account.id:
        return "wrong_account"
    return "confirm"
