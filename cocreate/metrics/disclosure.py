"""Disclosure control: k = 5 against differencing (DESIGN.md §3, docs/metrics.md «Privacy»).

A count of persons is never published as it is. Every scope anyone can name (the municipality,
each challenge, each principle, each målbilde, each calendar month and year: the *family*) has
its counts of persons computed together, and then, as a statistics office does for linked
tables:

1. primary suppression: a count below K is hidden («–»);
2. rounding: every other count is published rounded to base 5 (never an exact count, so a
   difference of two published figures is always uncertain by ±4 or more);
3. complementary (secondary) suppression: an audit plays the attacker. It knows every published
   figure of the family and every way they add up: a scope is the sum of its challenges, a
   principle of its challenges, the municipality of its years and a year of its months, a
   dimension's groups add up to its respondents, the answers 1–5 to the responses. It
   propagates the bounds this gives until nothing changes; wherever a hidden small cell could
   be pinned between 1 and 4 persons, it hides one more published cell of a relation that
   pinned it (the smallest, a part before a total), and audits again. A hidden cell is printed
   the same whether it is small or hides another, so a reader learns nothing from the mark.

Shares are computed from the published (rounded) counts. Inputs (ideas) are not counted here:
each is public on its own, with its channel, stage and dates, on the pages and in the open data.
"""

import logging
import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from ..challenges.models import Challenge, Phase, challenge_principles, challenge_target_images
from ..extensions import db
from ..hearings.models import Hearing, Statement
from ..ideas.models import Channel, Comment, Idea, Vote
from ..meetings.models import Meeting
from ..metrics.models import Dimension, FollowUpResponse, SurveyResponse
from ..workshops.models import Workshop
from . import measures
from .family_counts import ScopeCounts, family_counts
from .followup import FOLLOWUP_QUESTIONS, followup_effect
from .measures_hearings import hearing_condition, statement_cells
from .measures_people import CHANNELS, all_profile_counts
from .measures_pipeline import authors_by_channel
from .meeting_data import meeting_signups
from .population import reference_for
from .scope import K, Scope, month_of
from .survey import QUESTIONS, perceived_effect
from .workshop_data import all_checkin_counts, workshop_headcount

log = logging.getLogger("cocreate.metrics")
BASE = 5  # published counts of persons are multiples of this
PUBLIC_MIN_PARTICIPANTS = 10  # a challenge is a public scope from this many participants
HIDDEN = "under_k_or_complementary"  # what a hidden count («–», None) may be
SLACK = BASE // 2  # a published count r stands for r − 2 … r + 2
INF = math.inf

Cell = tuple[str, str]  # (family scope id, cell key)
# Totals of a survey: 0 is published as «Ingen svar ennå», a hidden one as «Færre enn 5 har svart».
SURVEY_TOTALS = ("survey", "followup")
# Residents' statements (measures_hearings.py). A key starting with «~» is a count nobody sees
# but anyone could work out (the statements not assessed, the assessed not tatt til følge): the
# audit protects it like any other. The pseudo-scope «x» is the hearings under no challenge: the
# municipality's statements are its challenges' and these.
STATEMENTS = "statements:resident"
STANDALONE = "x"


def rounded(n: int) -> int | None:
    """A count of persons as published: None below K, else the nearest multiple of 5."""
    if n < K:
        return None
    return BASE * math.floor(n / BASE + 0.5)


# --- the family of scopes ----------------------------------------------------------------------


def _month_bounds(month: str) -> tuple[date, date]:
    year, number = int(month[:4]), int(month[5:])
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return first, following - timedelta(days=1)


