"""The attacker of DESIGN.md §3 (tests/metrics/test_attacker.py) against the figures of issue 24
that count persons: residents' statements (all, assessed, tatt til følge) and the follow-up
survey's answers. The same town, with hearings under its challenges and follow-up answers, small
groups in every challenge and month; the attacker reads every surface for every scope it can
name, differences every pair and sums every partition and row, and must find no group of 1–4.

Besides the partitions, it knows that statements = assessed + not assessed, assessed = tatt til
følge + the rest, and that the answers 1–5 add up to the responses of each question.
"""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.hearings.models import Assessment, Hearing, SenderKind, Statement
from cocreate.ideas.models import Idea, Visibility
from cocreate.metrics.models import FollowUpResponse
from tests.factories import PASSWORD
from tests.metrics import test_attacker as attacker
from tests.metrics.test_attacker import (  # noqa: F401 - the town fixture
    INF,
    MONTHS,
    K,
    Reading,
    _month_bounds,
    _query,
    contains,
    interval,
    town,
)

FOLLOWUP_QUESTIONS = ("made_difference", "in_use")
# Per challenge: residents' statements as (month, assessment or None), and a council's.
STATEMENTS = {
    "Alfa": [(1, Assessment.adopted)] * 3 + [(1, Assessment.not_adopted)] * 3 + [(1, None)],
    "Beta": [(2, Assessment.partly), (2, Assessment.noted), (2, None)],
    "Gamma": [(3, Assessment.adopted)] * 6,
    "Delta": [(3, Assessment.partly)] + [(4, Assessment.adopted)] * 2 + [(4, None)] * 3,
}
# Per challenge: follow-up answers (made a difference, in use) and their month.
FOLLOWUPS = {
    "Alfa": (5, [(5, 4)] * 4 + [(2, 2)] * 2),
    "Beta": (6, [(4, 4)] * 2),
    "Delta": (5, [(3, 5)] * 5),
}


@pytest.fixture
def hearing_town(town, world):  # noqa: F811 - the imported fixture
    m = world.municipality
    for title, rows in STATEMENTS.items():
        hearing = Hearing(
            municipality_id=m.id,
            challenge_id=town.challenges[title],
            title=f"Høring {title}",
            opens_on=date(2026, 1, 2),
            deadline=date(2026, 6, 30),
            opened_at=datetime(2026, 1, 2, 12, 0),
        )
        db.session.add(hearing)
        db.session.flush()
        for n, (month, assessment) in enumerate(rows):
            db.session.add(
                Statement(
                    hearing_id=hearing.id,
                    sender_kind=SenderKind.resident,
                    body="Uttalelse",
                    received_on=date(2026, month, 2 + n),
                    assessment=assessment,
                    assessed_at=datetime(2026, 6, 1) if assessment else None,
                    created_at=datetime(2026, month, 2 + n, 12, 0),
                )
            )
        db.session.add(
            Statement(
                hearing_id=hearing.id,
                sender_kind=SenderKind.council,
                sender_name="Eldrerådet",
                body="Uttalelse fra rådet",
                received_on=date(2026, 1, 3),
                created_at=datetime(2026, 1, 3, 12, 0),
            )
        )
    for title, (month, answers) in FOLLOWUPS.items():
        ideas = db.session.execute(
            select(Idea.id, Idea.author_id)
            .where(
                Idea.challenge_id == town.challenges[title],
                Idea.author_id.is_not(None),
                Idea.visibility == Visibility.published,
            )
            .order_by(Idea.id)
        ).all()
        for n, (difference, in_use) in enumerate(answers):
            idea_id, author_id = ideas[n]
            db.session.add(
                FollowUpResponse(
                    idea_id=idea_id,
                    user_id=author_id,
                    made_difference=difference,
                    in_use=in_use,
                    created_at=datetime(2026, month, 10 + n, 12, 0),
                )
            )
    db.session.commit()
    return town


def _cells(figures: dict, scope, reading: Reading, surface: str):
    hearings = figures.get("hearings")
    if hearings:
        for row in hearings["kinds"]:
            if row["kind"] == "resident":
                reading.add(scope, "statements:resident", row["statements"], surface)
                reading.add(scope, "statements:resident:assessed", row["assessed"], surface)
                reading.add(scope, "statements:resident:adopted", row["adopted"], surface)
    followup = figures.get("followup")
    if followup:
        reading.add(scope, "followup", followup["responses"], surface)
        if followup["state"] == "fewer_than_k":
            reading.answered.add(scope)
        for question in followup["questions"]:
            for value, n in enumerate(question["distribution"], start=1):
                reading.add(scope, f"followup:{question['question']}:{value}", n, surface)


