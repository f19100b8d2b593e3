"""Routes of the merknadsbehandling (staff: assess each statement, compile, download the PDF and
.docx) and of the document's versions (staff publish the next one; everyone reads what changed).
Thin: load, check the rule, validate, call the service, commit, flash, redirect."""

from typing import Any

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..database import attempt, flash_outcome
from ..extensions import db, limiter
from ..municipalities.services import get_by_slug
from ..refusals import require
from . import bp
from .assess import (
    assess_statement,
    can_assess,
    deadline_passed,
    statements_to_assess,
    why_not_assess,
    why_not_see_merknader,
)
from .assess_forms import AssessForm, CompileForm, VersionForm
from .merknad import CONTENT_TYPES, compile_merknad, filename, render_docx, render_pdf
from .models import Assessment, Hearing, HearingVersion, Statement
from .versions import (
    can_publish_version,
    can_see_version,
    diff_versions,
    latest_version,
    publish_next_version,
    sections_of,
    version,
    versions_of,
    why_not_publish_version,
)

DOWNLOAD_LIMIT = limiter.limit("10/minute;60/hour", methods=["GET"])


def _hearing_or_404(slug: str, hearing_id: int) -> Hearing:
    municipality = get_by_slug(slug)
    hearing = db.session.get(Hearing, hearing_id)
    if municipality is None or hearing is None or hearing.municipality_id != municipality.id:
        abort(404)
    return hearing


@bp.app_template_global()
def hearing_versions(hearing: Hearing) -> list[HearingVersion]:
    """The versions of the hearing's document the person may read (hearings/merknad/_versions)."""
    return [v for v in versions_of(hearing.id) if can_see_version(current_user, v)]


def _form_for(statement: Statement) -> AssessForm:
    return AssessForm(
        formdata=None,
        prefix=f"s{statement.id}",
        data={
            "summary": statement.summary,
            "assessment": statement.assessment.value if statement.assessment else None,
            "reason": statement.reason,
        },
    )


def _merknader_page(hearing: Hearing, failed: tuple[int, AssessForm] | None = None) -> Any:
    statements = list(db.session.scalars(statements_to_assess(hearing.id)).unique())
    forms = {s.id: _form_for(s) for s in statements}
    if failed is not None:
        forms[failed[0]] = failed[1]
    unassessed = sum(1 for s in statements if s.assessment is None)
    status = 400 if failed is not None else 200
    return (
        render_template(
            "hearings/assess/merknader.html",
            hearing=hearing,
            municipality=hearing.municipality,
            statements=statements,
            forms=forms,
            unassessed=unassessed,
            can_assess=can_assess(current_user, hearing),
            refusal=why_not_assess(current_user, hearing),
            can_publish=can_publish_version(current_user, hearing),
            compile_form=CompileForm(),
            versions=versions_of(hearing.id),
        ),
        status,
    )


@bp.route("/k/<slug>/horinger/<int:hearing_id>/merknader")
@login_required
def merknader(slug: str, hearing_id: int):
    """Every statement of the hearing with its form for summary, assessment and reason."""
    hearing = _hearing_or_404(slug, hearing_id)
    require(why_not_see_merknader(current_user, hearing))
    return _merknader_page(hearing)


@bp.route("/k/<slug>/horinger/<int:hearing_id>/merknader/<int:statement_id>", methods=["POST"])
@login_required
def assess(slug: str, hearing_id: int, statement_id: int):
    """Save one statement's assessment (again: a correction) and tell its sender."""
    hearing = _hearing_or_404(slug, hearing_id)
    require(why_not_see_merknader(current_user, hearing))
    statement = db.session.get(Statement, statement_id)
    if statement is None or statement.hearing_id != hearing.id:
        abort(404)
    require(why_not_assess(current_user, hearing))
    form = AssessForm(prefix=f"s{statement.id}")
    if not form.validate_on_submit():
        return _merknader_page(hearing, failed=(statement.id, form))
    corrected = statement.assessment is not None
    done = attempt(
        lambda: assess_statement(
            statement,
            summary=form.summary.data or "",
            assessment=Assessment(form.assessment.data),
            reason=form.reason.data or "",
            actor=current_user,
        )
    )
    flash_outcome(
        done,
        _("Vurderingen er rettet, og avsenderen har fått beskjed.")
        if corrected
        else _("Vurderingen er lagret, og avsenderen har fått beskjed."),
    )
    target = url_for("hearings.merknader", slug=slug, hearing_id=hearing.id)
    return redirect(f"{target}#uttalelse-{statement.id}", 303)


