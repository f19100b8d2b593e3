"""Staff record the archive's numbers; admins take out the archive package. Plus the sections
this feature adds to the challenge, input and municipality pages."""

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import sections
from ..accounts.routes import safe_next
from ..challenges.models import Challenge
from ..database import attempt, flash_outcome
from ..extensions import db
from ..generation_cache import for_generation
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pipeline.models import StageChange
from ..pipeline.queries import timeline
from . import bp
from .forms import CaseNumberForm, ExportForm, InputNumberForm, JournalNumberForm
from .models import JOURNAL_NUMBER
from .package import default_name, export
from .permissions import can_export_archive, can_record_numbers
from .queries import (
    ARCHIVED_VISIBILITIES,
    Selection,
    case_number_of,
    input_records,
    needs_reexport,
    numbered_answers,
)
from .services import set_answer_number, set_case_number, set_input_numbers


def _challenge_section(challenge: Challenge | None = None, **_context):
    if challenge is None:
        return None
    staff = can_record_numbers(current_user, challenge.municipality_id)
    number = for_generation(("case_number", challenge.id), lambda: case_number_of(challenge.id))
    if number is None and not staff:
        return None
    form = CaseNumberForm(formdata=None, case_number=number) if staff else None
    return {"challenge": challenge, "case_number": number, "form": form}


def _idea_section(idea: Idea | None = None, **_context):
    if idea is None or idea.visibility not in ARCHIVED_VISIBILITIES:
        return None
    # Visitors see this on every input page: the history is read only when numbers or the
    # staff's forms need it (the pipeline's own section shows it already).
    record = input_records([idea.id]).get(idea.id)
    numbered = numbered_answers(idea.id)
    staff = can_record_numbers(current_user, idea.challenge.municipality_id)
    public_numbers = (record and record.journal_number) or numbered
    case_number = case_number_of(idea.challenge_id)
    if not staff and not public_numbers and not case_number:
        return None
    changes = db.session.scalars(timeline(idea.id)).all() if staff or numbered else []
    return {
        "idea": idea,
        "case_number": case_number,
        "record": record,
        "changes": changes,
        "numbers": numbered,
        "staff": staff,
        "reexport": staff and needs_reexport(idea, record),
        "max_length": JOURNAL_NUMBER.max,
        "form": InputNumberForm(
            formdata=None,
            journal_number=record.journal_number if record else None,
            sender_is_organisation=record.sender_is_organisation if record else False,
        )
        if staff
        else None,
    }


def _admin_link(municipality: Municipality, **_context):
    if not can_export_archive(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("challenge_page", "archive/_challenge_section.html", _challenge_section, 15)
sections.register(
    "idea_page",
    "archive/_idea_section.html",
    _idea_section,
    order=35,
    shared=lambda idea=None, **_: (
        idea is not None and not can_record_numbers(current_user, idea.challenge.municipality_id)
    ),
)
sections.register("municipality_page", "archive/_admin_link.html", _admin_link, order=91)


def _municipality(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _staff_municipality(slug: str) -> Municipality:
    municipality = _municipality(slug)
    if not can_record_numbers(current_user, municipality):
        abort(403)
    return municipality


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/saksnummer", methods=["POST"])
@login_required
def case_number(slug: str, challenge_id: int):
    municipality = _staff_municipality(slug)
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality_id != municipality.id:
        abort(404)
    form = CaseNumberForm()
    back = safe_next(url_for("challenges.detail", slug=slug, challenge_id=challenge.id))
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(back)
    done = attempt(lambda: set_case_number(challenge, form.case_number.data, actor=current_user))
    flash_outcome(done, _("Saksnummeret er lagret."))
    return redirect(back)


def _idea(municipality: Municipality, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.challenge.municipality_id != municipality.id:
        abort(404)
    return idea


@bp.route("/k/<slug>/innspill/<int:idea_id>/journalnummer", methods=["POST"])
@login_required
def input_number(slug: str, idea_id: int):
    municipality = _staff_municipality(slug)
    idea = _idea(municipality, idea_id)
    form = InputNumberForm()
    back = safe_next(url_for("ideas.detail", slug=slug, idea_id=idea.id))
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(back)
    done = attempt(
        lambda: set_input_numbers(
            idea,
            form.journal_number.data,
            sender_is_organisation=form.sender_is_organisation.data,
            actor=current_user,
        )
    )
    flash_outcome(done, _("Journalnummeret er lagret."))
    return redirect(back)


@bp.route("/k/<slug>/svar/<int:change_id>/journalnummer", methods=["POST"])
@login_required
def answer_number(slug: str, change_id: int):
    municipality = _staff_municipality(slug)
    change = db.session.get(StageChange, change_id)
    if change is None or change.idea.challenge.municipality_id != municipality.id:
        abort(404)
    form = JournalNumberForm()
    back = safe_next(url_for("ideas.detail", slug=slug, idea_id=change.idea_id))
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(back)
    done = attempt(lambda: set_answer_number(change, form.journal_number.data, actor=current_user))
    flash_outcome(done, _("Journalnummeret er lagret."))
    return redirect(back)


def _admin_municipality(slug: str) -> Municipality:
    municipality = _municipality(slug)
    if not can_export_archive(current_user, municipality):
        abort(403)
    return municipality


def _archive_page(municipality: Municipality, form: ExportForm, status: int = 200):
    challenges = db.session.scalars(
        select(Challenge)
        .where(Challenge.municipality_id == municipality.id)
        .order_by(Challenge.created_at.desc(), Challenge.id.desc())
    ).all()
    ideas = Selection(municipality).ideas()
    records = input_records(i.id for i in ideas)
    flagged = [i for i in ideas if needs_reexport(i, records.get(i.id))]
    archived = sum(1 for r in records.values() if r.archived_at is not None)
    return render_template(
        "archive/index.html",
        municipality=municipality,
        form=form,
        challenges=challenges,
        flagged=flagged,
        archived=archived,
        total=len(ideas),
    ), status


@bp.route("/k/<slug>/arkiv")
@login_required
def index(slug: str):
    municipality = _admin_municipality(slug)
    return _archive_page(municipality, ExportForm(formdata=None))


@bp.route("/k/<slug>/arkiv/uttrekk", methods=["POST"])
@login_required
def download(slug: str):
    """The package as a zip; everything in it is marked archived today."""
    municipality = _admin_municipality(slug)
    form = ExportForm()
    if not form.validate_on_submit():
        return _archive_page(municipality, form, 400)
    challenge_id = form.challenge.data
    if challenge_id is not None:
        challenge = db.session.get(Challenge, challenge_id)
        if challenge is None or challenge.municipality_id != municipality.id:
            form.challenge.errors = [_("Velg en utfordring i denne kommunen.")]
            return _archive_page(municipality, form, 400)
    selection = Selection(municipality, challenge_id, form.start.data, form.end.data)
    limit = current_app.config["ARCHIVE_WEB_DOCUMENT_LIMIT"]
    done = attempt(lambda: export(selection, actor=current_user, limit=limit))
    if done.refusal is not None or done.value is None:
        flash(done.refusal.reason if done.refusal else "", "error")
        return _archive_page(municipality, form, 400)
    package = done.value
    filename = default_name(selection, date.today()) + ".zip"
    return Response(
        package.zip_bytes(),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
