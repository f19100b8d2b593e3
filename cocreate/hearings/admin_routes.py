"""Staff's pages of hearings: create and edit a hearing (its document in Markdown or from a
Word file), its attachments and consultees, send it out, register statements that came by letter
or e-mail, and keep the municipality's list of consultees."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..challenges.models import Challenge
from ..database import attempt, flash_outcome
from ..extensions import db
from ..members.forms import ConfirmForm
from ..municipalities.models import Municipality
from . import bp
from .documents import docx_to_markdown, join_sections
from .files import max_bytes
from .forms import (
    AttachmentForm,
    ConsulteeChoiceForm,
    ConsulteeForm,
    HearingForm,
    RegisterStatementForm,
)
from .loading import (
    hearing_or_404,
    hearing_url,
    municipality_or_404,
    read_upload,
    section_choices,
)
from .models import Consultee, Hearing, SenderKind
from .permissions import can_edit_document, can_manage_hearings, why_not_register_statement
from .queries import (
    attachments_of,
    consultees_of,
    current_version,
    hearing_consultees,
    section_of_hearing,
    sections_of,
)
from .services import (
    HearingError,
    add_attachment,
    add_consultee,
    create_hearing,
    open_hearing,
    period_warning,
    register_statement,
    remove_attachment,
    remove_consultee,
    set_hearing_consultees,
    update_hearing,
)


def _managed(slug: str) -> Municipality:
    municipality = municipality_or_404(slug)
    if not can_manage_hearings(current_user, municipality):
        abort(403)
    return municipality


def _managed_hearing(slug: str, hearing_id: int) -> Hearing:
    _managed(slug)
    return hearing_or_404(slug, hearing_id)


def _challenge_choices(form: HearingForm, municipality: Municipality) -> None:
    form.challenge_id.choices = [(0, _("Ingen utfordring"))] + [
        (c.id, c.title)
        for c in db.session.scalars(
            select(Challenge)
            .where(Challenge.municipality_id == municipality.id)
            .order_by(Challenge.created_at.desc())
        )
    ]


def _challenge(form: HearingForm) -> Challenge | None:
    return db.session.get(Challenge, form.challenge_id.data) if form.challenge_id.data else None


def _document(form: HearingForm) -> str:
    """The Markdown the form gives: a Word file's when one was chosen, else the text field's."""
    upload = read_upload(form.docx.data)
    if upload is None:
        return form.document.data or ""
    if len(upload[1]) > max_bytes():
        raise HearingError(_("Word-filen er for stor."))
    return docx_to_markdown(upload[1])


def _warn(hearing: Hearing) -> None:
    warning = period_warning(hearing.opens_on, hearing.deadline)
    if warning:
        flash(warning, "warning")


# A hearing ---------------------------------------------------------------------------------


@bp.route("/k/<slug>/horinger/ny", methods=["GET", "POST"])
@login_required
def new(slug: str):
    municipality = _managed(slug)
    form = HearingForm()
    _challenge_choices(form, municipality)
    challenge_id = request.args.get("challenge", 0, type=int)
    if request.method == "GET" and challenge_id:
        form.challenge_id.data = challenge_id
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return _form_page(municipality, form, None, status)
    done = attempt(
        lambda: create_hearing(
            municipality,
            title=form.title.data or "",
            summary=form.summary.data or "",
            opens_on=form.opens_on.data,
            deadline=form.deadline.data,
            document=_document(form),
            challenge=_challenge(form),
            actor=current_user,
        )
    )
    if done.refusal:
        form.document.errors = [*form.document.errors, done.refusal.reason]
        return _form_page(municipality, form, None, done.refusal.status)
    hearing = done.value
    assert hearing is not None
    flash(_("Høringen «%(title)s» er lagret som utkast.", title=hearing.title), "success")
    _warn(hearing)
    return redirect(url_for("hearings.edit", slug=slug, hearing_id=hearing.id), code=303)


def _form_page(municipality: Municipality, form: HearingForm, hearing: Hearing | None, status=200):
    context: dict[str, Any] = {"municipality": municipality, "form": form, "hearing": hearing}
    if hearing is not None:
        choice = ConsulteeChoiceForm()
        links = hearing_consultees(hearing)
        chosen = {link.consultee_id for link in links}
        choice.consultee_ids.choices = [(c.id, c.name) for c in consultees_of(municipality)]
        choice.consultee_ids.data = sorted(chosen)
        context.update(
            attachments=attachments_of(hearing),
            attachment_form=AttachmentForm(),
            choice_form=choice,
            consultees=consultees_of(municipality),
            links=links,
            sent={link.consultee_id: link.letter_sent_at for link in links},
            confirm_form=ConfirmForm(),
            warning=period_warning(hearing.opens_on, hearing.deadline),
            editable=can_edit_document(current_user, hearing),
            sections=sections_of(current_version(hearing)),
        )
    return render_template("hearings/form.html", **context), status


@bp.route("/k/<slug>/horinger/<int:hearing_id>/endre", methods=["GET", "POST"])
@login_required
def edit(slug: str, hearing_id: int):
    hearing = _managed_hearing(slug, hearing_id)
    municipality = hearing.municipality
    form = HearingForm(obj=hearing if request.method == "GET" else None)
    _challenge_choices(form, municipality)
    if request.method == "GET":
        form.challenge_id.data = hearing.challenge_id or 0
        form.document.data = join_sections(
            [(s.heading, s.body) for s in sections_of(current_version(hearing))]
        )
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return _form_page(municipality, form, hearing, status)
    editable = can_edit_document(current_user, hearing)
    done = attempt(
        lambda: update_hearing(
            hearing,
            title=form.title.data or "",
            summary=form.summary.data or "",
            opens_on=form.opens_on.data,
            deadline=form.deadline.data,
            challenge=_challenge(form),
            document=_document(form) if editable else None,
            actor=current_user,
        )
    )
    if done.refusal:
        form.document.errors = [*form.document.errors, done.refusal.reason]
        return _form_page(municipality, form, hearing, done.refusal.status)
    flash(_("Høringen er lagret."), "success")
    _warn(hearing)
    return redirect(url_for("hearings.edit", slug=slug, hearing_id=hearing.id), code=303)


@bp.route("/k/<slug>/horinger/<int:hearing_id>/vedlegg", methods=["POST"])
@login_required
def add_attachment_view(slug: str, hearing_id: int):
    hearing = _managed_hearing(slug, hearing_id)
    form = AttachmentForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    else:
        upload = read_upload(form.file.data)
        assert upload is not None  # FileRequired
        done = attempt(lambda: add_attachment(hearing, upload[0], upload[1], actor=current_user))
        flash_outcome(done, _("Vedlegget er lagt til."))
    return redirect(
        url_for("hearings.edit", slug=slug, hearing_id=hearing.id, _anchor="vedlegg"), code=303
    )


@bp.route("/k/<slug>/horinger/<int:hearing_id>/vedlegg/<int:file_id>/slett", methods=["POST"])
@login_required
def remove_attachment_view(slug: str, hearing_id: int, file_id: int):
    hearing = _managed_hearing(slug, hearing_id)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: remove_attachment(hearing, file_id, actor=current_user))
        flash_outcome(done, _("Vedlegget er fjernet."))
    return redirect(
        url_for("hearings.edit", slug=slug, hearing_id=hearing.id, _anchor="vedlegg"), code=303
    )


@bp.route("/k/<slug>/horinger/<int:hearing_id>/instanser", methods=["POST"])
@login_required
def choose_consultees(slug: str, hearing_id: int):
    hearing = _managed_hearing(slug, hearing_id)
    form = ConsulteeChoiceForm()
    form.consultee_ids.choices = [(c.id, c.name) for c in consultees_of(hearing.municipality)]
    if form.validate_on_submit():
        done = attempt(
            lambda: set_hearing_consultees(
                hearing, list(form.consultee_ids.data or []), actor=current_user
            )
        )
        if flash_outcome(done, _("Høringsinstansene er lagret.")) and done.value:
            flash(
                _("Høringsbrevet er sendt til %(count)d nye instanser.", count=done.value), "info"
            )
    return redirect(
        url_for("hearings.edit", slug=slug, hearing_id=hearing.id, _anchor="instanser"), code=303
    )


@bp.route("/k/<slug>/horinger/<int:hearing_id>/send-ut", methods=["POST"])
@login_required
def open_view(slug: str, hearing_id: int):
    hearing = _managed_hearing(slug, hearing_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("hearings.edit", slug=slug, hearing_id=hearing.id), code=303)
    done = attempt(lambda: open_hearing(hearing, actor=current_user))
    if flash_outcome(done, _("Høringen er sendt ut og er nå offentlig.")):
        flash(
            _("Høringsbrevet er sendt til %(count)d høringsinstanser.", count=done.value or 0),
            "info",
        )
        return redirect(hearing_url(hearing), code=303)
    return redirect(url_for("hearings.edit", slug=slug, hearing_id=hearing.id), code=303)


# Registered statements ---------------------------------------------------------------------


@bp.route("/k/<slug>/horinger/<int:hearing_id>/registrer", methods=["GET", "POST"])
@login_required
def register(slug: str, hearing_id: int):
    hearing = _managed_hearing(slug, hearing_id)
    reason = why_not_register_statement(current_user, hearing)
    if reason is not None:
        flash(reason, "error")
        return redirect(url_for("hearings.edit", slug=slug, hearing_id=hearing.id), code=303)
    form = RegisterStatementForm()
    section_choices(form, hearing)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("hearings/register.html", hearing=hearing, form=form), status
    done = attempt(
        lambda: register_statement(
            hearing,
            actor=current_user,
            sender_kind=SenderKind(form.sender_kind.data),
            sender_name=form.sender_name.data,
            contact_email=form.contact_email.data,
            received_on=form.received_on.data,
            body=form.body.data or "",
            section=section_of_hearing(hearing, form.section_id.data),
            upload=read_upload(form.file.data),
        )
    )
    if done.refusal:
        form.body.errors = [*form.body.errors, done.refusal.reason]
        return render_template(
            "hearings/register.html", hearing=hearing, form=form
        ), done.refusal.status
    statement = done.value
    assert statement is not None
    flash(_("Uttalelsen er registrert."), "success")
    if statement.late:
        flash(_("Uttalelsen kom inn etter fristen og er merket slik."), "info")
    return redirect(hearing_url(hearing, _anchor=f"uttalelse-{statement.id}"), code=303)


# The list of consultees --------------------------------------------------------------------


@bp.route("/k/<slug>/horingsinstanser", methods=["GET", "POST"])
@login_required
def consultees(slug: str):
    municipality = _managed(slug)
    form = ConsulteeForm()
    if form.validate_on_submit():
        done = attempt(
            lambda: add_consultee(
                municipality,
                name=form.name.data or "",
                kind=SenderKind(form.kind.data),
                email=form.email.data or "",
                actor=current_user,
            )
        )
        if done.refusal is None:
            flash(_("«%(name)s» er lagt til.", name=form.name.data), "success")
            return redirect(url_for("hearings.consultees", slug=slug), code=303)
        form.name.errors = [*form.name.errors, done.refusal.reason]
    status = 400 if request.method == "POST" else 200
    return render_template(
        "hearings/consultees.html",
        municipality=municipality,
        form=form,
        consultees=consultees_of(municipality),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/k/<slug>/horingsinstanser/<int:consultee_id>/slett", methods=["POST"])
@login_required
def remove_consultee_view(slug: str, consultee_id: int):
    municipality = _managed(slug)
    consultee = db.session.get(Consultee, consultee_id)
    if consultee is None or consultee.municipality_id != municipality.id:
        abort(404)
    name = consultee.name
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: remove_consultee(consultee, actor=current_user))
        flash_outcome(done, _("«%(name)s» er fjernet fra listen.", name=name))
    return redirect(url_for("hearings.consultees", slug=slug), code=303)
