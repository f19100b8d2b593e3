"""Facilitator views: the board per challenge, the inbox, and the move form; plus the sections
this feature adds to other pages (timeline, follow button, stage counts, header link)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import sections, shells
from ...accounts.routes import safe_next
from ...challenges.models import Challenge
from ...database import attempt, utcnow
from ...extensions import db
from ...fragments import remember
from ...generation_cache import for_generation
from ...ideas.models import Idea, Visibility
from ...ideas.stages import MAIN_PATH, Stage
from ...municipalities.models import Municipality
from ...municipalities.services import get_by_slug
from ...refusals import require
from .. import bp, receivers  # noqa: F401 - receivers connect on import
from ..deadlines import deadlines_for, state_of
from ..forms import AnswerForm, MoveForm, ProgressForm
from ..links import challenge_path, idea_path
from ..models import ChangeKind
from ..permissions import (
    can_correct_idea,
    can_follow_idea,
    can_move_idea,
    can_see_answer_inbox,
    can_see_pipeline_board,
    can_update_idea,
    why_not_correct,
    why_not_move,
    why_not_update,
)
from ..queries import (
    board_ideas,
    duplicate_counts,
    following_parameters,
    following_query,
    inbox,
    latest_answers,
    replaced_answers,
    shown_answer,
    stage_counts,
    timeline,
)
from ..services import (
    add_progress_update,
    answering_unit,
    correct_answer,
    merged_duplicates,
    move_idea,
    move_with_duplicates,
)
from ..starters import starting_answer


def _timeline_section(idea: Idea | None = None, **_context):
    if idea is None or idea.visibility in (Visibility.hidden, Visibility.pending):
        return None
    merged_into = idea.merged_into if idea.visibility is Visibility.merged else None
    changes = db.session.scalars(timeline(idea.id)).all()
    return {
        "idea": idea,
        "changes": changes,
        "shown": shown_answer(changes),
        "replaced": replaced_answers(changes),
        "merged_link": idea_path(merged_into) if merged_into is not None else None,
        "main_path": MAIN_PATH,
    }


def _follow_section(idea: Idea | None = None, **_context):
    """What the follow hole needs (_follow_hole): the same for every reader of a class."""
    if idea is None or idea.visibility is not Visibility.published:
        return None
    slug = idea.challenge.municipality.slug
    return {"idea_id": idea.id, "slug": slug, "may_follow": can_follow_idea(current_user, idea)}


def _follow_parameters(calls: list[dict]) -> dict | None:
    if not current_user.is_authenticated:
        return None
    return following_parameters(current_user.id, [int(args["idea_id"]) for args in calls])


def _followed(_calls: list[dict], rows: list[tuple[int, None]]) -> set[int]:
    return {idea_id for idea_id, _ in rows}


def _follow_hole(args: dict, followed: set[int]) -> str:
    """Whether this reader follows the input: drawn per request (shells.py)."""
    following = int(args["idea_id"]) in followed
    signed_in = current_user.is_authenticated
    key = ("idea-follow", shells.args_key(args), following, signed_in, request.path)
    section = {**args, "following": following}
    return remember(key, lambda: render_template("pipeline/_follow.html", section=section))


def _stage_counts_section(challenge: Challenge | None = None, **_context):
    if challenge is None:
        return None
    counts = for_generation(("stage_counts", challenge.id), lambda: stage_counts(challenge.id))
    return {"challenge": challenge, "counts": dict(counts)}


def _header_nav(user=None, **_context):
    return {} if user is not None and user.is_authenticated else None


bp.add_app_template_global(can_see_pipeline_board, "can_see_pipeline_board")


def _timeline_shared(idea: Idea | None = None, **_context) -> bool:
    """The timeline is the same for everyone who may not answer the input."""
    return idea is not None and not (
        can_move_idea(current_user, idea)
        or can_correct_idea(current_user, idea)
        or can_update_idea(current_user, idea)
    )


sections.register(
    "idea_page", "pipeline/_timeline.html", _timeline_section, order=30, shared=_timeline_shared
)
sections.register("idea_page", "pipeline/_follow_section.html", _follow_section, order=10)
shells.register(
    "idea_follow", _follow_hole, _followed, shells.Read(following_query, _follow_parameters)
)
sections.register("challenge_page", "pipeline/_stage_counts.html", _stage_counts_section, order=20)
sections.register("header_nav", "pipeline/_header_nav.html", _header_nav, order=10)


def _municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def idea_or_404(municipality: Municipality, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.challenge.municipality_id != municipality.id:
        abort(404)
    return idea


def age_in_days(idea: Idea) -> int:
    return (utcnow() - idea.created_at).days


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/tavle")
@login_required
def board(slug: str, challenge_id: int):
    """A column per stage with the challenge's published inputs."""
    municipality = _municipality_or_404(slug)
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality_id != municipality.id:
        abort(404)
    if not can_see_pipeline_board(current_user, challenge):
        abort(403)
    ideas = db.session.scalars(board_ideas(challenge.id)).all()
    columns: dict[Stage, list[Idea]] = {stage: [] for stage in (*MAIN_PATH, Stage.declined)}
    for idea in ideas:
        columns[idea.stage].append(idea)
    ids = [idea.id for idea in ideas]
    return render_template(
        "pipeline/board.html",
        municipality=municipality,
        challenge=challenge,
        columns=columns,
        duplicates=duplicate_counts(ids),
        latest=latest_answers(ids),
        deadlines=deadlines_for(ids, municipality.answer_deadline_days),
        deadline_state=state_of,
        challenge_link=challenge_path(challenge),
        age_in_days=age_in_days,
    )


