"""Effects dashboard (admin and public), charts, publishing, reference upload."""

import functools
from datetime import datetime
from typing import Any

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import sections
from ...accounts.models import Role
from ...accounts.permissions import membership_by_slug
from ...database import commit, rollback, utcnow
from ...errors import render_error
from ...fragments import has_fragment, remember
from ...generation_cache import request_generation
from ...municipalities.models import Municipality
from ...municipalities.services import get_by_slug
from ...shells import kept_page
from .. import bp
from ..charts import CHARTS, data_uri, has_data, month_label, survey_drawable
from ..dashboard import PANELS, public_panels, set_public_panels
from ..filters import FILTER_ARGS, Filter, read_filter
from ..findings import findings
from ..forms import PopulationUploadForm, PublishForm
from ..labels import (
    CHANNEL_SCOPES,
    DIMENSIONS,
    FOLLOWUP_QUESTIONS,
    FORMULAS,
    QUESTIONS,
    RESULT_STATUSES,
    SENDER_KINDS,
    TARGETS,
    as_of,
    channel_label,
    dated,
    group_label,
    level_label,
    stage_label,
)
from ..measures_people import CHANNELS
from ..models import Dimension
from ..numbers import decimal, number, percent
from ..permissions import can_manage_population, can_publish_measures, can_view_effects_dashboard
from ..population import (
    PopulationImportError,
    import_reference,
    parse_file,
    reference_rows,
)
from ..publication import public_view
from ..scope import K
from ..snapshots import FiguresPending, dashboard_figures, request_refresh, snapshot_stamp
from ..survey import survey_comments

ADMINS = frozenset({Role.admin.value})
HELPERS = {
    "DIMENSIONS": DIMENSIONS,
    "CHANNEL_SCOPES": CHANNEL_SCOPES,
    "FORMULAS": FORMULAS,
    "QUESTIONS": QUESTIONS,
    "FOLLOWUP_QUESTIONS": FOLLOWUP_QUESTIONS,
    "SENDER_KINDS": SENDER_KINDS,
    "RESULT_STATUSES": RESULT_STATUSES,
    "TARGETS": TARGETS,
    "PANELS": PANELS,
    "K": K,
    "as_of": as_of,
    "dated": dated,
    "stage_label": stage_label,
    "channel_label": channel_label,
    "group_label": group_label,
    "level_label": level_label,
    "has_data": has_data,
    "chart_data_uri": data_uri,
    "month_label": month_label,
    "number": number,
    "decimal": decimal,
    "percent": percent,
}


@bp.app_errorhandler(FiguresPending)
def _figures_pending(_pending: FiguresPending) -> Any:
    """A large municipality's figures are computed by the job, never in a request (snapshots.py):
    nothing is wrong, they are not there yet. The API's JSON or an error page; try again soon."""
    rollback()
    response, status = render_error(
        503,
        _(
            "Tallene for kommunen regnes ut nå. Det tar inntil et par minutter for en stor "
            "kommune. Prøv igjen om litt."
        ),
    )
    return response, status, [("Retry-After", "60")]


