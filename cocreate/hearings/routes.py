"""Public pages of hearings (the list, the hearing page, its files), statements given on them,
and staff's moderation of statements. Staff's own pages are in admin_routes. Thin: load, check,
validate, call the service, commit, redirect."""

import io
from typing import Any, NoReturn

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..accounts.permissions import STAFF_ROLES, is_staff, municipalities_with_role
from ..database import attempt, flash_outcome
from ..extensions import limiter
from ..ideas.models import Visibility
from ..members.forms import ConfirmForm
from ..moderation.forms import ReasonNoteForm
from ..municipalities.models import Municipality
from ..pipeline.deadlines import today
from . import admin_routes, bp  # noqa: F401 - admin_routes: staff's pages on bp
from .files import max_bytes
from .forms import StatementForm
from .loading import (
    hearing_or_404,
    hearing_url,
    municipality_or_404,
    read_upload,
    section_choices,
)
from .models import SenderKind, Statement
from .permissions import (
    can_give_statement,
    can_manage_hearing,
    can_manage_hearings,
    can_moderate_statement,
    can_see_contact,
    can_view_hearing,
    can_view_statement,
    is_receiving,
    why_not_give_statement,
)
from .queries import (
    attachments_of,
    current_version,
    hearing_file,
    hearing_lists,
    section_of_hearing,
    sections_of,
    statement_in,
    statements_by_section,
)
from .services import give_statement, hide_statement, period_warning, publish_statement

# Uploads may be larger than MAX_CONTENT_LENGTH: these endpoints allow a file of
# HEARING_FILE_MAX_BYTES and a long document (a form's text is held in memory).
UPLOAD_ENDPOINTS = frozenset(
    {
        "hearings.new",
        "hearings.edit",
        "hearings.add_attachment_view",
        "hearings.statement",
        "hearings.register",
    }
)
FORM_MEMORY_BYTES = 4 * 1024 * 1024


def _allow_uploads() -> None:
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = max_bytes() + FORM_MEMORY_BYTES
        request.max_form_memory_size = FORM_MEMORY_BYTES


# First among the app's before-request functions: CSRF protection reads the form before any
# blueprint's own before-request function would run.
bp.record_once(
    lambda state: state.app.before_request_funcs.setdefault(None, []).insert(0, _allow_uploads)
)


