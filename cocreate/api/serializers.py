"""Public representations: nothing here may carry e-mail, hidden content or unchosen names."""

from typing import Any

from flask import url_for

from ..challenges.models import Challenge
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..pipeline.models import StageChange
from ..reference.models import Principle


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def municipality(m: Municipality) -> dict[str, Any]:
    return {
        "slug": m.slug,
        "name": m.name,
        "number": m.number,
        "kind": m.kind.value,
        "is_demo": m.is_demo,
        "url": url_for("challenges.municipality", slug=m.slug, _external=True),
    }


def principle(p: Principle) -> dict[str, Any]:
    return {
        "number": p.number,
        "slug": p.slug,
        "name": {"nb": p.name_nb, "nn": p.name_nn, "en": p.name_en},
        "description": {"nb": p.description_nb, "nn": p.description_nn, "en": p.description_en},
    }


def challenge(c: Challenge) -> dict[str, Any]:
    return {
        "id": c.id,
        "municipality": c.municipality.slug,
        "title": c.title,
        "description_html": c.description_html,
        "phase": c.phase.value,
        "participation_level": c.level.value,
        "principles": [p.number for p in c.principles],
        "target_images": [t.slug for t in c.target_images],
        "goals": [g.number for g in c.goals],
        "opens_on": _iso(c.opens_on),
        "closes_on": _iso(c.closes_on),
        "published_at": _iso(c.published_at),
        "concluded_at": _iso(c.concluded_at),
        "summary_html": c.summary_html or None,
    }


def idea(
    i: Idea,
    *,
    history: list[StageChange] | None = None,
    journal_numbers: dict[int, str | None] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": i.id,
        "challenge_id": i.challenge_id,
        "title": i.title,
        "body": i.body,
        "author": i.author.public_name if i.author else None,
        "channel": i.channel.value,
        "stage": i.stage.value,
        "district": i.district.name if i.district else None,
        "supports": i.support_count,
        "workshop_votes": i.workshop_vote_count,
        "comments": i.comment_count,
        "created_at": _iso(i.created_at),
        "first_answered_at": _iso(i.first_answered_at),
    }
    if history is not None:
        numbers = journal_numbers or {}
        data["history"] = [
            {**stage_change(change), "journal_number": numbers.get(change.id)} for change in history
        ]
    return data


def stage_change(change: StageChange) -> dict[str, Any]:
    # The answering official is named by role and unit only, never as a person.
    return {
        "from": change.from_stage.value,
        "to": change.to_stage.value,
        "kind": change.kind.value,
        "answer": change.answer,
        "reference": change.reference,
        "answered_by": {"role": change.actor_role.value, "unit": change.unit_name},
        "expected_on": change.expected_on.isoformat() if change.expected_on else None,
        "at": _iso(change.created_at),
    }
