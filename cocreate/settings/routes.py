"""The settings page of a municipality (administrators) and its logo (everyone)."""

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound, RequestEntityTooLarge
from werkzeug.security import safe_join
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in the stubs

from .. import sections
from ..assets import IMMUTABLE
from ..database import attempt
from ..errors import render_error
from ..extensions import db
from ..municipalities.models import District, Municipality
from ..municipalities.services import get_by_slug
from . import bp
from .districts import create_district, districts_of, merge_districts, rename_district
from .forms import (
    DistrictForm,
    LogoForm,
    MergeDistrictForm,
    RemoveLogoForm,
    RenameDistrictForm,
    SettingsForm,
    SharingForm,
)
from .logos import FINGERPRINT, SUFFIX, fingerprint_of, logo_folder, megabytes
from .permissions import can_change_settings, why_not_change_settings
from .services import remove_logo, replace_logo, set_sharing, update_settings


def _admin_municipality(slug: str) -> Municipality:
    municipality = get_by_slug(slug) or abort(404)
    if why_not_change_settings(current_user, municipality) is not None:
        abort(403)
    return municipality


def _district(municipality: Municipality, district_id: int) -> District:
    district = db.session.get(District, district_id)
    if district is None or district.municipality_id != municipality.id:
        abort(404)
    return district


def _actor() -> Any:
    return current_user._get_current_object()


# Each part of the page is a form of its own. The one that was sent reads the request; every
# other one is drawn blank (formdata=None), so it never picks up fields of the one sent.
BLANK: dict[str, Any] = {"formdata": None}


def _rename_form(district: District, sent: bool = False) -> RenameDistrictForm:
    form = RenameDistrictForm(prefix=f"navn-{district.id}", **({} if sent else BLANK))
    if not sent:
        form.name.data = district.name
    return form


def _merge_form(
    district: District, districts: list[District], sent: bool = False
) -> MergeDistrictForm:
    form = MergeDistrictForm(prefix=f"slaa-sammen-{district.id}", **({} if sent else BLANK))
    form.target.choices = [SelectChoice(d.id, d.name) for d in districts if d.id != district.id]
    return form


def _page(municipality: Municipality, status: int = 200, **sent: Any):
    """The settings page; `sent` holds the form of the part that was sent, with its errors."""
    districts = districts_of(municipality)
    rename, merge = sent.get("rename", {}), sent.get("merge", {})
    rows = [
        {
            "district": d,
            "rename": rename.get(d.id) or _rename_form(d),
            "merge": merge.get(d.id) or _merge_form(d, districts),
        }
        for d in districts
    ]
    return render_template(
        "settings/edit.html",
        municipality=municipality,
        form=sent.get("settings_form") or SettingsForm(obj=municipality, **BLANK),
        logo_form=sent.get("logo_form") or LogoForm(**BLANK),
        remove_logo_form=RemoveLogoForm(**BLANK),
        sharing_form=SharingForm(data={"share": municipality.shares_with_others}, **BLANK),
        district_form=sent.get("district_form") or DistrictForm(**BLANK),
        rows=rows,
        logo_max_size=megabytes(int(current_app.config["LOGO_MAX_BYTES"])),
    ), status


