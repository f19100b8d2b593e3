"""The staff's page of translations (målform, whether Apertium is on, the translations) and
the form that replaces a machine translation with a checked one."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import i18n, sections, shells
from ..database import attempt
from ..extensions import db, limiter
from ..markup import markdown_to_text
from ..municipalities.models import Municipality, WrittenLanguage
from ..refusals import require
from . import apertium, bp, display, jobs  # noqa: F401 - jobs: the signal's receiver
from .forms import CheckTranslationForm, MalformForm
from .models import ContentKind, ContentTranslation
from .permissions import (
    can_check_translations,
    can_set_language,
    why_not_check_translations,
    why_not_set_language,
)
from .queries import translations
from .services import check_translation, set_language
from .sources import is_html, source_text, version

WRITE_LIMIT = "30/minute;300/hour"

bp.add_app_template_global(display.translated, "translated")
bp.add_app_template_global(display.translation_note, "translation_note")
i18n.register_default(display.municipality_locale)


def _original_variant() -> str:
    return "original" if display.wants_original() else ""


sections.vary_by(_original_variant)
shells.vary_by(_original_variant)


def _municipality(slug: str) -> Municipality:
    municipality = db.session.query(Municipality).filter_by(slug=slug).one_or_none()
    if municipality is None:
        abort(404)
    return municipality


def _malform(municipality: Municipality) -> str:
    if municipality.language_neutral:
        return f"neutral-{municipality.language.value}"
    return municipality.language.value


def kind_label(kind: ContentKind) -> str:
    return {
        ContentKind.challenge: _("Utfordring"),
        ContentKind.idea: _("Innspill"),
        ContentKind.comment: _("Kommentar"),
        ContentKind.answer: _("Svar"),
        ContentKind.result: _("Resultat"),
        ContentKind.hearing: _("Høring"),
        ContentKind.hearing_section: _("Punkt i høring"),
    }[kind]


def _rows(municipality: Municipality) -> list[dict[str, Any]]:
    rows = []
    for row in db.session.scalars(translations(municipality.id)):
        current = source_text(row.kind, row.object_id, row.field)
        rows.append(
            {
                "row": row,
                "kind": kind_label(row.kind),
                "original": _plain(row.field, current or ""),
                "stale": current is None or version(current) != row.source_hash,
            }
        )
    return rows


def _plain(field: str, text: str) -> str:
    return markdown_to_text(text) if is_html(field) else text


@bp.route("/k/<slug>/oversettelser")
@login_required
def index(slug: str):
    """Staff: the målform, whether Apertium is on (and how to turn it on), the translations."""
    municipality = _municipality(slug)
    require(why_not_check_translations(current_user, municipality))
    form = MalformForm(formdata=None, malform=_malform(municipality))
    return render_template(
        "translation/index.html",
        municipality=municipality,
        enabled=apertium.enabled(),
        install_hint=apertium.INSTALL_HINT,
        form=form,
        may_set_language=can_set_language(current_user, municipality),
        rows=_rows(municipality),
    )


@bp.route("/k/<slug>/oversettelser/malform", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def malform(slug: str):
    """An administrator sets the municipality's målform."""
    municipality = _municipality(slug)
    require(why_not_set_language(current_user, municipality))
    form = MalformForm()
    if not form.validate_on_submit():
        flash(_("Velg en målform."), "error")
        return redirect(url_for(".index", slug=slug), code=303)
    choice = form.malform.data or "nb"
    language = WrittenLanguage(choice.removeprefix("neutral-"))
    done = attempt(
        lambda: set_language(
            municipality, language, choice.startswith("neutral-"), actor=current_user
        )
    )
    if done.refusal is None:
        flash(_("Målformen er lagret."), "success")
    return redirect(url_for(".index", slug=slug), code=303)


@bp.route("/k/<slug>/oversettelser/<int:translation_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def check(slug: str, translation_id: int):
    """Staff replace a translation with their own, which is then marked checked."""
    municipality = _municipality(slug)
    require(why_not_check_translations(current_user, municipality))
    row = db.session.get(ContentTranslation, translation_id)
    if row is None or row.municipality_id != municipality.id:
        abort(404)
    current = source_text(row.kind, row.object_id, row.field)
    if current is None:
        abort(404)
    prefill = markdown_to_text(row.text) if is_html(row.field) else row.text
    form = CheckTranslationForm(text=prefill)
    if form.validate_on_submit():
        done = attempt(lambda: check_translation(row, form.text.data or "", actor=current_user))
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        else:
            flash(_("Oversettelsen er lagret som kontrollert."), "success")
            return redirect(url_for(".index", slug=slug), code=303)
    return render_template(
        "translation/check.html",
        municipality=municipality,
        row=row,
        kind=kind_label(row.kind),
        original=_plain(row.field, current),
        stale=version(current) != row.source_hash,
        rich=is_html(row.field),
        form=form,
    ), 400 if form.errors or form.form_errors else 200


def _admin_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_check_translations(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("municipality_page", "translation/_admin_link.html", _admin_link, order=87)
