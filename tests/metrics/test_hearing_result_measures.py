"""Hearing response and results (issue 24 §6): the formulas on a small dataset with exact numbers,
the residents' statements under the k-rules, and the figures on the dashboard, the public page,
the exports (CSV, XLSX, JSON) and the API (validated against the OpenAPI document).

Heimby, measured at NOW = 2026-06-30 12:00 UTC. Challenges C1 (principle 1) and C2 (principle 2),
both open.

Hearings (opened unless said):
  h1 in C1, deadline 2026-03-01, compiled 2026-03-11 10:00 UTC (Oslo 03-11): 10 days
  h2 in C2, deadline 2026-04-01, compiled 2026-04-21 23:30 UTC (Oslo 04-22): 21 days
  h3 under no challenge, deadline 2026-05-01, not compiled
  h4 in C1, never opened (a draft): not counted
Statements (all 2026-02-10): h1 council: adopted, noted; organisation: partly, not adopted,
  not assessed; resident: adopted ×2, partly, not adopted ×2, not assessed; one resident's
  pending moderation (not counted). h2 resident: adopted, not assessed; organisation: adopted.
  h3 resident: noted.
  → council 2 / 2 assessed / 1 adopted; organisation 4 / 3 / 2; resident 9 / 7 / 4;
    all 15 / 12 / 7: assessed 12 ÷ 15 = 0.8, tatt til følge 7 ÷ 12 = 0.583.
Inputs: i1 C1 →besluttet 03-01 →gjort 04-01; i2 C1 →besluttet 03-15; i3 C2 →utprøves 04-10;
  i4 C2 no moves.
Results: r1 C1 done 05-01, created 02-01, linked i1 (besluttet 03-01): 61 days;
  r2 C1 done 03-21, created 03-01, nothing linked: 20 days; r3 C1 planned, linked i2;
  r4 C1 stopped; r5 C2 under way.
  → 5 results (planned 1, under way 1, done 2, stopped 1); median (61 + 20) ÷ 2 = 40.5 days;
    inputs besluttet or beyond: i1, i2, i3; with a result: i1, i2: 2 ÷ 3 = 0.667.
"""

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from cocreate.accounts.models import Role
from cocreate.extensions import db
from cocreate.hearings.models import Assessment, Hearing, SenderKind, Statement
from cocreate.ideas.models import Idea, Visibility
from cocreate.ideas.stages import Stage
from cocreate.metrics.dashboard import compute_dashboard, set_public_panels
from cocreate.metrics.disclosure import protected_family
from cocreate.metrics.measures_hearings import hearing_response, result_measures
from cocreate.metrics.scope import Scope
from cocreate.metrics.snapshots import dashboard_figures
from cocreate.pipeline.models import StageChange
from cocreate.results.models import Result, ResultInput, ResultStatus
from tests.factories import PASSWORD

NOW = datetime(2026, 6, 30, 12, 0)
A, P, N, NOTED = Assessment.adopted, Assessment.partly, Assessment.not_adopted, Assessment.noted
COUNCIL, ORG, RESIDENT = SenderKind.council, SenderKind.organisation, SenderKind.resident


@dataclass
class Town:
    municipality: object
    challenges: dict[str, int]
    hearings: dict[str, Hearing] = field(default_factory=dict)
    ideas: dict[str, Idea] = field(default_factory=dict)

    def scope(self, **kwargs) -> Scope:
        return Scope(self.municipality.id, now=NOW, **kwargs)


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


def add_hearing(municipality, challenge_id, title, deadline, compiled=None, opened=True):
    hearing = Hearing(
        municipality_id=municipality.id,
        challenge_id=challenge_id,
        title=title,
        opens_on=date(2026, 1, 5),
        deadline=deadline,
        opened_at=at(1, 5) if opened else None,
        compiled_at=compiled,
        created_at=at(1, 4),
    )
    db.session.add(hearing)
    db.session.flush()
    return hearing


def add_statement(hearing, kind, assessment=None, *, when=None, visibility=Visibility.published):
    db.session.add(
        Statement(
            hearing_id=hearing.id,
            sender_kind=kind,
            sender_name=None if kind is RESIDENT else f"Avsender {kind.value}",
            body="Vi mener at planen bør endres.",
            received_on=(when or at(2, 10)).date(),
            visibility=visibility,
            assessment=assessment,
            assessed_at=at(3, 5) if assessment else None,
            reason="Begrunnelse" if assessment else "",
            created_at=when or at(2, 10),
        )
    )


