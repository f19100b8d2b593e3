"""Every change of a budget: set it up, make projects, open and close the vote, cast a ballot
(an account's or a paper code's), print codes, and confirm the result. Services flush; routes
commit. Both results are computed by pabutools (rules.py) when the vote closes and stored."""

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..audit.services import record_event
from ..challenges.models import Challenge
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..ideas.stages import Stage, can_move
from ..page_generations import changed
from ..pipeline.models import REFERENCE
from ..pipeline.services import move_with_duplicates
from ..refusals import Refusal, require
from . import codes
from .models import (
    EXPLANATION,
    PROJECT_TITLE,
    Ballot,
    BallotItem,
    BallotKind,
    Budget,
    BudgetProject,
    BudgetStatus,
    PaperCode,
    ResultRule,
)
from .permissions import why_not_manage_budget, why_not_open_for_votes, why_not_vote

if TYPE_CHECKING:
    from . import rules

# Inputs that can become projects: assessed or further on the main path (not declined).
PROJECT_STAGES = (Stage.assessed, Stage.decided, Stage.piloting, Stage.done, Stage.scaled)
MAX_BATCH = 500


class BudgetError(Refusal):
    """A budgeting rule was broken; the message is shown to the person."""


def set_budget(
    challenge: Challenge,
    *,
    amount: int,
    ballot_kind: BallotKind,
    points: int,
    rule: ResultRule,
    closes_at: datetime | None,
    actor: User,
) -> Budget:
    """Give a challenge its budgeting phase, or change it. The sum and the ballot are fixed once
    the vote opens; the closing time can move while it is open."""
    require(why_not_manage_budget(actor, challenge))
    budget = db.session.scalar(select(Budget).where(Budget.challenge_id == challenge.id))
    if amount <= 0:
        raise BudgetError(_("Budsjettet må være et helt antall kroner over null."))
    if not 1 <= points <= 100:
        raise BudgetError(_("Antall poeng må være mellom 1 og 100."))
    if budget is not None and budget.status in (BudgetStatus.closed, BudgetStatus.decided):
        raise BudgetError(_("Avstemningen er avsluttet, så budsjettet kan ikke endres."))
    if budget is None:
        budget = Budget(challenge_id=challenge.id, challenge=challenge)
        db.session.add(budget)
    elif budget.status is not BudgetStatus.preparing and (amount, ballot_kind, points) != (
        budget.amount,
        budget.ballot_kind,
        budget.points,
    ):
        raise BudgetError(_("Summen og stemmemåten er låst etter at avstemningen er åpnet."))
    budget.amount, budget.ballot_kind, budget.points = amount, ballot_kind, points
    budget.rule, budget.closes_at = rule, closes_at
    db.session.flush()
    _log("budget.set", budget, actor, amount=amount, ballot_kind=ballot_kind.value)
    return budget


def add_project(
    budget: Budget, idea: Idea, *, title: str, cost: int, explanation: str, actor: User
) -> BudgetProject:
    """Make an assessed input of the challenge a project, with a cost in kroner and why."""
    require(why_not_manage_budget(actor, budget.challenge))
    if budget.status is not BudgetStatus.preparing:
        raise BudgetError(_("Prosjekter kan bare legges til før avstemningen åpnes."))
    if (
        idea.challenge_id != budget.challenge_id
        or idea.visibility is not Visibility.published
        or idea.stage not in PROJECT_STAGES
    ):
        raise BudgetError(_("Bare publiserte innspill som er vurdert, kan bli prosjekter."))
    if any(p.idea_id == idea.id for p in budget.projects):
        raise BudgetError(_("Innspillet er allerede et prosjekt i budsjettet."))
    if cost <= 0:
        raise BudgetError(_("Kostnaden må være et helt antall kroner over null."))
    if cost > budget.amount:
        raise BudgetError(_("Kostnaden kan ikke være større enn hele budsjettet."))
    project = BudgetProject(
        budget=budget,
        idea=idea,
        title=PROJECT_TITLE.enforce(title.strip(), BudgetError),
        cost=cost,
        explanation=EXPLANATION.enforce(explanation.strip(), BudgetError),
    )
    db.session.add(project)
    db.session.flush()
    _log("budget.project_added", budget, actor, project_id=project.id, cost=cost)
    return project


