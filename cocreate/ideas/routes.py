"""Pages and actions for ideas, supports and comments. Thin: load, check, validate, call, commit."""

import functools
from typing import Any, NoReturn

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from .. import sections
from ..accounts.routes import safe_next
from ..challenges.models import Challenge
from ..challenges.permissions import can_view_challenge
from ..database import attempt, flash_outcome
from ..extensions import db, limiter
from ..municipalities.models import District, Municipality
from ..pagecache import cached_for_visitors
from ..shells import kept_page, written_by
from . import bp, holes  # noqa: F401 - holes: the list's supports and vote budget
from .forms import CommentForm, IdeaForm
from .listing import challenge_ideas_section
from .models import Comment, Idea, Visibility
from .permissions import (
    can_see_registration_details,
    can_view_idea,
    why_not_comment,
    why_not_edit_comment,
    why_not_edit_idea,
    why_not_submit_idea,
    why_not_support_idea,
    why_not_withdraw_support,
)
from .queries import (
    challenge_districts,
    idea_comments,
    registration_of,
    sender_contact_of,
)
from .services import (
    edit_comment,
    edit_idea,
    post_comment,
    submit_idea,
    support_idea,
    withdraw_support,
)


def _person_key() -> str:
    """Rate limits count per person when signed in, per address otherwise."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or "unknown"


POST_IDEA_LIMIT = limiter.limit("5/minute;30/hour", key_func=_person_key, methods=["POST"])
COMMENT_LIMIT = limiter.limit("10/minute;100/hour", key_func=_person_key, methods=["POST"])
SUPPORT_LIMIT = limiter.limit("60/minute;600/hour", key_func=_person_key, methods=["POST"])


# Loading -----------------------------------------------------------------------------------


def _challenge_or_404(slug: str, challenge_id: int) -> Challenge:
    challenge = db.session.scalar(
        select(Challenge)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(Challenge.id == challenge_id, Municipality.slug == slug)
        .options(joinedload(Challenge.municipality))
    )
    if challenge is None or not can_view_challenge(current_user, challenge):
        abort(404)
    return challenge


def _idea_or_404(slug: str, idea_id: int, *, shown: bool = True) -> Idea:
    """The idea with its challenge and municipality; `shown`: also its author and district, for
    a page (an action such as a support needs neither)."""
    idea = db.session.scalar(_idea_query(shown), {"idea_id": idea_id, "slug": slug})
    if idea is None or not can_view_challenge(current_user, idea.challenge):
        abort(404)
    return idea


@functools.cache
def _idea_query(shown: bool) -> Select[Idea]:
    """Built once (every idea page and action runs it), the id and slug bound parameters."""
    options = [joinedload(Idea.challenge).joinedload(Challenge.municipality)]
    if shown:
        options += [joinedload(Idea.author), joinedload(Idea.district)]
    return (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(Idea.id == bindparam("idea_id"), Municipality.slug == bindparam("slug"))
        .options(*options)
    )


def _comment_or_404(slug: str, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.idea.challenge.municipality.slug != slug:
        abort(404)
    if not can_view_challenge(current_user, comment.idea.challenge):
        abort(404)
    return comment


def _idea_url(idea: Idea, **anchor: Any) -> str:
    return url_for("ideas.detail", slug=idea.challenge.municipality.slug, idea_id=idea.id, **anchor)


def _back(idea: Idea) -> Any:
    return redirect(safe_next(_idea_url(idea)), code=303)


def _refuse(message: str, back: str | None = None) -> NoReturn:
    """Anonymous visitors are asked to log in (then sent back); others get 403 with the reason."""
    if not current_user.is_authenticated:
        flash(_("Logg inn for å delta."), "info")
        abort(redirect(url_for("accounts.login", next=back or request.path)))
    flash(message, "error")
    abort(403)


# Ideas -------------------------------------------------------------------------------------


# Other features add field groups to the idea form (sections page "idea_form": each part gives
# its "form", validated with the idea form, and "save", called with the idea in the same
# transaction; a Refusal there refuses the whole submission).
def _validate(form: IdeaForm, parts: list[tuple[str, dict[str, Any]]]) -> bool:
    valid = form.validate_on_submit()
    if form.is_submitted():
        # Every part is validated (not only up to the first failure): all errors show at once.
        results = [part["form"].validate() for _t, part in parts]
        valid = all(results) and valid
    return valid


def _save_parts(idea: Idea, parts: list[tuple[str, dict[str, Any]]]) -> Idea:
    for _t, part in parts:
        part["save"](idea)
    return idea


def _part_errors(parts: list[tuple[str, dict[str, Any]]]) -> bool:
    return any(part["form"].errors for _t, part in parts)


def _district(form: IdeaForm) -> District | None:
    return db.session.get(District, form.district.data) if form.district.data else None


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/nytt-innspill", methods=["GET", "POST"])
@POST_IDEA_LIMIT
def new(slug: str, challenge_id: int):
    """A participant brings an idea to an open challenge."""
    challenge = _challenge_or_404(slug, challenge_id)
    if reason := why_not_submit_idea(current_user, challenge):
        _refuse(reason)
    form = IdeaForm()
    form.set_districts(challenge_districts(challenge))
    parts = sections.collect("idea_form", challenge=challenge, idea=None)
    preview = []
    valid = _validate(form, parts)
    if valid and not request.form.get("likevel"):
        # A preview step first: other features may offer something instead (similar ideas).
        preview = sections.collect("idea_preview", challenge=challenge, title=form.title.data)
    if valid and not preview:
        done = attempt(
            lambda: _save_parts(
                submit_idea(
                    challenge,
                    title=form.title.data or "",
                    body=form.body.data or "",
                    author=current_user,
                    district=_district(form),
                ),
                parts,
            )
        )
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        elif (idea := done.value) is not None:
            if idea.visibility is Visibility.pending:
                flash(_("Takk! Innspillet ditt venter på godkjenning fra kommunen."), "success")
            else:
                flash(_("Takk! Innspillet ditt er publisert."), "success")
            return redirect(_idea_url(idea), code=303)
    status = 400 if form.errors or _part_errors(parts) else 200
    return render_template(
        "ideas/form.html", form=form, parts=parts, challenge=challenge, idea=None, preview=preview
    ), status


@bp.route("/k/<slug>/innspill/<int:idea_id>/endre", methods=["GET", "POST"])
@POST_IDEA_LIMIT
def edit(slug: str, idea_id: int):
    """The author edits the idea until it has had its first public answer."""
    idea = _idea_or_404(slug, idea_id)
    if reason := why_not_edit_idea(current_user, idea):
        _refuse(reason)
    form = IdeaForm(obj=idea)
    form.set_districts(challenge_districts(idea.challenge))
    parts = sections.collect("idea_form", challenge=idea.challenge, idea=idea)
    if request.method == "GET":
        form.district.data = idea.district_id
    if _validate(form, parts):
        done = attempt(
            lambda: _save_parts(
                edit_idea(
                    idea,
                    title=form.title.data or "",
                    body=form.body.data or "",
                    district=_district(form),
                    actor=current_user,
                ),
                parts,
            )
        )
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(_idea_url(idea), code=303)
    status = 400 if form.errors or _part_errors(parts) else 200
    return render_template(
        "ideas/form.html", form=form, parts=parts, challenge=idea.challenge, idea=idea
    ), status


@bp.route("/k/<slug>/innspill/<int:idea_id>")
@cached_for_visitors
def detail(slug: str, idea_id: int):
    """An idea, its supports and its discussion; pages of other features add sections. Drawn
    once for the citizens who see the same page, their own parts filled in per request."""
    return kept_page(slug, ("idea", idea_id), lambda: _detail(slug, idea_id))


def _detail(slug: str, idea_id: int):
    idea = _idea_or_404(slug, idea_id)
    written_by(idea.author_id)  # the author may see more of it (hidden) and edit it
    if idea.visibility is Visibility.merged and idea.merged_into_id:
        return redirect(_idea_url(db.get_or_404(Idea, idea.merged_into_id)), code=301)
    if not can_view_idea(current_user, idea):
        if idea.visibility is Visibility.hidden:
            return render_template("ideas/hidden.html", idea=idea)
        abort(404)
    # Visitors who are not signed in get no comment form: one without a CSRF token leaves
    # their session untouched (and the page cacheable).
    signed_in = current_user.is_authenticated
    return _render_detail(idea, CommentForm() if signed_in else CommentForm(meta={"csrf": False}))


def _render_detail(idea: Idea, comment_form: CommentForm, status: int = 200):
    """The page; the reader's support, vote budget and follow are holes (ideas/holes.py)."""
    challenge = idea.challenge
    comments = idea_comments(idea)
    written_by(idea.author_id, *_comment_authors(comments))  # their edit links
    html = render_template(
        "ideas/detail.html",
        idea=idea,
        challenge=challenge,
        municipality=challenge.municipality,
        comments=comments,
        comment_form=comment_form,
        registration=registration_of(idea),
        sender_contact=(
            sender_contact_of(idea) if can_see_registration_details(current_user, idea) else None
        ),
    )
    return html if status == 200 else (html, status)


