"""The dashboard as published: the exact figures of compute_dashboard() with every count of persons
replaced by the family's protected value (disclosure.py), and the shares worked out again from
those. Pages, charts, the API and the exports all read this, never the exact figures."""

import copy
from dataclasses import asdict
from typing import Any

from .disclosure import BASE, HIDDEN, PUBLIC_MIN_PARTICIPANTS, family_id, rounded
from .measures_budgeting import publish_budgeting
from .measures_hearings import SENDER_KINDS, summarise
from .measures_people import UNDER_REPRESENTED
from .scope import K, Scope, ratio

# Which parts of the published dict each panel shows (the API publishes what the page shows).
PANEL_KEYS = {
    "key_figures": (
        "participants",
        "reach",
        "closure",
        "funnel",
        "citation",
        "reporting",
        "stalled",
        "promise_kept",
        "inequality",
        "returning",
        "channels",
        "waiting",
        "representativeness",
    ),
    "funnel": ("funnel",),
    "representativeness": ("representativeness",),
    "over_time": ("over_time",),
    "channels": ("channels", "participants"),
    "time_to_answer": ("time_to_answer", "waiting"),
    "promise_kept": ("promise_kept",),
    "survey": ("survey",),
    "followup": ("followup",),
    "hearings": ("hearings",),
    "results": ("results",),
    "proposals": ("proposals",),
    "budgeting": ("budgeting",),
}


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def publish(data: dict[str, Any], scope: Scope, family: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` (the scope's exact figures) fit to be shown to anyone who may see it."""
    out = copy.deepcopy({key: value for key, value in data.items() if key != "family"})
    sid = family_id(scope)
    cells: dict[str, int | None] = family["cells"].get(sid, {}) if sid else {}
    exact_participants = out["participants"]["participants"]

    def cell(key: str) -> int | None:
        return cells.get(key)

    people = out["participants"]
    for key in ("participants", "submitters", "supporters", "commenters"):
        people[key] = cell(key)
    people["workshop_headcount"] = cell("headcount")
    people["meeting_signups"] = cell("signups")
    shown = people["participants"]
    out["reach"]["participants"] = shown
    out["reach"]["reach"] = ratio(shown, out["reach"]["eligible_population"])

    for row in out["channels"]:
        row["authors"] = row["participants"] = cell(f"channel:{row['channel']}")
    for row in out["over_time"]:
        if sid == "m":
            month_cells = family["cells"].get(f"mo:{row['month']}", {})
            row["participants"] = month_cells.get("participants")
        else:  # a month inside a narrowed scope is not a scope of the family
            row["participants"] = None

    inequality = out["inequality"]
    inequality["participants"] = shown
    if exact_participants < K:
        inequality["gini"] = inequality["top10_share"] = None
    inequality["gini"] = _round(inequality["gini"], 2)
    inequality["top10_share"] = _round(inequality["top10_share"], 2)

    returning = out["returning"]
    returning["participants"] = shown
    returning["returning"] = cell("returning")
    returning["share"] = ratio(returning["returning"], shown)

    for source, summary in out["representativeness"].items():
        _publish_representativeness(summary, source, cell)

    for name in ("survey", "followup"):
        _publish_survey(out[name], name, cell)
    _publish_hearings(out["hearings"], cell)
    if "budgeting" in out:
        publish_budgeting(out["budgeting"], rounded)

    out["disclosure"] = {
        "k": K,
        "rounding_base": BASE,
        "public_min_participants": PUBLIC_MIN_PARTICIPANTS,
        "scope": sid,
        # A hidden count («–», None) is fewer than K or hidden so that no group under K can be
        # worked out from the others; the two are never told apart.
        "hidden": HIDDEN,
    }
    return out


def _publish_survey(survey: dict, name: str, cell) -> None:
    survey["responses"] = 0 if survey["state"] == "none" else cell(name)
    if survey["state"] == "shown" and survey["responses"] is None:
        survey["state"], survey["shown"] = "hidden", False  # hidden to protect another cell
    for question in survey["questions"]:
        question["distribution"] = [
            cell(f"{name}:{question['question']}:{value}") for value in range(1, 6)
        ]
        if survey["state"] != "shown":
            question["mean"] = None
        question["mean"] = _round(question["mean"], 1)


def _publish_hearings(hearings: dict, cell) -> None:
    """Residents' statements are persons: their counts come from the family, and every total
    and share is worked out again from what is published."""
    counts = {
        row["kind"]: {key: row[key] for key in ("statements", "assessed", "adopted")}
        for row in hearings["kinds"]
    }
    counts["resident"] = {
        "statements": cell("statements:resident"),
        "assessed": cell("statements:resident:assessed"),
        "adopted": cell("statements:resident:adopted"),
    }
    rows, totals = summarise({kind: counts[kind] for kind in SENDER_KINDS})
    hearings["kinds"] = [asdict(row) for row in rows]
    hearings.update(totals)


def _publish_representativeness(summary: dict, source: str, cell) -> None:
    for dim in summary["dimensions"]:
        prefix = f"rep:{source}:{dim['dimension']}"
        total = cell(f"{prefix}:total")
        dim["respondents"] = total
        dim["suppressed"] = total is None
        any_hidden = False
        for group in dim["groups"]:
            key = f"{prefix}:{group['group']}"
            n = cell(key)
            group["participants"] = n
            group["suppressed"] = n is None
            any_hidden = any_hidden or n is None
            q = group["q"]
            p = ratio(n, total) if n is not None and q is not None else None
            group["p"] = _round(p, 4)
            group["rho"] = _round(ratio(p, q), 2) if p is not None else None
            if total is None:
                group["under_represented"] = None
            elif n is not None:
                group["under_represented"] = group["rho"] is not None and (
                    group["rho"] < UNDER_REPRESENTED
                )
            else:  # hidden: small, or hiding another; nothing may be said of it
                group["under_represented"] = None
        if total is None:
            dim["r"] = dim["representation_score"] = None
        digits = 1 if any_hidden else 2  # a hidden group's count must not be read off R
        dim["r"] = _round(dim["r"], digits)
        dim["representation_score"] = _round(dim["representation_score"], digits)
    shown = [(d["r"], d["dimension"]) for d in summary["dimensions"] if d["r"] is not None]
    lowest = min(shown, key=lambda s: s[0]) if shown else (None, None)
    summary["lowest_r"], summary["lowest_dimension"] = lowest


def public_view(published: dict[str, Any], panels: list[str]) -> dict[str, Any]:
    """What the public page shows: the published panels only, representativeness from the
    consented profiles only (the page shows no per-channel table)."""
    keep = {key for panel in panels for key in PANEL_KEYS.get(panel, ())}
    view = {key: published[key] for key in keep if key in published}
    if "representativeness" in view:
        view["representativeness"] = {"web": published["representativeness"]["web"]}
    view["computed_at"] = published["computed_at"]
    view["disclosure"] = published["disclosure"]
    return view
