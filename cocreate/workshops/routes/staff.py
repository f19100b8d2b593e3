"""Facilitator views: set up a workshop, run its status, attendance, QR code, offline inputs."""

import io
from datetime import UTC, datetime

import segno
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc
from flask_login import current_user

from ... import sections
from ...accounts.permissions import is_staff
from ...challenges.models import Phase
from ...database import attempt, commit, flash_outcome
from ...extensions import db
from ...generation_cache import for_generation
from ...ideas.models import Channel, Idea, ReceivedVia
from ...refusals import Refusal
from ...refusals import require as require_reason
from .. import bp
from ..access import challenge_url, idea_url, join_url, load_challenge, load_workshop, require
from ..forms import HeadcountForm, OfflineInputForm, WorkshopForm
from ..models import Workshop, WorkshopFormat, WorkshopStatus
from ..permissions import (
    can_create_workshop,
    can_manage_workshop,
    can_register_offline_input,
    why_not_register_input,
)
from ..publishing import Receipt, local_today, register_offline_input
from ..queries import (
    checkin_summary,
    load_wall,
    workshop_cards,
    workshop_of_idea,
    workshops_for_challenge,
)
from ..services import create_workshop, record_headcount, set_status, update_workshop


def _from_form(form: WorkshopForm) -> dict:
    def utc(value: datetime | None) -> datetime:
        assert value is not None  # the form requires both times
        return to_utc(value).replace(tzinfo=UTC)

    return {
        "title": form.title.data,
        "format": WorkshopFormat(form.format.data),
        "starts_at": utc(form.starts_at.data),
        "ends_at": utc(form.ends_at.data),
        "place": form.place.data or "",
        "link": form.link.data or "",
        "description": form.description.data or "",
        "dots_per_person": form.dots_per_person.data,
    }


def _show_error(form: WorkshopForm, refusal: Refusal) -> None:
    target = form._fields.get(getattr(refusal, "field", None) or "", form.title)
    target.errors = [*target.errors, refusal.reason]


def _local(value: datetime) -> datetime:
    return to_user_timezone(value).replace(tzinfo=None)


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/verksteder/ny", methods=["GET", "POST"])
def create(slug: str, challenge_id: int):
    challenge = load_challenge(slug, challenge_id)
    require(can_create_workshop(current_user, challenge))
    form = WorkshopForm()
    if form.validate_on_submit():
        done = attempt(lambda: create_workshop(challenge, actor=current_user, **_from_form(form)))
        if done.refusal:
            _show_error(form, done.refusal)
        elif (workshop := done.value) is not None:
            flash(
                _("Verkstedet er opprettet. Koden er %(code)s.", code=workshop.join_code), "success"
            )
            return redirect(url_for("workshops.manage", slug=slug, workshop_id=workshop.id))
    return render_template(
        "workshops/form.html",
        form=form,
        challenge=challenge,
        workshop=None,
        back_url=challenge_url(challenge),
    ), (400 if form.errors else 200)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/rediger", methods=["GET", "POST"])
def edit(slug: str, workshop_id: int):
    workshop = load_workshop(slug, workshop_id)
    require(can_manage_workshop(current_user, workshop))
    form = WorkshopForm(obj=workshop)
    if request.method == "GET":
        form.format.data = workshop.format.value
        form.starts_at.data = _local(workshop.starts_at)
        form.ends_at.data = _local(workshop.ends_at)
    if form.validate_on_submit():
        done = attempt(lambda: update_workshop(workshop, actor=current_user, **_from_form(form)))
        if done.refusal:
            _show_error(form, done.refusal)
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("workshops.manage", slug=slug, workshop_id=workshop.id))
    return render_template(
        "workshops/form.html",
        form=form,
        challenge=workshop.challenge,
        workshop=workshop,
        back_url=url_for("workshops.manage", slug=slug, workshop_id=workshop.id),
    ), (400 if form.errors else 200)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>")
