"""Budgeting's services: setting up, projects from assessed inputs only, ballots within the
budget (approval) or the points (cumulative), paper codes that work once, both results from
pabutools, and the decision that moves the winners to besluttet with its reference."""

import pytest
from sqlalchemy import func, select

from cocreate.budgeting import codes
from cocreate.budgeting.models import (
    Ballot,
    BallotKind,
    BudgetStatus,
    PaperCode,
    ResultRule,
)
from cocreate.budgeting.services import (
    BudgetError,
    add_project,
    cast_ballot,
    cast_paper_ballot,
    choose_rule,
    close_vote,
    decide_budget,
    generate_codes,
    open_vote,
    remove_project,
    set_budget,
)
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.models import StageChange
from cocreate.refusals import NotAllowed
from tests.budgeting.conftest import EXPLAINS, events

DECISION = "Kommunestyret vedtok budsjettet for innbyggerprosjektene i møtet 12. mai."


def _third(b, cost=50_000):
    return add_project(
        b.budget,
        b.ideas[2],
        title="Skatepark",
        cost=cost,
        explanation=EXPLAINS,
        actor=b.world.facilitator,
    )


def test_budget_is_whole_kroner_and_locked_once_open(budgeting):
    b = budgeting
    assert b.budget.amount == 100_000 and b.budget.status is BudgetStatus.preparing
    with pytest.raises(BudgetError, match="over null"):
        set_budget(
            b.challenge,
            amount=0,
            ballot_kind=BallotKind.approval,
            points=10,
            rule=ResultRule.greedy,
            closes_at=None,
            actor=b.world.facilitator,
        )
    open_vote(b.budget, actor=b.world.facilitator)
    with pytest.raises(BudgetError, match="låst"):
        set_budget(
            b.challenge,
            amount=200_000,
            ballot_kind=BallotKind.approval,
            points=10,
            rule=ResultRule.greedy,
            closes_at=None,
            actor=b.world.facilitator,
        )
    with pytest.raises(NotAllowed):
        set_budget(
            b.challenge,
            amount=100_000,
            ballot_kind=BallotKind.approval,
            points=10,
            rule=ResultRule.greedy,
            closes_at=None,
            actor=b.world.other_facilitator,
        )


def test_only_assessed_inputs_become_projects(budgeting):
    b = budgeting
    with pytest.raises(BudgetError, match="vurdert"):
        add_project(
            b.budget,
            b.ideas[3],
            title="Hørt",
            cost=1000,
            explanation=EXPLAINS,
            actor=b.world.facilitator,
        )
    with pytest.raises(BudgetError, match="allerede et prosjekt"):
        add_project(
            b.budget,
            b.ideas[0],
            title="Igjen",
            cost=1000,
            explanation=EXPLAINS,
            actor=b.world.facilitator,
        )
    with pytest.raises(BudgetError, match="større enn hele budsjettet"):
        _third(b, cost=100_001)
    with pytest.raises(NotAllowed):
        add_project(
            b.budget,
            b.ideas[2],
            title="Skatepark",
            cost=10,
            explanation=EXPLAINS,
            actor=b.world.citizen,
        )
    project = _third(b)
    remove_project(project, actor=b.world.facilitator)
    assert len(b.budget.projects) == 2


def test_approval_ballot_within_budget_and_changeable(budgeting):
    b = budgeting
    p1, p2 = b.projects
    with pytest.raises(BudgetError, match="ikke åpnet"):
        cast_ballot(b.budget, {p1.id: 1}, voter=b.voters[0])
    open_vote(b.budget, actor=b.world.facilitator)
    with pytest.raises(BudgetError, match="koster 110\u00a0000 kr, men budsjettet er 100\u00a0000"):
        cast_ballot(b.budget, {p1.id: 1, p2.id: 1}, voter=b.voters[0])
    with pytest.raises(BudgetError, match="minst ett"):
        cast_ballot(b.budget, {}, voter=b.voters[0])
    cast_ballot(b.budget, {p1.id: 1}, voter=b.voters[0])
    ballot = cast_ballot(b.budget, {p2.id: 1}, voter=b.voters[0])
    assert [i.project_id for i in ballot.items] == [p2.id]
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
    close_vote(b.budget, actor=b.world.facilitator)
    with pytest.raises(BudgetError, match="avsluttet"):
        cast_ballot(b.budget, {p1.id: 1}, voter=b.voters[0])


def test_cumulative_ballot_spreads_at_most_the_points(budgeting):
    b = budgeting
    set_budget(
        b.challenge,
        amount=100_000,
        ballot_kind=BallotKind.cumulative,
        points=10,
        rule=ResultRule.greedy,
        closes_at=None,
        actor=b.world.facilitator,
    )
    open_vote(b.budget, actor=b.world.facilitator)
    p1, p2 = b.projects
    with pytest.raises(BudgetError, match="fordelt 11 poeng, men har bare 10"):
        cast_ballot(b.budget, {p1.id: 6, p2.id: 5}, voter=b.voters[0])
    ballot = cast_ballot(b.budget, {p1.id: 6, p2.id: 4}, voter=b.voters[0])
    assert sorted(i.points for i in ballot.items) == [4, 6]


def test_unverified_person_cannot_vote(budgeting, create_user_f):
    b = budgeting
    open_vote(b.budget, actor=b.world.facilitator)
    unverified = create_user_f("ny@example.no", verified=False)
    with pytest.raises(NotAllowed, match="Bekreft e-postadressen"):
        cast_ballot(b.budget, {b.projects[0].id: 1}, voter=unverified)


