"""Effects dashboard (admin and public), charts, publishing, reference upload."""

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from .. import sections
from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..reference.models import Principle
from . import bp, survey_routes  # noqa: F401 - registers its routes
from .charts import CHARTS
from .dashboard import PANELS, public_panels, public_safe, set_public_panels
from .forms import PopulationUploadForm, PublishForm, ScopeForm
from .labels import (
    CHANNEL_SCOPES,
    DIMENSIONS,
    FORMULAS,
    QUESTIONS,
    TARGETS,
    as_of,
    channel_label,
    group_label,
    level_label,
    stage_label,
)
from .measures_people import CHANNELS
from .models import Dimension
from .permissions import can_manage_population, can_publish_measures, can_view_effects_dashboard
from .population import (
    PopulationImportError,
    import_reference,
    parse_file,
    reference_rows,
)
from .scope import K, Scope
from .snapshots import dashboard_figures, request_refresh
from .survey import survey_comments

HELPERS = {
    "DIMENSIONS": DIMENSIONS,
    "CHANNEL_SCOPES": CHANNEL_SCOPES,
    "FORMULAS": FORMULAS,
    "QUESTIONS": QUESTIONS,
    "TARGETS": TARGETS,
    "PANELS": PANELS,
    "K": K,
    "as_of": as_of,
    "stage_label": stage_label,
    "channel_label": channel_label,
    "group_label": group_label,
    "level_label": level_label,
}