def move(idea, steps, actor):
    previous = Stage.heard
    for stage, when in steps:
        db.session.add(
            StageChange(
                idea_id=idea.id,
                from_stage=previous,
                to_stage=stage,
                answer="Vi har sett på innspillet og svarer her offentlig.",
                actor_id=actor.id,
                actor_role=Role.facilitator,
                created_at=when,
            )
        )
        previous = stage
    idea.stage = previous


@pytest.fixture
def town(world, create_challenge_f) -> Town:
    m = world.municipality
    c1 = create_challenge_f(m, principles=(1,), title="Utfordring C1")
    c2 = create_challenge_f(m, principles=(2,), title="Utfordring C2")
    found = Town(m, {"c1": c1.id, "c2": c2.id})
    h1 = add_hearing(m, c1.id, "Høring 1", date(2026, 3, 1), at(3, 11, 10))
    h2 = add_hearing(m, c2.id, "Høring 2", date(2026, 4, 1), at(4, 21, 23, 30))
    h3 = add_hearing(m, None, "Høring 3", date(2026, 5, 1))
    h4 = add_hearing(m, c1.id, "Høring 4", date(2026, 5, 1), at(5, 2), opened=False)
    found.hearings = {"h1": h1, "h2": h2, "h3": h3, "h4": h4}
    for kind, assessment in [
        (COUNCIL, A),
        (COUNCIL, NOTED),
        (ORG, P),
        (ORG, N),
        (ORG, None),
        *[(RESIDENT, a) for a in (A, A, P, N, N, None)],
    ]:
        add_statement(h1, kind, assessment)
    add_statement(h1, RESIDENT, A, visibility=Visibility.pending)
    for kind, assessment in [(RESIDENT, A), (RESIDENT, None), (ORG, A)]:
        add_statement(h2, kind, assessment)
    add_statement(h3, RESIDENT, NOTED)
    add_statement(h4, RESIDENT, A)  # a hearing never opened: not counted

    def idea(key, challenge_id, created):
        row = Idea(
            challenge_id=challenge_id,
            title=f"Innspill {key}",
            body="Tekst",
            visibility=Visibility.published,
            created_at=created,
        )
        db.session.add(row)
        db.session.flush()
        found.ideas[key] = row
        return row

    i1, i2 = idea("i1", c1.id, at(1, 10)), idea("i2", c1.id, at(1, 11))
    i3, _i4 = idea("i3", c2.id, at(1, 12)), idea("i4", c2.id, at(1, 13))
    move(i1, [(Stage.decided, at(3, 1)), (Stage.done, at(4, 1))], world.facilitator)
    move(i2, [(Stage.decided, at(3, 15))], world.facilitator)
    move(i3, [(Stage.piloting, at(4, 10))], world.facilitator)

    def result(challenge_id, title, status, created, done=None, linked=(), reason=""):
        row = Result(
            challenge_id=challenge_id,
            title=title,
            status=status,
            created_at=created,
            done_at=done,
            stop_reason=reason,
            progress=100 if status is ResultStatus.done else 0,
        )
        db.session.add(row)
        db.session.flush()
        for linked_idea in linked:
            db.session.add(ResultInput(result_id=row.id, idea_id=linked_idea.id))

    result(c1.id, "Tiltak 1", ResultStatus.done, at(2, 1), at(5, 1), linked=[i1])
    result(c1.id, "Tiltak 2", ResultStatus.done, at(3, 1), at(3, 21))
    result(c1.id, "Tiltak 3", ResultStatus.planned, at(3, 20), linked=[i2])
    result(c1.id, "Tiltak 4", ResultStatus.stopped, at(3, 25), reason="For dyrt")
    result(c2.id, "Tiltak 5", ResultStatus.under_way, at(4, 20))
    db.session.commit()
    return found


def _kinds(figures) -> dict[str, tuple]:
    return {
        row["kind"]: (row["statements"], row["assessed"], row["adopted"])
        for row in figures["kinds"]
    }


def test_hearing_response_formulas(town):
    exact = hearing_response(town.scope())
    assert exact.hearings == 3 and exact.compiled == 2
    assert exact.compile_days_median == 15.5  # (10 + 21) ÷ 2, Oslo dates
    by_kind = {row.kind: (row.statements, row.assessed, row.adopted) for row in exact.kinds}
    assert by_kind == {"council": (2, 2, 1), "organisation": (4, 3, 2), "resident": (9, 7, 4)}
    assert (exact.statements, exact.assessed, exact.adopted) == (15, 12, 7)
    assert exact.assessed_share == 0.8
    assert exact.adopted_share == pytest.approx(0.583)