def family_id(scope: Scope) -> str | None:
    """The scope's id in the family, or None if it is not one of them (then it is refused)."""
    parts = [
        scope.challenge_id,
        scope.principle_id,
        scope.target_image_id,
        scope.start or scope.end,
    ]
    if sum(part is not None for part in parts) > 1:
        return None
    if scope.challenge_id is not None:
        return f"c:{scope.challenge_id}"
    if scope.principle_id is not None:
        return f"p:{scope.principle_id}"
    if scope.target_image_id is not None:
        return f"t:{scope.target_image_id}"
    if scope.start is None and scope.end is None:
        return "m"
    if scope.start is None or scope.end is None or scope.start.day != 1:
        return None
    month = f"{scope.start.year:04d}-{scope.start.month:02d}"
    if _month_bounds(month)[1] == scope.end:
        return f"mo:{month}"
    whole_year = (scope.start.month, scope.end.month, scope.end.day) == (1, 12, 31)
    if whole_year and scope.start.year == scope.end.year:
        return f"y:{scope.start.year:04d}"
    return None


def _event_months(municipality_id: int) -> set[str]:
    """Calendar months (UTC) with any counted event of the municipality."""
    challenges = select(Challenge.id).where(
        Challenge.municipality_id == municipality_id, Challenge.phase != Phase.draft
    )
    sources: list[Any] = [
        select(month_of(Idea.created_at)).where(Idea.challenge_id.in_(challenges)),
        select(month_of(Vote.created_at)).where(Vote.challenge_id.in_(challenges)),
        select(month_of(Comment.created_at))
        .join(Idea, Idea.id == Comment.idea_id)
        .where(Idea.challenge_id.in_(challenges)),
        select(month_of(SurveyResponse.created_at)).where(
            SurveyResponse.challenge_id.in_(challenges)
        ),
        select(month_of(Workshop.starts_at)).where(Workshop.challenge_id.in_(challenges)),
        select(month_of(Meeting.starts_at)).where(Meeting.challenge_id.in_(challenges)),
        select(month_of(FollowUpResponse.created_at))
        .join(Idea, Idea.id == FollowUpResponse.idea_id)
        .where(Idea.challenge_id.in_(challenges)),
        select(month_of(Statement.created_at))
        .join(Hearing, Hearing.id == Statement.hearing_id)
        .where(hearing_condition(Scope(municipality_id)), Hearing.opened_at.is_not(None)),
    ]
    months: set[str] = set()
    for query in sources:
        months.update(m for m in db.session.scalars(query.distinct()) if m)
    return months


def family_scopes(municipality_id: int, now: datetime) -> tuple[dict[str, Scope], dict[str, list]]:
    """Every scope of the family, and which scopes add up to which (the partitions)."""
    challenges = list(
        db.session.scalars(
            select(Challenge.id)
            .where(Challenge.municipality_id == municipality_id, Challenge.phase != Phase.draft)
            .order_by(Challenge.id)
        )
    )
    links = db.session.execute(
        select(challenge_principles.c.principle_id, challenge_principles.c.challenge_id).where(
            challenge_principles.c.challenge_id.in_(challenges)
        )
    ).all()
    by_principle: dict[int, list[int]] = {}
    for principle_id, challenge_id in links:
        by_principle.setdefault(principle_id, []).append(challenge_id)
    images = db.session.execute(
        select(
            challenge_target_images.c.target_image_id, challenge_target_images.c.challenge_id
        ).where(challenge_target_images.c.challenge_id.in_(challenges))
    ).all()
    by_image: dict[int, list[int]] = {}
    for image_id, challenge_id in images:
        by_image.setdefault(image_id, []).append(challenge_id)
    months = sorted(_event_months(municipality_id))
    years = sorted({month[:4] for month in months})
    scopes = {"m": Scope(municipality_id, now=now)}
    partitions: dict[str, list] = {"m": [], "m:years": []}
    for challenge_id in challenges:
        scopes[f"c:{challenge_id}"] = Scope(municipality_id, challenge_id=challenge_id, now=now)
        partitions["m"].append(f"c:{challenge_id}")
    for principle_id, members in sorted(by_principle.items()):
        scopes[f"p:{principle_id}"] = Scope(municipality_id, principle_id=principle_id, now=now)
        partitions[f"p:{principle_id}"] = [f"c:{c}" for c in sorted(members)]
    for image_id, members in sorted(by_image.items()):
        scopes[f"t:{image_id}"] = Scope(municipality_id, target_image_id=image_id, now=now)
        partitions[f"t:{image_id}"] = [f"c:{c}" for c in sorted(members)]
    for year in years:
        first, last = date(int(year), 1, 1), date(int(year), 12, 31)
        scopes[f"y:{year}"] = Scope(municipality_id, start=first, end=last, now=now)
        partitions["m:years"].append(f"y:{year}")
        partitions[f"y:{year}"] = []
    for month in months:
        first, last = _month_bounds(month)
        scopes[f"mo:{month}"] = Scope(municipality_id, start=first, end=last, now=now)
        partitions[f"y:{month[:4]}"].append(f"mo:{month}")
    return scopes, partitions


