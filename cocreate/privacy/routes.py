"""Privacy pages: statements, "last ned mine data", "slett kontoen min", the consented profile."""

import json
from datetime import timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select, update

from .. import sections
from ..accounts.models import AgeBand, Gender, User
from ..database import attempt, commit, utcnow
from ..extensions import db, limiter
from ..ideas.models import Idea
from ..municipalities.models import District, Municipality
from ..municipalities.services import get_by_slug
from . import bp
from .forms import DeleteAccountForm, ProfileForm, StatementForm
from .permissions import can_edit_privacy_statement, can_erase_sender_contact
from .services import (
    delete_own_account,
    erase_sender_contact,
    export_personal_data,
    profile_of,
    save_profile,
    save_statement,
    statement_for,
    withdraw_consent,
)

ACTIVITY_RESOLUTION = timedelta(hours=12)


@bp.before_app_request
def _note_activity() -> None:
    """Remember when a signed-in person was last here (inactive accounts are deleted)."""
    if request.endpoint in (None, "static") or not current_user.is_authenticated:
        return
    seen = current_user.last_seen_at
    now = utcnow()
    if seen is None or now - seen > ACTIVITY_RESOLUTION:
        db.session.execute(update(User).where(User.id == current_user.id).values(last_seen_at=now))
        commit()


def _account_section(user) -> dict | None:
    return {} if getattr(user, "is_authenticated", False) else None


def _municipality_section(municipality: Municipality) -> dict:
    return {"municipality": municipality}


sections.register("account_page", "privacy/_account_section.html", _account_section, order=90)
sections.register(
    "municipality_page", "privacy/_municipality_section.html", _municipality_section, order=95
)


@bp.route("/personvern")
def platform_statement():
    return render_template(
        "privacy/statement.html", municipality=None, statement=statement_for(None), default=None
    )


@bp.route("/k/<slug>/personvern")
def municipality_statement(slug: str):
    municipality = get_by_slug(slug) or abort(404)
    statement = statement_for(municipality)
    default = statement_for(None) if statement is None else None
    return render_template(
        "privacy/statement.html", municipality=municipality, statement=statement, default=default
    )


@bp.route("/k/<slug>/personvern/rediger", methods=["GET", "POST"])
@login_required
def edit_statement(slug: str):
    municipality = get_by_slug(slug) or abort(404)
    if not can_edit_privacy_statement(current_user, municipality):
        abort(403)
    statement = statement_for(municipality)
    form = StatementForm(obj=statement)
    if form.validate_on_submit():
        done = attempt(
            lambda: save_statement(
                municipality,
                body=form.body.data or "",
                contact_email=form.contact_email.data or "",
                dpo_contact=form.dpo_contact.data or "",
                actor=current_user._get_current_object(),
            )
        )
        if done.refusal:
            form.body.errors = [*form.body.errors, done.refusal.reason]
        else:
            flash(_("Personvernerklæringen er lagret."), "success")
            return redirect(url_for("privacy.municipality_statement", slug=municipality.slug))
    return render_template("privacy/edit_statement.html", municipality=municipality, form=form)


@bp.route("/konto/personvern")
@login_required
def overview():
    return render_template("privacy/overview.html", profile=profile_of(current_user))


@bp.route("/konto/personvern/last-ned", methods=["POST"])
@login_required
@limiter.limit("10/hour")
def export():
    document = export_personal_data(current_user._get_current_object())
    commit()
    body = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    filename = f"samskap-mine-data-{utcnow():%Y-%m-%d}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/konto/slett", methods=["GET", "POST"])
@login_required
@limiter.limit("5/minute;20/hour", methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        done = attempt(
            lambda: delete_own_account(
                current_user._get_current_object(),
                form.password.data or "",
                remove_contributions=form.remove_contributions.data,
            )
        )
        if done.refusal:
            form.password.errors = [*form.password.errors, done.refusal.reason]
        else:
            logout_user()
            flash(_("Kontoen din er slettet. Takk for at du deltok."), "success")
            return redirect(url_for("site.index"))
    return render_template("privacy/delete_account.html", form=form)


def _district_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(District.name, Municipality.name)
        .join(Municipality, Municipality.id == District.municipality_id)
        .order_by(Municipality.name, District.name)
    ).all()
    names = sorted({district for district, _m in rows})
    return [("", _("Vil ikke oppgi")), *((name, name) for name in names)]


@bp.route("/konto/om-meg", methods=["GET", "POST"])
@login_required
def profile():
    existing = profile_of(current_user)
    form = ProfileForm()
    form.district.choices = _district_choices()
    if request.method == "GET" and existing is not None:
        form.age_band.data = existing.age_band.value if existing.age_band else ""
        form.gender.data = existing.gender.value if existing.gender else ""
        form.district.data = existing.district or ""
        form.consent.data = True
    if form.validate_on_submit():
        done = attempt(
            lambda: save_profile(
                current_user._get_current_object(),
                consent=form.consent.data,
                age_band=AgeBand(form.age_band.data) if form.age_band.data else None,
                gender=Gender(form.gender.data) if form.gender.data else None,
                district=form.district.data or None,
            )
        )
        if done.refusal:
            form.consent.errors = [*form.consent.errors, done.refusal.reason]
        else:
            flash(_("Takk! Opplysningene er lagret."), "success")
            return redirect(url_for("privacy.overview"))
    return render_template("privacy/profile.html", form=form, profile=existing)


@bp.route("/konto/om-meg/trekk-samtykke", methods=["POST"])
@login_required
def withdraw():
    if withdraw_consent(current_user._get_current_object()):
        commit()
        flash(_("Samtykket er trukket, og opplysningene om deg er slettet."), "success")
    return redirect(url_for("privacy.overview"))


@bp.route("/k/<slug>/innspill/<int:idea_id>/avsender/slett", methods=["POST"])
@login_required
def erase_sender(slug: str, idea_id: int):
    """Staff erase the contact details of a registered input's sender; the input stays."""
    municipality = get_by_slug(slug) or abort(404)
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.challenge.municipality_id != municipality.id:
        abort(404)
    if not can_erase_sender_contact(current_user, idea):
        abort(403)
    erased = erase_sender_contact(idea, actor=current_user)
    commit()
    if erased:
        flash(_("Avsenderens kontaktopplysninger er slettet."), "success")
    else:
        flash(_("Innspillet har ingen kontaktopplysninger å slette."), "info")
    return redirect(url_for("ideas.detail", slug=slug, idea_id=idea.id))