def test_hearing_response_per_challenge_and_principle(town):
    c1 = hearing_response(town.scope(challenge_id=town.challenges["c1"]))
    assert (c1.hearings, c1.compile_days_median) == (1, 10.0)
    assert (c1.statements, c1.assessed, c1.adopted) == (11, 9, 5)
    c2 = hearing_response(town.scope(principle_id=_principle(2)))
    assert (c2.hearings, c2.statements, c2.assessed, c2.adopted) == (1, 3, 2, 2)
    # A range holds the hearings opened and the statements given in it.
    march = hearing_response(town.scope(start=date(2026, 3, 1), end=date(2026, 3, 31)))
    assert (march.hearings, march.statements) == (0, 0)
    assert march.assessed_share is None and march.compile_days_median is None


def _principle(number: int) -> int:
    from cocreate.reference.models import Principle

    return db.session.query(Principle.id).filter(Principle.number == number).scalar()


def test_result_formulas(town):
    exact = result_measures(town.scope())
    assert exact.results == 5
    assert {row.status: row.results for row in exact.by_status} == {
        "planned": 1,
        "under_way": 1,
        "done": 2,
        "stopped": 1,
    }
    assert (exact.done, exact.median_days_to_done) == (2, 40.5)
    assert (exact.inputs_with_result, exact.inputs_acted_on) == (2, 3)
    assert exact.linked_share == pytest.approx(0.667)
    c1 = result_measures(town.scope(challenge_id=town.challenges["c1"]))
    assert (c1.results, c1.median_days_to_done, c1.inputs_acted_on, c1.linked_share) == (
        4,
        40.5,
        2,
        1.0,
    )
    c2 = result_measures(town.scope(challenge_id=town.challenges["c2"]))
    assert (c2.results, c2.done, c2.median_days_to_done, c2.linked_share) == (1, 0, None, 0.0)


def test_a_narrowed_dashboard_reads_only_the_done_results_inputs_and_agrees(town):
    """Inside a dashboard the whole city's input facts are shared; a narrowed dashboard works out
    only the linked inputs' history (measures_pipeline.facts_of): the same figures either way."""
    for scope in (
        town.scope(),
        town.scope(challenge_id=town.challenges["c1"]),
        town.scope(principle_id=_principle(1)),
        town.scope(principle_id=_principle(2)),
    ):
        assert compute_dashboard(scope)["results"] == asdict(result_measures(scope))
    assert (
        compute_dashboard(town.scope(principle_id=_principle(1)))["results"]["median_days_to_done"]
        == 40.5
    )


def test_the_residents_statements_are_persons_rounded_and_hidden_below_k(town):
    published = dashboard_figures(town.scope())["hearings"]
    # Councils and organisations are documents: as they are. Residents: 9 → 10, 7 → 5, 4 hidden.
    assert _kinds(published) == {
        "council": (2, 2, 1),
        "organisation": (4, 3, 2),
        "resident": (10, 5, None),
    }
    # Totals and shares from the published counts; a total with a hidden part is hidden.
    assert (published["statements"], published["assessed"], published["adopted"]) == (16, 10, None)
    assert published["assessed_share"] == 0.625 and published["adopted_share"] is None
    assert published["hearings"] == 3 and published["compile_days_median"] == 15.5
    # C2's 2 residents' statements: hidden, and its totals with them.
    c2 = dashboard_figures(town.scope(challenge_id=town.challenges["c2"]))["hearings"]
    assert _kinds(c2)["resident"] == (None, None, None)
    assert c2["statements"] is None and c2["assessed_share"] is None
    assert _kinds(c2)["organisation"] == (1, 1, 1)


def test_the_hearing_under_no_challenge_is_protected_too(town):
    """The municipality minus its challenges is the hearings under none (one resident's
    statement here): the audit knows it, and no difference pins it."""
    family = protected_family(town.municipality.id, NOW)
    cells = family["cells"]
    key = "statements:resident"
    m = cells["m"][key]
    parts = [cells[f"c:{c}"][key] for c in town.challenges.values()]
    if m is not None and all(p is not None for p in parts):
        lo = m - 2 - sum(p + 2 for p in parts)
        hi = m + 2 - sum(max(5, p - 2) for p in parts)
        assert not (lo >= 1 and hi <= 4)
    assert "x" not in cells and all(not k.startswith("~") for c in cells.values() for k in c)