def manage(slug: str, workshop_id: int):
    workshop = load_workshop(slug, workshop_id)
    require(can_manage_workshop(current_user, workshop))
    wall = load_wall(workshop)
    return render_template(
        "workshops/manage.html",
        workshop=workshop,
        wall=wall,
        join_url=join_url(workshop),
        challenge_url=challenge_url(workshop.challenge),
        headcount_form=HeadcountForm(headcount=workshop.headcount),
        checkins=checkin_summary(workshop),
        statuses=WorkshopStatus,
    )


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/status", methods=["POST"])
def change_status(slug: str, workshop_id: int):
    workshop = load_workshop(slug, workshop_id)
    require(can_manage_workshop(current_user, workshop))
    try:
        status = WorkshopStatus(request.form.get("status", ""))
    except ValueError:
        flash(_("Ukjent status."), "error")
    else:
        flash_outcome(
            attempt(lambda: set_status(workshop, status, actor=current_user)),
            _("Verkstedet har nå status «%(s)s».", s=status.label),
        )
    return redirect(url_for("workshops.manage", slug=slug, workshop_id=workshop.id))


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/oppmote", methods=["POST"])
def headcount(slug: str, workshop_id: int):
    workshop = load_workshop(slug, workshop_id)
    require(can_manage_workshop(current_user, workshop))
    form = HeadcountForm()
    if form.validate_on_submit():
        record_headcount(workshop, form.headcount.data or 0, actor=current_user)
        commit()
        flash(_("Oppmøtet er lagret."), "success")
        return redirect(url_for("workshops.manage", slug=slug, workshop_id=workshop.id))
    return render_template(
        "workshops/manage.html",
        workshop=workshop,
        wall=load_wall(workshop),
        join_url=join_url(workshop),
        challenge_url=challenge_url(workshop.challenge),
        headcount_form=form,
        checkins=checkin_summary(workshop),
        statuses=WorkshopStatus,
    ), 400


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/qr.<any(svg, png):kind>")
def qr_code(slug: str, workshop_id: int, kind: str):
    workshop = load_workshop(slug, workshop_id)
    require(can_manage_workshop(current_user, workshop))
    buffer = io.BytesIO()
    qr = segno.make(join_url(workshop), error="m")
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=8, border=2, title=f"Samskap {workshop.join_code}")
        mimetype = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=12, border=2)
        mimetype = "image/png"
    response = Response(buffer.getvalue(), mimetype=mimetype)
    response.headers["Cache-Control"] = "private, max-age=3600"
    if request.args.get("last-ned"):
        response.headers["Content-Disposition"] = (
            f'attachment; filename="verksted-{workshop.join_code}.{kind}"'
        )
    return response


def _offline_form(challenge, workshops: list[Workshop]) -> OfflineInputForm:
    form = OfflineInputForm()
    form.workshop.choices = [("", _("Ingen – innspillet gjelder utfordringen"))] + [
        (str(w.id), w.title) for w in workshops
    ]
    return form


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/registrer-innspill", methods=["GET", "POST"])
def offline_input(slug: str, challenge_id: int):
    challenge = load_challenge(slug, challenge_id)
    require(current_user.is_authenticated)  # visitors log in first
    require_reason(why_not_register_input(current_user, challenge))
    workshops = list(db.session.scalars(workshops_for_challenge(challenge.id)))
    form = _offline_form(challenge, workshops)
    if request.method == "GET":
        form.received_on.data = local_today()
        if request.args.get("verksted"):
            form.workshop.data = request.args["verksted"]
            form.channel.data = Channel.workshop.value
    if form.validate_on_submit():
        workshop = next((w for w in workshops if str(w.id) == form.workshop.data), None)
        channel = Channel(form.channel.data)
        receipt = (
            Receipt(
                via=ReceivedVia(form.received_via.data),
                on=form.received_on.data or local_today(),
                case_number=form.case_number.data or "",
                contact=form.sender_contact.data or "",
            )
            if channel is Channel.registered
            else None
        )
        done = attempt(
            lambda: register_offline_input(
                challenge,
                title=form.title.data or "",
                body=form.body.data or "",
                channel=channel,
                workshop=workshop,
                dots=form.dots.data or 0,
                receipt=receipt,
                actor=current_user,
            )
        )
        if done.refusal:
            form.title.errors = [*form.title.errors, done.refusal.reason]
        elif (created := done.value) is not None:
            flash(_("Innspillet er registrert."), "success")
            return redirect(
                url_for(
                    "workshops.offline_input",
                    slug=slug,
                    challenge_id=challenge.id,
                    registrert=created.id,
                )
            )
    registered = None
    if request.args.get("registrert", "").isdecimal():
        registered = db.session.get(Idea, int(request.args["registrert"]))
        if registered is not None and registered.challenge_id != challenge.id:
            registered = None
    status = 400 if form.errors else 200
    return render_template(
        "workshops/offline_input.html",
        form=form,
        challenge=challenge,
        registered=registered,
        registered_url=idea_url(registered) if registered else None,
        back_url=challenge_url(challenge),
        late=challenge.phase is not Phase.open,
    ), status


def _challenge_section(challenge=None, **_context):
    if challenge is None:
        return None
    workshops = for_generation(
        ("challenge_workshops", challenge.id), lambda: workshop_cards(challenge.id)
    )
    can_create = can_create_workshop(current_user, challenge)
    can_register = can_register_offline_input(current_user, challenge)
    if not workshops and not can_create and not can_register:
        return None
    return {
        "workshops": workshops,
        "challenge": challenge,
        "can_create": can_create,
        "can_register": can_register,
        "can_manage": is_staff(current_user, challenge.municipality_id),
    }


def _idea_section(idea=None, **_context):
    link = workshop_of_idea(idea.id) if idea is not None else None
    if link is None:
        return None
    return {"workshop_link": link, "workshop_idea": idea}


sections.register("challenge_page", "workshops/_challenge_section.html", _challenge_section, 60)
sections.register(
    "idea_page", "workshops/_idea_section.html", _idea_section, 40, shared=lambda **_: True
)
