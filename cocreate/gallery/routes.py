"""Gjort i kommunene: the gallery across municipalities, an entry's story, and ta i bruk. The
origin's staff move their input to skalert citing an adoption (scale). The sections on other
pages are in sections.py."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..challenges.models import Challenge, Phase
from ..database import attempt
from ..extensions import db, limiter
from ..ideas.stages import Stage
from ..municipalities.models import Municipality
from ..pipeline.links import idea_path
from ..pipeline.permissions import why_not_move
from ..pipeline.queries import timeline
from ..query_args import link_args
from ..reference.models import Goal, Principle, TargetImage
from ..refusals import require
from ..results.queries import linked_inputs, results_for_idea, updates
from . import bp
from . import sections as _sections  # noqa: F401 - registers the sections on import
from .forms import TITLE_MAX, AdoptForm, ScaleForm
from .models import Adoption, AdoptionKind
from .permissions import adopting_municipalities
from .queries import (
    COUNTIES,
    SIZE_BANDS,
    Entry,
    Sort,
    adoptions_of,
    entry_page,
    find_entry,
    parse_filter,
    sharing_municipalities,
    years,
)
from .services import adopt_solution, scale_origin

WRITE_LIMIT = "20/minute;200/hour"
KINDS = {"innspill": "idea", "tiltak": "result"}
SEGMENTS = {v: k for k, v in KINDS.items()}


def entry_url(entry_kind: str, entry_id: int, **kw) -> str:
    return url_for("gallery.entry", kind=SEGMENTS[entry_kind], entry_id=entry_id, **kw)


def origin_link(entry: Entry, external: bool = False) -> str:
    if entry.kind == "idea":
        return url_for(
            "ideas.detail", slug=entry.municipality.slug, idea_id=entry.id, _external=external
        )
    return url_for(
        "results.detail", slug=entry.municipality.slug, result_id=entry.id, _external=external
    )


def _entry_or_404(kind: str, entry_id: int) -> Entry:
    if kind not in KINDS:
        abort(404)
    return find_entry(KINDS[kind], entry_id) or abort(404)


@bp.route("/gjort-i-kommunene")
def index():
    """Every input and result that reached gjort, in every municipality that shares."""
    wanted = parse_filter(request.args)
    page = entry_page(wanted, request.args.get("side", 1, type=int))
    args = {k: v for k, v in link_args(request.args).items() if k != "side"}
    return render_template(
        "gallery/index.html",
        page=page,
        wanted=wanted,
        args=args,
        principles=db.session.scalars(db.select(Principle).order_by(Principle.number)).all(),
        target_images=db.session.scalars(db.select(TargetImage).order_by(TargetImage.number)).all(),
        goals=db.session.scalars(db.select(Goal).order_by(Goal.number)).all(),
        municipalities=sharing_municipalities(),
        counties=sorted(COUNTIES.items(), key=lambda c: c[1]),
        sizes=SIZE_BANDS,
        years=years(),
        sorts=Sort,
        segments=SEGMENTS,
    )


@bp.route("/gjort-i-kommunene/<kind>/<int:entry_id>")
def entry(kind: str, entry_id: int):
    """One entry's story: the input or result, its public answers, the decision, the results,
    the persons behind it (k = 5), the cost, and where it has been taken in."""
    found = _entry_or_404(kind, entry_id)
    if found.kind == "idea":
        story = {
            "changes": db.session.scalars(timeline(found.id)).all(),
            "results": results_for_idea(found.id),
        }
    else:
        story = {"inputs": linked_inputs(found.id), "updates": updates(found.id)}
    return render_template(
        "gallery/entry.html",
        entry=found,
        story=story,
        adoptions=adoptions_of(found.kind, found.id),
        may_adopt=bool(adopting_municipalities(current_user, found.municipality.id)),
        origin_url=origin_link(found),
        segment=kind,
    )


def _challenge_choices(municipalities: list[Municipality]) -> list[SelectChoice]:
    ids = [m.id for m in municipalities]
    found = db.session.scalars(
        db.select(Challenge)
        .where(Challenge.municipality_id.in_(ids), Challenge.phase != Phase.draft)
        .order_by(Challenge.municipality_id, Challenge.title)
    ).all()
    names = {m.id: m.name for m in municipalities}
    return [SelectChoice("", _("Velg utfordring"))] + [
        SelectChoice(str(c.id), f"{names[c.municipality_id]}: {c.title}") for c in found
    ]


def _prefill(form: AdoptForm, found: Entry, url: str) -> None:
    form.title.data = found.title[:TITLE_MAX]
    text = found.obj.body if found.kind == "idea" else found.obj.description
    form.description.data = _(
        "%(text)s\n\nTatt i bruk fra %(municipality)s: %(url)s",
        text=text,
        municipality=found.municipality.name,
        url=url,
    ).strip()
    form.answer.data = _(
        "Vi tar i bruk løsningen «%(title)s» fra %(municipality)s, der den er gjennomført. "
        "Se hvordan de gjorde det: %(url)s",
        title=found.title,
        municipality=found.municipality.name,
        url=url,
    )


@bp.route("/gjort-i-kommunene/<kind>/<int:entry_id>/ta-i-bruk", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def adopt(kind: str, entry_id: int):
    """Staff of another municipality take the solution in: a draft challenge, or an input at
    vurdert or besluttet in one of their challenges; either way linked to the origin."""
    found = _entry_or_404(kind, entry_id)
    mine = adopting_municipalities(current_user, found.municipality.id)
    if not mine:
        abort(403)
    url = origin_link(found, external=True)
    form = AdoptForm()
    form.municipality.choices = [SelectChoice(str(m.id), m.name) for m in mine]
    form.challenge.choices = _challenge_choices(mine)
    if len(mine) == 1 and not form.is_submitted():
        form.municipality.data = str(mine[0].id)
    if form.validate_on_submit() and form.validate_for_input():
        municipality = next(m for m in mine if str(m.id) == form.municipality.data)
        adoption_kind = AdoptionKind(form.kind.data)
        challenge = (
            db.session.get(Challenge, int(form.challenge.data))
            if adoption_kind is AdoptionKind.input and form.challenge.data
            else None
        )
        done = attempt(
            lambda: adopt_solution(
                found,
                municipality,
                kind=adoption_kind,
                title=form.title.data or "",
                description=form.description.data or "",
                actor=current_user,
                origin_url=url,
                origin_link=origin_link(found),
                challenge=challenge,
                stage=Stage(form.stage.data or Stage.assessed.value),
                answer=form.answer.data or "",
            )
        )
        if done.refusal:
            form.title.errors = [*form.title.errors, done.refusal.reason]
        elif done.value is not None:
            flash(
                _("Løsningen er tatt i bruk i %(municipality)s.", municipality=municipality.name),
                "success",
            )
            return redirect(created_path(done.value))
    elif not form.is_submitted():
        _prefill(form, found, url)
    return render_template("gallery/adopt.html", entry=found, form=form, segment=kind), (
        400 if form.errors else 200
    )


def created_path(adoption: Adoption) -> str:
    """Where the adopting municipality's staff find what was made."""
    if adoption.kind is AdoptionKind.input and adoption.idea is not None:
        return idea_path(adoption.idea)
    return url_for(
        "challenges.edit", slug=adoption.municipality.slug, challenge_id=adoption.challenge_id
    )