def test_snapshot_holds_the_new_figures(town):
    data = compute_dashboard(town.scope())
    assert set(data) >= {"followup", "hearings", "results"}
    assert data["results"]["by_status"][2] == {"status": "done", "results": 2}


# --- the surfaces ------------------------------------------------------------------------------


def _login(client, user):
    client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})


def test_dashboard_shows_the_panels_with_formulas_and_tables(client, town, world):
    _login(client, world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    for text in ("Høringer", "Tiltak", 'id="table-hearings"', 'id="table-results"'):
        assert text in html
    assert "(tatt til følge + delvis tatt til følge) ÷ vurderte" in html
    assert "Median av dager fra besluttet til gjennomført" in html
    assert "62,5" in html  # assessed 10 ÷ 16, from the published counts
    assert "40,5" in html and "15,5" in html
    # No follow-up answers yet: that panel is not shown.
    assert 'id="p-followup"' not in html


def test_the_public_page_shows_the_published_panels_only(client, town, world):
    set_public_panels(town.municipality.id, ["hearings"])
    db.session.commit()
    html = client.get("/k/heimby/effekt/offentlig").get_data(as_text=True)
    assert 'id="table-hearings"' in html and 'id="table-results"' not in html


def _rows_of(client, url):
    text = client.get(url).get_data(as_text=True).lstrip("\ufeff")
    return {row["measure"]: row for row in csv.DictReader(io.StringIO(text))}


def test_exports_carry_the_new_measures(client, town, world):
    _login(client, world.admin)
    rows = _rows_of(client, "/k/heimby/eksport/measures.csv")
    assert rows["hearings"]["value"] == "3"
    assert rows["hearing_statements_council"]["value"] == "2"
    assert rows["hearing_statements_resident"]["value"] == "10"
    assert rows["hearing_statements"]["value"] == "16"
    assert (
        rows["hearing_statements_assessed"]["value"],
        rows["hearing_statements_assessed"]["numerator"],
    ) == ("0.625", "10")
    assert rows["hearing_statements_adopted"]["value"] == ""  # a hidden part
    assert rows["hearing_days_deadline_to_compiled_median"]["value"] == "15.5"
    assert rows["results"]["value"] == "5" and rows["results_done"]["value"] == "2"
    assert rows["results_days_decided_to_done_median"]["value"] == "40.5"
    assert (rows["inputs_with_result"]["numerator"], rows["inputs_with_result"]["denominator"]) == (
        "2",
        "3",
    )
    assert rows["followup_responses"]["value"] == "0"
    response = client.get("/k/heimby/eksport/measures.xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["hearings"] == 3 and values["results_days_decided_to_done_median"] == 40.5
    payload = json.loads(client.get("/k/heimby/eksport/measures.json").get_data(as_text=True))
    shaped = payload.get("rows", payload) if isinstance(payload, dict) else payload
    assert {
        "measure": "results_stopped",
        "value": 1,
        "numerator": None,
        "denominator": None,
    } in shaped


def _schema(client, name):
    document = client.get("/api/v1/openapi.json").get_json()
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    )


def test_the_api_publishes_the_new_panels_valid_against_openapi(client, town):
    body = client.get("/api/v1/municipalities/heimby/metrics").get_json()
    assert not [r for r in body["measures"] if r["measure"].startswith(("hearing", "results"))]
    set_public_panels(town.municipality.id, ["hearings", "results", "followup"])
    db.session.commit()
    response = client.get("/api/v1/municipalities/heimby/metrics")
    body = response.get_json()
    errors = [e.message for e in _schema(client, "Metrics").iter_errors(body)]
    assert not errors, errors
    measures = {row["measure"]: row for row in body["measures"]}
    assert measures["hearings"]["value"] == 3
    assert measures["hearing_statements_resident"]["value"] == 10
    assert measures["results_planned"]["value"] == 1
    assert measures["inputs_with_result"]["value"] == pytest.approx(0.667)
    assert measures["followup_responses"]["value"] == 0
    figures = body["figures"]
    assert set(figures) >= {"hearings", "results", "followup"}
    assert _kinds(figures["hearings"])["resident"] == (10, 5, None)
    assert figures["results"]["median_days_to_done"] == 40.5
    assert "participants" not in figures  # key figures are not published


def test_the_results_chart_beside_its_table(client, town, world):
    _login(client, world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert 'aria-describedby="table-results"' in html
    svg = client.get("/k/heimby/effekt/graf/results.svg").get_data(as_text=True)
    assert "Planlagt" in svg and "Stanset" in svg