def person_cells(scope: Scope, counted: ScopeCounts | None = None) -> dict[str, int]:
    """Every count of persons the dashboard shows for the scope, exact, by cell key: the same
    functions the dashboard uses, with their rows read once (six queries a scope). `counted`:
    a challenge's largest counts, worked out for all challenges at once (family_counts.py)."""
    if counted is None:
        counted = _counted(scope)
    cells = {
        "participants": counted.participants,
        "submitters": counted.submitters,
        "supporters": counted.supporters,
        "commenters": counted.commenters,
        "returning": counted.returning,
        "headcount": workshop_headcount(scope),
        "signups": meeting_signups(scope),
    }
    for channel in Channel:
        cells[f"channel:{channel.value}"] = counted.authors[channel]
    sources = {"web": counted.profiles, "workshop": all_checkin_counts(scope)}
    for source, by_dimension in sources.items():
        for dimension in Dimension:
            counts = by_dimension.get(dimension, {})
            prefix = f"rep:{source}:{dimension.value}"
            for group, n in counts.items():
                cells[f"{prefix}:{group}"] = n
            cells[f"{prefix}:total"] = sum(counts.values())
    survey = perceived_effect(scope)
    cells["survey"] = survey.responses
    for question in survey.questions:
        for value, n in enumerate(question.distribution, start=1):
            cells[f"survey:{question.question}:{value}"] = n
    followup = followup_effect(scope)
    cells["followup"] = followup.responses
    for question in followup.questions:
        for value, n in enumerate(question.distribution, start=1):
            cells[f"followup:{question.question}:{value}"] = n
    statements = statement_cells(scope)
    cells.update(statements)
    cells[f"~{STATEMENTS}:unassessed"] = (
        statements[STATEMENTS] - statements[f"{STATEMENTS}:assessed"]
    )
    cells[f"~{STATEMENTS}:unadopted"] = (
        statements[f"{STATEMENTS}:assessed"] - statements[f"{STATEMENTS}:adopted"]
    )
    return cells


def _counted(scope: Scope) -> ScopeCounts:
    people = measures.per_person(scope)
    having = measures.persons_with
    row = db.session.execute(
        select(
            func.count(),
            having(people.c.ideas),
            having(people.c.votes),
            having(people.c.comments),
            func.coalesce(func.sum(people.c.several), 0),
        )
    ).one()
    everyone, submitters, supporters, commenters, returning = (int(n or 0) for n in row)
    return ScopeCounts(
        participants=everyone,
        submitters=submitters,
        supporters=supporters,
        commenters=commenters,
        returning=returning,
        authors=authors_by_channel(scope),
        profiles=all_profile_counts(scope),
    )


def is_statement_key(key: str) -> bool:
    return key.lstrip("~").startswith(STATEMENTS)


