"""Reads of templates: the public list, the challenges made from one, and the side-by-side
table of their measures (the template's snapshot beside each derived challenge's measures now)."""

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..metrics.labels import DIMENSIONS, QUESTIONS
from ..metrics.numbers import decimal, number, percent
from ..metrics.snapshots import FiguresPending
from ..reference.models import Goal, Principle, TargetImage
from ..workshops.models import WorkshopFormat
from .measures import MEASURE_KEYS, challenge_measures
from .models import ChallengeTemplate, ChallengeTemplateUse

MEASURE_LABELS = {
    "participants": _l("Deltakere"),
    "representativeness": _l("Representativitet (laveste R)"),
    "closure": _l("Tilbakemelding (andel innspill med svar)"),
    "median_days": _l("Tid til svar (median, dager)"),
    "yield": _l("Utbytte (andel gjort eller skalert)"),
    "promise_kept": _l("Løfte holdt"),
    "perceived_effect": _l("Opplevd effekt («Jeg følte meg hørt», snitt 1–5)"),
}


def published_templates() -> Select:
    """Published templates, newest first, with their municipality."""
    return (
        select(ChallengeTemplate)
        .where(ChallengeTemplate.unpublished_at.is_(None))
        .options(joinedload(ChallengeTemplate.municipality))
        .order_by(ChallengeTemplate.published_at.desc(), ChallengeTemplate.id.desc())
    )


def use_counts(template_ids: list[int]) -> dict[int, int]:
    """How many challenges (not drafts) were made from each template."""
    if not template_ids:
        return {}
    rows = db.session.execute(
        select(ChallengeTemplateUse.template_id, func.count())
        .join(Challenge, Challenge.id == ChallengeTemplateUse.challenge_id)
        .where(ChallengeTemplateUse.template_id.in_(template_ids), Challenge.phase != Phase.draft)
        .group_by(ChallengeTemplateUse.template_id)
    )
    return {template_id: int(n) for template_id, n in rows}


def derived_challenges(template_id: int, *, include_drafts_of: set[int]) -> list[Challenge]:
    """Challenges made from the template, with their measures beside the origin's: published
    ones of municipalities that share (Municipality.shares_with_others), and any of the
    municipalities the reader is staff of (drafts too)."""
    query = (
        select(Challenge)
        .join(ChallengeTemplateUse, ChallengeTemplateUse.challenge_id == Challenge.id)
        .where(ChallengeTemplateUse.template_id == template_id)
        .options(joinedload(Challenge.municipality))
        .order_by(ChallengeTemplateUse.created_at, Challenge.id)
    )
    rows = db.session.scalars(query)
    return [
        c
        for c in rows
        if (c.phase is not Phase.draft and c.municipality.shares_with_others)
        or c.municipality_id in include_drafts_of
    ]


def template_of(challenge_id: int) -> ChallengeTemplate | None:
    """The template the challenge was made from, if any."""
    return db.session.scalar(
        select(ChallengeTemplate)
        .join(ChallengeTemplateUse, ChallengeTemplateUse.template_id == ChallengeTemplate.id)
        .where(ChallengeTemplateUse.challenge_id == challenge_id)
    )


def already_shared(challenge: Challenge) -> bool:
    """Is a published template of this challenge there already?"""
    return bool(templates_from(challenge.id))


def user_municipalities(template_id: int) -> set[int]:
    """The municipalities of the challenges made from the template."""
    return set(
        db.session.scalars(
            select(Challenge.municipality_id)
            .join(ChallengeTemplateUse, ChallengeTemplateUse.challenge_id == Challenge.id)
            .where(ChallengeTemplateUse.template_id == template_id)
            .distinct()
        )
    )


def templates_from(challenge_id: int) -> list[ChallengeTemplate]:
    """Published templates made from this challenge."""
    return list(
        db.session.scalars(
            select(ChallengeTemplate).where(
                ChallengeTemplate.source_challenge_id == challenge_id,
                ChallengeTemplate.unpublished_at.is_(None),
            )
        )
    )


