from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import sections
from ..accounts.services import choose_language
from ..database import attempt, commit, database_answers, flash_outcome
from ..extensions import db
from ..i18n import LANG_COOKIE
from ..ideas.stages import MAIN_PATH
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pagecache import cached_for_visitors
from ..redirects import same_site_path
from ..redis_client import redis_answers
from ..reference.models import Principle, TargetImage
from . import bp
from .forms import AccessibilityStatementForm, LanguageForm
from .permissions import can_edit_accessibility_statement
from .services import set_uustatus_url


@bp.route("/")
@cached_for_visitors
def index():
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name)).all()
    return render_template("site/index.html", municipalities=municipalities, stages=MAIN_PATH)


@bp.route("/om-veikartet")
def about_roadmap():
    principles = db.session.scalars(select(Principle).order_by(Principle.number)).all()
    target_images = db.session.scalars(select(TargetImage).order_by(TargetImage.number)).all()
    return render_template(
        "site/about_roadmap.html", principles=principles, target_images=target_images
    )


def _municipality_section(municipality: Municipality | None = None, **_context):
    """A link to the municipality's accessibility statement; admins are told when it is missing."""
    if municipality is None:
        return None
    can_edit = can_edit_accessibility_statement(current_user, municipality)
    return {"municipality": municipality, "can_edit": can_edit}


sections.register(
    "municipality_page", "site/_municipality_section.html", _municipality_section, order=96
)


@bp.route("/tilgjengelighet")
def accessibility():
    """The accessibility statement (tilgjengelighetserklæring), with each municipality's own."""
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name)).all()
    return render_template(
        "site/accessibility.html", municipality=None, municipalities=municipalities
    )


@bp.route("/k/<slug>/tilgjengelighet")
def municipality_accessibility(slug: str):
    municipality = get_by_slug(slug) or abort(404)
    return render_template(
        "site/accessibility.html", municipality=municipality, municipalities=[municipality]
    )


@bp.route("/k/<slug>/tilgjengelighet/innstillinger", methods=["GET", "POST"])
@login_required
def accessibility_settings(slug: str):
    municipality = get_by_slug(slug) or abort(404)
    if not can_edit_accessibility_statement(current_user, municipality):
        abort(403)
    form = AccessibilityStatementForm(obj=municipality)
    if form.validate_on_submit():
        done = attempt(
            lambda: set_uustatus_url(municipality, form.uustatus_url.data, actor=current_user)
        )
        if flash_outcome(done, _("Lenken til tilgjengelighetserklæringen er lagret.")):
            return redirect(url_for("site.municipality_accessibility", slug=municipality.slug))
    return render_template("site/accessibility_settings.html", municipality=municipality, form=form)


@bp.route("/sprak/<code>", methods=["GET", "POST"])
def set_language(code: str):
    """The language switch, without JavaScript: a link for visitors (a cookie), a form for a
    signed-in person (stored on the account, so their pages and e-mails follow it). Either way
    the person comes back to the page they were on."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    form = LanguageForm()
    target = same_site_path(request.values.get("next")) or url_for("site.index")
    if current_user.is_authenticated:
        if not form.validate_on_submit():
            # A bare link (an old bookmark, another site): ask, so only a form changes the account.
            return render_template("site/language.html", code=code, target=target)
        choose_language(current_user, code)
        commit()
    response = redirect(target)
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


@bp.route("/healthz")
def healthz():
    """For the load balancer: 503 when the database gives no answer within HEALTHZ_TIMEOUT
    (a frozen server included); Redis is reported, and down only degrades (limits per process,
    no page cache), so the host stays in service."""
    parts = {"database": "ok"}
    if not database_answers(current_app.config["HEALTHZ_TIMEOUT"]):
        parts["database"] = "error"
    redis_ok = redis_answers()
    if redis_ok is not None:
        parts["redis"] = "ok" if redis_ok else "error"
    if parts["database"] != "ok":
        current_app.logger.warning("healthz: database unreachable")
        return jsonify(status="error", **parts), 503
    return jsonify(status="ok" if redis_ok is not False else "degraded", **parts)