def statement_relations(
    scopes: Iterable[str], partitions: dict[str, list], keys: set[str]
) -> list[tuple[Cell, list[Cell]]]:
    """How the residents' statements add up: as every count across the family's partitions,
    except that the municipality is its challenges and the hearings under none («x»); and
    within a scope, statements = assessed + not assessed, assessed = tatt til følge + the rest."""
    found: list[tuple[Cell, list[Cell]]] = []
    for whole, parts in partitions.items():
        if whole == "m":
            parts = [*parts, STANDALONE]
        if not parts:
            continue
        total = whole.split(":years")[0] if whole.endswith(":years") else whole
        for key in keys:
            found.append(((total, key), [(part, key) for part in parts]))
    for scope in [*scopes, STANDALONE]:
        found.append(
            (
                (scope, STATEMENTS),
                [(scope, f"{STATEMENTS}:assessed"), (scope, f"~{STATEMENTS}:unassessed")],
            )
        )
        found.append(
            (
                (scope, f"{STATEMENTS}:assessed"),
                [(scope, f"{STATEMENTS}:adopted"), (scope, f"~{STATEMENTS}:unadopted")],
            )
        )
    return found


def relations(
    scopes: Iterable[str], partitions: dict[str, list], keys: set[str]
) -> list[tuple[Cell, list[Cell]]]:
    """Every way the family's cells add up, as (total, parts)."""
    found: list[tuple[Cell, list[Cell]]] = []
    for whole, parts in partitions.items():
        if not parts:
            continue
        total = whole.split(":years")[0] if whole.endswith(":years") else whole
        for key in keys:
            found.append(((total, key), [(part, key) for part in parts]))
    channels = [f"channel:{channel.value}" for channel in Channel]
    for scope in scopes:
        for key in keys:
            if key.startswith("rep:") and key.endswith(":total"):
                prefix = key[: -len("total")]
                groups = [k for k in keys if k.startswith(prefix) and k != key]
                found.append(((scope, key), [(scope, g) for g in groups]))
        for question in QUESTIONS:
            answers = [(scope, f"survey:{question}:{v}") for v in range(1, 6)]
            found.append(((scope, "survey"), answers))
        if "followup" in keys:
            for question in FOLLOWUP_QUESTIONS:
                answers = [(scope, f"followup:{question}:{v}") for v in range(1, 6)]
                found.append(((scope, "followup"), answers))
        found.append(((scope, "participants"), [(scope, c) for c in channels]))
        found.append(((scope, "submitters"), [(scope, c) for c in channels]))
    return found


# --- the audit and complementary suppression -----------------------------------------------------


def _known(
    cell: Cell, exact: int, published: int | None, secondary: set[Cell], limits: dict
) -> list[float]:
    """What a reader knows of a cell from its own publication. A hidden cell looks the same
    whether it is small or hides another («–», as statistics offices print both), so it says
    nothing but ≥ 0; the survey's own «Ingen svar ennå» and «Færre enn 5 har svart» say more."""
    if cell[1] in SURVEY_TOTALS and exact == 0:
        lo, hi = 0.0, 0.0  # «Ingen svar ennå»
    elif cell[1] in SURVEY_TOTALS and published is None:
        lo, hi = 1.0, float(K - 1)  # «Færre enn 5 har svart»
    elif published is None:
        lo, hi = 0.0, INF
    else:
        lo, hi = float(max(K, published - SLACK)), float(published + SLACK)
    floor, ceiling = limits.get(cell, (0.0, INF))
    return [max(lo, floor), min(hi, ceiling)]


