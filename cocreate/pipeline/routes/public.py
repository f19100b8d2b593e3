"""Public and citizen views: "Mine innspill", follow/unfollow, "Fra ord til handling"."""

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ...accounts.routes import safe_next
from ...challenges.following import district_municipalities, followed_topics
from ...database import commit
from ...extensions import db
from ...ideas.models import Idea, Visibility
from ...ideas.permissions import can_view_idea
from ...ideas.services import follow_idea, unfollow_idea
from ...ideas.stages import MAIN_PATH
from ...municipalities.services import get_by_slug
from ...reference.models import Principle
from .. import bp
from ..links import challenge_path, idea_path
from ..permissions import can_follow_idea
from ..queries import action_ideas, answers_for, latest_answers, my_ideas, relations, shown_answer


@bp.route("/mine-innspill")
@login_required
def my_ideas_page():
    """Inputs the person submitted, supports or follows, with stage and latest answer."""
    page = db.paginate(my_ideas(current_user), per_page=30, error_out=False)
    ids = [idea.id for idea in page.items]
    # A merged input's journey continues in the idea it joined: show that one's answer.
    answer_ids = {idea.id: idea.merged_into_id or idea.id for idea in page.items}
    latest = latest_answers(set(answer_ids.values()))
    supported, followed = relations(current_user, ids)
    topics = followed_topics(current_user)
    return render_template(
        "pipeline/my_ideas.html",
        topics=topics,
        district_municipalities=district_municipalities(topics),
        page=page,
        latest={i: latest.get(answer_ids[i]) for i in ids},
        supported=supported,
        followed=followed,
        idea_path=idea_path,
        challenge_path=challenge_path,
        main_path=MAIN_PATH,
    )


def _idea_in(slug: str, idea_id: int) -> Idea:
    municipality = get_by_slug(slug) or abort(404)
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.challenge.municipality_id != municipality.id:
        abort(404)
    if idea.visibility is Visibility.merged and idea.merged_into is not None:
        return idea.merged_into  # following a duplicate means following the idea it joined
    return idea


def _back(idea: Idea):
    return redirect(safe_next(idea_path(idea)))


@bp.route("/k/<slug>/innspill/<int:idea_id>/folg", methods=["POST"])
@login_required
def follow(slug: str, idea_id: int):
    idea = _idea_in(slug, idea_id)
    if not can_follow_idea(current_user, idea):
        abort(403)
    follow_idea(idea, current_user)
    commit()
    flash(
        _("Du følger nå «%(title)s» og får beskjed når det får svar.", title=idea.title), "success"
    )
    return _back(idea)


@bp.route("/k/<slug>/innspill/<int:idea_id>/avfolg", methods=["POST"])
@login_required
def unfollow(slug: str, idea_id: int):
    idea = _idea_in(slug, idea_id)
    # One may stop following an input that was hidden since, but its title is no longer theirs
    # to read: the answer names it only to those who may view it.
    done = (
        _("Du følger ikke lenger «%(title)s».", title=idea.title)
        if can_view_idea(current_user, idea)
        else _("Du følger ikke lenger dette innspillet.")
    )
    unfollow_idea(idea, current_user)
    commit()
    flash(done, "success")
    return _back(idea)


@bp.route("/k/<slug>/fra-ord-til-handling")
def from_words_to_action(slug: str):
    """Inputs that reached besluttet, utprøves, gjort or skalert, with their answers."""
    municipality = get_by_slug(slug) or abort(404)
    principles = db.session.scalars(select(Principle).order_by(Principle.number)).all()
    chosen = request.args.get("prinsipp", "")
    principle = next((p for p in principles if p.slug == chosen), None)
    if chosen and principle is None:
        abort(404)
    page = db.paginate(
        action_ideas(municipality.id, principle.id if principle else None),
        per_page=20,
        error_out=False,
    )
    return render_template(
        "pipeline/action.html",
        municipality=municipality,
        principles=principles,
        principle=principle,
        page=page,
        answers=answers_for(idea.id for idea in page.items),
        shown_answer=shown_answer,
        idea_path=idea_path,
        challenge_path=challenge_path,
        main_path=MAIN_PATH,
    )