def remove_project(project: BudgetProject, *, actor: User) -> None:
    """Take a project out again before the vote opens."""
    budget = project.budget
    require(why_not_manage_budget(actor, budget.challenge))
    if budget.status is not BudgetStatus.preparing:
        raise BudgetError(_("Prosjekter kan ikke fjernes etter at avstemningen er åpnet."))
    budget.projects.remove(project)
    db.session.flush()
    _log("budget.project_removed", budget, actor)


def open_vote(budget: Budget, *, actor: User) -> None:
    """Open the vote; it needs at least two projects."""
    require(why_not_manage_budget(actor, budget.challenge))
    if budget.status is not BudgetStatus.preparing:
        raise BudgetError(_("Avstemningen er allerede åpnet."))
    if len(budget.projects) < 2:
        raise BudgetError(_("Legg til minst to prosjekter før avstemningen åpnes."))
    budget.status, budget.opened_at = BudgetStatus.open, utcnow()
    db.session.flush()
    _log("budget.opened", budget, actor)


def close_vote(budget: Budget, *, actor: User) -> None:
    """Close the vote and compute both results with pabutools; they are stored as they are."""
    require(why_not_manage_budget(actor, budget.challenge))
    if budget.status is not BudgetStatus.open:
        raise BudgetError(_("Bare en åpen avstemning kan avsluttes."))
    election = election_of(budget)
    from . import rules  # pabutools and numpy (some 27 MB): loaded by the first vote closed

    greedy, shares = set(rules.greedy(election)), set(rules.equal_shares(election))
    for project in budget.projects:
        project.won_greedy = project.id in greedy
        project.won_equal_shares = project.id in shares
    budget.status, budget.closed_at = BudgetStatus.closed, utcnow()
    db.session.flush()
    _log("budget.closed", budget, actor, greedy=sorted(greedy), equal_shares=sorted(shares))


def choose_rule(budget: Budget, rule: ResultRule, *, actor: User) -> None:
    """Staff choose the rule whose result counts, until the result is confirmed."""
    require(why_not_manage_budget(actor, budget.challenge))
    if budget.status is BudgetStatus.decided:
        raise BudgetError(_("Resultatet er allerede vedtatt."))
    budget.rule = rule
    db.session.flush()
    _log("budget.rule_chosen", budget, actor, rule=rule.value)


def decide_budget(budget: Budget, *, reference: str, answer: str, actor: User) -> list[Idea]:
    """Confirm the chosen rule's result: each winning project's input moves to besluttet with the
    public answer and the budget decision as reference (inputs already further on stay)."""
    require(why_not_manage_budget(actor, budget.challenge))
    if budget.status is not BudgetStatus.closed:
        raise BudgetError(_("Resultatet kan bekreftes når avstemningen er avsluttet."))
    reference = REFERENCE.enforce((reference or "").strip(), BudgetError)
    if not reference:
        raise BudgetError(_("Skriv inn referansen til vedtaket, for eksempel saksnummeret."))
    moved = []
    for project in budget.projects:
        if project.won(budget.rule) and can_move(project.idea.stage, Stage.decided):
            move_with_duplicates(
                project.idea, Stage.decided, answer=answer, actor=actor, reference=reference
            )
            moved.append(project.idea)
    budget.status, budget.decided_at = BudgetStatus.decided, utcnow()
    budget.decision_reference = reference
    db.session.flush()
    _log("budget.decided", budget, actor, rule=budget.rule.value, moved=[i.id for i in moved])
    return moved


def cast_ballot(budget: Budget, choices: Mapping[int, int], *, voter: User) -> Ballot:
    """A signed-in resident's ballot, new or changed (the old choices are replaced)."""
    if reason := why_not_open_for_votes(budget):
        raise BudgetError(reason)
    require(why_not_vote(voter, budget))
    items = _checked(budget, choices)
    ballot = db.session.scalar(
        select(Ballot).where(Ballot.budget_id == budget.id, Ballot.user_id == voter.id)
    )
    if ballot is None:
        ballot = Ballot(budget_id=budget.id, user_id=voter.id)
        db.session.add(ballot)
    ballot.items = [BallotItem(project_id=p, points=n) for p, n in items.items()]
    ballot.updated_at = utcnow()
    db.session.flush()
    changed(budget.challenge.municipality_id)  # the count of voters on the pages
    return ballot