def test_paper_codes_are_hashed_random_and_work_once(budgeting, app_ctx):
    b = budgeting
    made = generate_codes(b.budget, 20, actor=b.world.facilitator)
    assert len(set(made)) == 20
    assert all(len(c) == 10 and set(c) <= set(codes.ALPHABET) for c in made)
    stored = list(db.session.scalars(select(PaperCode.code_hash)))
    assert not set(made) & set(stored)
    assert codes.code_hash(made[0]) in stored and len(stored[0]) == 64
    open_vote(b.budget, actor=b.world.facilitator)
    p1 = b.projects[0]
    typed = codes.printed(made[0]).lower()  # as a person may type it
    cast_paper_ballot(b.budget, typed, {p1.id: 1})
    with pytest.raises(BudgetError, match="allerede brukt"):
        cast_paper_ballot(b.budget, made[0], {p1.id: 1})
    with pytest.raises(BudgetError, match="ikke gyldig"):
        cast_paper_ballot(b.budget, "AAAAAAAAAA", {p1.id: 1})
    # A code that failed its ballot's check is not spent.
    with pytest.raises(BudgetError, match="koster"):
        cast_paper_ballot(b.budget, made[1], {p.id: 1 for p in b.projects})
    assert db.session.scalar(select(func.count()).where(PaperCode.used_at.is_not(None))) == 1


def _vote(b):
    """Three residents and two paper voters: greedy and equal shares differ."""
    b.budget.projects  # noqa: B018 - load
    p1, p2 = b.projects
    p3 = _third(b)
    open_vote(b.budget, actor=b.world.facilitator)
    for voter in b.voters:
        cast_ballot(b.budget, {p1.id: 1}, voter=voter)
    for code in generate_codes(b.budget, 2, actor=b.world.facilitator):
        cast_paper_ballot(b.budget, code, {p3.id: 1})
    return p1, p2, p3


def test_close_computes_both_rules(budgeting):
    b = budgeting
    p1, p2, p3 = _vote(b)
    # Three vote for p1 (60 000), two for p3 (50 000); p2 nobody.
    cast_ballot(b.budget, {p1.id: 1}, voter=b.world.citizen)
    close_vote(b.budget, actor=b.world.facilitator)
    assert b.budget.status is BudgetStatus.closed
    assert [p.won_greedy for p in (p1, p2, p3)] == [True, False, False]
    assert events("budget.closed")


def test_equal_shares_differs_from_greedy(budgeting):
    b = budgeting
    set_budget(
        b.challenge,
        amount=150_000,
        ballot_kind=BallotKind.approval,
        points=10,
        rule=ResultRule.greedy,
        closes_at=None,
        actor=b.world.facilitator,
    )
    p1, p2 = b.projects  # 60 000 and 50 000
    p3 = _third(b, cost=50_000)
    open_vote(b.budget, actor=b.world.facilitator)
    # Three want p2 and p3; two want p1.
    for voter in b.voters:
        cast_ballot(b.budget, {p2.id: 1, p3.id: 1}, voter=voter)
    for code in generate_codes(b.budget, 2, actor=b.world.facilitator):
        cast_paper_ballot(b.budget, code, {p1.id: 1})
    close_vote(b.budget, actor=b.world.facilitator)
    greedy = {p.id for p in b.budget.projects if p.won_greedy}
    shares = {p.id for p in b.budget.projects if p.won_equal_shares}
    # Greedy spends everything on the majority's two projects (100 000; 160 000 is too much);
    # equal shares gives the two fifths of the voters their 60 000 (each voter has 30 000).
    assert greedy == {p2.id, p3.id}
    assert shares == {p1.id, p2.id}


def test_decision_moves_winners_to_decided_with_reference(budgeting):
    b = budgeting
    _vote(b)
    close_vote(b.budget, actor=b.world.facilitator)
    with pytest.raises(BudgetError, match="referansen"):
        decide_budget(b.budget, reference=" ", answer=DECISION, actor=b.world.facilitator)
    choose_rule(b.budget, ResultRule.equal_shares, actor=b.world.facilitator)
    moved = decide_budget(
        b.budget, reference="PS 2026/41", answer=DECISION, actor=b.world.facilitator
    )
    winners = {p.idea_id for p in b.budget.projects if p.won_equal_shares}
    assert {i.id for i in moved} == winners and winners
    for idea in moved:
        assert idea.stage is Stage.decided
        change = db.session.scalars(
            select(StageChange)
            .where(StageChange.idea_id == idea.id)
            .order_by(StageChange.id.desc())
        ).first()
        assert change.reference == "PS 2026/41" and change.answer == DECISION
    assert b.budget.status is BudgetStatus.decided
    with pytest.raises(BudgetError):
        choose_rule(b.budget, ResultRule.greedy, actor=b.world.facilitator)


def test_voting_stops_at_the_closing_time(budgeting):
    from datetime import timedelta

    from cocreate.database import utcnow

    b = budgeting
    open_vote(b.budget, actor=b.world.facilitator)
    b.budget.closes_at = utcnow() + timedelta(hours=1)
    cast_ballot(b.budget, {b.projects[0].id: 1}, voter=b.voters[0])
    b.budget.closes_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(BudgetError, match="Fristen for å stemme har gått ut"):
        cast_ballot(b.budget, {b.projects[1].id: 1}, voter=b.voters[0])
