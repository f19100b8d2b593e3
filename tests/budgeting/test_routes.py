"""Budgeting through HTTP: the staff's flow end to end (set up, project, codes as PDF, open,
close, both results, rule, decision), a resident's ballot without JavaScript, paper codes that
work once and are rate-limited, and who may do what."""

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cocreate.budgeting.models import Budget, BudgetStatus
from cocreate.budgeting.services import cast_ballot, close_vote, open_vote
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from tests.budgeting.conftest import EXPLAINS, login

BASE = "/k/heimby/utfordringer/{c}/budsjett"


def _base(b):
    return BASE.format(c=b.challenge.id)


def _codes_from_pdf(data: bytes) -> list[str]:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.findall(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b", text)


def test_staff_set_up_a_budget_and_add_a_project(client, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    login(client, world.facilitator)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}/budsjett/styr")
    assert page.status_code == 200 and "Budsjett i hele kroner" in page.text
    bad = client.post(
        f"/k/heimby/utfordringer/{challenge.id}/budsjett/styr",
        data={"amount": "mange", "ballot_kind": "approval", "points": "10", "rule": "greedy"},
    )
    assert bad.status_code == 400 and "hele kroner" in bad.text
    response = client.post(
        f"/k/heimby/utfordringer/{challenge.id}/budsjett/styr",
        data={
            "amount": "250 000 kr",
            "ballot_kind": "cumulative",
            "points": "10",
            "rule": "equal_shares",
            "last_day": "2099-06-01",
        },
    )
    assert response.status_code == 303
    budget = db.session.scalar(select(Budget).where(Budget.challenge_id == challenge.id))
    assert budget.amount == 250_000 and budget.is_cumulative
    assert budget.closes_at.isoformat().startswith("2099-06-01T22:00")  # Oslo midnight (CEST)


def test_project_form_offers_only_assessed_inputs(client, budgeting):
    b = budgeting
    login(client, b.world.facilitator)
    page = client.get(f"{_base(b)}/styr").text
    assert "Skatepark ved skolen" in page and "Bare hørt ennå" not in page.split("Innspill")[-1]
    refused = client.post(
        f"{_base(b)}/prosjekter",
        data={"idea_id": b.ideas[3].id, "title": "Hørt", "cost": "1000", "explanation": EXPLAINS},
    )
    assert refused.status_code == 400 and "vurdert" in refused.text
    added = client.post(
        f"{_base(b)}/prosjekter",
        data={
            "idea_id": b.ideas[2].id,
            "title": "Skatepark",
            "cost": "30 000",
            "explanation": EXPLAINS,
        },
    )
    assert added.status_code == 303 and len(b.budget.projects) == 3


def test_resident_votes_without_javascript_and_sees_the_remaining_sum(client, budgeting):
    b = budgeting
    open_vote(b.budget, actor=b.world.facilitator)
    p1, p2 = b.projects
    login(client, b.voters[0])
    page = client.get(_base(b)).text
    assert 'type="checkbox"' in page and "Igjen: 100\u00a0000 kr" in page
    over = client.post(f"{_base(b)}/stemme", data={"project": [p1.id, p2.id]})
    assert over.status_code == 400
    assert "koster 110\u00a0000 kr, men budsjettet er 100\u00a0000 kr" in over.text
    ok = client.post(f"{_base(b)}/stemme", data={"project": [p1.id]})
    assert ok.status_code == 303
    page = client.get(_base(b)).text
    assert "Igjen: 40\u00a0000 kr" in page and "Du har stemt" in page
    assert re.search(rf'value="{p1.id}" data-cost="\d+" checked', page)
    assert not re.search(rf'value="{p2.id}" data-cost="\d+" checked', page)


def test_paper_code_votes_once(client, budgeting):
    b = budgeting
    login(client, b.world.facilitator)
    pdf = client.post(f"{_base(b)}/koder", data={"count": "4", "lang": "nn"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    codes = _codes_from_pdf(pdf.data)
    assert len(codes) == 4
    open_vote(b.budget, actor=b.world.facilitator)
    client.get("/logg-ut")
    anonymous = client.application.test_client()
    p1 = b.projects[0]
    first = anonymous.post(f"{_base(b)}/kode", data={"code": codes[0], "project": [p1.id]})
    assert first.status_code == 200 and "koden er nå brukt" in first.text
    again = anonymous.post(f"{_base(b)}/kode", data={"code": codes[0], "project": [p1.id]})
    assert again.status_code == 400 and "allerede brukt" in again.text
    wrong = anonymous.post(f"{_base(b)}/kode", data={"code": "ABCDE-FGHJK", "project": [p1.id]})
    assert wrong.status_code == 400 and "ikke gyldig" in wrong.text


def test_close_shows_both_results_and_decision_moves_winners(client, budgeting):
    b = budgeting
    open_vote(b.budget, actor=b.world.facilitator)
    for voter in b.voters:
        cast_ballot(b.budget, {b.projects[0].id: 1}, voter=voter)
    login(client, b.world.facilitator)
    assert client.post(f"{_base(b)}/avslutt").status_code == 303
    page = client.get(f"{_base(b)}/styr").text
    assert "Flest stemmer innenfor budsjettet (valgt)" in page and "Like andeler" in page
    assert page.count("<table") == 2
    assert client.post(f"{_base(b)}/regel", data={"rule": "equal_shares"}).status_code == 303
    missing = client.post(f"{_base(b)}/vedtak", data={"reference": "", "answer": "x" * 30})
    assert missing.status_code == 400
    done = client.post(
        f"{_base(b)}/vedtak",
        data={"reference": "PS 2026/41", "answer": "Kommunestyret vedtok dette i mai 2026."},
    )
    assert done.status_code == 303
    assert b.budget.status is BudgetStatus.decided and b.ideas[0].stage is Stage.decided
    public = client.application.test_client().get(_base(b)).text
    assert "Like andeler" in public and "Budsjettet ble delt i like store andeler" in public
    assert "PS 2026/41" in public and "færre enn 5" in public  # three voters are not shown


def test_public_page_explains_greedy_in_english(client, budgeting):
    b = budgeting
    open_vote(b.budget, actor=b.world.facilitator)
    cast_ballot(b.budget, {b.projects[0].id: 1}, voter=b.voters[0])
    close_vote(b.budget, actor=b.world.facilitator)
    page = client.get(_base(b), headers={"Accept-Language": "en"}).text
    assert "most votes" in page


def test_preparing_budget_is_hidden_from_residents(client, budgeting):
    b = budgeting
    assert client.get(_base(b)).status_code == 404
    login(client, b.world.citizen)
    assert client.get(_base(b)).status_code == 404
    assert client.get(f"{_base(b)}/styr").status_code == 403


@pytest.mark.parametrize("role", ["citizen", "other_facilitator"])
def test_only_own_staff_manage(client, budgeting, role):
    b = budgeting
    login(client, b.roles()[role])
    for path in ("styr", "apne", "avslutt", "koder", "prosjekter"):
        assert client.post(f"{_base(b)}/{path}").status_code in (403, 404)
    assert b.budget.status is BudgetStatus.preparing


@pytest.fixture
def limited_client(app, world):
    from cocreate import create_app
    from cocreate.extensions import limiter
    from tests.conftest import make_config
    from tests.isolation import share_transaction

    limited = create_app(make_config(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True))
    limiter.reset()
    with share_transaction(limited, app):
        yield limited.test_client()
    limiter.reset()
    limiter.enabled = False


def test_code_entry_is_rate_limited(limited_client, budgeting):
    b = budgeting
    open_vote(b.budget, actor=b.world.facilitator)
    statuses = [
        limited_client.post(
            f"{_base(b)}/kode", data={"code": f"AAAAA-AAAA{n % 9 + 2}", "project": []}
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
