"""State changes of templates: publish a concluded challenge as one, take it down, and start a
new challenge from one. Services check, mutate, flush and audit; routes commit."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..audit.services import record_event
from ..challenges.models import TITLE, Challenge
from ..challenges.services import create_challenge
from ..database import utcnow
from ..extensions import db
from ..markup import render_markdown
from ..metrics.survey import QUESTIONS
from ..municipalities.models import Municipality
from ..page_generations import changed
from ..reference.models import Goal, Principle, TargetImage
from ..refusals import Refusal, require
from ..workshops.models import Workshop
from .measures import challenge_measures
from .models import TEMPLATE_NOTE, ChallengeTemplate, ChallengeTemplateUse
from .permissions import (
    why_not_publish_in_phase,
    why_not_publish_template,
    why_not_unpublish_template,
    why_not_use_template,
)
from .queries import already_shared, by_numbers, user_municipalities


class TemplateError(Refusal):
    """A rule about templates was broken; the message is shown to the person."""


def workshop_plan(challenge: Challenge) -> list[dict]:
    """The challenge's workshops as a plan: format, title, questions (the description), dots per
    person and length; no dates, places, codes or anything participants wrote."""
    rows = db.session.scalars(
        select(Workshop)
        .where(Workshop.challenge_id == challenge.id)
        .order_by(Workshop.starts_at, Workshop.id)
    )
    return [
        {
            "title": w.title,
            "format": w.format.value,
            "description": w.description,
            "dots_per_person": w.dots_per_person,
            "minutes": max(0, int((w.ends_at - w.starts_at).total_seconds() // 60)),
        }
        for w in rows
    ]


def publish_template(
    challenge: Challenge, *, actor: User | None, note: str = ""
) -> ChallengeTemplate:
    """Share a concluded challenge as a template: a copy of its texts, principles, målbilder,
    SDGs, IAP2 level, workshop plan and survey questions, and its measures as published now."""
    if actor is not None:
        require(why_not_publish_template(actor, challenge))
    elif (reason := why_not_publish_in_phase(challenge)) is not None:
        raise TemplateError(reason)
    if already_shared(challenge):
        raise TemplateError(_("Utfordringen er allerede delt som mal. Trekk den tilbake først."))
    note = (note or "").strip()
    TEMPLATE_NOTE.enforce(note, TemplateError)
    template = ChallengeTemplate(
        municipality_id=challenge.municipality_id,
        source_challenge_id=challenge.id,
        title=challenge.title,
        description=challenge.description,
        description_html=challenge.description_html,
        summary=challenge.summary,
        summary_html=challenge.summary_html,
        note=note,
        note_html=render_markdown(note),
        level=challenge.level,
        principle_numbers=[p.number for p in challenge.principles],
        target_image_numbers=[t.number for t in challenge.target_images],
        goal_numbers=[g.number for g in challenge.goals],
        workshops=workshop_plan(challenge),
        survey_questions=list(QUESTIONS),
        measures=challenge_measures(challenge),
        concluded_at=challenge.concluded_at,
        published_by_id=actor.id if actor else None,
        published_at=utcnow(),
    )
    db.session.add(template)
    db.session.flush()
    changed(challenge.municipality_id)
    record_event(
        "challenge_template.published",
        actor=actor,
        municipality=challenge.municipality,
        subject=template,
        challenge_id=challenge.id,
    )
    return template


def unpublish_template(template: ChallengeTemplate, *, actor: User | None) -> None:
    """Take a template down; challenges made from it keep their link, the page is gone."""
    if actor is not None:
        require(why_not_unpublish_template(actor, template))
    elif not template.is_published:
        raise TemplateError(_("Malen er allerede trukket tilbake."))
    template.unpublished_at = utcnow()
    template.unpublished_by_id = actor.id if actor else None
    db.session.flush()
    # The challenges made from it no longer link to it: their municipalities' pages change too.
    changed(template.municipality_id, *user_municipalities(template.id))
    record_event(
        "challenge_template.unpublished",
        actor=actor,
        municipality=template.municipality,
        subject=template,
    )


def start_from_template(
    template: ChallengeTemplate,
    municipality: Municipality,
    *,
    actor: User | None,
    title: str | None = None,
) -> Challenge:
    """A new draft challenge in the municipality with the template's texts, principles,
    målbilder, SDGs and IAP2 level, linked to the template. The workshop plan is not made into
    workshops (a workshop needs a date and a place); the new challenge's staff page shows it."""
    if actor is not None:
        require(why_not_use_template(actor, template, municipality))
    elif not template.is_published:
        raise TemplateError(_("Malen er trukket tilbake og kan ikke brukes."))
    title = template.title if title is None else title
    if not title.strip():
        raise TemplateError(_("Skriv en tittel."))
    TITLE.enforce(title.strip(), TemplateError)
    challenge = create_challenge(
        municipality,
        title=title,
        description=template.description,
        principles=by_numbers(Principle, template.principle_numbers),
        target_images=by_numbers(TargetImage, template.target_image_numbers),
        goals=by_numbers(Goal, template.goal_numbers),
        level=template.level,
        actor=actor,
    )
    db.session.add(
        ChallengeTemplateUse(
            challenge_id=challenge.id,
            template_id=template.id,
            created_by_id=actor.id if actor else None,
        )
    )
    db.session.flush()
    changed(municipality.id, template.municipality_id)
    record_event(
        "challenge_template.used",
        actor=actor,
        municipality=municipality,
        subject=template,
        challenge_id=challenge.id,
        origin_municipality_id=template.municipality_id,
    )
    return challenge
