"""The measures of innbyggerforslag: registered, qualified and decided; the share decided within
6 months; the median days to decision; on the dashboard and in the public API."""

from datetime import UTC, datetime, time, timedelta

from cocreate.database import clock_at
from cocreate.extensions import db
from cocreate.metrics.dashboard import compute_dashboard, measures_table, set_public_panels
from cocreate.metrics.measures_proposals import proposal_measures
from cocreate.metrics.scope import Scope
from cocreate.proposals.models import ProposalState
from cocreate.proposals.rules import add_months, oslo_today
from cocreate.proposals.services import move_proposal, register_proposal
from tests.proposals.conftest import data, login

ANSWER = "Kommunestyret har behandlet forslaget og svart forslagsstillerne."


def _decide(proposal, after_days: int, actor) -> None:
    moment = datetime.combine(proposal.submitted_on + timedelta(days=after_days), time(12), UTC)
    with clock_at(moment):
        move_proposal(
            proposal,
            to_state=ProposalState.adopted,
            answer=ANSWER,
            reference=f"2026/{proposal.id}",
            actor=actor,
        )


def _town(world):
    admin, m, today = world.admin, world.municipality, oslo_today()
    eight = add_months(today, -8)
    a = register_proposal(
        m, data(title="Forslag A", submitted_on=eight, valid_signatures=250), actor=admin
    )
    register_proposal(
        m, data(title="Forslag B", submitted_on=eight, valid_signatures=100), actor=admin
    )
    register_proposal(
        m,
        data(title="Forslag C", submitted_on=today - timedelta(days=30), valid_signatures=None),
        actor=admin,
    )
    d = register_proposal(
        m,
        data(title="Forslag D", submitted_on=add_months(today, -10), valid_signatures=200),
        actor=admin,
    )
    _decide(a, 100, admin)  # within 6 months
    _decide(d, 250, admin)  # late
    db.session.commit()


def test_measures(world):
    _town(world)
    figures = proposal_measures(Scope(world.municipality.id))
    assert (figures.registered, figures.qualified, figures.decided) == (4, 2, 2)
    # A (in time), B (overdue) and D (late) are due; C is open before its deadline.
    assert (figures.due, figures.decided_in_time, figures.in_time_share) == (3, 1, 0.333)
    assert figures.median_days_to_decision == 175.0  # (100 + 250) ÷ 2
    assert figures.threshold == 200
    # A date range by the submission day; a challenge holds no proposal.
    recent = Scope(world.municipality.id, start=oslo_today() - timedelta(days=60))
    assert proposal_measures(recent).registered == 1
    assert proposal_measures(Scope(world.municipality.id, challenge_id=1)).registered == 0
    assert proposal_measures(Scope(world.other.id)).registered == 0


def test_dashboard_and_public_api(client, world):
    _town(world)
    login(client, world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert 'id="table-proposals"' in html and "Behandlet innen seks måneder" in html
    assert "1 av 3 forslag" in html and "175" in html
    set_public_panels(world.municipality.id, ["proposals"])
    db.session.commit()
    body = client.get("/api/v1/municipalities/heimby/metrics").get_json()
    rows = {row["measure"]: row for row in body["measures"]}
    assert rows["proposals_registered"]["value"] == 4
    assert rows["proposals_decided_in_time"]["numerator"] == 1
    assert body["figures"]["proposals"]["qualified"] == 2


def test_measures_table_rows(world):
    _town(world)
    keys = [
        row["measure"] for row in measures_table(compute_dashboard(Scope(world.municipality.id)))
    ]
    assert {
        "proposals_registered",
        "proposals_qualified",
        "proposals_decided",
        "proposals_decided_in_time",
        "proposals_days_to_decision_median",
    } <= set(keys)
