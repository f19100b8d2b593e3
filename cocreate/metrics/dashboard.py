"""The effects dashboard: every measure for a scope in one plain dict, and the panels a
municipality chooses to publish. A whole municipality's dict is kept as a snapshot
(snapshots.py); pages, exports and the API read it, as published (publication.py: counts of
persons protected by disclosure.py), through snapshots.dashboard_figures()."""

from dataclasses import asdict
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..audit.services import record_event
from ..extensions import db
from ..municipalities.models import Municipality
from ..page_generations import changed
from . import measures, measures_pipeline
from .followup import followup_effect
from .measures_budgeting import budget_measures
from .measures_hearings import hearing_response, result_measures
from .measures_people import CHANNELS, representativeness_summary
from .measures_proposals import proposal_measures
from .models import PublicMeasure
from .scope import Scope
from .survey import perceived_effect
from .working import working_set

# Panels in the order the dashboard shows them; the keys are stored in PublicMeasure.panel.
PANELS = {
    "key_figures": _l("Nøkkeltall"),
    "funnel": _l("Fra hørt til gjort"),
    "representativeness": _l("Representativitet"),
    "over_time": _l("Deltakelse over tid"),
    "channels": _l("Kanaler"),
    "time_to_answer": _l("Tid til svar"),
    "promise_kept": _l("Løfte holdt"),
    "survey": _l("Ble du hørt?"),
    "followup": _l("Effekt etter gjennomføring"),
    "hearings": _l("Høringer og merknadsbehandling"),
    "results": _l("Tiltak og gjennomføring"),
    "proposals": _l("Innbyggerforslag"),
    "budgeting": _l("Innbyggerbudsjett"),
}


def compute_dashboard(scope: Scope) -> dict[str, Any]:
    """Every measure of DESIGN.md §3 for the scope, from the raw rows, as plain JSON-ready data.
    It changes no stored row and never commits."""
    with working_set():  # the base relations are computed once, not once per measure
        return _compute(scope)


def _compute(scope: Scope) -> dict[str, Any]:
    return {
        "computed_at": scope.now.isoformat(timespec="seconds"),  # the measures' "now"
        "participants": asdict(measures.participants(scope)),
        "reach": asdict(measures.reach(scope)),
        "channels": [asdict(row) for row in measures.channel_mix(scope)],
        "over_time": [asdict(row) for row in measures.participation_over_time(scope)],
        "inequality": asdict(measures.participation_inequality(scope)),
        "returning": asdict(measures.returning_participants(scope)),
        "funnel": asdict(measures_pipeline.funnel(scope)),
        "closure": asdict(measures_pipeline.feedback_closure(scope)),
        "time_to_answer": [asdict(row) for row in measures_pipeline.time_to_answer(scope)],
        "waiting": asdict(measures_pipeline.waiting(scope)),
        "citation": asdict(measures_pipeline.decision_citation(scope)),
        "reporting": asdict(measures_pipeline.implementation_reporting(scope)),
        "stalled": asdict(measures_pipeline.stalled_inputs(scope)),
        "promise_kept": asdict(measures_pipeline.promise_kept(scope)),
        "representativeness": {
            channel: asdict(representativeness_summary(scope, channel)) for channel in CHANNELS
        },
        "survey": asdict(perceived_effect(scope)),
        "followup": asdict(followup_effect(scope)),
        "hearings": asdict(hearing_response(scope)),
        "results": asdict(result_measures(scope)),
        "proposals": asdict(proposal_measures(scope)),
        "budgeting": asdict(budget_measures(scope)),
    }