def propagate(
    bounds: dict[Cell, list[float]], rules: list[tuple[Cell, list[Cell]]], passes: int = 200
) -> dict[Cell, list[float]]:
    """Narrow the bounds through every relation until nothing changes (interval propagation),
    working only on the relations of cells that changed."""
    by_cell: dict[Cell, list[int]] = {}
    for index, (total, parts) in enumerate(rules):
        for member in (total, *parts):
            bounds.setdefault(member, [0.0, INF])
            by_cell.setdefault(member, []).append(index)
    pending = list(range(len(rules)))
    queued = set(pending)
    steps = passes * max(len(rules), 1)
    while pending and steps > 0:
        steps -= 1
        index = pending.pop()
        queued.discard(index)
        total, parts = rules[index]
        changed: list[Cell] = []
        t = bounds[total]
        members = [bounds[part] for part in parts]
        lows = sum(m[0] for m in members)
        infinite = sum(1 for m in members if m[1] == INF)
        highs = sum(m[1] for m in members if m[1] != INF)
        lo = max(t[0], lows)
        hi = min(t[1], INF if infinite else highs)
        if lo <= hi and (lo, hi) != (t[0], t[1]):
            t[0], t[1] = lo, hi
            changed.append(total)
        for part, bound in zip(parts, members, strict=True):
            own_infinite = bound[1] == INF
            others_hi = (
                INF if infinite - own_infinite else highs - (0 if own_infinite else bound[1])
            )
            lo = max(bound[0], t[0] - others_hi)
            hi = min(bound[1], t[1] - (lows - bound[0]))
            if lo <= hi and (lo, hi) != (bound[0], bound[1]):
                lows += lo - bound[0]
                if bound[1] == INF and hi != INF:
                    infinite -= 1
                    highs += hi
                elif bound[1] != INF:
                    highs += hi - bound[1]
                bound[0], bound[1] = lo, hi
                changed.append(part)
        for cell in changed:
            for other in by_cell[cell]:
                if other not in queued:
                    queued.add(other)
                    pending.append(other)
    return bounds


def _single_lower(cell: Cell, rule: tuple[Cell, list[Cell]], bounds) -> float:
    total, parts = rule
    if cell == total:
        return sum(bounds[p][0] for p in parts)
    return bounds[total][0] - sum(bounds[p][1] for p in parts if p != cell)


def _disclosed(cell: Cell, exact: int, bound: list[float]) -> bool:
    if not 1 <= exact < K or bound[0] < 1 or bound[1] > K - 1:
        return False
    # The survey's «Færre enn 5 har svart» is published as 1–4 on purpose (issue 15); only
    # anything narrower is a disclosure.
    return not (cell[1] in SURVEY_TOTALS and bound == [1.0, float(K - 1)])


def protect(
    exact: dict[Cell, int], rules: list[tuple[Cell, list[Cell]]], limits: dict
) -> tuple[dict[Cell, int | None], set[Cell]]:
    """Primary suppression and rounding, then complementary suppression until the audit finds
    no hidden small cell it can show to hold at least one person."""
    published: dict[Cell, int | None] = {
        cell: None if _unpublished(cell) else rounded(n) for cell, n in exact.items()
    }
    for cell, n in exact.items():
        if cell[1] in SURVEY_TOTALS and n == 0:
            published[cell] = 0
    secondary: set[Cell] = set()
    by_cell: dict[Cell, list[tuple[Cell, list[Cell]]]] = {}
    for rule in rules:
        for member in (rule[0], *rule[1]):
            by_cell.setdefault(member, []).append(rule)
    for _ in range(len(exact) + 1):
        bounds = {
            cell: _known(cell, n, published[cell], secondary, limits) for cell, n in exact.items()
        }
        bounds = propagate(bounds, rules)
        bad = [c for c, n in exact.items() if _disclosed(c, n, bounds[c])]
        if not bad:
            break
        added = False
        before = len(secondary)
        for cell in bad:
            candidate = _complement(cell, by_cell.get(cell, []), bounds, exact, published)
            if candidate is None:
                candidate = _complement(cell, by_cell.get(cell, []), bounds, exact, published, 1)
            if candidate is not None:
                secondary.add(candidate)
                published[candidate] = None
                added = True
        if not added:  # nothing left to hide around it: hide every published cell with it
            for rule in (r for c in bad for r in by_cell.get(c, [])):
                for member in (rule[0], *rule[1]):
                    if published.get(member) is not None and exact.get(member, 0) >= K:
                        secondary.add(member)
                        published[member] = None
        if len(secondary) == before:
            log.error("disclosure: cannot protect %s", bad[:5])
            break
    return published, secondary


