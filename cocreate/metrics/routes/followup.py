"""«Gjorde det en forskjell?»: the follow-up survey 6–12 months after an input reached gjort,
for those invited (its author and supporters); one answer per person per input."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...challenges.models import Challenge
from ...database import attempt
from ...extensions import db
from ...ideas.models import Idea
from ...municipalities.services import get_by_slug
from .. import bp
from ..followup import answer_followup, has_answered_followup
from ..forms import FollowUpForm
from ..permissions import can_answer_followup


@bp.route("/k/<slug>/gjorde-det-en-forskjell/<int:idea_id>", methods=["GET", "POST"])
@login_required
def followup(slug: str, idea_id: int):
    """Two questions (1–5) and free text, for the invited only."""
    municipality = get_by_slug(slug) or abort(404)
    idea = db.session.get(Idea, idea_id)
    challenge = db.session.get(Challenge, idea.challenge_id) if idea is not None else None
    if idea is None or challenge is None or challenge.municipality_id != municipality.id:
        abort(404)
    if not can_answer_followup(current_user, idea):
        abort(403)
    answered = has_answered_followup(current_user, idea)
    form = FollowUpForm()
    if not answered and form.validate_on_submit():
        done = attempt(
            lambda: answer_followup(
                idea,
                current_user,
                made_difference=int(form.made_difference.data),
                in_use=int(form.in_use.data),
                comment=form.comment.data or "",
            )
        )
        if done.refusal:
            form.comment.errors = [*form.comment.errors, done.refusal.reason]
        else:
            flash(_("Takk for svaret! Svarene vises bare samlet."), "success")
            return redirect(url_for("metrics.followup", slug=slug, idea_id=idea.id))
    return render_template(
        "metrics/followup.html",
        municipality=municipality,
        challenge=challenge,
        idea=idea,
        form=form,
        answered=answered,
    ), (400 if form.errors else 200)
