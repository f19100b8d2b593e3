"""Admin exports (narrowed like the dashboard) and the public open-data package."""

from collections.abc import Iterator
from datetime import date

from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..audit.services import record_event
from ..database import commit
from ..metrics.filters import read_filter
from ..metrics.snapshots import dashboard_figures
from ..municipalities.services import get_by_slug
from . import bp, measures, notes, workshops  # noqa: F401 - register their datasets
from .datasets import DATASETS, stream_rows
from .opendata import datapackage_zip
from .permissions import can_export
from .writers import csv_chunks, file_chunks, json_chunks, xlsx_file

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# ?csv=excel: the CSV the way Norwegian Excel opens it (semicolons, decimal comma, Norwegian
# column names); without it the machine form (commas, decimal point, English column names).
CSV_FORMS = ("", "excel")


def _admin_links(municipality, **_context):
    return {"municipality": municipality} if can_export(current_user, municipality) else None


sections.register("municipality_page", "exports/_admin_link.html", _admin_links, order=90)


def _admin_municipality(slug: str):
    municipality = get_by_slug(slug) or abort(404)
    if not can_export(current_user, municipality):
        abort(403)
    return municipality


@bp.route("/k/<slug>/eksport")
@login_required
def index(slug: str):
    municipality = _admin_municipality(slug)
    chosen = read_filter(municipality, request.args, figures=False)
    return render_template(
        "exports/index.html",
        municipality=municipality,
        datasets=DATASETS,
        formats=FORMATS,
        form=chosen.form,
        filter_errors=chosen.errors,
        filter_args=chosen.args if chosen.valid else {},
    ), (400 if chosen.errors else 200)


@bp.route("/k/<slug>/eksport/<dataset>.<fmt>")
@login_required
def download(slug: str, dataset: str, fmt: str):
    """One dataset in one format, narrowed by the dashboard's filter; an invalid filter gives
    the export page with its errors (400) and no file."""
    municipality = _admin_municipality(slug)
    spec = DATASETS.get(dataset)
    if spec is None or fmt not in FORMATS:
        abort(404)
    # The measures (counts) narrow to the protected scopes only; row datasets narrow freely.
    chosen = read_filter(municipality, request.args, figures=spec.produce is not None)
    csv_form = request.args.get("csv", "")
    errors = list(chosen.errors)
    if csv_form not in CSV_FORMS or (csv_form and fmt != "csv"):
        errors.append(_("Ukjent CSV-form: velg «excel» eller ingen."))
    if errors or chosen.scope is None:
        return render_template(
            "exports/index.html",
            municipality=municipality,
            datasets=DATASETS,
            formats=FORMATS,
            form=chosen.form,
            filter_errors=errors,
            filter_args={},
        ), 400
    spreadsheet = csv_form == "excel"
    if spec.produce is not None:
        # The figures before the first byte (kept for the rows by the request's memo): a large
        # municipality whose figures are still being computed gets its 503, not a cut file.
        dashboard_figures(chosen.scope)
    record_event(
        "export.downloaded",
        actor=current_user,
        municipality=municipality,
        dataset=dataset,
        format=f"{fmt}-excel" if spreadsheet else fmt,
        filter=chosen.args,
    )
    commit()
    suffix = "-utvalg" if chosen.scope.narrowed else ""
    suffix += "-excel" if spreadsheet else ""
    filename = f"samskap-{municipality.slug}-{dataset}{suffix}-{date.today().isoformat()}.{fmt}"
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    rows = stream_rows(spec, municipality, chosen.scope)
    body: Iterator[bytes] | Iterator[str]
    if fmt == "xlsx":
        path = xlsx_file(dataset, spec.columns, rows)
        body = file_chunks(path)
    elif fmt == "csv":
        columns = spec.headers_nb if spreadsheet and spec.headers_nb else spec.columns
        body = stream_with_context(csv_chunks(columns, rows, spreadsheet=spreadsheet))
    else:
        body = stream_with_context(json_chunks(spec.columns, rows))
    return Response(body, mimetype=FORMATS[fmt], headers=headers)


@bp.route("/api/v1/municipalities/<slug>/datapackage.zip")
def datapackage(slug: str):
    """Open data: an anonymised Frictionless Data Package, free to reuse under NLOD 2.0."""
    municipality = get_by_slug(slug) or abort(404)
    filename = f"samskap-{municipality.slug}-apne-data-{date.today().isoformat()}.zip"
    return Response(
        datapackage_zip(municipality),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Access-Control-Allow-Origin": "*",
        },
    )