def _municipality(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _scope_form(municipality: Municipality) -> ScopeForm:
    form = ScopeForm(request.args)
    challenges = db.session.execute(
        select(Challenge.id, Challenge.title)
        .where(Challenge.municipality_id == municipality.id, Challenge.phase != Phase.draft)
        .order_by(Challenge.title)
    ).all()
    form.utfordring.choices = [SelectChoice(None, _("Alle utfordringer"))] + [
        SelectChoice(i, t) for i, t in challenges
    ]
    principles = db.session.scalars(select(Principle).order_by(Principle.number)).all()
    form.prinsipp.choices = [_all_principles()] + [
        SelectChoice(p.id, f"{p.number}. {p.name}") for p in principles
    ]
    return form


def _all_principles() -> Any:
    """The principle filter's first choice: no narrowing."""
    return SelectChoice(None, _("Alle prinsipper"))


def _scope(municipality: Municipality, form: ScopeForm) -> Scope:
    """The scope the filter asks for; fields that did not validate are left out."""
    valid = form.validate() if request.args else True
    if not valid:
        return Scope(municipality.id)
    return Scope(
        municipality.id,
        challenge_id=form.utfordring.data,
        principle_id=form.prinsipp.data,
        start=form.fra.data,
        end=form.til.data,
    )


def _filter_args() -> dict[str, Any]:
    return {k: v for k, v in request.args.items() if k in ("utfordring", "prinsipp", "fra", "til")}


@bp.route("/k/<slug>/effekt")
@login_required
def dashboard(slug: str):
    """The full effects dashboard for the municipality's administrators."""
    municipality = _municipality(slug)
    if not can_view_effects_dashboard(current_user, municipality):
        abort(403)
    form = _scope_form(municipality)
    scope = _scope(municipality, form)
    return render_template(
        "metrics/dashboard.html",
        municipality=municipality,
        form=form,
        data=dashboard_figures(scope),
        whole=not scope.narrowed,
        panels=list(PANELS),
        public=False,
        comments=survey_comments(scope),
        chart_endpoint="metrics.chart",
        filter_args=_filter_args(),
        channels=CHANNELS,
        **HELPERS,
    )


@bp.route("/k/<slug>/effekt/offentlig")
def public(slug: str):
    """The figures the municipality has chosen to publish, for everyone."""
    municipality = _municipality(slug)
    panels = public_panels(municipality.id)
    form = _scope_form(municipality)
    form.prinsipp.choices = [_all_principles()]
    scope = _scope(municipality, form)
    scope = Scope(municipality.id, challenge_id=scope.challenge_id)
    return render_template(
        "metrics/dashboard.html",
        municipality=municipality,
        form=form,
        data=public_safe(dashboard_figures(scope)) if panels else None,
        whole=not scope.narrowed,
        panels=panels,
        public=True,
        comments=[],
        chart_endpoint="metrics.public_chart",
        filter_args={k: v for k, v in _filter_args().items() if k == "utfordring"},
        channels=CHANNELS,
        **HELPERS,
    )


def _svg(slug: str, name: str, *, public: bool) -> Response:
    municipality = _municipality(slug)
    if name not in CHARTS:
        abort(404)
    panel, draw = CHARTS[name]
    if public:
        if panel not in public_panels(municipality.id):
            abort(404)
        form = _scope_form(municipality)
        scope = Scope(municipality.id, challenge_id=_scope(municipality, form).challenge_id)
    else:
        if not can_view_effects_dashboard(current_user, municipality):
            abort(403)
        scope = _scope(municipality, _scope_form(municipality))
    data = dashboard_figures(scope)
    data = public_safe(data) if public else data
    if name == "survey" and public and not data["survey"]["shown"]:
        abort(404)
    args = []
    if name == "representativeness":
        dimension = request.args.get("dim", Dimension.age_band.value)
        channel = request.args.get("kanal", "all")
        if dimension not in DIMENSIONS or channel not in CHANNELS:
            abort(404)
        args = [dimension, channel]
    response = Response(draw(data, *args), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, max-age=60" if not public else "max-age=300"
    return response


@bp.route("/k/<slug>/effekt/graf/<name>.svg")
@login_required
def chart(slug: str, name: str):
    return _svg(slug, name, public=False)


@bp.route("/k/<slug>/effekt/offentlig/graf/<name>.svg")
def public_chart(slug: str, name: str):
    return _svg(slug, name, public=True)


@bp.route("/k/<slug>/effekt/innstillinger", methods=["GET", "POST"])
@login_required
def publish(slug: str):
    """Choose which panels the public page shows."""
    municipality = _municipality(slug)
    if not can_publish_measures(current_user, municipality):
        abort(403)
    form = PublishForm()
    if request.method == "GET":
        form.panels.data = public_panels(municipality.id)
    if form.validate_on_submit():
        set_public_panels(municipality.id, form.panels.data or [], actor=current_user)
        db.session.commit()
        flash(_("Valget er lagret."), "success")
        return redirect(url_for("metrics.publish", slug=slug))
    return render_template("metrics/publish.html", municipality=municipality, form=form, **HELPERS)


@bp.route("/k/<slug>/effekt/befolkning", methods=["GET", "POST"])
@login_required
def population(slug: str):
    """Upload the reference population (SSB 07459 or a district file) and see the current one."""
    municipality = _municipality(slug)
    if not can_manage_population(current_user, municipality):
        abort(403)
    form = PopulationUploadForm()
    errors: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            parsed = parse_file(upload.read(), form.kind.data, municipality, upload.filename or "")
        except PopulationImportError as error:
            errors = error.errors
        else:
            written = import_reference(municipality, parsed, actor=current_user)
            db.session.commit()
            request_refresh(municipality.id)  # reach and representativeness use the reference
            flash(_("Referansebefolkningen er lastet inn (%(n)s grupper).", n=written), "success")
            return redirect(url_for("metrics.population", slug=slug))
    return render_template(
        "metrics/population.html",
        municipality=municipality,
        form=form,
        errors=errors,
        rows=reference_rows(municipality.id),
        **HELPERS,
    ), (400 if errors else 200)


def _municipality_section(municipality: Municipality, **_kw: Any) -> dict[str, Any] | None:
    admin = can_view_effects_dashboard(current_user, municipality)
    published = bool(public_panels(municipality.id))
    if not admin and not published:
        return None
    return {"municipality": municipality, "admin": admin, "published": published}


sections.register(
    "municipality_page", "metrics/_municipality_section.html", _municipality_section, order=80
)