def _municipality(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _page(
    municipality: Municipality,
    *,
    public: bool,
    printing: bool = False,
    stamp: datetime | None = None,
    stamp_read: bool = False,
) -> Any:
    """The dashboard, the public page and the print view: one template, the filter's figures,
    or the filter's errors and no figures (status 400).

    The whole municipality's figures come from its snapshot: their tables and charts are drawn
    once per snapshot (fragments.py, keyed by the snapshot's computed_at) and then served as they
    are, until the job stores the next one."""
    chosen = read_filter(municipality, request.args, public=public)
    panels = public_panels(municipality.id) if public else list(PANELS)
    whole = chosen.scope is not None and not chosen.scope.narrowed
    if not (whole and panels):
        stamp = None
    elif not stamp_read:  # the caller may have read it already (the kept page's key)
        stamp = snapshot_stamp(municipality.id)
    figures_key = None
    if stamp is not None:
        # Today is in the key too: «Tall per kl. 14:05» gains its date after midnight.
        day = utcnow().date()
        figures_key = ("dashboard", municipality.id, stamp, day, public, printing, tuple(panels))
    context: dict[str, Any] = {"data": None, "findings": [], "comments": []}
    pending = False
    if chosen.scope is not None and panels and not (figures_key and has_fragment(*figures_key)):
        try:
            context = _figures(chosen.scope, panels, public=public, printing=printing)
        except FiguresPending:  # a large municipality without a snapshot yet: the job is asked
            pending = True
    return render_template(
        "metrics/print.html" if printing else "metrics/dashboard.html",
        municipality=municipality,
        form=chosen.form,
        filter_errors=chosen.errors,
        figures_key=figures_key,
        filter_key=(
            "metrics-filter",
            municipality.id,
            public,
            request.query_string,
            request_generation(),
        ),
        computed_at=context["data"]["computed_at"]
        if context["data"]
        else (stamp.isoformat(timespec="seconds") if stamp else None),
        has_figures=chosen.scope is not None and bool(panels) and not pending,
        pending=pending,
        whole=whole,
        panels=panels,
        public=public,
        printing=printing,
        chart_endpoint="metrics.public_chart" if public else "metrics.chart",
        filter_args=chosen.args,
        filter_labels=_filter_labels(chosen),
        channels=CHANNELS,
        **context,
        **HELPERS,
    ), (400 if chosen.errors else 200)


def _figures(scope: Any, panels: list[str], *, public: bool, printing: bool) -> dict[str, Any]:
    full = dashboard_figures(scope)  # published: counts of persons protected
    data = public_view(full, panels) if public else full
    # Free-text answers only where at least K answered: fewer comments would tell how few.
    answered = data.get("survey", {}).get("state") == "shown"
    return {
        "data": data,
        "findings": findings(full, panels) if public else [],
        "comments": survey_comments(scope) if answered and not public and not printing else [],
    }


def _filter_labels(chosen: Filter) -> list[tuple[str, str]]:
    """The filter in words for the print view: (field label, chosen value)."""
    form = chosen.form
    labels = []
    for name in chosen.args:
        field = form[name]
        shown = {str(c.value): c.label for c in getattr(field, "choices", None) or []}
        labels.append((str(field.label.text), shown.get(str(field.data), chosen.args[name])))
    return labels


@bp.route("/k/<slug>/effekt")
@login_required
def dashboard(slug: str):
    """The full effects dashboard for the municipality's administrators: the same for all of
    them, so drawn once per page generation (shells.kept_page; the header and the CSRF tokens
    are filled in per request)."""
    membership = membership_by_slug(current_user, slug)  # read with the person: no query
    municipality = membership.municipality if membership else _municipality(slug)
    if not can_view_effects_dashboard(current_user, municipality):
        abort(403)
    # Storing a snapshot moves the page generation (snapshots.refresh_snapshot): the kept page
    # is drawn again with the new figures, and no view reads the snapshot's stamp first.
    draw = functools.partial(_page, municipality, public=False)
    key = ("effects-dashboard", municipality.id)
    return kept_page(slug, key, draw, roles=ADMINS, varies=False)  # it lists no ideas


@bp.route("/k/<slug>/effekt/tall.json")
@login_required
def figures(slug: str):
    """The dashboard's published figures for the same filter, as JSON (what the page shows)."""
    municipality = _municipality(slug)
    if not can_view_effects_dashboard(current_user, municipality):
        abort(403)
    chosen = read_filter(municipality, request.args)
    if chosen.scope is None:
        return jsonify(error="; ".join(chosen.errors), status=400), 400
    response = jsonify(dashboard_figures(chosen.scope))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/k/<slug>/effekt/utskrift")
@login_required
def print_view(slug: str):
    """The dashboard as a document to print or save as PDF for the council: every figure,
    chart and formula, the filter in words and the date."""
    municipality = _municipality(slug)
    if not can_view_effects_dashboard(current_user, municipality):
        abort(403)
    return _page(municipality, public=False, printing=True)


@bp.route("/k/<slug>/effekt/offentlig")
def public(slug: str):
    """The figures the municipality has chosen to publish, for everyone."""
    return _page(_municipality(slug), public=True)


def _svg(slug: str, name: str, *, public: bool) -> Response:
    municipality = _municipality(slug)
    if name not in CHARTS:
        abort(404)
    panel, draw = CHARTS[name]
    panels = public_panels(municipality.id)
    if public:
        # The public page shows no breakdown by channel: its charts take no channel either.
        if panel not in panels or "kanal" in request.args:
            abort(404)
    elif not can_view_effects_dashboard(current_user, municipality):
        abort(403)
    args = {k: v for k, v in request.args.items() if k in FILTER_ARGS}
    chosen = read_filter(municipality, args, public=public)
    if chosen.scope is None:
        abort(400)
    scope = chosen.scope

    def drawn() -> str:
        data = dashboard_figures(scope)  # drawn from the published table, never the exact
        data = public_view(data, panels) if public else data
        if name == "survey" and not survey_drawable(data):
            abort(404)  # the page shows only the table then (charts.has_data asks the same)
        if name == "followup" and not has_data(name, data):
            abort(404)  # the same for the follow-up survey
        extra = []
        if name == "representativeness":
            dimension = request.args.get("dim", Dimension.age_band.value)
            channel = request.args.get("kanal", "web")
            if dimension not in DIMENSIONS or channel not in data["representativeness"]:
                abort(404)
            extra = [dimension, channel]
        svg: bytes = draw(data, *extra, narrow=request.args.get("smal") == "1")
        return svg.decode("utf-8")

    # A chart of the whole municipality is drawn once per snapshot, then served as it is.
    stamp = None if scope.narrowed else snapshot_stamp(municipality.id)
    if stamp is None:
        svg = drawn()
    else:
        shown = tuple(sorted(request.args.items()))
        svg = remember(("chart", municipality.id, stamp, name, public, shown, tuple(panels)), drawn)
    response = Response(svg, mimetype="image/svg+xml")
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
        commit()
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
            commit()
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
