"""Public measures in the API: exactly what the public page publishes (the published panels,
counts of persons protected by metrics/disclosure.py), as a flat table and as the page's figures."""

from typing import Any

from ..metrics.dashboard import measures_table, public_panels
from ..metrics.publication import public_view
from ..metrics.scope import Scope
from ..metrics.snapshots import dashboard_figures, public_challenge

# Which dashboard panel each headline measure belongs to (a municipality publishes panels).
MEASURE_PANELS = {
    "participants": "key_figures",
    "workshop_headcount": "key_figures",
    "meeting_signups": "key_figures",
    "reach": "key_figures",
    "participation_gini": "key_figures",
    "participation_top10_share": "key_figures",
    "returning_participants": "key_figures",
    "representativeness_lowest": "representativeness",
    "funnel_yield": "funnel",
    "feedback_closure": "funnel",
    "decision_citation": "funnel",
    "implementation_reporting": "funnel",
    "stalled_inputs": "funnel",
    "time_to_answer_median_days": "time_to_answer",
    "time_to_answer_p90_days": "time_to_answer",
    "unanswered_older_than_30_days": "time_to_answer",
    "oldest_unanswered_days": "time_to_answer",
    "promise_kept": "promise_kept",
    "survey_responses": "survey",
}
# Issue 24: the follow-up survey, hearing response and results (dashboard.measures_table).
MEASURE_PANEL_PREFIXES = (
    ("followup_", "followup"),
    ("hearing", "hearings"),
    ("results", "results"),
    ("inputs_with_result", "results"),
    ("proposals_", "proposals"),
    ("budget", "budgeting"),  # issue 22 §2: budgets, budget_turnout, budget_<id>_turnout
)


def panel_of(measure: str) -> str | None:
    """The dashboard panel a headline measure belongs to."""
    if measure in MEASURE_PANELS:
        return MEASURE_PANELS[measure]
    for prefix, panel in MEASURE_PANEL_PREFIXES:
        if measure.startswith(prefix):
            return panel
    return None


def public_measures(municipality_id: int, challenge_id: int | None = None) -> dict[str, Any] | None:
    """The public page's figures, or None for a challenge that is not a public scope (fewer
    than 10 participants)."""
    if challenge_id is not None and not public_challenge(municipality_id, challenge_id):
        return None
    panels = public_panels(municipality_id)
    data = dashboard_figures(Scope(municipality_id, challenge_id=challenge_id))
    rows = [row for row in measures_table(data) if panel_of(row["measure"]) in panels]
    return {
        "published_panels": panels,
        "computed_at": data["computed_at"],
        "measures": rows,
        "figures": public_view(data, panels),
        "disclosure": data["disclosure"],
    }
