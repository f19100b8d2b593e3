"""The medvirkningsrapport's download form and download, for a challenge and for a hearing,
and the link on the challenge's page for its staff."""

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Response, abort, render_template, request
from flask_babel import force_locale
from flask_login import current_user, login_required

from .. import sections
from ..challenges.models import Challenge
from ..extensions import db, limiter
from ..hearings.models import Hearing
from ..municipalities.models import Municipality
from ..refusals import require
from . import bp
from .challenge_report import build_challenge_report
from .document import Report
from .forms import ReportForm
from .hearing_report import build_hearing_report
from .permissions import can_download_report, why_not_download_report
from .render import DOCX_TYPE, to_docx, to_pdf

# Each download lays out a whole document: a person asks for a handful, not hundreds.
REPORT_LIMIT = limiter.limit(
    "10/minute;60/hour",
    methods=["POST"],
    key_func=lambda: f"user:{current_user.get_id()}",
)


def _challenge_section(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    if not can_download_report(current_user, challenge.municipality_id):
        return None
    return {"challenge": challenge}


sections.register("challenge_page", "report/_challenge_section.html", _challenge_section, 66)


def _challenge(slug: str, challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality.slug != slug:
        abort(404)
    return challenge


def _hearing(slug: str, hearing_id: int) -> Hearing:
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None or hearing.municipality.slug != slug:
        abort(404)
    return hearing


def _page(
    municipality: Municipality,
    subject: str,
    kind: str,
    build: Callable[[str], Report],
    filename: str,
):
    """The form (GET), or the report in the chosen language and format (POST)."""
    require(why_not_download_report(current_user, municipality.id))
    form = ReportForm()
    if request.method == "GET":
        form.sprak.data = municipality.language.value
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "report/form.html", municipality=municipality, subject=subject, kind=kind, form=form
        ), status
    language = form.sprak.data
    with force_locale(language):
        report = build(language)
        if form.format.data == "docx":
            content, mimetype, extension = to_docx(report), DOCX_TYPE, "docx"
        else:
            content, mimetype, extension = to_pdf(report), "application/pdf", "pdf"
    response = Response(content, mimetype=mimetype)
    name = f"{filename}-{language}-{date.today().isoformat()}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/medvirkningsrapport", methods=["GET", "POST"])
@login_required
@REPORT_LIMIT
def challenge(slug: str, challenge_id: int):
    """The challenge's medvirkningsrapport: choose bokmål or nynorsk and PDF or .docx."""
    item = _challenge(slug, challenge_id)
    return _page(
        item.municipality,
        item.title,
        "challenge",
        lambda language: build_challenge_report(item, language),
        f"medvirkningsrapport-utfordring-{item.id}",
    )


@bp.route("/k/<slug>/horinger/<int:hearing_id>/medvirkningsrapport", methods=["GET", "POST"])
@login_required
@REPORT_LIMIT
def hearing(slug: str, hearing_id: int):
    """The hearing's medvirkningsrapport: choose bokmål or nynorsk and PDF or .docx."""
    item = _hearing(slug, hearing_id)
    return _page(
        item.municipality,
        item.title,
        "hearing",
        lambda language: build_hearing_report(item, language),
        f"medvirkningsrapport-horing-{item.id}",
    )
