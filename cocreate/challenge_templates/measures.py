"""The measures a template carries and compares: one challenge's headline figures, taken from
the effects dashboard as published (metrics.snapshots.dashboard_figures), so a template shows no
more than the dashboard does.

k-rules (DESIGN.md §3): counts of persons are the family's protected values (rounded to base 5,
hidden below 5 or where a small group could be worked out). A challenge with fewer than
PUBLIC_MIN_PARTICIPANTS participants is no public scope: none of its person figures
(participants, representativeness, perceived effect) is kept or shown. Inputs are public one by
one, so closure, time to answer, yield and the promise check are shown for every challenge."""

from typing import Any

from ..challenges.models import Challenge, Phase
from ..metrics.disclosure import PUBLIC_MIN_PARTICIPANTS
from ..metrics.measures_pipeline import promise_check
from ..metrics.scope import Scope
from ..metrics.snapshots import dashboard_figures, public_challenge
from ..metrics.survey import QUESTIONS

# The rows of the side-by-side table, in order (labels in queries.MEASURE_LABELS).
MEASURE_KEYS = (
    "participants",
    "representativeness",
    "closure",
    "median_days",
    "yield",
    "promise_kept",
    "perceived_effect",
)


def challenge_measures(challenge: Challenge) -> dict[str, Any]:
    """The challenge's headline measures as published now, JSON-ready."""
    figures = dashboard_figures(Scope(challenge.municipality_id, challenge_id=challenge.id))
    shown = challenge.phase is not Phase.draft and public_challenge(
        challenge.municipality_id, challenge.id
    )
    first = next(
        (row for row in figures["time_to_answer"] if row["target"] == "first_answer"), None
    )
    survey = figures["survey"]
    representativeness = figures["representativeness"]["web"]
    perceived: dict[str, Any] = {"state": "hidden", "responses": None, "means": {}}
    if shown:
        perceived = {
            "state": survey["state"],
            "responses": survey["responses"],
            "means": {
                q["question"]: q["mean"] for q in survey["questions"] if q["question"] in QUESTIONS
            },
        }
    return {
        "computed_at": figures["computed_at"],
        "phase": challenge.phase.value,
        "public": shown,
        "public_min_participants": PUBLIC_MIN_PARTICIPANTS,
        "participants": figures["participants"]["participants"] if shown else None,
        "representativeness": representativeness["lowest_r"] if shown else None,
        "representativeness_dimension": (representativeness["lowest_dimension"] if shown else None),
        "inputs": figures["funnel"]["steps"][0]["reached"] if figures["funnel"]["steps"] else 0,
        "closure": figures["closure"]["closure"],
        "median_days": first["median_days"] if first else None,
        "yield": figures["funnel"]["yield_"],
        "promise_kept": promise_check(challenge).kept,
        "perceived_effect": perceived,
    }
