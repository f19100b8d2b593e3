"""Reporting pages for citizens; the queue, subject pages, acts and the log for staff."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from .. import sections
from ..accounts.models import User
from ..accounts.permissions import membership_in
from ..database import attempt
from ..extensions import db, limiter
from ..ideas.models import Comment, Idea
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from . import bp
from .forms import MergeForm, NoteForm, ReasonNoteForm, ReportForm
from .models import SubjectType
from .people import person_label
from .permissions import can_moderate, can_read_moderation_log, can_report, subject_municipality_id
from .queries import (
    actions_on,
    has_tie,
    hidden_comments,
    hidden_ideas,
    load_subjects,
    merge_targets,
    moderation_log,
    pending_ideas,
    queue_size,
    report_queue,
    reports_on,
    suspended_members,
)
from .services import (
    approve_idea,
    dismiss_reports,
    hide_content,
    merge_ideas,
    open_report_count,
    reject_idea,
    report_content,
    restore_content,
    suspend_user,
    unsuspend_user,
)

bp.add_app_template_global(person_label)

KINDS = {"innspill": SubjectType.idea, "kommentar": SubjectType.comment}
SUBJECT_MODELS: dict[str, type[Idea] | type[Comment]] = {"innspill": Idea, "kommentar": Comment}
LOG_PER_PAGE = 50


def _user_key() -> str:
    """Rate limits count per person when logged in, else per address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or "unknown"