@bp.route("/k/<slug>/horinger/<int:hearing_id>/merknadsbehandling", methods=["POST"])
@login_required
def compile_view(slug: str, hearing_id: int):
    """Compile the merknadsbehandling; warns of statements not yet assessed."""
    hearing = _hearing_or_404(slug, hearing_id)
    require(why_not_see_merknader(current_user, hearing))
    form = CompileForm()
    if not form.validate_on_submit():
        abort(400)
    done = attempt(lambda: compile_merknad(hearing, actor=current_user))
    if done.refusal is None and done.value is not None and not done.value.complete:
        flash(
            _(
                "Merknadsbehandlingen er satt sammen, men %(count)s uttalelser er ikke vurdert. "
                "De står som «ikke vurdert», og behandlingen regnes ikke som ferdig før alle er "
                "vurdert.",
                count=done.value.unassessed,
            ),
            "warning",
        )
    else:
        flash_outcome(
            done, _("Merknadsbehandlingen er satt sammen. Last den ned som PDF eller Word.")
        )
    return redirect(url_for("hearings.merknader", slug=slug, hearing_id=hearing.id), 303)


@bp.route("/k/<slug>/horinger/<int:hearing_id>/merknadsbehandling.<any(pdf, docx):fmt>")
@login_required
@DOWNLOAD_LIMIT
def merknad_download(slug: str, hearing_id: int, fmt: str):
    """The merknadsbehandling as PDF/A or .docx, in the municipality's language."""
    hearing = _hearing_or_404(slug, hearing_id)
    require(why_not_see_merknader(current_user, hearing))
    require(why_not_assess(current_user, hearing))
    content = render_pdf(hearing) if fmt == "pdf" else render_docx(hearing)
    response = Response(content, mimetype=CONTENT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(hearing, fmt)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/k/<slug>/horinger/<int:hearing_id>/ny-versjon", methods=["GET", "POST"])
@login_required
def new_version(slug: str, hearing_id: int):
    """Staff publish the document's next version: the sections edited from the latest one."""
    hearing = _hearing_or_404(slug, hearing_id)
    require(why_not_publish_version(current_user, hearing))
    latest = latest_version(hearing.id)
    form = VersionForm()
    if not form.is_submitted():
        for section in sections_of(latest.id) if latest else []:
            form.sections.append_entry({"heading": section.heading, "body": section.body})
    elif form.validate():
        done = attempt(
            lambda: publish_next_version(
                hearing,
                note=form.note.data or "",
                sections=form.kept_sections(),
                actor=current_user,
            )
        )
        if done.refusal is None and done.value is not None:
            flash(_("Versjon %(number)s er publisert.", number=done.value.number), "success")
            return redirect(
                url_for(
                    "hearings.version_page",
                    slug=slug,
                    hearing_id=hearing.id,
                    number=done.value.number,
                ),
                303,
            )
        flash_outcome(done, "")
    return render_template(
        "hearings/merknad/new_version.html",
        hearing=hearing,
        municipality=hearing.municipality,
        form=form,
        latest=latest,
    ), (400 if form.is_submitted() else 200)


@bp.route("/k/<slug>/horinger/<int:hearing_id>/versjon/<int:number>")
def version_page(slug: str, hearing_id: int, number: int):
    """One version of the document, with what changed since the one before, section by section."""
    hearing = _hearing_or_404(slug, hearing_id)
    shown = version(hearing.id, number)
    if shown is None or not can_see_version(current_user, shown):
        abort(404)
    return render_template(
        "hearings/merknad/version.html",
        hearing=hearing,
        municipality=hearing.municipality,
        version=shown,
        sections=sections_of(shown.id),
        diffs=diff_versions(hearing.id, number),
        versions=hearing_versions(hearing),
        hearing_path=f"/k/{slug}/horinger/{hearing.id}",
        deadline_passed=deadline_passed(hearing),
    )