def _comment_authors(comments: list[Comment]) -> list[int | None]:
    return [
        author_id
        for comment in comments
        for author_id in (comment.author_id, *(reply.author_id for reply in comment.replies))
    ]


# Supports ----------------------------------------------------------------------------------


@bp.route("/k/<slug>/innspill/<int:idea_id>/stott", methods=["POST"])
@SUPPORT_LIMIT
def support(slug: str, idea_id: int):
    """Give the idea one's support (no JavaScript needed; back to where the person was)."""
    idea = _idea_or_404(slug, idea_id, shown=False)
    if reason := why_not_support_idea(current_user, idea):
        _refuse(reason, safe_next(_idea_url(idea)))
    # The answer is made before the commit, which would expire the idea and the person.
    message, back = _("Du støtter nå «%(title)s».", title=idea.title), _back(idea)
    flash_outcome(attempt(lambda: support_idea(idea, current_user)), message)
    return back


@bp.route("/k/<slug>/innspill/<int:idea_id>/trekk-stotte", methods=["POST"])
@SUPPORT_LIMIT
def withdraw(slug: str, idea_id: int):
    """Take one's support back while the challenge is open."""
    idea = _idea_or_404(slug, idea_id, shown=False)
    if reason := why_not_withdraw_support(current_user, idea):
        _refuse(reason, safe_next(_idea_url(idea)))
    done = attempt(lambda: withdraw_support(idea, current_user))
    flash_outcome(done, _("Du har trukket støtten din."))
    return _back(idea)


