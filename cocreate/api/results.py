"""Results (tiltak) in the open API: a municipality's results, one result with its links (the
ids of the inputs and hearing statements it answers), and the trace of a council decision.
Only what the public pages show: public inputs and statements, no e-mail, no hidden text."""

from typing import Any

from flask import url_for
from sqlalchemy import Select, select

from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..results.models import Result
from ..results.queries import (
    Trace,
    decision_trace,
    input_counts,
    linked_inputs,
    linked_statements,
    milestones,
    results,
    updates,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def public_results(municipality_id: int) -> Select:
    """A municipality's results under public challenges, newest first."""
    return results(municipality_id)


def public_result(result_id: int) -> Result | None:
    """A result whose challenge is public, or None."""
    return db.session.scalar(
        select(Result)
        .join(Challenge, Challenge.id == Result.challenge_id)
        .where(Result.id == result_id, Challenge.phase.in_(PUBLIC_PHASES))
    )


def result(r: Result, inputs: int) -> dict[str, Any]:
    slug = r.challenge.municipality.slug
    return {
        "id": r.id,
        "municipality": slug,
        "challenge_id": r.challenge_id,
        "title": r.title,
        "description_html": r.description_html,
        "department": r.department.name if r.department is not None else None,
        "cost_estimate": r.cost_estimate,
        "actual_cost": r.actual_cost,
        "decision_reference": r.decision_reference,
        "progress": r.progress,
        "status": r.status.value,
        "stop_reason": r.stop_reason or None,
        "inputs": inputs,
        "created_at": _iso(r.created_at),
        "done_at": _iso(r.done_at),
        "url": url_for("results.detail", slug=slug, result_id=r.id, _external=True),
    }


def many(items: list[Result]) -> list[dict[str, Any]]:
    """A page of results, their input counts in one query."""
    counts = input_counts(r.id for r in items)
    return [result(r, counts.get(r.id, 0)) for r in items]


def detail(r: Result) -> dict[str, Any]:
    ideas = linked_inputs(r.id)
    statements = linked_statements(r.id)
    return {
        **result(r, len(ideas)),
        "idea_ids": [idea.id for idea in ideas],
        "statement_ids": [s.id for s in statements],
        "milestones": [
            {"title": m.title, "due_on": _iso(m.due_on), "done_on": _iso(m.done_on)}
            for m in milestones(r.id)
        ],
        "updates": [
            {
                "progress": u.progress,
                "status": u.status.value,
                "note": u.note,
                "at": _iso(u.created_at),
            }
            for u in updates(r.id)
        ],
    }


def decision(municipality_id: int, slug: str, reference: str) -> dict[str, Any]:
    trace: Trace = decision_trace(municipality_id, reference)
    return {
        "municipality": slug,
        "reference": reference,
        "result_ids": [r.id for r in trace.results],
        "inputs": [
            {
                "idea_id": item.idea.id,
                "title": item.idea.title,
                "stage": item.idea.stage.value,
                "outcome": item.outcome,
                "result_ids": [r.id for r in item.results],
                "answer": item.answer.answer if item.answer is not None else None,
                "answered_at": _iso(item.answer.created_at) if item.answer is not None else None,
            }
            for item in trace.inputs
        ],
        "statements": [
            {
                "statement_id": item.statement.id,
                "hearing_id": item.statement.hearing_id,
                "sender": item.statement.sender_name,
                "sender_kind": item.statement.sender_kind.value,
                "outcome": item.outcome,
                "assessment": (
                    item.statement.assessment.value if item.statement.assessment else None
                ),
                "reason": item.statement.reason if item.statement.assessment else None,
                "result_ids": [r.id for r in item.results],
            }
            for item in trace.statements
        ],
    }
