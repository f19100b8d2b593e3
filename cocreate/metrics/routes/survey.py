"""«Ble du hørt?»: the three-question survey after a challenge concludes; and, on the form that
concludes it, the promise check it is about to be measured by."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import sections, shells
from ...challenges.models import Challenge, Phase
from ...database import attempt
from ...extensions import db
from ...municipalities.services import get_by_slug
from .. import bp
from ..forms import SurveyForm
from ..measures_pipeline import DEMANDING_RANK, PROMISE_CLOSURE, promise_check
from ..permissions import can_answer_survey
from ..survey import answer_survey, has_answered


@bp.route("/k/<slug>/ble-du-hort/<int:challenge_id>", methods=["GET", "POST"])
@login_required
def survey(slug: str, challenge_id: int):
    """Three questions (1–5) and free text; one answer per person per challenge."""
    municipality = get_by_slug(slug) or abort(404)
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality_id != municipality.id:
        abort(404)
    if not can_answer_survey(current_user, challenge):
        abort(403)
    answered = has_answered(current_user, challenge)
    form = SurveyForm()
    if not answered and form.validate_on_submit():
        done = attempt(
            lambda: answer_survey(
                challenge,
                current_user,
                felt_heard=int(form.felt_heard.data),
                understood=int(form.understood.data),
                would_return=int(form.would_return.data),
                comment=form.comment.data or "",
            )
        )
        if done.refusal:
            form.comment.errors = [*form.comment.errors, done.refusal.reason]
        else:
            flash(_("Takk for svaret! Svarene vises bare samlet."), "success")
            return redirect(url_for("metrics.survey", slug=slug, challenge_id=challenge.id))
    return render_template(
        "metrics/survey.html",
        municipality=municipality,
        challenge=challenge,
        form=form,
        answered=answered,
    ), (400 if form.errors else 200)


def _challenge_section(challenge: Challenge, **_kw: Any) -> dict[str, Any] | None:
    """«Ble du hørt?» is for those who took part: a hole, drawn per reader (_survey_hole)."""
    if challenge.phase is not Phase.concluded:
        return None
    return {"challenge_id": challenge.id}


def _survey_hole(args: dict[str, Any], _prepared: Any) -> str:
    if not current_user.is_authenticated:
        return ""
    challenge = db.session.get(Challenge, int(args["challenge_id"]))
    if challenge is None or not can_answer_survey(current_user, challenge):
        return ""
    section = {"challenge": challenge, "answered": has_answered(current_user, challenge)}
    return render_template("metrics/_challenge_survey.html", section=section)


def _conclude_section(challenge: Challenge, **_kw: Any) -> dict[str, Any]:
    """Before a challenge is concluded: its unanswered inputs and whether the promise check of
    its IAP2 level will pass (the same computation as the "promise kept" measure). A check that
    would fail asks the person concluding for an explicit confirmation."""
    promise = promise_check(challenge)
    return {
        "challenge": challenge,
        "promise": promise,
        "unanswered": promise.inputs - promise.answered,
        "closure_required": PROMISE_CLOSURE,
        "needs_action": challenge.level.rank >= DEMANDING_RANK,
        "needs_confirmation": not promise.kept,
    }


sections.register("challenge_page", "metrics/_challenge_section.html", _challenge_section, order=30)
shells.register("challenge_survey", _survey_hole)
sections.register("conclude_form", "metrics/_conclude_section.html", _conclude_section)
