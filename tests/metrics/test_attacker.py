"""The attacker of DESIGN.md §3: publish every scope, difference every pair, find no group below k.

A municipality with many small groups across challenges, principles, channels and months, where
every person takes part exactly once (one input, in one challenge, one month, one channel), so
every count of persons adds up across challenges and months: the strongest case for differencing.
The attacker knows that, and knows the published method (docs/metrics.md): a published number is
exact unless the surface says it is rounded (then it is within ±2 of a multiple of 5), a hidden
small cell is 0–4, a cell hidden to protect another is ≥ 5.

It fetches, through the real HTTP routes, every figure it can name for every scope: the public
page's API, the public charts (with and without a channel), the staff dashboard's figures, the
staff export and the staff charts, for the municipality, every challenge, every principle, every
month, month-aligned ranges, arbitrary ranges and combinations. Then it
- checks that every surface publishing a cell publishes the same value (the API publishes what
  the page publishes; a chart is never more precise than its table);
- differences every pair of scopes that nest, and sums rows (groups, answers, channels) and
  partitions (challenges, principles, months) against their totals, propagating the bounds until
  nothing changes;
- asserts that no group of 1–4 persons can be derived: no derived interval lies inside [1, 4].
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from cocreate.accounts.models import AgeBand, Gender, ParticipantProfile
from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea, Visibility
from cocreate.meetings.models import Meeting, MeetingKind, MeetingSignup, SignupStatus
from cocreate.metrics.dashboard import PANELS, set_public_panels
from cocreate.metrics.models import SurveyResponse
from cocreate.reference.models import Principle
from cocreate.workshops.models import Workshop, WorkshopCheckinCount, WorkshopFormat
from tests.factories import PASSWORD
from tests.metrics.conftest import add_reference

K = 5
INF = float("inf")
MONTHS = [(2026, m) for m in range(1, 7)]
QUESTIONS = ("felt_heard", "understood", "would_return")
QUESTION_LABELS = {
    "Jeg følte meg hørt": "felt_heard",
    "Jeg forstår hva som skjedde med innspillene": "understood",
    "Jeg vil delta igjen": "would_return",
    "Følte seg hørt": "felt_heard",  # the charts' short forms
    "Forstod hva som skjedde": "understood",
    "Vil delta igjen": "would_return",
}

# Per challenge: principles, phase, and its people as (month, channel, age, gender, district).
A18, A30, A45, A67 = AgeBand.a18_29, AgeBand.a30_44, AgeBand.a45_66, AgeBand.a67_79
KV, MA = Gender.kvinne, Gender.mann
PEOPLE = {
    "Alfa": (
        (1,),
        Phase.concluded,
        [(1, Channel.web, A18, KV, "Sentrum")] * 6
        + [(1, Channel.web, A30, MA, "Sentrum")] * 4
        + [(1, Channel.web, A67, KV, "Nord")] * 2,
    ),
    "Beta": (
        (1, 2),
        Phase.concluded,
        [(2, Channel.web, A18, MA, "Sentrum")] * 5
        + [(2, Channel.web, A45, KV, "Nord")] * 3
        + [(2, Channel.workshop, A30, KV, "Nord")] * 3,
    ),
    "Gamma": (
        (2,),
        Phase.open,
        [(3, Channel.web, A18, KV, "Nord")] * 2 + [(3, Channel.web, A67, MA, "Sentrum")],
    ),
    "Delta": (
        (3,),
        Phase.open,
        [(3, Channel.web, A18, KV, "Sentrum")] * 7
        + [(3, Channel.web, A45, MA, "Nord")] * 1
        + [(4, Channel.web, A30, KV, "Sentrum")] * 5
        + [(4, Channel.workshop, A67, MA, "Nord")] * 1,
    ),
}
# Survey answers (felt_heard, understood, would_return) per concluded challenge, and their month.
SURVEYS = {"Alfa": (5, [(5, 4, 5)] * 4 + [(3, 2, 4)] * 3), "Beta": (6, [(4, 4, 4)] * 3)}
# Workshops: challenge, month, headcount, check-ins (dimension, value, count).
WORKSHOPS = [
    ("Beta", 2, 4, [("age_band", "18-29", 3), ("age_band", "30-44", 1), ("gender", "kvinne", 4)]),
    (
        "Delta",
        4,
        12,
        [("age_band", "18-29", 7), ("age_band", "45-66", 5), ("gender", "mann", 12)],
    ),
]
# Meetings (issue 25 §7): challenge, month, sign-ups with a place, waiting, purged (the count
# kept on the meeting after the sign-ups were deleted).
MEETINGS = [("Beta", 2, 3, 1, False), ("Delta", 4, 8, 0, False), ("Alfa", 1, 6, 2, True)]


@dataclass
class Town:
    challenges: dict[str, int]
    principles: dict[int, int]  # number → id
    by_principle: dict[int, frozenset[int]] = field(default_factory=dict)


@pytest.fixture
def town(world, create_challenge_f, create_user_f) -> Town:
    m = world.municipality
    found = Town({}, {})
    number = 0
    for title, (principles, phase, people) in PEOPLE.items():
        challenge = create_challenge_f(m, phase=phase, principles=principles, title=title)
        found.challenges[title] = challenge.id
        for n, (month, channel, age, gender, district) in enumerate(people):
            number += 1
            person = create_user_f(f"p{number}@example.no")
            db.session.add(
                ParticipantProfile(
                    user_id=person.id, age_band=age, gender=gender, district=district
                )
            )
            db.session.add(
                Idea(
                    challenge_id=challenge.id,
                    author_id=person.id,
                    title=f"Innspill {number}",
                    body="Tekst",
                    channel=channel,
                    visibility=Visibility.published,
                    created_at=datetime(2026, month, 3 + n, 12, 0),
                )
            )
    # An input registered by staff: no signed-in author, so no participant.
    db.session.add(
        Idea(
            challenge_id=found.challenges["Alfa"],
            title="Registrert innspill",
            body="Fra et møte",
            channel=Channel.registered,
            visibility=Visibility.published,
            created_at=datetime(2026, 1, 20, 12, 0),
        )
    )
    db.session.flush()
    for title, (month, answers) in SURVEYS.items():
        authors = db.session.scalars(
            select(Idea.author_id)
            .where(Idea.challenge_id == found.challenges[title], Idea.author_id.is_not(None))
            .order_by(Idea.id)
        ).all()
        for n, (felt, understood, again) in enumerate(answers):
            db.session.add(
                SurveyResponse(
                    challenge_id=found.challenges[title],
                    user_id=authors[n],
                    felt_heard=felt,
                    understood=understood,
                    would_return=again,
                    created_at=datetime(2026, month, 10 + n, 12, 0),
                )
            )
    for title, month, headcount, checkins in WORKSHOPS:
        workshop = Workshop(
            challenge_id=found.challenges[title],
            title=f"Verksted {title}",
            format=WorkshopFormat.physical,
            starts_at=datetime(2026, month, 20, 17, 0),
            ends_at=datetime(2026, month, 20, 20, 0),
            headcount=headcount,
            checkin_count=headcount,
        )
        db.session.add(workshop)
        db.session.flush()
        for dimension, value, count in checkins:
            db.session.add(
                WorkshopCheckinCount(
                    workshop_id=workshop.id, dimension=dimension, value=value, count=count
                )
            )
    for title, month, places, waiting, purged in MEETINGS:
        meeting = Meeting(
            challenge_id=found.challenges[title],
            kind=MeetingKind.folkemote,
            title=f"Folkemøte {title}",
            place="Rådhuset",
            starts_at=datetime(2026, month, 25, 17, 0),
            ends_at=datetime(2026, month, 25, 19, 0),
            purged_at=datetime(2026, month + 2, 1) if purged else None,
            kept_signups=places if purged else 0,
            kept_waiting=waiting if purged else 0,
        )
        db.session.add(meeting)
        db.session.flush()
        if purged:
            continue
        for n in range(places + waiting):
            db.session.add(
                MeetingSignup(
                    meeting_id=meeting.id,
                    name=f"Person {n}",
                    email=f"m{meeting.id}-{n}@example.no",
                    status=SignupStatus.confirmed if n < places else SignupStatus.waiting,
                    token=f"{meeting.id}-{n}",
                )
            )
    add_reference(m.id)
    set_public_panels(m.id, list(PANELS))
    for principle in db.session.scalars(select(Principle)):
        found.principles[principle.number] = principle.id
        found.by_principle[principle.number] = frozenset(
            found.challenges[title]
            for title, (numbers, _phase, _people) in PEOPLE.items()
            if principle.number in numbers
        )
    return found


# --- what the attacker reads -------------------------------------------------------------------

Scope = tuple[frozenset[int], date | None, date | None]  # challenges, first day, last day


@dataclass
class Reading:
    """Everything published, as (scope, cell) → the values seen and where."""

    seen: dict[tuple[Scope, str], dict[str, object]] = field(default_factory=dict)
    rounded: set[str] = field(default_factory=set)  # surfaces that declare base-5 rounding
    uniform: set[str] = field(default_factory=set)  # surfaces whose «–» may hide a big cell
    secondary: set[tuple[Scope, str]] = field(default_factory=set)
    answered: set[Scope] = field(default_factory=set)  # the survey says somebody answered
    problems: list[str] = field(default_factory=list)

    def add(self, scope: Scope, cell: str, value: object, surface: str) -> None:
        self.seen.setdefault((scope, cell), {})[surface] = value


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _figures_cells(figures: dict, scope: Scope, everything: frozenset[int]):
    """(scope, cell, value) of every count of persons in a dashboard-shaped dict."""
    people = figures.get("participants") or {}
    for key in ("participants", "submitters", "supporters", "commenters"):
        if key in people:
            yield scope, key, people[key]
    if "workshop_headcount" in people:
        yield scope, "headcount", people["workshop_headcount"]
    if "meeting_signups" in people:
        yield scope, "signups", people["meeting_signups"]
    for row in figures.get("channels") or []:
        value = row.get("participants", row.get("authors"))
        yield scope, f"channel:{row['channel']}", value
    if scope[1] is None and scope[0] == everything:
        for row in figures.get("over_time") or []:
            year, month = int(row["month"][:4]), int(row["month"][5:])
            first, last = _month_bounds(year, month)
            yield (everything, first, last), "participants", row["participants"]
    returning = figures.get("returning") or {}
    if "returning" in returning:
        yield scope, "returning", returning["returning"]
    for source, summary in (figures.get("representativeness") or {}).items():
        if not isinstance(summary, dict) or "dimensions" not in summary:
            continue
        for dim in summary["dimensions"]:
            prefix = f"rep:{source}:{dim['dimension']}"
            yield scope, f"{prefix}:total", dim["respondents"]
            for group in dim["groups"]:
                yield scope, f"{prefix}:{group['group']}", group["participants"]
    survey = figures.get("survey") or {}
    if "responses" in survey:
        yield scope, "survey", survey["responses"]
        for question in survey.get("questions") or []:
            for value, n in enumerate(question["distribution"], start=1):
                yield scope, f"survey:{question['question']}:{value}", n


def _rows_cells(rows: list[dict], scope: Scope):
    """(scope, cell, value) from the flat measures table (API and export)."""
    for row in rows:
        name = row["measure"]
        if name == "participants":
            yield scope, "participants", row["value"]
        elif name == "workshop_headcount":
            yield scope, "headcount", row["value"]
        elif name == "meeting_signups":
            yield scope, "signups", row["value"]
        elif name == "reach":
            yield scope, "participants", row["numerator"]
        elif name == "returning_participants":
            yield scope, "returning", row["numerator"]
            yield scope, "participants", row["denominator"]
        elif name in ("participation_gini",):
            yield scope, "participants", row["denominator"]
        elif name == "survey_responses":
            yield scope, "survey", row["value"]


def _read_json(reading: Reading, payload: dict, scope: Scope, everything, surface: str) -> None:
    disclosure = payload.get("disclosure") or (payload.get("figures") or {}).get("disclosure")
    if disclosure and disclosure.get("rounding_base") == K:
        reading.rounded.add(surface)
    if disclosure and disclosure.get("hidden") == "under_k_or_complementary":
        reading.uniform.add(surface)
    if disclosure:
        for cell in disclosure.get("secondary", []):
            reading.secondary.add((scope, cell))
    for where, cell, value in _rows_cells(payload.get("measures") or [], scope):
        reading.add(where, cell, value, f"{surface}:table")
    figures = payload.get("figures") or (payload if "participants" in payload else None)
    if figures:
        for where, cell, value in _figures_cells(figures, scope, everything):
            reading.add(where, cell, value, f"{surface}:figures")
        if (figures.get("survey") or {}).get("state") == "fewer_than_k":
            reading.answered.add(scope)


BAR = re.compile(
    r'<g class="bar">.*?<desc class="value">([^<]*)</desc>.*?<desc class="x_label">([^<]*)</desc>',
    re.DOTALL,
)
SERIES = re.compile(r'<g class="series serie-(\d+)[^"]*">(.*?)</g></g>', re.DOTALL)


def _chart_values(svg: str) -> dict[int, list[tuple[str, str]]]:
    return {int(n): BAR.findall(body) for n, body in SERIES.findall(svg)}


def _number(text: str) -> float | None:
    text = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _read_chart(reading: Reading, client, url: str, name: str, scope: Scope, surface: str):
    response = client.get(url)
    if response.status_code != 200:
        return None
    svg = response.get_data(as_text=True)
    series = _chart_values(svg)
    if name == "survey":
        for index, bars in series.items():
            for value, label in bars:
                question = QUESTION_LABELS.get(label)
                number = _number(value)
                if question and number is not None:
                    reading.add(scope, f"survey:{question}:{index + 1}", number, surface)
    if name == "over_time" and scope[1] is None:
        for value, label in series.get(3, []):
            number = _number(value)
            if number is not None and re.fullmatch(r"\d{4}-\d{2}", label):
                first, last = _month_bounds(int(label[:4]), int(label[5:]))
                reading.add((scope[0], first, last), "participants", number, surface)
    return svg


def _query(scope_args: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in scope_args.items())


def harvest(client, town: Town, world) -> tuple[Reading, list[Scope]]:
    """Every figure of every scope the attacker can name, through the HTTP routes."""
    reading = Reading()
    everything = frozenset(town.challenges.values())
    whole: Scope = (everything, None, None)

    # Public: the API for the municipality and each challenge; the public charts.
    api = client.get("/api/v1/municipalities/heimby/metrics").get_json()
    _read_json(reading, api, whole, everything, "public-api")
    public_scopes: list[tuple[dict, Scope]] = [({}, whole)]
    for challenge_id in town.challenges.values():
        scope: Scope = (frozenset({challenge_id}), None, None)
        response = client.get(f"/api/v1/challenges/{challenge_id}/metrics")
        if response.status_code == 200:
            _read_json(reading, response.get_json(), scope, everything, "public-api")
        public_scopes.append(({"utfordring": challenge_id}, scope))
    for args, scope in public_scopes:
        for name in ("survey", "over_time", "representativeness", "channels", "funnel"):
            base = f"/k/heimby/effekt/offentlig/graf/{name}.svg"
            plain = _read_chart(
                reading, client, f"{base}?{_query(args)}", name, scope, "public-chart"
            )
            if name == "representativeness":
                for channel in ("web", "workshop", "all"):
                    extra = dict(args, kanal=channel)
                    response = client.get(f"{base}?{_query(extra)}")
                    shown = _chart_values(plain or "")
                    if response.status_code == 200 and (
                        _chart_values(response.get_data(as_text=True)) != shown
                    ):
                        reading.problems.append(
                            f"public chart accepts kanal={channel} for {args or 'kommunen'}"
                        )

    # Staff: the dashboard's figures, the export and the charts, for every scope it can name.
    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})
    named: list[tuple[dict, Scope]] = [({}, whole)]
    for challenge_id in town.challenges.values():
        named.append(({"utfordring": challenge_id}, (frozenset({challenge_id}), None, None)))
    for number, principle_id in town.principles.items():
        named.append(({"prinsipp": principle_id}, (town.by_principle[number], None, None)))
    ranges = [_month_bounds(*month) for month in MONTHS]
    ranges += [
        (date(2026, 1, 1), date(2026, 2, 28)),
        (date(2026, 1, 1), date(2026, 4, 30)),
        (date(2026, 2, 1), date(2026, 6, 30)),
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 10)),
        (date(2026, 1, 1), date(2026, 1, 11)),
        (date(2026, 2, 4), date(2026, 3, 5)),
        (date(2026, 3, 1), date(2026, 3, 9)),
    ]
    for first, last in ranges:
        named.append(
            ({"fra": first.isoformat(), "til": last.isoformat()}, (everything, first, last))
        )
    for title in ("Delta", "Beta"):
        challenge_id = town.challenges[title]
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
            _read_json(reading, response.get_json(), scope, everything, "staff-figures")
        response = client.get(f"/k/heimby/eksport/measures.json?{query}")
        if response.status_code == 200:  # the export narrows as the dashboard does
            payload = json.loads(response.get_data(as_text=True))
            rows = payload.get("rows", payload) if isinstance(payload, dict) else payload
            shaped = [r for r in rows if isinstance(r, dict) and "measure" in r]
            declared = {r["measure"]: r["value"] for r in shaped if r["value"] is not None}
            declared = {k: v for k, v in declared.items() if k in ("rounding_base", "hidden")}
            _read_json(
                reading,
                {"measures": shaped, "disclosure": declared},
                scope,
                everything,
                "staff-export",
            )
        for name in ("survey", "over_time") if not args else ("survey",):
            _read_chart(
                reading,
                client,
                f"/k/heimby/effekt/graf/{name}.svg?{query}",
                name,
                scope,
                "staff-chart",
            )
    return reading, [scope for _args, scope in named]


# --- what the attacker works out ---------------------------------------------------------------


def interval(reading: Reading, scope: Scope, cell: str, values: dict[str, object]):
    """The bounds the published values put on a cell (they must agree between surfaces)."""
    distinct = {json.dumps(float(v) if isinstance(v, int | float) else v) for v in values.values()}
    if len(distinct) > 1:
        reading.problems.append(f"{cell} in {scope}: surfaces disagree: {values}")
    lo, hi = 0.0, INF
    for surface, value in values.items():
        if value is None:
            if (scope, cell) in reading.secondary:
                lo = max(lo, K)
            elif cell == "survey" and scope in reading.answered:
                lo, hi = max(lo, 1), min(hi, K - 1)
            elif surface.split(":")[0] not in reading.uniform:
                hi = min(hi, K - 1)  # without a declared method, a hidden count is under 5
        elif isinstance(value, int | float):
            kind = surface.split(":")[0]
            rounded = kind in reading.rounded or (kind.endswith("chart") and reading.rounded)
            slack = 2 if rounded else 0
            lo, hi = max(lo, value - slack), min(hi, value + slack)
    return [max(lo, 0.0), hi]


def contains(outer: Scope, inner: Scope) -> bool:
    if not inner[0] <= outer[0]:
        return False
    if outer[1] is None:
        return True
    if inner[1] is None:
        return False
    return outer[1] <= inner[1] and inner[2] <= outer[2]


def relations(cells: set[tuple[Scope, str]], town: Town, scopes: list[Scope]):
    """(total, parts) that hold in this town: partitions of scopes and rows of a table."""
    everything = frozenset(town.challenges.values())
    months = [_month_bounds(*month) for month in MONTHS]
    keys = {cell for _scope, cell in cells}
    found = []
    for scope in set(scopes) | {scope for scope, _cell in cells}:
        chosen, first, last = scope
        partitions = []
        if len(chosen) > 1:
            partitions.append([(frozenset({c}), first, last) for c in sorted(chosen)])
        inside = [(a, b) for a, b in months if first is None or (first <= a and b <= last)]
        covered = first is None or (
            any(a == first for a, _b in inside) and any(b == last for _a, b in inside)
        )
        if len(inside) > 1 and covered:
            partitions.append([(chosen, a, b) for a, b in inside])
        for parts in partitions:
            for key in keys:
                found.append(((scope, key), [(part, key) for part in parts]))
        # Rows: the groups of a dimension add up to its respondents; the answers 1–5 to the
        # survey's responses; the channels' participants to the participants (one input each).
        for key in keys:
            if key.endswith(":total"):
                prefix = key[: -len(":total")]
                groups = [k for k in keys if k.startswith(prefix + ":") and k != key]
                found.append(((scope, key), [(scope, g) for g in groups]))
        for question in QUESTIONS:
            found.append(
                ((scope, "survey"), [(scope, f"survey:{question}:{v}") for v in range(1, 6)])
            )
        found.append(((scope, "participants"), [(scope, f"channel:{c.value}") for c in Channel]))
        found.append(((scope, "submitters"), [(scope, f"channel:{c.value}") for c in Channel]))
    del everything
    return found


def attack(reading: Reading, town: Town, scopes: list[Scope]) -> list[str]:
    bounds = {
        (scope, cell): interval(reading, scope, cell, values)
        for (scope, cell), values in reading.seen.items()
    }
    rules = relations(set(bounds), town, scopes)
    for _ in range(60):
        changed = False
        for total, parts in rules:
            members = [total, *parts]
            for member in members:
                bounds.setdefault(member, [0.0, INF])
            t_lo, t_hi = bounds[total]
            lows = [bounds[p][0] for p in parts]
            highs = [bounds[p][1] for p in parts]
            new_total = [max(t_lo, sum(lows)), min(t_hi, sum(highs))]
            if new_total != bounds[total]:
                bounds[total], changed = new_total, True
            for i, part in enumerate(parts):
                others_hi = (
                    sum(highs) - highs[i]
                    if highs[i] != INF
                    else sum(h for j, h in enumerate(highs) if j != i)
                )
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
            if cell == "survey" and scope in reading.answered and (lo, hi) == (1, K - 1):
                continue  # «Færre enn 5 har svart» (issue 15): exactly that, nothing more
            found.append(f"{cell} in {_name(scope, town)} is {lo:g}–{hi:g}")
    keyed: dict[str, list[Scope]] = {}
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
                        f"{cell}: {_name(outer, town)} minus {_name(inner, town)} is {lo:g}–{hi:g}"
                    )
    return found


def _name(scope: Scope, town: Town) -> str:
    titles = {v: k for k, v in town.challenges.items()}
    chosen = (
        "kommunen"
        if scope[0] == frozenset(town.challenges.values())
        else "+".join(sorted(titles[c] for c in scope[0]))
    )
    if scope[1] is None:
        return chosen
    return f"{chosen} {scope[1]}..{scope[2]}"


def test_no_group_of_fewer_than_five_can_be_derived(client, town, world):
    reading, scopes = harvest(client, town, world)
    assert len(reading.seen) > 100, "the attacker read too little to mean anything"
    # Meeting sign-ups are published beside the participants (issue 25 §7): the attacker reads them.
    signups = [values for (_scope, cell), values in reading.seen.items() if cell == "signups"]
    assert signups and any(v not in (None, 0) for seen in signups for v in seen.values())
    findings = attack(reading, town, scopes)
    report = findings + reading.problems
    assert not report, (
        f"{len(findings)} groups of 1–4 persons derived, {len(reading.problems)} other "
        "problems, e.g.:\n" + "\n".join(findings[:20] + reading.problems[:10])
    )