def _rows(rows: list[dict], scope, reading: Reading, surface: str):
    for row in rows:
        if row["measure"] == "hearing_statements_resident":
            reading.add(scope, "statements:resident", row["value"], surface)
        elif row["measure"] == "followup_responses":
            reading.add(scope, "followup", row["value"], surface)


def _declared(reading: Reading, disclosure: dict | None, surface: str, scope) -> None:
    if disclosure and disclosure.get("rounding_base") == K:
        reading.rounded.add(surface)
    if disclosure and disclosure.get("hidden") == "under_k_or_complementary":
        reading.uniform.add(surface)
    for cell in (disclosure or {}).get("secondary", []):
        reading.secondary.add((scope, cell))


def harvest(client, place, world):
    reading = Reading()
    everything = frozenset(place.challenges.values())
    whole = (everything, None, None)
    api = client.get("/api/v1/municipalities/heimby/metrics").get_json()
    _declared(reading, api["disclosure"], "public-api", whole)
    _cells(api["figures"], whole, reading, "public-api")
    _rows(api["measures"], whole, reading, "public-api")
    for challenge_id in place.challenges.values():
        response = client.get(f"/api/v1/challenges/{challenge_id}/metrics")
        if response.status_code == 200:
            body = response.get_json()
            scope = (frozenset({challenge_id}), None, None)
            _cells(body["figures"], scope, reading, "public-api")
            _rows(body["measures"], scope, reading, "public-api")
    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})
    named = [({}, whole)]
    for challenge_id in place.challenges.values():
        named.append(({"utfordring": challenge_id}, (frozenset({challenge_id}), None, None)))
    for number, principle_id in place.principles.items():
        named.append(({"prinsipp": principle_id}, (place.by_principle[number], None, None)))
    ranges = [_month_bounds(*month) for month in MONTHS]
    ranges += [
        (date(2026, 1, 1), date(2026, 2, 28)),
        (date(2026, 1, 1), date(2026, 4, 30)),
        (date(2026, 2, 1), date(2026, 6, 30)),
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 3, 1), date(2026, 3, 9)),
        (date(2026, 4, 1), date(2026, 5, 20)),
    ]
    for first, last in ranges:
        named.append(
            ({"fra": first.isoformat(), "til": last.isoformat()}, (everything, first, last))
        )
    for title in ("Delta", "Alfa"):
        challenge_id = place.challenges[title]
        for first, last in ranges[:6]:
            named.append(
                (
                    {"utfordring": challenge_id, "fra": first.isoformat(), "til": last.isoformat()},
                    (frozenset({challenge_id}), first, last),
                )
            )
    for args, scope in named:
        query = _query(args)
        response = client.get(f"/k/heimby/effekt/tall.json?{query}")
        if response.status_code == 200:
            payload = response.get_json()
            figures = payload.get("figures") or payload
            _declared(reading, figures.get("disclosure"), "staff-figures", scope)
            _cells(figures, scope, reading, "staff-figures")
        response = client.get(f"/k/heimby/eksport/measures.json?{query}")
        if response.status_code == 200:
            import json

            payload = json.loads(response.get_data(as_text=True))
            rows = payload.get("rows", payload) if isinstance(payload, dict) else payload
            shaped = [r for r in rows if isinstance(r, dict) and "measure" in r]
            declared = {r["measure"]: r["value"] for r in shaped}
            _declared(
                reading,
                {k: declared.get(k) for k in ("rounding_base", "hidden")},
                "staff-export",
                scope,
            )
            _rows(shaped, scope, reading, "staff-export")
    return reading, [scope for _args, scope in named]


def relations(cells, place, scopes):
    """The attacker's partitions (test_attacker) and the rows of these figures."""
    found = attacker.relations(cells, place, scopes)
    for scope in set(scopes) | {scope for scope, _cell in cells}:
        found.append(
            (
                (scope, "statements:resident"),
                [(scope, "statements:resident:assessed"), (scope, "~unassessed")],
            )
        )
        found.append(
            (
                (scope, "statements:resident:assessed"),
                [(scope, "statements:resident:adopted"), (scope, "~unadopted")],
            )
        )
        for question in FOLLOWUP_QUESTIONS:
            found.append(
                ((scope, "followup"), [(scope, f"followup:{question}:{v}") for v in range(1, 6)])
            )
    return found