# Comments ----------------------------------------------------------------------------------


@bp.route("/k/<slug>/innspill/<int:idea_id>/kommentarer", methods=["POST"])
@COMMENT_LIMIT
def comment(slug: str, idea_id: int):
    """Post a comment, or a reply to one (replies have one level)."""
    idea = _idea_or_404(slug, idea_id)
    if reason := why_not_comment(current_user, idea):
        _refuse(reason, _idea_url(idea))
    form = CommentForm()
    parent = None
    parent_id = form.parent_id.data or ""
    if parent_id.isdecimal():
        parent = db.session.get(Comment, int(parent_id))
        if parent is None or parent.idea_id != idea.id:
            abort(400)
    if form.validate_on_submit():
        done = attempt(
            lambda: post_comment(
                idea, body=form.body.data or "", author=current_user, parent=parent
            )
        )
        if done.refusal:
            form.body.errors = [*form.body.errors, done.refusal.reason]
        elif (posted := done.value) is not None:
            flash(_("Kommentaren er publisert."), "success")
            return redirect(_idea_url(idea, _anchor=f"kommentar-{posted.id}"), code=303)
    return _render_detail(idea, form, status=400)


@bp.route("/k/<slug>/kommentarer/<int:comment_id>/endre", methods=["GET", "POST"])
@COMMENT_LIMIT
def edit_comment_view(slug: str, comment_id: int):
    """The author corrects their comment within 15 minutes."""
    comment = _comment_or_404(slug, comment_id)
    if reason := why_not_edit_comment(current_user, comment):
        _refuse(reason)
    form = CommentForm(obj=comment)
    if form.validate_on_submit():
        done = attempt(lambda: edit_comment(comment, body=form.body.data or "", actor=current_user))
        if done.refusal:
            form.body.errors = [*form.body.errors, done.refusal.reason]
        else:
            flash(_("Kommentaren er endret."), "success")
            return redirect(_idea_url(comment.idea, _anchor=f"kommentar-{comment.id}"), code=303)
    status = 400 if form.errors else 200
    return render_template("ideas/edit_comment.html", form=form, comment=comment), status


# The idea list: a section of the challenge page, and a page of its own ----------------------

sections.register("challenge_page", "ideas/_challenge_ideas.html", challenge_ideas_section)


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/innspill")
@cached_for_visitors
def index(slug: str, challenge_id: int):
    """The ideas of a challenge on a page of their own (same list as on the challenge page)."""
    challenge = _challenge_or_404(slug, challenge_id)
    section = challenge_ideas_section(challenge)
    return render_template("ideas/index.html", challenge=challenge, section=section)