def _municipality(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _subject(kind: str, subject_id: int, municipality: Municipality) -> Idea | Comment:
    """The idea or comment, 404 unless it belongs to this municipality."""
    model = SUBJECT_MODELS.get(kind) or abort(404)
    subject: Idea | Comment = db.session.get(model, subject_id) or abort(404)
    if subject_municipality_id(subject) != municipality.id:
        abort(404)
    return subject


def public_url(subject: Idea | Comment, municipality: Municipality) -> str:
    """The public page where an idea or a comment is shown."""
    idea = subject.idea if isinstance(subject, Comment) else subject
    try:
        url = url_for("ideas.detail", slug=municipality.slug, idea_id=idea.id)
    except BuildError:  # idea pages not installed: the municipality's page still works
        return url_for("challenges.municipality", slug=municipality.slug)
    return f"{url}#kommentar-{subject.id}" if isinstance(subject, Comment) else url


def _require_moderator(municipality: Municipality) -> None:
    if not can_moderate(current_user, municipality):
        abort(403)


# --- reporting -------------------------------------------------------------------------------


@bp.route("/k/<slug>/rapporter/<kind>/<int:subject_id>", methods=["GET", "POST"])
@login_required
@limiter.limit("5/minute;20/hour", methods=["POST"], key_func=_user_key)
def report(slug: str, kind: str, subject_id: int):
    """A logged-in person reports an idea or a comment: a reason category and free text."""
    municipality = _municipality(slug)
    subject = _subject(kind, subject_id, municipality)
    if not can_report(current_user, subject):
        abort(403)
    form = ReportForm()
    if form.validate_on_submit():
        done = attempt(
            lambda: report_content(
                subject, reporter=current_user, reason=form.reason.data, text=form.text.data or ""
            )
        )
        if done.refusal:
            form.reason.errors = [*form.reason.errors, done.refusal.reason]
        else:
            flash(_("Takk! Rapporten er sendt til kommunens moderatorer."), "success")
            return redirect(public_url(subject, municipality))
    return render_template(
        "moderation/report.html",
        municipality=municipality,
        kind=kind,
        subject=subject,
        form=form,
        back_url=public_url(subject, municipality),
    ), (400 if form.errors else 200)


# --- the queue and subject pages ---------------------------------------------------------------


@bp.route("/k/<slug>/moderering")
@login_required
def queue(slug: str):
    """Open reports and pending ideas of one municipality, oldest first; hidden content and
    suspended people to restore."""
    municipality = _municipality(slug)
    _require_moderator(municipality)
    items, total = report_queue(municipality.id)
    return render_template(
        "moderation/queue.html",
        municipality=municipality,
        items=items,
        total=total,
        pending=db.session.scalars(pending_ideas(municipality.id).limit(50)).all(),
        hidden_ideas=db.session.scalars(hidden_ideas(municipality.id).limit(20)).all(),
        hidden_comments=db.session.scalars(hidden_comments(municipality.id).limit(20)).all(),
        suspended=db.session.scalars(suspended_members(municipality.id)).all(),
    )


def _forms(subject: Idea | Comment, **given: Any) -> dict[str, Any]:
    """Every act's form for the subject page; `given` holds a submitted one with its errors."""
    forms: dict[str, Any] = {
        "hide": ReasonNoteForm(prefix="hide", formdata=None),
        "restore": NoteForm(prefix="restore", formdata=None),
        "dismiss": NoteForm(prefix="dismiss", formdata=None),
    }
    if isinstance(subject, Idea):
        merge = MergeForm(prefix="merge", formdata=None)
        forms.update(
            approve=NoteForm(prefix="approve", formdata=None),
            reject=ReasonNoteForm(prefix="reject", formdata=None),
            merge=merge,
        )
    forms.update(given)
    if "merge" in forms and isinstance(subject, Idea):
        _offer_targets(forms["merge"], subject)
    return forms


def _offer_targets(form: MergeForm, duplicate: Idea) -> None:
    """The ideas a duplicate may join: the other published ideas of its challenge."""
    targets = db.session.scalars(merge_targets(duplicate)).all()
    form.target.choices = [(0, _("Velg …"))] + [(i.id, i.title) for i in targets]
    # A merge candidate's link (the queue's likely duplicates) chooses its target beforehand.
    chosen = request.args.get("mal", "")
    if not form.target.data and chosen.isdecimal() and int(chosen) in {i.id for i in targets}:
        form.target.data = int(chosen)


def _render_subject(
    municipality: Municipality, kind: str, subject: Idea | Comment, **given: Any
) -> str:
    subject_type = KINDS[kind]
    return render_template(
        "moderation/subject.html",
        municipality=municipality,
        kind=kind,
        subject=subject,
        reports=db.session.scalars(reports_on(subject_type, subject.id)).all(),
        open_reports=open_report_count(subject),
        actions=db.session.scalars(actions_on(subject_type, subject.id, municipality.id)).all(),
        forms=_forms(subject, **given),
        failed=next(iter(given), None),
        public_url=public_url(subject, municipality),
    )


@bp.route("/k/<slug>/moderering/<kind>/<int:subject_id>")
@login_required
def subject(slug: str, kind: str, subject_id: int):
    """One idea or comment: its reports, its moderation history and every act on it."""
    municipality = _municipality(slug)
    _require_moderator(municipality)
    return _render_subject(municipality, kind, _subject(kind, subject_id, municipality))


# (url part, form name, form class, idea only)
ACTS = {
    "skjul": ("hide", ReasonNoteForm, False),
    "gjenopprett": ("restore", NoteForm, False),
    "avvis-rapporter": ("dismiss", NoteForm, False),
    "godkjenn": ("approve", NoteForm, True),
    "avvis": ("reject", ReasonNoteForm, True),
    "slaa-sammen": ("merge", MergeForm, True),
}

SUCCESS = {
    "hide": _l("Skjult. Offentligheten ser nå en merknad med grunnen."),
    "restore": _l("Gjenopprettet og synlig igjen."),
    "dismiss": _l("Rapportene er avvist."),
    "approve": _l("Innspillet er godkjent og publisert."),
    "reject": _l("Innspillet er avvist."),
    "merge": _l("Innspillene er slått sammen."),
}


def _apply(name: str, subject: Idea | Comment, form: Any) -> None:
    note = form.note.data
    if name == "hide":
        hide_content(subject, reason=form.reason.data, note=note, actor=current_user)
    elif name == "restore":
        restore_content(subject, note=note, actor=current_user)
    elif name == "dismiss":
        dismiss_reports(subject, note=note, actor=current_user)
    elif not isinstance(subject, Idea):  # act() has refused these for a comment already
        abort(404)
    elif name == "approve":
        approve_idea(subject, note=note, actor=current_user)
    elif name == "reject":
        reject_idea(subject, reason=form.reason.data, note=note, actor=current_user)
    elif name == "merge":
        target = db.session.get(Idea, form.target.data) or abort(404)
        merge_ideas(subject, target, note=note, actor=current_user)


@bp.route("/k/<slug>/moderering/<kind>/<int:subject_id>/<act>", methods=["POST"])
@login_required
def act(slug: str, kind: str, subject_id: int, act: str):
    """Hide, restore, dismiss reports, approve, reject or merge; every act needs a note."""
    municipality = _municipality(slug)
    _require_moderator(municipality)
    subject = _subject(kind, subject_id, municipality)
    name, form_class, idea_only = ACTS.get(act) or abort(404)
    if idea_only and not isinstance(subject, Idea):
        abort(404)
    form = form_class(prefix=name)
    if isinstance(form, MergeForm) and isinstance(subject, Idea):
        _offer_targets(form, subject)
    if form.validate_on_submit():
        done = attempt(lambda: _apply(name, subject, form))
        if done.refusal:
            form.note.errors = [*form.note.errors, done.refusal.reason]
        else:
            flash(str(SUCCESS[name]), "success")
            return redirect(url_for(".subject", slug=slug, kind=kind, subject_id=subject_id))
    return _render_subject(municipality, kind, subject, **{name: form}), 400


# --- people ------------------------------------------------------------------------------------


@bp.route("/k/<slug>/moderering/personer/<int:user_id>")
@login_required
def person(slug: str, user_id: int):
    """A person's standing in this municipality, their moderation history, suspend/unsuspend."""
    municipality = _municipality(slug)
    _require_moderator(municipality)
    return _render_person(municipality, _person(municipality, user_id))


def _person(municipality: Municipality, user_id: int) -> User:
    """The person, 404 unless they took part in or belong to this municipality: its staff learn
    nothing of accounts elsewhere, not even that they exist."""
    user = db.session.get(User, user_id)
    if user is None or not has_tie(user.id, municipality.id):
        abort(404)
    return user


def _render_person(municipality: Municipality, user: User, form: NoteForm | None = None) -> str:
    return render_template(
        "moderation/person.html",
        municipality=municipality,
        person=user,
        membership=membership_in(user, municipality),
        actions=db.session.scalars(actions_on(SubjectType.user, user.id, municipality.id)).all(),
        form=form or NoteForm(prefix="person", formdata=None),
    )


@bp.route("/k/<slug>/moderering/personer/<int:user_id>/<act>", methods=["POST"])
@login_required
def person_act(slug: str, user_id: int, act: str):
    """Suspend a person in this municipality, or lift the suspension; a note is required."""
    municipality = _municipality(slug)
    _require_moderator(municipality)
    user = _person(municipality, user_id)
    service = {"utesteng": suspend_user, "opphev": unsuspend_user}.get(act) or abort(404)
    form = NoteForm(prefix="person")
    if form.validate_on_submit():
        done = attempt(
            lambda: service(user, municipality, note=form.note.data or "", actor=current_user)
        )
        if done.refusal:
            form.note.errors = [*form.note.errors, done.refusal.reason]
        else:
            if act == "utesteng":
                flash(_("Personen er utestengt i %(name)s.", name=municipality.name), "success")
            else:
                flash(_("Utestengningen er opphevet."), "success")
            return redirect(url_for(".person", slug=slug, user_id=user_id))
    return _render_person(municipality, user, form), 400


# --- the log -----------------------------------------------------------------------------------


@bp.route("/k/<slug>/moderering/logg")
@login_required
def log(slug: str):
    """The moderation audit log for admins: who did what, why and when, newest first."""
    municipality = _municipality(slug)
    if not can_read_moderation_log(current_user, municipality):
        abort(403)
    page = request.args.get("side", 1, type=int)
    entries = db.paginate(
        moderation_log(municipality.id), page=page, per_page=LOG_PER_PAGE, error_out=False
    )
    subjects = load_subjects(
        [(a.subject_type, a.subject_id) for a in entries.items]
        + [(SubjectType.idea, a.target_id) for a in entries.items if a.target_id]
    )
    return render_template(
        "moderation/log.html",
        municipality=municipality,
        entries=entries,
        subjects=subjects,
        SubjectType=SubjectType,
    )


# --- a link on the municipality's page for its staff ------------------------------------------


def _queue_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_moderate(current_user, municipality):
        return None
    return {"municipality": municipality, "open_count": queue_size(municipality.id)}


sections.register("municipality_page", "moderation/_municipality_link.html", _queue_link)
