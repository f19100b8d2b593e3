"""Budgeting's measures: turnout = voters ÷ the eligible population, each winner's support and
cost; published with counts of persons rounded to 5 and hidden under 5; on the dashboard and in
the measures export. A budget still open is not counted."""

from cocreate.accounts.services import create_user
from cocreate.budgeting.privacy import published_count
from cocreate.budgeting.services import (
    cast_ballot,
    cast_paper_ballot,
    close_vote,
    generate_codes,
    open_vote,
)
from cocreate.extensions import db
from cocreate.metrics.dashboard import compute_dashboard, measures_table
from cocreate.metrics.disclosure import rounded
from cocreate.metrics.measures_budgeting import budget_measures, publish_budgeting
from cocreate.metrics.models import Dimension, PopulationReference
from cocreate.metrics.scope import Scope
from tests.budgeting.conftest import login


def _population(municipality_id: int, n: int = 1000) -> None:
    db.session.add(
        PopulationReference(
            municipality_id=municipality_id,
            dimension=Dimension.age_band,
            group="20-66",
            population=n,
            year=2026,
            source="Testdata",
            is_demo=False,
        )
    )
    db.session.flush()


def _vote(b, residents: int, paper: int):
    p1, p2 = b.projects
    open_vote(b.budget, actor=b.world.facilitator)
    for n in range(residents):
        voter = create_user(f"v{n}@example.no", "Velger", "riktig-hest-batteri", verified=True)
        cast_ballot(b.budget, {p1.id: 1}, voter=voter)
    for code in generate_codes(b.budget, paper, actor=b.world.facilitator) if paper else []:
        cast_paper_ballot(b.budget, code, {p2.id: 1})


def test_turnout_and_winners_exact(budgeting):
    b = budgeting
    _population(b.world.municipality.id)
    _vote(b, residents=7, paper=4)
    scope = Scope(b.world.municipality.id)
    assert budget_measures(scope).budgets == 0  # still open: not counted
    close_vote(b.budget, actor=b.world.facilitator)
    figures = budget_measures(scope)
    assert figures.budgets == 1 and figures.voters == 11
    assert figures.eligible_population == 1000 and figures.turnout == 0.011
    (row,) = figures.rows
    assert row.paper_voters == 4 and row.spent == 60_000
    (winner,) = figures.winners  # greedy: 60 000 (7 votes); 50 000 more is over the budget
    assert (winner.project, winner.cost, winner.support) == ("Benker i parken", 60_000, 7)
    assert winner.support_share == round(7 / 11, 3)


def test_published_counts_follow_k5(budgeting):
    b = budgeting
    _population(b.world.municipality.id)
    _vote(b, residents=3, paper=9)
    close_vote(b.budget, actor=b.world.facilitator)
    from dataclasses import asdict

    figures = asdict(budget_measures(Scope(b.world.municipality.id)))
    publish_budgeting(figures, rounded)
    row = figures["rows"][0]
    assert figures["voters"] == 10 and row["voters"] == 10  # 12 → 10
    assert row["paper_voters"] == 10  # 9 → 10
    winner = figures["winners"][0]
    assert winner["project"] == "Lys langs elva" and winner["support"] == 10
    assert figures["turnout"] == 0.01
    # The three residents' project lost; had it won, 3 would be hidden.
    assert rounded(3) is None and published_count(3) is None
    for n in range(0, 40):
        assert published_count(n) == rounded(n)


def test_dashboard_and_export_show_budgeting(client, budgeting):
    b = budgeting
    _population(b.world.municipality.id)
    _vote(b, residents=6, paper=0)
    close_vote(b.budget, actor=b.world.facilitator)
    db.session.commit()
    data = compute_dashboard(Scope(b.world.municipality.id))
    assert data["budgeting"]["voters"] == 6
    login(client, b.world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert 'id="table-budget-winners"' in html and "Benker i parken" in html
    assert "Valgdeltakelse = stemmer ÷ innbyggere" in html
    rows = {r["measure"]: r for r in measures_table(data)}
    assert rows["budget_turnout"]["numerator"] == 6
