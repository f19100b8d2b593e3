"""Internal notes on an input, the municipality's answer templates, and one answer to many
inputs; plus the sections this feature adds to the pipeline's staff pages."""

from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from .. import sections
from ..accounts.routes import safe_next
from ..database import attempt, flash_outcome
from ..extensions import db
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pipeline import starters
from ..refusals import require
from . import bp
from .bulk import BulkRefused, answer_many
from .forms import BulkForm, NoteForm, TemplateForm
from .models import AnswerTemplate, IdeaNote
from .permissions import (
    can_answer_many,
    can_keep_templates,
    can_write_note,
    why_not_answer_many,
    why_not_edit_note,
    why_not_keep_templates,
    why_not_write_note,
)
from .queries import ideas_in, notes_of, templates_of
from .services import (
    PLACEHOLDERS,
    create_template,
    delete_template,
    edit_note,
    fill,
    update_template,
    write_note,
)


def _municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _idea_or_404(municipality: Municipality, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.challenge.municipality_id != municipality.id:
        abort(404)
    return idea


def _template_or_404(municipality: Municipality, template_id: int | None) -> AnswerTemplate:
    template = db.session.get(AnswerTemplate, template_id) if template_id else None
    if template is None or template.municipality_id != municipality.id:
        abort(404)
    return template


def _chosen_template(municipality_id: int, args: Mapping[str, str]) -> AnswerTemplate | None:
    try:
        template_id = int(args.get("mal", ""))
    except ValueError:
        return None
    template = db.session.get(AnswerTemplate, template_id)
    return (
        template if template is not None and template.municipality_id == municipality_id else None
    )


def _start_from_template(idea: Idea, args: Mapping[str, str]) -> str | None:
    """`?mal=<id>` on an answer form: the template's text, filled in for this input."""
    template = _chosen_template(idea.challenge.municipality_id, args)
    return fill(template.body, idea) if template is not None else None


starters.register(_start_from_template)


# --- Sections on other features' pages ----------------------------------------------------------


def _notes_section(idea: Idea, **_context: Any) -> dict[str, Any] | None:
    if not can_write_note(current_user, idea):
        return None
    notes = db.session.scalars(notes_of(idea.id)).all()
    return {"idea": idea, "notes": notes, "form": NoteForm(formdata=None)}


def _template_picker(idea: Idea, municipality: Municipality, **_c: Any) -> dict[str, Any] | None:
    if not can_write_note(current_user, idea):
        return None
    templates = db.session.scalars(templates_of(municipality.id)).all()
    if not templates:
        return None
    chosen = _chosen_template(municipality.id, request.args)
    return {"templates": templates, "chosen": chosen.id if chosen else None}


def _select_many(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_answer_many(current_user, municipality):
        return None
    return {"municipality": municipality}


def _admin_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_keep_templates(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("staff_idea_page", "answers/_notes.html", _notes_section, order=10)
sections.register("answer_form", "answers/_template_picker.html", _template_picker, order=10)
sections.register("board_page", "answers/_select_many.html", _select_many, order=10)
sections.register("municipality_page", "answers/_admin_link.html", _admin_link, order=87)


# --- Internal notes ----------------------------------------------------------------------------


@bp.route("/k/<slug>/innspill/<int:idea_id>/notater", methods=["GET", "POST"])
@login_required
def notes(slug: str, idea_id: int):
    """An input's internal notes, and the form for a new one (staff only)."""
    municipality = _municipality_or_404(slug)
    idea = _idea_or_404(municipality, idea_id)
    require(why_not_write_note(current_user, idea))
    form = NoteForm()
    here = url_for("answers.notes", slug=slug, idea_id=idea.id)
    if form.validate_on_submit():
        done = attempt(lambda: write_note(idea, form.body.data or "", actor=current_user))
        if done.refusal:
            form.body.errors = [*form.body.errors, done.refusal.reason]
        else:
            flash(_("Notatet er lagret. Det er bare synlig for kommunens ansatte."), "success")
            return redirect(safe_next(here))
    return render_template(
        "answers/notes.html",
        municipality=municipality,
        idea=idea,
        notes=db.session.scalars(notes_of(idea.id)).all(),
        form=form,
    ), (400 if form.errors else 200)


@bp.route("/k/<slug>/notater/<int:note_id>", methods=["GET", "POST"])
@login_required
def note(slug: str, note_id: int):
    """Change a note: its author, in the first 15 minutes."""
    municipality = _municipality_or_404(slug)
    found = db.session.get(IdeaNote, note_id)
    if found is None or found.idea.challenge.municipality_id != municipality.id:
        abort(404)
    require(why_not_edit_note(current_user, found))
    form = NoteForm(obj=found)
    if form.validate_on_submit():
        done = attempt(lambda: edit_note(found, form.body.data or "", actor=current_user))
        if done.refusal:
            form.body.errors = [*form.body.errors, done.refusal.reason]
        else:
            flash(_("Notatet er endret."), "success")
            return redirect(url_for("answers.notes", slug=slug, idea_id=found.idea_id))
    return render_template(
        "answers/note_edit.html", municipality=municipality, note=found, form=form
    ), (400 if form.errors else 200)


# --- Answer templates --------------------------------------------------------------------------


@bp.route("/k/<slug>/svarmaler", methods=["GET", "POST"])
@login_required
def templates(slug: str):
    """The municipality's answer templates, and the form for a new one (administrators)."""
    municipality = _municipality_or_404(slug)
    require(why_not_keep_templates(current_user, municipality))
    form = TemplateForm()
    if form.validate_on_submit():
        done = attempt(
            lambda: create_template(
                municipality,
                title=form.title.data or "",
                body=form.body.data or "",
                actor=current_user,
            )
        )
        if flash_outcome(done, _("Malen er lagret.")):
            return redirect(url_for("answers.templates", slug=slug))
    return render_template(
        "answers/templates.html",
        municipality=municipality,
        templates=db.session.scalars(templates_of(municipality.id)).all(),
        form=form,
        placeholders=PLACEHOLDERS,
    ), (400 if form.errors else 200)


@bp.route("/k/<slug>/svarmaler/<int:template_id>", methods=["GET", "POST"])
@login_required
def template(slug: str, template_id: int):
    """Change a template's name and text (administrators)."""
    municipality = _municipality_or_404(slug)
    found = _template_or_404(municipality, template_id)
    require(why_not_keep_templates(current_user, municipality))
    form = TemplateForm(obj=found)
    if form.validate_on_submit():
        done = attempt(
            lambda: update_template(
                found, title=form.title.data or "", body=form.body.data or "", actor=current_user
            )
        )
        if flash_outcome(done, _("Malen er endret.")):
            return redirect(url_for("answers.templates", slug=slug))
    return render_template(
        "answers/template_edit.html",
        municipality=municipality,
        template=found,
        form=form,
        placeholders=PLACEHOLDERS,
    ), (400 if form.errors else 200)


@bp.route("/k/<slug>/svarmaler/<int:template_id>/slett", methods=["POST"])
@login_required
def delete(slug: str, template_id: int):
    """Delete a template (administrators); answers given from it stay."""
    municipality = _municipality_or_404(slug)
    found = _template_or_404(municipality, template_id)
    require(why_not_keep_templates(current_user, municipality))
    flash_outcome(
        attempt(lambda: delete_template(found, actor=current_user)), _("Malen er slettet.")
    )
    return redirect(url_for("answers.templates", slug=slug))


# --- One answer to many inputs ---------------------------------------------------------------


@bp.route("/k/<slug>/saker/samlet-svar", methods=["GET", "POST"])
@login_required
def bulk(slug: str):
    """Move, correct or update the chosen inputs (repeated `idea`) with one answer, all or none."""
    municipality = _municipality_or_404(slug)
    require(why_not_answer_many(current_user, municipality))
    ids = sorted(set(request.values.getlist("idea", type=int)))
    ideas = db.session.scalars(ideas_in(municipality.id, ids)).all()
    if len(ideas) != len(ids):
        abort(404)
    form = BulkForm()
    failures: dict[int, str] = {}
    acting = request.method == "POST" and "answer" in request.form
    if acting and form.validate_on_submit():
        done = attempt(
            lambda: answer_many(
                municipality,
                list(ideas),
                form.bulk_action,
                answer=form.answer.data or "",
                actor=current_user,
                to_stage=form.stage,
                reference=form.reference.data,
            )
        )
        if isinstance(done.refusal, BulkRefused):
            failures = {failure.idea.id: failure.reason for failure in done.refusal.failures}
            flash(done.refusal.reason, "error")
        elif done.refusal:
            form.answer.errors = [*form.answer.errors, done.refusal.reason]
        else:
            flash(
                ngettext(
                    "%(num)d innspill fikk svaret.", "%(num)d innspill fikk svaret.", len(ideas)
                ),
                "success",
            )
            return redirect(safe_next(_back(municipality, ideas)))
    elif not acting:
        chosen = _chosen_template(municipality.id, request.args)
        if chosen is not None:
            form.answer.data = chosen.body
    return render_template(
        "answers/bulk.html",
        municipality=municipality,
        ideas=ideas,
        form=form,
        failures=failures,
        templates=db.session.scalars(templates_of(municipality.id)).all(),
        chosen=_chosen_template(municipality.id, request.args),
        placeholders=PLACEHOLDERS,
        back=_back(municipality, ideas),
    ), (400 if (form.errors and acting) or failures else 200)


def _back(municipality: Municipality, ideas: list[Idea] | Any) -> str:
    challenges = {idea.challenge_id for idea in ideas}
    if len(challenges) == 1:
        return url_for("pipeline.board", slug=municipality.slug, challenge_id=challenges.pop())
    return url_for("pipeline.answer_inbox", slug=municipality.slug)
