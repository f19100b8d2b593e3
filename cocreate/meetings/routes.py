"""Public pages of meetings: the meeting's page (agenda, minutes, sign-up form), signing up
(no account, no JavaScript needed), cancelling with the link from the e-mail, and the list of
meetings on the challenge page. The staff's forms are in manage_routes."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import sections
from ..challenges.models import Challenge
from ..database import attempt
from ..extensions import db, limiter
from ..markup import render_markdown
from ..municipalities.services import get_by_slug

# The staff's routes register on import; the daily reminders and purge join the outbox sweep.
from . import bp, jobs, manage_routes  # noqa: F401
from .forms import ConfirmForm, SignupForm
from .models import Meeting, Need, SignupStatus
from .permissions import can_manage_meetings, can_view_meeting, why_not_sign_up
from .queries import challenge_meetings, counts, meeting_inputs
from .services import SignupData, cancel_signup, sign_up, signup_by_token

SIGNUP_LIMIT = limiter.limit("10/minute;40/hour", methods=["POST"])
CANCEL_LIMIT = limiter.limit("20/minute;100/hour")


def meeting_or_404(slug: str, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    municipality = get_by_slug(slug)
    if meeting is None or municipality is None:
        abort(404)
    if meeting.challenge.municipality_id != municipality.id:
        abort(404)
    if not can_view_meeting(current_user, meeting):
        abort(404)
    return meeting


def _page(meeting: Meeting, form: SignupForm, status: int = 200):
    found = counts(meeting)
    places_left = found.places_left(meeting.capacity)
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        challenge=meeting.challenge,
        municipality=meeting.challenge.municipality,
        form=form,
        closed_reason=why_not_sign_up(meeting),
        # Public: only whether there is a place, never how many signed up (k = 5).
        full=places_left == 0,
        inputs=meeting_inputs(meeting),
        agenda_html=Markup(render_markdown(meeting.agenda)),  # noqa: S704  # sanitised (bleach)
        minutes_html=Markup(render_markdown(meeting.minutes)),  # noqa: S704
        may_manage=can_manage_meetings(current_user, meeting.challenge),
    ), status


@bp.route("/k/<slug>/moter/<int:meeting_id>")
def detail(slug: str, meeting_id: int):
    """A meeting's page: time and place, accessibility, agenda, minutes and the sign-up form."""
    meeting = meeting_or_404(slug, meeting_id)
    return _page(meeting, SignupForm())


@bp.route("/k/<slug>/moter/<int:meeting_id>/pamelding", methods=["POST"])
@SIGNUP_LIMIT
def signup(slug: str, meeting_id: int):
    """Sign up (no account): a place, or the waiting list when the meeting is full."""
    meeting = meeting_or_404(slug, meeting_id)
    form = SignupForm()
    if not form.validate_on_submit():
        return _page(meeting, form, 400)
    needs = {
        need
        for need, ticked in (
            (Need.interpreter, form.interpreter.data),
            (Need.hearing_loop, form.hearing_loop.data),
            (Need.step_free, form.step_free.data),
        )
        if ticked
    }
    data = SignupData(
        name=form.name.data or "",
        email=form.email.data or "",
        needs=frozenset(needs),
        other_needs=form.other_needs.data or "",
    )
    done = attempt(lambda: sign_up(meeting, data))
    if done.refusal is not None:
        form.form_errors.append(done.refusal.reason)
        return _page(meeting, form, done.refusal.status)
    assert done.value is not None
    return render_template(
        "meetings/signed_up.html",
        meeting=meeting,
        municipality=meeting.challenge.municipality,
        waiting=done.value.waiting,
    )


@bp.route("/moter/avmelding/<token>", methods=["GET", "POST"])
@CANCEL_LIMIT
def cancel(token: str):
    """The cancel link of the e-mails: a page with a button (a link alone never cancels, so a
    mail scanner that follows it changes nothing)."""
    signup = signup_by_token(token)
    if signup is None:
        return render_template("meetings/cancel_unknown.html"), 404
    meeting = signup.meeting
    form = ConfirmForm()
    if form.validate_on_submit():
        attempt(lambda: cancel_signup(signup))
        flash(_("Du er meldt av møtet. Takk for at du sa fra!"), "success")
        return redirect(url_for(".cancel", token=token), code=303)
    return render_template(
        "meetings/cancel.html",
        meeting=meeting,
        municipality=meeting.challenge.municipality,
        signup=signup,
        form=form,
        cancelled=signup.status is SignupStatus.cancelled,
    )


def _challenge_section(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    meetings = list(db.session.scalars(challenge_meetings(challenge.id)))
    may_manage = can_manage_meetings(current_user, challenge)
    if not meetings and not may_manage:
        return None
    return {"challenge": challenge, "meetings": meetings, "may_manage": may_manage}


def _same_for_everyone(challenge: Challenge, **_context: Any) -> bool:
    """Readers who may not plan meetings all see the same list: drawn once per generation."""
    return not can_manage_meetings(current_user, challenge)


sections.register(
    "challenge_page",
    "meetings/_challenge_section.html",
    _challenge_section,
    22,
    shared=_same_for_everyone,
)