def attack(reading: Reading, place, scopes) -> list[str]:
    """test_attacker.attack() with these relations, and «Færre enn 5 har svart» of the
    follow-up survey known as 1–4 (published so on purpose, like «Ble du hørt?»)."""
    bounds = {}
    for (scope, cell), values in reading.seen.items():
        bounds[(scope, cell)] = interval(reading, scope, cell, values)
        if cell == "followup" and scope in reading.answered:
            bounds[(scope, cell)] = [1.0, float(K - 1)]
    rules = relations(set(bounds), place, scopes)
    for _ in range(60):
        changed = False
        for total, parts in rules:
            for member in (total, *parts):
                bounds.setdefault(member, [0.0, INF])
            t_lo, t_hi = bounds[total]
            lows = [bounds[p][0] for p in parts]
            highs = [bounds[p][1] for p in parts]
            new_total = [max(t_lo, sum(lows)), min(t_hi, sum(highs))]
            if new_total != bounds[total] and new_total[0] <= new_total[1]:
                bounds[total], changed = new_total, True
            for i, part in enumerate(parts):
                others_hi = sum(h for j, h in enumerate(highs) if j != i)
                others_lo = sum(lows) - lows[i]
                lo = max(bounds[part][0], t_lo - others_hi)
                hi = min(bounds[part][1], t_hi - others_lo)
                if [lo, hi] != bounds[part] and lo <= hi:
                    bounds[part], changed = [lo, hi], True
        if not changed:
            break
    found = []
    for (scope, cell), (lo, hi) in bounds.items():
        if lo >= 1 and hi <= K - 1:
            if cell == "followup" and scope in reading.answered and (lo, hi) == (1, K - 1):
                continue
            found.append(f"{cell} in {attacker._name(scope, place)} is {lo:g}–{hi:g}")
    keyed: dict[str, list] = {}
    for scope, cell in bounds:
        keyed.setdefault(cell, []).append(scope)
    for cell, among in keyed.items():
        for outer in among:
            for inner in among:
                if outer == inner or not contains(outer, inner):
                    continue
                lo = bounds[(outer, cell)][0] - bounds[(inner, cell)][1]
                hi = bounds[(outer, cell)][1] - bounds[(inner, cell)][0]
                if lo >= 1 and hi <= K - 1:
                    found.append(
                        f"{cell}: {attacker._name(outer, place)} minus "
                        f"{attacker._name(inner, place)} is {lo:g}–{hi:g}"
                    )
    return found


def test_no_group_of_fewer_than_five_can_be_derived_from_statements_or_followups(
    client, hearing_town, world
):
    reading, scopes = harvest(client, hearing_town, world)
    seen = {cell for _scope, cell in reading.seen}
    assert {"statements:resident", "statements:resident:adopted", "followup"} <= seen
    published = [
        v for values in reading.seen.values() for v in values.values() if isinstance(v, int)
    ]
    assert len(reading.seen) > 100 and any(v >= K for v in published)
    findings = attack(reading, hearing_town, scopes)
    report = findings + reading.problems
    assert not report, (
        f"{len(findings)} groups of 1–4 persons derived, {len(reading.problems)} other "
        "problems, e.g.:\n" + "\n".join(findings[:20] + reading.problems[:10])
    )


def test_the_attacker_would_find_a_group_if_the_counts_were_exact(hearing_town):
    """The attack can fail: exact counts (no rounding declared) of the municipality and of all
    but Beta show Beta's 3 residents' statements, and 2 not assessed within a rounded 5."""
    reading = Reading()
    everything = frozenset(hearing_town.challenges.values())
    beta = frozenset({hearing_town.challenges["Beta"]})
    whole, rest = (everything, None, None), (everything - beta, None, None)
    reading.add(whole, "statements:resident", 22, "a-leak")
    reading.add(rest, "statements:resident", 19, "a-leak")
    found = attack(reading, hearing_town, [whole, rest])
    assert any(f.startswith("statements:resident: kommunen minus") for f in found), found
    reading = Reading()
    reading.add(whole, "statements:resident", 7, "a-leak")
    reading.add(whole, "statements:resident:assessed", 5, "a-leak")
    found = attack(reading, hearing_town, [whole])
    assert "~unassessed in kommunen is 2–2" in found, found