def _person_key() -> str:
    """Rate limits count per person when signed in, per address otherwise."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or "unknown"


# As many as comments (ideas.routes.COMMENT_LIMIT): statements are longer and fewer.
STATEMENT_LIMIT = limiter.limit("5/minute;30/hour", key_func=_person_key, methods=["POST"])

bp.add_app_template_global(can_manage_hearing, "can_manage_hearing")
bp.add_app_template_global(can_moderate_statement, "can_moderate_statement")
bp.add_app_template_global(can_see_contact, "can_see_contact")


# Links from other pages --------------------------------------------------------------------


def _header_nav(user: Any = None, **_context: Any) -> dict[str, Any] | None:
    municipalities = municipalities_with_role(user, STAFF_ROLES)
    return {"municipalities": municipalities} if municipalities else None


def _municipality_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    return {"municipality": municipality, "manage": can_manage_hearings(current_user, municipality)}


sections.register("header_nav", "hearings/_header_nav.html", _header_nav, order=30)
sections.register(
    "municipality_page", "hearings/_municipality_link.html", _municipality_link, order=6
)


def _refuse(message: str) -> NoReturn:
    """Anonymous visitors are asked to log in (then sent back); others get 403 with the reason."""
    if not current_user.is_authenticated:
        flash(_("Logg inn for å delta."), "info")
        abort(redirect(url_for("accounts.login", next=request.full_path.rstrip("?"))))
    flash(message, "error")
    abort(403)


# Pages -------------------------------------------------------------------------------------


@bp.route("/k/<slug>/horinger")
def index(slug: str):
    municipality = municipality_or_404(slug)
    manage = can_manage_hearings(current_user, municipality)
    return render_template(
        "hearings/index.html",
        municipality=municipality,
        lists=hearing_lists(municipality, drafts=manage),
        manage=manage,
    )


@bp.route("/k/<slug>/horinger/<int:hearing_id>")
def detail(slug: str, hearing_id: int):
    hearing = hearing_or_404(slug, hearing_id)
    staff = is_staff(current_user, hearing.municipality_id)
    user_id = current_user.id if current_user.is_authenticated else None
    version = current_version(hearing)
    return render_template(
        "hearings/detail.html",
        hearing=hearing,
        municipality=hearing.municipality,
        version=version,
        sections=sections_of(version),
        attachments=attachments_of(hearing),
        statements=statements_by_section(hearing, staff=staff, user_id=user_id),
        receiving=is_receiving(hearing),
        today=today(),
        can_give=can_give_statement(current_user, hearing),
        manage=can_manage_hearing(current_user, hearing),
        warning=period_warning(hearing.opens_on, hearing.deadline) if staff else None,
        hide_form=ReasonNoteForm(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/k/<slug>/horinger/<int:hearing_id>/filer/<int:file_id>")
def download(slug: str, hearing_id: int, file_id: int):
    hearing = hearing_or_404(slug, hearing_id)
    found = hearing_file(hearing, file_id)
    if found is None:
        abort(404)
    stored, statement = found
    if statement is not None and (
        not can_view_statement(current_user, statement)
        or (
            statement.visibility is Visibility.hidden
            and not is_staff(current_user, hearing.municipality_id)
        )
    ):
        abort(404)
    response = send_file(
        io.BytesIO(stored.data),
        mimetype=stored.content_type,
        as_attachment=True,
        download_name=stored.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store" if not hearing.is_open else "no-cache"
    return response


# Statements --------------------------------------------------------------------------------


@bp.route("/k/<slug>/horinger/<int:hearing_id>/uttalelse", methods=["GET", "POST"])
@STATEMENT_LIMIT
def statement(slug: str, hearing_id: int):
    hearing = hearing_or_404(slug, hearing_id)
    reason = why_not_give_statement(current_user, hearing)
    if reason is not None:
        _refuse(reason)
    form = StatementForm(display_name=current_user.display_name)
    section_choices(form, hearing)
    if request.method == "GET":
        form.section_id.data = request.args.get("punkt", 0, type=int)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "hearings/statement_form.html", hearing=hearing, form=form, today=today()
        ), status
    shown_as = form.shown_as.data
    kind = {"organisation": SenderKind.organisation, "council": SenderKind.council}.get(
        shown_as or "", SenderKind.resident
    )
    name = {
        "name": current_user.display_name,
        "anonymous": None,
    }.get(shown_as or "", form.organisation.data)
    done = attempt(
        lambda: give_statement(
            hearing,
            author=current_user,
            body=form.body.data or "",
            sender_kind=kind,
            sender_name=name,
            section=section_of_hearing(hearing, form.section_id.data),
            upload=read_upload(form.file.data),
        )
    )
    if done.refusal:
        form.body.errors = [*form.body.errors, done.refusal.reason]
        return render_template(
            "hearings/statement_form.html", hearing=hearing, form=form, today=today()
        ), done.refusal.status
    given = done.value
    assert given is not None
    if given.visibility is Visibility.pending:
        flash(_("Takk! Uttalelsen vises når kommunen har godkjent den."), "success")
    elif given.late:
        flash(
            _("Takk! Uttalelsen er registrert. Den kom etter fristen og er merket slik."), "success"
        )
    else:
        flash(_("Takk! Uttalelsen er registrert og vises på høringssiden."), "success")
    return redirect(hearing_url(hearing, _anchor=f"uttalelse-{given.id}"), code=303)


def _moderated(slug: str, statement_id: int) -> Statement:
    found = statement_in(slug, statement_id)
    if found is None or not can_view_hearing(current_user, found.hearing):
        abort(404)
    if not can_moderate_statement(current_user, found):
        abort(403)
    return found


@bp.route("/k/<slug>/uttalelser/<int:statement_id>/skjul", methods=["POST"])
@login_required
def hide(slug: str, statement_id: int):
    found = _moderated(slug, statement_id)
    form = ReasonNoteForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    else:
        done = attempt(
            lambda: hide_statement(
                found, reason=form.reason.data or "", note=form.note.data or "", actor=current_user
            )
        )
        flash_outcome(done, _("Uttalelsen er skjult."))
    return redirect(hearing_url(found.hearing, _anchor=f"uttalelse-{found.id}"), code=303)


@bp.route("/k/<slug>/uttalelser/<int:statement_id>/publiser", methods=["POST"])
@login_required
def publish(slug: str, statement_id: int):
    found = _moderated(slug, statement_id)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: publish_statement(found, actor=current_user))
        flash_outcome(done, _("Uttalelsen er publisert."))
    return redirect(hearing_url(found.hearing, _anchor=f"uttalelse-{found.id}"), code=303)


from . import assess_routes  # noqa: E402,F401 - the merknadsbehandling and versions on bp
