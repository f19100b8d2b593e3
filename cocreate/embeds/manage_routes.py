"""The staff page of embeds: the codes to paste into the municipality's website, and (for its
administrators) the list of sites that may frame them."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import escape

from .. import sections
from ..database import attempt
from ..extensions import limiter
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..notifications.links import absolute_url
from . import bp
from .forms import AddOriginForm, RemoveOriginForm
from .permissions import can_manage_embed_origins, can_view_embed_codes
from .queries import origins_of, public_challenges_of
from .registry import EMBEDS, Embed
from .services import add_embed_origin, remove_embed_origin

WRITE_LIMIT = "20/minute;200/hour"
HOST_SCRIPT = "/static/js/embed-host.js"  # unfingerprinted: pasted snippets outlive deploys
PAGE = "/k/<slug>/innbygging"


def snippet(src: str, title: str) -> str:
    """The HTML a municipality pastes into its site: the iframe (named by its title for screen
    readers) and the optional script that fits its height to the content."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="600" '
        f'loading="lazy" data-samskap-embed></iframe>\n'
        f'<script src="{escape(absolute_url(HOST_SCRIPT))}" async></script>'
    )


def _codes(municipality: Municipality) -> list[dict[str, Any]]:
    """Every embed with its address and snippet (per public challenge for those that take one)."""
    challenges = public_challenges_of(municipality.id)
    codes = []
    for item in EMBEDS:
        targets = challenges if item.per_challenge else [None]
        for challenge in targets:
            codes.append(_code(municipality, item, challenge))
    return codes


def _code(municipality: Municipality, item: Embed, challenge: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"slug": municipality.slug}
    name = municipality.name
    if challenge is not None:
        args["challenge_id"] = challenge.id
        name = challenge.title
    src = absolute_url(url_for(item.endpoint, **args))
    title = f"{item.label} – {name}"
    return {"label": str(item.label), "name": name, "src": src, "snippet": snippet(src, title)}


def _page(municipality: Municipality, form: AddOriginForm, status: int = 200):
    return render_template(
        "embeds/manage.html",
        municipality=municipality,
        origins=origins_of(municipality.id),
        form=form,
        remove_form=RemoveOriginForm(),
        may_manage=can_manage_embed_origins(current_user, municipality),
        codes=_codes(municipality),
    ), status


@bp.route(PAGE)
@login_required
def manage(slug: str):
    """Staff copy the codes; administrators see and change the allowlist."""
    municipality = get_by_slug(slug) or abort(404)
    if not can_view_embed_codes(current_user, municipality):
        abort(403)
    return _page(municipality, AddOriginForm())


@bp.route(PAGE, methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def add_origin(slug: str):
    municipality = get_by_slug(slug) or abort(404)
    if not can_manage_embed_origins(current_user, municipality):
        abort(403)
    form = AddOriginForm()
    if form.validate_on_submit():
        text = form.origin.data or ""
        done = attempt(lambda: add_embed_origin(municipality, text, actor=current_user))
        if done.refusal is None and done.value is not None:
            flash(_("%(origin)s kan nå vise sidene.", origin=done.value.origin), "success")
            return redirect(url_for(".manage", slug=slug), code=303)
        if done.refusal is not None:
            form.origin.errors = [done.refusal.reason]
    return _page(municipality, form, 400)


@bp.route(PAGE + "/fjern", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def remove_origin(slug: str):
    municipality = get_by_slug(slug) or abort(404)
    if not can_manage_embed_origins(current_user, municipality):
        abort(403)
    form = RemoveOriginForm()
    if not form.validate_on_submit():
        flash(_("Velg nettstedet som skal fjernes."), "error")
        return redirect(url_for(".manage", slug=slug), code=303)
    origin = form.origin.data or ""
    done = attempt(lambda: remove_embed_origin(municipality, origin, actor=current_user))
    if done.refusal is not None:
        flash(done.refusal.reason, "error")
    else:
        flash(_("%(origin)s kan ikke lenger vise sidene.", origin=origin), "success")
    return redirect(url_for(".manage", slug=slug), code=303)


def _settings_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_view_embed_codes(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("municipality_page", "embeds/_admin_link.html", _settings_link, order=89)
