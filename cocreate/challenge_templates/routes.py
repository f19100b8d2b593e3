"""Pages of templates (maler): the public list and a template's page with its evidence and the
side-by-side table; the administrator's publish and unpublish; staff start a new challenge from
one. Thin: load, check, validate, call the service (attempt commits), flash, redirect."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..accounts.permissions import is_admin, is_staff, staff_municipalities
from ..challenges.models import Challenge, Phase
from ..challenges.permissions import can_view_challenge
from ..database import attempt, flash_outcome
from ..extensions import db, limiter
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pagecache import cached_for_visitors
from ..refusals import require
from . import bp
from .forms import PublishTemplateForm, UnpublishTemplateForm, UseTemplateForm
from .models import ChallengeTemplate
from .permissions import (
    can_publish_template,
    can_unpublish_template,
    can_use_template,
    can_view_template,
    why_not_publish_template,
    why_not_unpublish_template,
    why_not_use_template,
)
from .queries import (
    comparison,
    derived_challenges,
    measure_labels,
    published_templates,
    reference,
    survey_rows,
    template_of,
    templates_from,
    use_counts,
    workshop_rows,
)
from .services import publish_template, start_from_template, unpublish_template, workshop_plan

WRITE_LIMIT = "20/minute;200/hour"


def _municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _challenge_or_404(municipality: Municipality, challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if (
        challenge is None
        or challenge.municipality_id != municipality.id
        or not can_view_challenge(current_user, challenge)
    ):
        abort(404)
    return challenge


def _template_or_404(template_id: int) -> ChallengeTemplate:
    template = db.session.get(ChallengeTemplate, template_id)
    if template is None or not can_view_template(template):
        abort(404)
    return template


@bp.route("/maler")
@cached_for_visitors
def index():
    """Every published template, newest first, with how many challenges were made from it."""
    templates = list(db.session.scalars(published_templates()))
    return render_template(
        "challenge_templates/index.html",
        templates=templates,
        uses=use_counts([t.id for t in templates]),
    )


@bp.route("/maler/<int:challenge_template_id>")
@cached_for_visitors
def detail(challenge_template_id: int):
    """A template: its texts, plan, survey and measures at conclusion, and how every challenge
    made from it did on the same measures, side by side. The derived challenges' measures are
    computed when the page is drawn; for visitors it is kept per page generation (a page outside
    /k/ is drawn again after a write in any municipality)."""
    template = _template_or_404(challenge_template_id)
    staff_of = {m.id for m in staff_municipalities(current_user)}
    derived = derived_challenges(template.id, include_drafts_of=staff_of)
    usable = [
        m for m in staff_municipalities(current_user) if can_use_template(current_user, template, m)
    ]
    return render_template(
        "challenge_templates/detail.html",
        template=template,
        reference=reference(template),
        workshops=workshop_rows(template),
        survey=survey_rows(template),
        labels=measure_labels(),
        columns=comparison(template, derived),
        usable=usable,
        may_unpublish=can_unpublish_template(current_user, template),
        unpublish_form=UnpublishTemplateForm(),
    )


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/del-som-mal", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def publish(slug: str, challenge_id: int):
    """An administrator shares a concluded challenge as a template."""
    municipality = _municipality_or_404(slug)
    challenge = _challenge_or_404(municipality, challenge_id)
    if not is_admin(current_user, municipality):
        require(why_not_publish_template(current_user, challenge))
    form = PublishTemplateForm()
    refusal = why_not_publish_template(current_user, challenge)
    if form.validate_on_submit():
        done = attempt(
            lambda: publish_template(challenge, actor=current_user, note=form.note.data or "")
        )
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        elif done.value is not None:
            flash(_("Utfordringen er delt som mal."), "success")
            return redirect(url_for(".detail", challenge_template_id=done.value.id), code=303)
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "challenge_templates/publish.html",
        municipality=municipality,
        challenge=challenge,
        form=form,
        refusal=refusal,
        workshops=workshop_plan(challenge),
    ), status


@bp.route("/maler/<int:challenge_template_id>/trekk-tilbake", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def unpublish(challenge_template_id: int):
    """The publishing municipality's administrator takes the template down."""
    template = _template_or_404(challenge_template_id)
    require(why_not_unpublish_template(current_user, template))
    form = UnpublishTemplateForm()
    if not form.validate_on_submit():
        flash(_("Skjemaet var utløpt. Prøv igjen."), "error")
        return redirect(url_for(".detail", challenge_template_id=template.id), code=303)
    done = attempt(lambda: unpublish_template(template, actor=current_user))
    if flash_outcome(done, _("Malen er trukket tilbake.")):
        return redirect(url_for(".index"), code=303)
    return redirect(url_for(".detail", challenge_template_id=template.id), code=303)


@bp.route("/k/<slug>/maler/<int:challenge_template_id>/ny-utfordring", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def use(slug: str, challenge_template_id: int):
    """Staff start a new draft challenge in their municipality from a template."""
    municipality = _municipality_or_404(slug)
    template = _template_or_404(challenge_template_id)
    require(why_not_use_template(current_user, template, municipality))
    form = UseTemplateForm(data=None)
    if not form.is_submitted():
        form.title.data = template.title
    if form.validate_on_submit():
        done = attempt(
            lambda: start_from_template(
                template, municipality, actor=current_user, title=form.title.data or ""
            )
        )
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        elif done.value is not None:
            flash(
                _("Utfordringen er laget fra malen som et utkast. Se over og publiser den."),
                "success",
            )
            return redirect(
                url_for("challenges.edit", slug=slug, challenge_id=done.value.id), code=303
            )
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "challenge_templates/use.html",
        municipality=municipality,
        template=template,
        reference=reference(template),
        workshops=workshop_rows(template),
        form=form,
    ), status


def _on_challenge(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    """On a challenge's page: the template it was made from (with its workshop plan for staff
    while the challenge is planned), the templates made from it, and for an administrator of a
    concluded challenge the way to share it."""
    origin = template_of(challenge.id)
    staff = is_staff(current_user, challenge.municipality_id)
    section = {
        "challenge": challenge,
        "origin": origin if origin is not None and origin.is_published else None,
        "plan": (
            workshop_rows(origin)
            if origin is not None and staff and challenge.phase in (Phase.draft, Phase.open)
            else []
        ),
        "shared_as": templates_from(challenge.id),
        "may_publish": can_publish_template(current_user, challenge),
    }
    if not (section["origin"] or section["plan"] or section["shared_as"] or section["may_publish"]):
        return None
    return section


sections.register(
    "challenge_page",
    "challenge_templates/_on_challenge.html",
    _on_challenge,
    order=60,
    shared=lambda challenge, **_: not is_staff(current_user, challenge.municipality_id),
)