def by_numbers(model: Any, numbers: list[int]) -> list[Any]:
    """Reference rows (principles, målbilder, SDGs) by their fixed numbers, in order."""
    if not numbers:
        return []
    query = select(model).where(model.number.in_(numbers)).order_by(model.number)
    return list(db.session.scalars(query))


def reference(template: ChallengeTemplate) -> dict[str, list]:
    """The template's principles, målbilder and SDGs as reference rows."""
    return {
        "principles": by_numbers(Principle, template.principle_numbers),
        "target_images": by_numbers(TargetImage, template.target_image_numbers),
        "goals": by_numbers(Goal, template.goal_numbers),
    }


def workshop_rows(template: ChallengeTemplate) -> list[dict[str, Any]]:
    """The template's workshop plan with readable formats."""
    out = []
    for row in template.workshops:
        try:
            label = WorkshopFormat(row.get("format")).label
        except ValueError:
            label = str(row.get("format", ""))
        out.append({**row, "format_label": label})
    return out


def survey_rows(template: ChallengeTemplate) -> list[str]:
    return [str(QUESTIONS[key]) for key in template.survey_questions if key in QUESTIONS]


def cell(key: str, measures: dict[str, Any]) -> str:
    """One measure as the page prints it; «–» where it is hidden or not known."""
    if measures.get("pending"):
        return _("regnes ut")
    hidden = _("skjult (færre enn %(n)d deltakere)", n=measures.get("public_min_participants", 10))
    value = measures.get(key)
    if key == "participants":
        if not measures.get("public"):
            return hidden
        return number(value) if value is not None else _("færre enn 5 eller skjult")
    if key == "representativeness":
        if not measures.get("public"):
            return hidden
        if value is None:
            return "–"
        dimension = measures.get("representativeness_dimension")
        label = DIMENSIONS.get(dimension) if dimension else None
        return f"{decimal(value, 2)} ({label})" if label else decimal(value, 2)
    if key in ("closure", "yield"):
        return percent(value)
    if key == "median_days":
        return decimal(value, 1)
    if key == "promise_kept":
        if value is None:
            return "–"
        return _("Ja") if value else _("Nei")
    if key == "perceived_effect":
        perceived = value or {}
        state = perceived.get("state")
        if state == "hidden" or not measures.get("public"):
            return hidden
        if state == "none":
            return _("Ingen svar ennå")
        if state != "shown":
            return _("Færre enn 5 har svart")
        mean = perceived.get("means", {}).get("felt_heard")
        return decimal(mean, 1)
    return "–"


@dataclass
class Column:
    heading: str
    municipality: str
    link: tuple[str, int] | None  # (slug, challenge id)
    status: str
    cells: list[str]


def comparison(template: ChallengeTemplate, derived: list[Challenge]) -> list[Column]:
    """The template's snapshot, then each derived challenge's measures now, column by column."""
    columns = [
        Column(
            _("Opprinnelsen (ved avslutning)"),
            template.municipality.name,
            None,
            _("Avsluttet"),
            [cell(key, template.measures) for key in MEASURE_KEYS],
        )
    ]
    for challenge in derived:
        try:
            measures = challenge_measures(challenge)
        except FiguresPending:  # its municipality's figures are being computed by the job
            measures = {"pending": True}
        status = (
            _("Avsluttet")
            if challenge.phase is Phase.concluded
            else _("Ikke avsluttet ennå (%(phase)s)", phase=challenge.phase.label)
        )
        columns.append(
            Column(
                challenge.title,
                challenge.municipality.name,
                (challenge.municipality.slug, challenge.id),
                status,
                [cell(key, measures) for key in MEASURE_KEYS],
            )
        )
    return columns


def measure_labels() -> list[str]:
    return [str(MEASURE_LABELS[key]) for key in MEASURE_KEYS]