@bp.route("/k/<slug>/innboks")
@login_required
def answer_inbox(slug: str):
    """Inputs waiting for a first public answer, oldest first, with their age in days."""
    municipality = _municipality_or_404(slug)
    if not can_see_answer_inbox(current_user, municipality):
        abort(403)
    page = db.paginate(inbox(municipality.id), per_page=50, error_out=False)
    return render_template(
        "pipeline/inbox.html",
        municipality=municipality,
        page=page,
        duplicates=duplicate_counts(idea.id for idea in page.items),
        age_in_days=age_in_days,
        idea_path=idea_path,
    )


@bp.route("/k/<slug>/innspill/<int:idea_id>/flytt", methods=["GET", "POST"])
@login_required
def move(slug: str, idea_id: int):
    """One form: the next stage, the public answer, an optional reference."""
    municipality = _municipality_or_404(slug)
    idea = idea_or_404(municipality, idea_id)
    if idea.visibility is Visibility.merged and idea.merged_into is not None:
        if not can_see_answer_inbox(current_user, municipality):
            abort(403)
        flash(_("Innspillet er slått sammen med dette. Svar her, så får begge svaret."), "info")
        target = url_for("pipeline.move", slug=slug, idea_id=idea.merged_into_id)
        return redirect(
            target + (f"?{request.query_string.decode()}" if request.query_string else "")
        )
    require(why_not_move(current_user, idea))
    duplicates = merged_duplicates(idea)
    form = MoveForm()
    form.set_stages(idea.stage)
    if form.validate_on_submit():
        fields = {
            "answer": form.answer.data,
            "actor": current_user,
            "reference": form.reference.data,
        }
        if duplicates and form.include_duplicates.data:
            done = attempt(lambda: move_with_duplicates(idea, form.stage, **fields))
        else:
            done = attempt(lambda: [move_idea(idea, form.stage, **fields)])
        if done.refusal:
            form.answer.errors = [*form.answer.errors, done.refusal.reason]
        elif (changes := done.value) is not None:
            if len(changes) > 1:
                flash(
                    _(
                        "Innspillet er flyttet til «%(stage)s», og %(n)s sammenslåtte innspill "
                        "fikk samme svar.",
                        stage=form.stage.label,
                        n=len(changes) - 1,
                    ),
                    "success",
                )
            else:
                flash(
                    _("Innspillet er flyttet til «%(stage)s».", stage=form.stage.label), "success"
                )
            # Back to the board or inbox the form was opened from; else to the public result.
            return redirect(safe_next(idea_path(idea)))
    elif not form.is_submitted():
        form.answer.data = starting_answer(idea, request.args)
    return render_template(
        "pipeline/move.html",
        municipality=municipality,
        idea=idea,
        form=form,
        duplicates=duplicates,
        changes=db.session.scalars(timeline(idea.id)).all(),
        idea_link=idea_path(idea),
        main_path=MAIN_PATH,
        answering_unit=answering_unit(idea),
    ), (400 if form.errors else 200)


# What each kind of answer form says; the rule and the service differ, the page is the same.
ANSWER_PAGES = {
    ChangeKind.correction: (why_not_correct, correct_answer),
    ChangeKind.progress: (why_not_update, add_progress_update),
}


def _answer_page(slug: str, idea_id: int, kind: ChangeKind):
    municipality = _municipality_or_404(slug)
    idea = idea_or_404(municipality, idea_id)
    why_not, service = ANSWER_PAGES[kind]
    require(why_not(current_user, idea))
    form = ProgressForm() if kind is ChangeKind.progress else AnswerForm()
    form.answer.label.text = (
        _("Det rettede svaret") if kind is ChangeKind.correction else _("Oppdatering")
    )
    if form.validate_on_submit():
        fields = {
            "answer": form.answer.data or "",
            "actor": current_user,
            "reference": form.reference.data,
        }
        if isinstance(form, ProgressForm):
            fields["expected_on"] = form.expected_on.data
        done = attempt(lambda: service(idea, **fields))
        if done.refusal:
            form.answer.errors = [*form.answer.errors, done.refusal.reason]
        else:
            if kind is ChangeKind.correction:
                flash(_("Svaret er rettet. Det nye svaret vises nå offentlig."), "success")
            else:
                flash(_("Oppdateringen er publisert."), "success")
            return redirect(safe_next(idea_path(idea)))
    elif not form.is_submitted():
        form.answer.data = starting_answer(idea, request.args)
    changes = db.session.scalars(timeline(idea.id)).all()
    return render_template(
        "pipeline/answer.html",
        municipality=municipality,
        idea=idea,
        form=form,
        kind=kind,
        changes=changes,
        shown=shown_answer(changes),
        replaced=replaced_answers(changes),
        idea_link=idea_path(idea),
        main_path=MAIN_PATH,
        answering_unit=answering_unit(idea),
    ), (400 if form.errors else 200)


@bp.route("/k/<slug>/innspill/<int:idea_id>/rett-svar", methods=["GET", "POST"])
@login_required
def correct(slug: str, idea_id: int):
    """A correction: a new answer at the same stage that replaces the shown one."""
    return _answer_page(slug, idea_id, ChangeKind.correction)


@bp.route("/k/<slug>/innspill/<int:idea_id>/oppdatering", methods=["GET", "POST"])
@login_required
def progress(slug: str, idea_id: int):
    """A progress update: a dated public note on work under way; the stage stays."""
    return _answer_page(slug, idea_id, ChangeKind.progress)
