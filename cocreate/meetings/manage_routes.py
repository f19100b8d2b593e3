"""The staff's pages of meetings: plan and edit a meeting (its minutes too), the list of
sign-ups with the needs summed, and turning items of the minutes into inputs."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..challenges.models import Challenge
from ..database import attempt
from ..extensions import db, limiter
from ..refusals import require
from ..workshops.models import Workshop
from . import bp
from .forms import OSLO, ConfirmForm, MeetingForm, oslo_instant
from .minutes import inputs_from_minutes, minute_items
from .models import Meeting, MeetingKind
from .permissions import why_not_manage_meetings
from .queries import counts, meeting_inputs, needs_summary, signups
from .services import MeetingData, create_meeting, update_meeting

WRITE_LIMIT = "30/minute;300/hour"


def _challenge_or_404(slug: str, challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality.slug != slug:
        abort(404)
    return challenge


def _meeting_or_404(slug: str, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.challenge.municipality.slug != slug:
        abort(404)
    return meeting


def _form(challenge: Challenge, meeting: Meeting | None) -> MeetingForm:
    form = MeetingForm(obj=None if request.method == "POST" else meeting)
    workshops = db.session.scalars(
        select(Workshop).where(Workshop.challenge_id == challenge.id).order_by(Workshop.starts_at)
    )
    form.workshop.choices = [SelectChoice("", _("Ingen"))] + [
        SelectChoice(str(w.id), w.title) for w in workshops
    ]
    if request.method == "GET":
        if meeting is None:
            form.kind.data = MeetingKind.folkemote.value
            form.signups_open.data = True
        else:
            form.kind.data = meeting.kind.value
            form.workshop.data = str(meeting.workshop_id or "")
            start, end = meeting.starts_at.astimezone(OSLO), meeting.ends_at.astimezone(OSLO)
            form.day.data, form.starts.data, form.ends.data = start.date(), start.time(), end.time()
    return form


def _data(form: MeetingForm) -> MeetingData:
    assert form.day.data and form.starts.data and form.ends.data  # InputRequired
    return MeetingData(
        kind=MeetingKind(form.kind.data),
        title=form.title.data or "",
        place=form.place.data or "",
        address=form.address.data or "",
        accessibility=form.accessibility.data or "",
        starts_at=oslo_instant(form.day.data, form.starts.data),
        ends_at=oslo_instant(form.day.data, form.ends.data),
        capacity=form.capacity.data,
        signups_open=bool(form.signups_open.data),
        agenda=form.agenda.data or "",
        minutes=form.minutes.data or "",
        workshop_id=int(form.workshop.data) if form.workshop.data else None,
    )


def _form_page(challenge: Challenge, form: MeetingForm, meeting: Meeting | None, status=None):
    status = status or (400 if form.errors or form.form_errors else 200)
    return render_template(
        "meetings/form.html",
        challenge=challenge,
        municipality=challenge.municipality,
        form=form,
        meeting=meeting,
    ), status


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/moter/nytt", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def create(slug: str, challenge_id: int):
    """Staff plan a meeting of the challenge."""
    challenge = _challenge_or_404(slug, challenge_id)
    require(why_not_manage_meetings(current_user, challenge))
    form = _form(challenge, None)
    if form.validate_on_submit():
        done = attempt(lambda: create_meeting(challenge, _data(form), actor=current_user))
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        elif done.value is not None:
            flash(_("Møtet er lagret."), "success")
            return redirect(url_for(".detail", slug=slug, meeting_id=done.value.id), code=303)
    return _form_page(challenge, form, None)


@bp.route("/k/<slug>/moter/<int:meeting_id>/rediger", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def edit(slug: str, meeting_id: int):
    """Staff change a meeting, write its minutes, open or close sign-ups."""
    meeting = _meeting_or_404(slug, meeting_id)
    challenge = meeting.challenge
    require(why_not_manage_meetings(current_user, challenge))
    form = _form(challenge, meeting)
    if form.validate_on_submit():
        done = attempt(lambda: update_meeting(meeting, _data(form), actor=current_user))
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        else:
            flash(_("Møtet er lagret."), "success")
            return redirect(url_for(".detail", slug=slug, meeting_id=meeting.id), code=303)
    return _form_page(challenge, form, meeting)


@bp.route("/k/<slug>/moter/<int:meeting_id>/pameldinger")
@login_required
def signup_list(slug: str, meeting_id: int):
    """Staff see who signed up, the waiting list and the needs summed (to plan interpreters)."""
    meeting = _meeting_or_404(slug, meeting_id)
    require(why_not_manage_meetings(current_user, meeting.challenge))
    return render_template(
        "meetings/signups.html",
        meeting=meeting,
        municipality=meeting.challenge.municipality,
        signups=signups(meeting),
        counts=counts(meeting),
        needs=needs_summary(meeting),
    )


@bp.route("/k/<slug>/moter/<int:meeting_id>/referat-til-innspill", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def minutes_to_inputs(slug: str, meeting_id: int):
    """Staff tick items of the minutes; each becomes an input of the challenge, in one action."""
    meeting = _meeting_or_404(slug, meeting_id)
    require(why_not_manage_meetings(current_user, meeting.challenge))
    form = ConfirmForm()
    items = minute_items(meeting.minutes)
    error = None
    if form.validate_on_submit():
        chosen = [int(v) for v in request.form.getlist("item") if v.isdecimal()]
        done = attempt(lambda: inputs_from_minutes(meeting, chosen, actor=current_user))
        if done.refusal:
            error = done.refusal.reason
        else:
            made = len(done.value or [])
            flash(
                _("%(n)d innspill er registrert fra referatet.", n=made),
                "success",
            )
            return redirect(url_for(".detail", slug=slug, meeting_id=meeting.id), code=303)
    status = 400 if error or (request.method == "POST" and form.errors) else 200
    return render_template(
        "meetings/minutes_inputs.html",
        meeting=meeting,
        municipality=meeting.challenge.municipality,
        items=items,
        form=form,
        error=error,
        inputs=meeting_inputs(meeting, public=False),
    ), status