def _unpublished(cell: Cell) -> bool:
    """A count nobody sees but anyone could work out from others (see STATEMENTS)."""
    return cell[0] == STANDALONE or cell[1].startswith("~")


def _complement(cell: Cell, rules, bounds, exact, published, least: int = K) -> Cell | None:
    """The published cell to hide so that `cell` can no longer be pinned (one of at least
    `least` persons; a hidden 1–4 only when no larger one is left)."""
    pinning = [rule for rule in rules if _single_lower(cell, rule, bounds) >= 1] or rules
    best: tuple[int, int, Cell] | None = None
    for total, parts in pinning:
        for rank, members in ((0, parts), (1, [total])):
            for member in members:
                if member == cell or published.get(member) is None:
                    continue
                if exact.get(member, 0) < least:
                    continue
                option = (rank, exact[member], member)
                if best is None or option < best:
                    best = option
    return None if best is None else best[2]


def protected_family(municipality_id: int, now: datetime) -> dict[str, Any]:
    """The family's published counts of persons (JSON-ready): {"cells": {scope: {key: value}},
    "secondary": {scope: [keys]}, "public": [challenge scope ids]}."""
    scopes, partitions = family_scopes(municipality_id, now)
    # The largest counts of all scopes in grouped queries, not three queries a scope.
    counted = family_counts(municipality_id, now)
    per_scope = {
        sid: person_cells(scope, counted.get(sid, ScopeCounts())) for sid, scope in scopes.items()
    }
    keys = set().union(*(cells.keys() for cells in per_scope.values()))
    for source in CHANNELS:
        for dimension in Dimension:
            for group in reference_for(municipality_id, dimension):
                keys.add(f"rep:{source}:{dimension.value}:{group}")
    exact = {(sid, key): per_scope[sid].get(key, 0) for sid in scopes for key in keys}
    public = [
        sid
        for sid in scopes
        if sid.startswith("c:") and per_scope[sid]["participants"] >= PUBLIC_MIN_PARTICIPANTS
    ]
    limits: dict[Cell, tuple[float, float]] = {}
    for sid in scopes:
        if not sid.startswith("c:"):
            continue
        if sid in public:
            limits[(sid, "participants")] = (float(PUBLIC_MIN_PARTICIPANTS), INF)
            continue
        for key in keys:  # a visitor knows a challenge that is not shown has fewer than 10
            # (participants; follow-up answers and statements are not counted among them)
            # (nor are workshop headcounts and meeting sign-ups, reported beside them)
            if key in ("headcount", "signups") or key.startswith(("rep:workshop:", "followup")):
                continue
            if not is_statement_key(key):
                limits[(sid, key)] = (0.0, float(PUBLIC_MIN_PARTICIPANTS - 1))
    statement_keys = {key for key in keys if is_statement_key(key)}
    for key in statement_keys:  # the hearings under no challenge: the municipality's rest
        exact[(STANDALONE, key)] = exact[("m", key)] - sum(
            exact[(sid, key)] for sid in partitions["m"]
        )
    rules = relations(scopes, partitions, keys - statement_keys)
    rules += statement_relations(scopes, partitions, statement_keys)
    published, secondary = protect(exact, rules, limits)
    cells: dict[str, dict[str, int | None]] = {sid: {} for sid in scopes}
    for (sid, key), value in published.items():
        if sid in cells and not key.startswith("~"):
            cells[sid][key] = value
    hidden: dict[str, list[str]] = {}
    for sid, key in sorted(secondary):
        hidden.setdefault(sid, []).append(key)
    return {"cells": cells, "secondary": hidden, "public": public}