def measures_table(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The headline of each measure as flat rows (for exports and the API): key, value, n, of.
    Given the published figures, every count of persons in it is protected already."""
    rep = data["representativeness"]["web"]
    first_answer = data["time_to_answer"][0]
    rows = [
        ("participants", data["participants"]["participants"], None, None),
        ("workshop_headcount", data["participants"]["workshop_headcount"], None, None),
        ("meeting_signups", data["participants"].get("meeting_signups"), None, None),
        (
            "reach",
            data["reach"]["reach"],
            data["reach"]["participants"],
            data["reach"]["eligible_population"],
        ),
        ("representativeness_lowest", rep["lowest_r"], None, None),
        (
            "funnel_yield",
            data["funnel"]["yield_"],
            data["funnel"]["steps"][4]["reached"],
            data["funnel"]["steps"][0]["reached"],
        ),
        (
            "feedback_closure",
            data["closure"]["closure"],
            data["closure"]["answered"],
            data["closure"]["inputs_older"],
        ),
        ("time_to_answer_median_days", first_answer["median_days"], None, first_answer["inputs"]),
        ("time_to_answer_p90_days", first_answer["p90_days"], None, first_answer["inputs"]),
        (
            "unanswered_older_than_30_days",
            data["waiting"]["unanswered_older"],
            data["waiting"]["unanswered_older"],
            data["waiting"]["unanswered"],
        ),
        ("oldest_unanswered_days", data["waiting"]["oldest_days"], None, None),
        (
            "decision_citation",
            data["citation"]["share"],
            data["citation"]["numerator"],
            data["citation"]["denominator"],
        ),
        (
            "implementation_reporting",
            data["reporting"]["share"],
            data["reporting"]["numerator"],
            data["reporting"]["denominator"],
        ),
        (
            "stalled_inputs",
            data["stalled"]["numerator"],
            data["stalled"]["numerator"],
            data["stalled"]["denominator"],
        ),
        (
            "promise_kept",
            data["promise_kept"]["share"],
            data["promise_kept"]["kept"],
            data["promise_kept"]["concluded"],
        ),
        (
            "participation_gini",
            data["inequality"]["gini"],
            None,
            data["inequality"]["participants"],
        ),
        (
            "participation_top10_share",
            data["inequality"]["top10_share"],
            None,
            data["inequality"]["contributions"],
        ),
        (
            "returning_participants",
            data["returning"]["share"],
            data["returning"]["returning"],
            data["returning"]["participants"],
        ),
        ("survey_responses", data["survey"]["responses"], None, None),
        *_new_rows(data),
        *_budget_rows(data),
    ]
    return [
        {"measure": key, "value": value, "numerator": numerator, "denominator": denominator}
        for key, value, numerator, denominator in rows
    ]


def _budget_rows(data: dict[str, Any]) -> list[tuple]:
    """Participatory budgeting (issue 22 §2), as published: turnout in all and per budget."""
    figures = data.get("budgeting")
    if not figures:
        return []
    rows: list[tuple] = [
        ("budgets", figures["budgets"], None, None),
        (
            "budget_turnout",
            figures["turnout"],
            figures["voters"],
            figures["eligible_population"],
        ),
    ]
    for row in figures["rows"]:
        rows.append(
            (
                f"budget_{row['budget_id']}_turnout",
                row["turnout"],
                row["voters"],
                figures["eligible_population"],
            )
        )
    return rows


def _new_rows(data: dict[str, Any]) -> list[tuple]:
    """Follow-up survey, hearing response and results (issue 24), as published."""
    followup, hearings, results = data["followup"], data["hearings"], data["results"]
    rows: list[tuple] = [("followup_responses", followup["responses"], None, None)]
    for question in followup["questions"]:
        rows.append((f"followup_{question['question']}_mean", question["mean"], None, None))
    rows += [
        ("hearings", hearings["hearings"], None, None),
        ("hearing_statements", hearings["statements"], None, None),
    ]
    for kind in hearings["kinds"]:
        rows.append((f"hearing_statements_{kind['kind']}", kind["statements"], None, None))
    rows += [
        (
            "hearing_statements_assessed",
            hearings["assessed_share"],
            hearings["assessed"],
            hearings["statements"],
        ),
        (
            "hearing_statements_adopted",
            hearings["adopted_share"],
            hearings["adopted"],
            hearings["assessed"],
        ),
        (
            "hearing_days_deadline_to_compiled_median",
            hearings["compile_days_median"],
            None,
            hearings["compiled"],
        ),
        ("results", results["results"], None, None),
    ]
    for row in results["by_status"]:
        rows.append((f"results_{row['status']}", row["results"], None, None))
    rows += [
        (
            "results_days_decided_to_done_median",
            results["median_days_to_done"],
            None,
            results["done"],
        ),
        (
            "inputs_with_result",
            results["linked_share"],
            results["inputs_with_result"],
            results["inputs_acted_on"],
        ),
    ]
    return rows + _proposal_rows(data)


def _proposal_rows(data: dict[str, Any]) -> list[tuple]:
    """Innbyggerforslag (issue 22): documents of the council, published as they are."""
    p = data["proposals"]
    return [
        ("proposals_registered", p["registered"], None, None),
        ("proposals_qualified", p["qualified"], None, p["registered"]),
        ("proposals_decided", p["decided"], None, p["registered"]),
        ("proposals_decided_in_time", p["in_time_share"], p["decided_in_time"], p["due"]),
        ("proposals_days_to_decision_median", p["median_days_to_decision"], None, p["decided"]),
    ]


def public_panels(municipality_id: int) -> list[str]:
    """The panels the municipality publishes, in dashboard order."""
    chosen = set(
        db.session.scalars(
            select(PublicMeasure.panel).where(PublicMeasure.municipality_id == municipality_id)
        )
    )
    return [panel for panel in PANELS if panel in chosen]


def set_public_panels(municipality_id: int, panels: list[str], *, actor: Any = None) -> None:
    """Publish exactly these panels (unknown names are ignored)."""
    db.session.execute(
        delete(PublicMeasure).where(PublicMeasure.municipality_id == municipality_id)
    )
    for panel in PANELS:
        if panel in panels:
            db.session.add(PublicMeasure(municipality_id=municipality_id, panel=panel))
    db.session.flush()
    changed(municipality_id)  # the municipality's page links to its published figures
    record_event(
        "metrics.panels_published",
        actor=actor,
        municipality=db.session.get(Municipality, municipality_id),
        panels=[panel for panel in PANELS if panel in panels],
    )