@bp.route("/k/<slug>/innspill/<int:idea_id>/skaler/<int:adoption_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def scale(slug: str, idea_id: int, adoption_id: int):
    """The origin's staff move their input to skalert, citing the municipality that took it in;
    the answer and the reference come prefilled and may be edited."""
    adoption = db.session.get(Adoption, adoption_id) or abort(404)
    idea = adoption.origin_idea
    if idea is None or idea.id != idea_id or idea.challenge.municipality.slug != slug:
        abort(404)
    require(why_not_move(current_user, idea))
    if Stage.scaled is idea.stage:
        abort(404)
    form = ScaleForm()
    adopter = adoption.municipality
    if form.validate_on_submit():
        done = attempt(
            lambda: scale_origin(
                idea,
                adoption,
                answer=form.answer.data or "",
                reference=form.reference.data or "",
                actor=current_user,
            )
        )
        if done.refusal:
            form.answer.errors = [*form.answer.errors, done.refusal.reason]
        else:
            flash(_("Innspillet er flyttet til «%(stage)s».", stage=Stage.scaled.label), "success")
            return redirect(idea_path(idea))
    elif not form.is_submitted():
        form.answer.data = _(
            "Løsningen er tatt i bruk i %(municipality)s. Den er dermed skalert: tatt i bruk "
            "utenfor kommunen vår.",
            municipality=adopter.name,
        )
        form.reference.data = _(
            "Tatt i bruk i %(municipality)s: %(url)s",
            municipality=adopter.name,
            url=adopted_url(adoption),
        )[:300]
    return render_template("gallery/scale.html", idea=idea, adoption=adoption, form=form), (
        400 if form.errors else 200
    )


def adopted_url(adoption: Adoption) -> str:
    """The public address of what the adopter made (its input, else its municipality)."""
    if (
        adoption.idea is not None
        and adoption.idea.is_public
        and adoption.idea.challenge.phase is not Phase.draft
    ):
        return url_for(
            "ideas.detail",
            slug=adoption.municipality.slug,
            idea_id=adoption.idea.id,
            _external=True,
        )
    return url_for("challenges.municipality", slug=adoption.municipality.slug, _external=True)