def cast_paper_ballot(budget: Budget, code: str, choices: Mapping[int, int]) -> Ballot:
    """A ballot with a one-time paper code; the code is spent by it."""
    if reason := why_not_open_for_votes(budget):
        raise BudgetError(reason)
    paper = db.session.scalar(
        select(PaperCode).where(
            PaperCode.budget_id == budget.id, PaperCode.code_hash == codes.code_hash(code)
        )
    )
    if paper is None:
        raise BudgetError(_("Koden er ikke gyldig for denne avstemningen. Sjekk at den er riktig."))
    if paper.used_at is not None:
        raise BudgetError(_("Koden er allerede brukt. Hver kode kan bare brukes én gang."))
    items = _checked(budget, choices)
    paper.used_at = utcnow()
    ballot = Ballot(budget_id=budget.id, paper_code_id=paper.id)
    ballot.items = [BallotItem(project_id=p, points=n) for p, n in items.items()]
    db.session.add(ballot)
    db.session.flush()
    changed(budget.challenge.municipality_id)
    return ballot


def generate_codes(budget: Budget, count: int, *, actor: User) -> list[str]:
    """A batch of new one-time codes, returned once (to be printed) and kept only hashed."""
    require(why_not_manage_budget(actor, budget.challenge))
    if budget.status not in (BudgetStatus.preparing, BudgetStatus.open):
        raise BudgetError(_("Koder kan ikke lages etter at avstemningen er avsluttet."))
    if not 1 <= count <= MAX_BATCH:
        raise BudgetError(_("Du kan lage mellom 1 og %(max)d koder om gangen.", max=MAX_BATCH))
    batch = 1 + (
        db.session.scalar(
            select(db.func.max(PaperCode.batch)).where(PaperCode.budget_id == budget.id)
        )
        or 0
    )
    made = [codes.new_code() for _ in range(count)]
    db.session.add_all(
        PaperCode(budget_id=budget.id, code_hash=codes.code_hash(c), batch=batch) for c in made
    )
    db.session.flush()
    _log("budget.codes_made", budget, actor, batch=batch, count=count)
    return made


def election_of(budget: Budget) -> "rules.Election":
    """The budget, costs and ballots as the rules read them."""
    from . import rules

    ballots: dict[int, dict[int, int]] = {}
    rows = db.session.execute(
        select(BallotItem.ballot_id, BallotItem.project_id, BallotItem.points)
        .join(Ballot, Ballot.id == BallotItem.ballot_id)
        .where(Ballot.budget_id == budget.id)
    )
    for ballot_id, project_id, points in rows:
        ballots.setdefault(ballot_id, {})[project_id] = points
    return rules.Election(
        budget=budget.amount,
        costs={p.id: p.cost for p in budget.projects},
        ballots=list(ballots.values()),
        cumulative=budget.is_cumulative,
    )


def _checked(budget: Budget, choices: Mapping[int, int]) -> dict[int, int]:
    """The choices as stored, or a refusal that says what is wrong."""
    projects = {p.id: p for p in budget.projects}
    items = {p: n for p, n in choices.items() if n}
    if any(p not in projects for p in items):
        raise BudgetError(_("Et av prosjektene finnes ikke i denne avstemningen."))
    if not items:
        raise BudgetError(_("Velg minst ett prosjekt."))
    if budget.is_cumulative:
        if any(n < 0 for n in items.values()):
            raise BudgetError(_("Poeng kan ikke være negative."))
        used = sum(items.values())
        if used > budget.points:
            raise BudgetError(
                _(
                    "Du har fordelt %(used)d poeng, men har bare %(points)d.",
                    used=used,
                    points=budget.points,
                )
            )
        return items
    total = sum(projects[p].cost for p in items)
    if total > budget.amount:
        raise BudgetError(
            _(
                "Prosjektene du har valgt koster %(total)s kr, men budsjettet er %(amount)s kr. "
                "Fjern ett eller flere prosjekter.",
                total=kroner(total),
                amount=kroner(budget.amount),
            )
        )
    return dict.fromkeys(items, 1)


def kroner(amount: int) -> str:
    """Whole kroner with a thin space between thousands, as Norwegian writes them."""
    return f"{amount:,}".replace(",", "\u00a0")


def _log(event: str, budget: Budget, actor: User | None, **data: object) -> None:
    municipality = budget.challenge.municipality
    changed(municipality.id)
    record_event(event, actor=actor, municipality=municipality, subject=budget, **data)
