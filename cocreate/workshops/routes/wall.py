"""The facilitator's wall: live notes (HTML, JSON with ETag, projector mode), hide, merge,
themes, post-its typed in, and publishing the results as ideas."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...database import attempt, flash_outcome
from ...extensions import db
from .. import bp
from ..access import challenge_url, idea_url, join_url, load_workshop, require
from ..forms import HideForm, MergeForm, OfflineNoteForm, ThemeForm
from ..models import Workshop, WorkshopNote, WorkshopTheme
from ..permissions import can_manage_workshop, can_publish_workshop
from ..publishing import publish_results
from ..queries import Wall, load_wall
from ..wall import (
    add_offline_note,
    create_theme,
    delete_theme,
    hide_note,
    merge_notes,
    restore_note,
    set_note_theme,
)


def _managed(slug: str, workshop_id: int) -> Workshop:
    workshop = load_workshop(slug, workshop_id)
    require(can_manage_workshop(current_user, workshop))
    return workshop


def _note(workshop: Workshop, note_id: int) -> WorkshopNote:
    note = db.session.get(WorkshopNote, note_id)
    if note is None or note.workshop_id != workshop.id:
        abort(404)
    return note


def _theme(workshop: Workshop, theme_id: int) -> WorkshopTheme:
    theme = db.session.get(WorkshopTheme, theme_id)
    if theme is None or theme.workshop_id != workshop.id:
        abort(404)
    return theme


def _merge_form(wall: Wall) -> MergeForm:
    form = MergeForm()
    choices = [(n.id, f"#{n.id}: {n.text[:60]}") for n in wall.open_notes]
    form.duplicate.choices = choices
    form.target.choices = choices
    return form


def _render_wall(workshop: Workshop, status: int = 200, **forms):
    wall = load_wall(workshop)
    theme_choices = [("", _("Uten tema"))] + [
        (str(t.id), t.title) for t in wall.themes if t.idea_id is None
    ]
    return render_template(
        "workshops/wall.html",
        workshop=workshop,
        wall=wall,
        join_url=join_url(workshop),
        merge_form=forms.get("merge_form") or _merge_form(wall),
        theme_form=forms.get("theme_form") or ThemeForm(formdata=None),
        postit_form=forms.get("postit_form") or OfflineNoteForm(formdata=None),
        hide_form=HideForm(formdata=None),
        theme_choices=theme_choices,
    ), status


def _back(workshop: Workshop, anchor: str = ""):
    slug = workshop.challenge.municipality.slug
    return redirect(url_for("workshops.wall", slug=slug, workshop_id=workshop.id) + anchor)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/vegg")
def wall(slug: str, workshop_id: int):
    workshop = _managed(slug, workshop_id)
    if request.args.get("projektor"):
        return render_template(
            "workshops/projector.html",
            workshop=workshop,
            wall=load_wall(workshop),
            join_url=join_url(workshop),
        )
    return _render_wall(workshop)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/vegg.json")
def wall_json(slug: str, workshop_id: int):
    """Polled every few seconds; 304 Not Modified while nothing on the wall has changed."""
    workshop = _managed(slug, workshop_id)
    response = jsonify(load_wall(workshop).as_json())
    response.add_etag()
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/lapper/<int:note_id>/skjul", methods=["POST"])
def hide(slug: str, workshop_id: int, note_id: int):
    workshop = _managed(slug, workshop_id)
    note = _note(workshop, note_id)
    form = HideForm()
    done = attempt(lambda: hide_note(note, form.reason.data or "", actor=current_user))
    flash_outcome(done, _("Lappen er skjult."))
    return _back(workshop, "#skjulte")


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/lapper/<int:note_id>/vis", methods=["POST"])
def restore(slug: str, workshop_id: int, note_id: int):
    workshop = _managed(slug, workshop_id)
    note = _note(workshop, note_id)
    done = attempt(lambda: restore_note(note, actor=current_user))
    flash_outcome(done, _("Lappen er tilbake på veggen."))
    return _back(workshop, f"#lapp-{note.id}")


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/slaa-sammen", methods=["POST"])
def merge(slug: str, workshop_id: int):
    workshop = _managed(slug, workshop_id)
    form = _merge_form(load_wall(workshop))
    if not form.validate_on_submit():
        return _render_wall(workshop, 400, merge_form=form)
    duplicate = _note(workshop, form.duplicate.data)
    target = _note(workshop, form.target.data)
    done = attempt(lambda: merge_notes(duplicate, target, actor=current_user))
    if done.refusal:
        form.target.errors = [done.refusal.reason]
        return _render_wall(workshop, 400, merge_form=form)
    flash(_("Lappene er slått sammen."), "success")
    return _back(workshop, f"#lapp-{target.id}")


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/temaer", methods=["POST"])
def add_theme(slug: str, workshop_id: int):
    workshop = _managed(slug, workshop_id)
    form = ThemeForm()
    if not form.validate_on_submit():
        return _render_wall(workshop, 400, theme_form=form)
    done = attempt(lambda: create_theme(workshop, form.title.data or "", actor=current_user))
    if done.refusal:
        form.title.errors = [done.refusal.reason]
    elif (theme := done.value) is not None:
        flash(_("Temaet «%(t)s» er laget. Flytt lapper inn i det.", t=theme.title), "success")
        return _back(workshop, f"#tema-{theme.id}")
    return _render_wall(workshop, 400, theme_form=form)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/temaer/<int:theme_id>/slett", methods=["POST"])
def remove_theme(slug: str, workshop_id: int, theme_id: int):
    workshop = _managed(slug, workshop_id)
    theme = _theme(workshop, theme_id)
    done = attempt(lambda: delete_theme(theme, actor=current_user))
    flash_outcome(done, _("Temaet er slettet; lappene ligger igjen på veggen."))
    return _back(workshop)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/lapper/<int:note_id>/tema", methods=["POST"])
def note_theme(slug: str, workshop_id: int, note_id: int):
    workshop = _managed(slug, workshop_id)
    note = _note(workshop, note_id)
    raw = request.form.get("theme", "")
    if raw and not raw.isdecimal():
        abort(400)
    theme = _theme(workshop, int(raw)) if raw else None
    done = attempt(lambda: set_note_theme(note, theme))
    if done.refusal:
        flash(done.refusal.reason, "error")
    return _back(workshop, f"#lapp-{note.id}")


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/postit", methods=["POST"])
def postit(slug: str, workshop_id: int):
    workshop = _managed(slug, workshop_id)
    form = OfflineNoteForm()
    if not form.validate_on_submit():
        return _render_wall(workshop, 400, postit_form=form)
    done = attempt(
        lambda: add_offline_note(
            workshop, form.text.data or "", dots=form.dots.data or 0, actor=current_user
        )
    )
    if done.refusal:
        form.text.errors = [done.refusal.reason]
    elif (note := done.value) is not None:
        flash(
            _("Lappen er lagt på veggen. Kvitteringskode: %(code)s", code=note.receipt_code),
            "success",
        )
        return _back(workshop, "#postit")
    return _render_wall(workshop, 400, postit_form=form)


@bp.route("/k/<slug>/verksteder/<int:workshop_id>/publiser", methods=["GET", "POST"])
def publish(slug: str, workshop_id: int):
    workshop = _managed(slug, workshop_id)
    require(can_publish_workshop(current_user, workshop))
    wall = load_wall(workshop)
    if request.method == "POST":
        note_ids = {int(v) for v in request.form.getlist("note") if v.isdecimal()}
        theme_ids = {int(v) for v in request.form.getlist("theme") if v.isdecimal()}
        notes = [n for n in wall.notes if n.id in note_ids]
        themes = [t for t in wall.themes if t.id in theme_ids]
        done = attempt(
            lambda: publish_results(workshop, notes=notes, themes=themes, actor=current_user)
        )
        if done.refusal:
            flash(done.refusal.reason, "error")
            return render_template(
                "workshops/publish.html",
                workshop=workshop,
                wall=load_wall(workshop),
                chosen_notes=note_ids,
                chosen_themes=theme_ids,
                challenge_url=challenge_url(workshop.challenge),
                idea_url=idea_url,
            ), 400
        published = done.value or []
        flash(_("%(n)s innspill er publisert på utfordringen.", n=len(published)), "success")
        return redirect(url_for("workshops.publish", slug=slug, workshop_id=workshop.id))
    return render_template(
        "workshops/publish.html",
        workshop=workshop,
        wall=wall,
        chosen_notes=set(),
        chosen_themes=set(),
        challenge_url=challenge_url(workshop.challenge),
        idea_url=idea_url,
    )