@bp.route("/k/<slug>/innstillinger", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Description, contact address, logo and districts of the municipality."""
    municipality = _admin_municipality(slug)
    if request.method == "POST":
        form = SettingsForm()
        if form.validate_on_submit():
            done = attempt(
                lambda: update_settings(
                    municipality,
                    intro=form.intro.data or "",
                    description=form.description.data or "",
                    contact_email=form.contact_email.data or "",
                    contact_text=form.contact_text.data or "",
                    answer_deadline_days=form.answer_deadline_days.data,
                    followup_months=form.followup_months.data,
                    actor=_actor(),
                )
            )
            if done.refusal is None:
                flash(_("Innstillingene er lagret."), "success")
                return redirect(url_for("settings.edit", slug=municipality.slug))
            form.description.errors = [*form.description.errors, done.refusal.reason]
        return _page(municipality, 400, settings_form=form)
    return _page(municipality)


@bp.route("/k/<slug>/innstillinger/logo", methods=["POST"])
@login_required
def upload_logo(slug: str):
    municipality = _admin_municipality(slug)
    form = LogoForm()
    if not form.validate_on_submit():
        return _page(municipality, 400, logo_form=form)
    data = form.logo.data.read(int(current_app.config["LOGO_MAX_BYTES"]) + 1)
    done = attempt(lambda: replace_logo(municipality, data, actor=_actor()))
    if done.refusal is not None:
        form.logo.errors = [*form.logo.errors, done.refusal.reason]
        return _page(municipality, 400, logo_form=form)
    flash(_("Den nye logoen er lagret."), "success")
    return redirect(url_for("settings.edit", slug=municipality.slug) + "#logo-title")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge):
    """A file beyond MAX_CONTENT_LENGTH is refused before any view runs (the CSRF check reads
    the form first); an administrator sending a logo gets the settings page with the reason."""
    municipality = get_by_slug((request.view_args or {}).get("slug", ""))
    if (
        request.endpoint != "settings.upload_logo"
        or municipality is None
        or not can_change_settings(current_user, municipality)
    ):
        return render_error(413)
    form = LogoForm(**BLANK)
    form.logo.errors = [_too_large_message()]
    return _page(municipality, 413, logo_form=form)


def _too_large_message() -> str:
    return _(
        "Fila er for stor. Logoen kan være på høyst %(max)s.",
        max=megabytes(int(current_app.config["LOGO_MAX_BYTES"])),
    )


@bp.route("/k/<slug>/innstillinger/logo/fjern", methods=["POST"])
@login_required
def delete_logo(slug: str):
    municipality = _admin_municipality(slug)
    if not RemoveLogoForm().validate_on_submit():
        abort(400)
    done = attempt(lambda: remove_logo(municipality, actor=_actor()))
    if done.refusal is None and done.value:
        flash(_("Logoen er fjernet."), "success")
    return redirect(url_for("settings.edit", slug=municipality.slug) + "#logo-title")


@bp.route("/k/<slug>/innstillinger/deling", methods=["POST"])
@login_required
def sharing(slug: str):
    """Share, or stop sharing, with the other municipalities (the gallery and the comparison)."""
    municipality = _admin_municipality(slug)
    form = SharingForm()
    if not form.validate_on_submit():
        abort(400)
    done = attempt(lambda: set_sharing(municipality, bool(form.share.data), actor=_actor()))
    if done.refusal is None:
        if municipality.shares_with_others:
            flash(_("Kommunen deler med andre kommuner."), "success")
        else:
            flash(_("Kommunen deler ikke lenger med andre kommuner."), "success")
    return redirect(url_for("settings.edit", slug=municipality.slug) + "#sharing-title")


@bp.route("/k/<slug>/innstillinger/bydeler", methods=["POST"])
@login_required
def add_district(slug: str):
    municipality = _admin_municipality(slug)
    form = DistrictForm()
    if form.validate_on_submit():
        done = attempt(
            lambda: create_district(
                municipality, form.name.data or "", form.population.data, actor=_actor()
            )
        )
        if done.value is not None:
            flash(_("Bydelen «%(name)s» er lagt til.", name=done.value.name), "success")
            return redirect(url_for("settings.edit", slug=municipality.slug) + "#districts-title")
        if done.refusal is not None:
            form.name.errors = [*form.name.errors, done.refusal.reason]
    return _page(municipality, 400, district_form=form)


@bp.route("/k/<slug>/innstillinger/bydeler/<int:district_id>/navn", methods=["POST"])
@login_required
def rename(slug: str, district_id: int):
    municipality = _admin_municipality(slug)
    district = _district(municipality, district_id)
    form = _rename_form(district, sent=True)
    if form.validate_on_submit():
        old = district.name
        done = attempt(lambda: rename_district(district, form.name.data or "", actor=_actor()))
        if done.value is not None:
            flash(_("«%(old)s» heter nå «%(new)s».", old=old, new=done.value.name), "success")
            return redirect(url_for("settings.edit", slug=municipality.slug) + "#districts-title")
        if done.refusal is not None:
            form.name.errors = [*form.name.errors, done.refusal.reason]
    return _page(municipality, 400, rename={district.id: form})


@bp.route("/k/<slug>/innstillinger/bydeler/<int:district_id>/slaa-sammen", methods=["POST"])
@login_required
def merge(slug: str, district_id: int):
    municipality = _admin_municipality(slug)
    district = _district(municipality, district_id)
    form = _merge_form(district, districts_of(municipality), sent=True)
    if form.validate_on_submit():
        target = db.session.get(District, form.target.data) if form.target.data else None
        if target is None or target.municipality_id != municipality.id:
            form.target.errors = [_("Velg bydelen den skal slås sammen med.")]
        else:
            source_name = district.name
            done = attempt(lambda: merge_districts(district, target, actor=_actor()))
            if done.value is not None:
                flash(
                    _(
                        "«%(source)s» er slått sammen med «%(target)s».",
                        source=source_name,
                        target=done.value.name,
                    ),
                    "success",
                )
                return redirect(
                    url_for("settings.edit", slug=municipality.slug) + "#districts-title"
                )
            form.target.errors = [done.refusal.reason if done.refusal else ""]
    return _page(municipality, 400, merge={district.id: form})


@bp.route("/k/<slug>/logo/<fingerprint>.png")
def logo(slug: str, fingerprint: str):
    """The logo under its content's hash: cached for a year; a replaced one is gone (404)."""
    municipality = get_by_slug(slug) or abort(404)
    name = municipality.logo
    if not name or not FINGERPRINT.match(fingerprint) or fingerprint_of(name) != fingerprint:
        abort(404)
    path = safe_join(str(logo_folder()), name)
    if path is None:
        abort(404)
    try:
        with open(path, "rb") as handle:
            body = handle.read()
    except OSError:
        raise NotFound() from None
    response = Response(body, mimetype="image/png")
    response.headers["Cache-Control"] = IMMUTABLE
    response.set_etag(fingerprint)
    return response.make_conditional(request)


@bp.app_template_global()
def municipality_logo_url(municipality: Municipality) -> str | None:
    """The fingerprinted address of the municipality's logo, or None without one."""
    if not municipality.logo:
        return None
    return url_for(
        "settings.logo", slug=municipality.slug, fingerprint=municipality.logo.removesuffix(SUFFIX)
    )


def _admin_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_change_settings(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("municipality_page", "settings/_admin_link.html", _admin_link, order=86)
