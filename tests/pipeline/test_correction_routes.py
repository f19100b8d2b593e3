"""The correction and progress pages for every role and a foreign municipality; refusals that say
why; the public pages show the corrected answer while the history keeps both."""

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.models import ChangeKind, StageChange
from cocreate.pipeline.services import correct_answer
from tests.factories import PASSWORD

ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
STAFF = {"facilitator", "admin"}
CORRECTED = "Rettelse: benkene står i Nordparken, ikke i Sørparken som vi skrev."
NOTE = "Arbeidet er i gang: benkene er bestilt og settes opp i mai."
PAGES = {"rett-svar": ChangeKind.correction, "oppdatering": ChangeKind.progress}


def _login(auth, world, role):
    user = world.roles()[role]
    if user is not None:
        auth.login(user.email, PASSWORD)


def _kinds(idea):
    return [
        c.kind
        for c in db.session.scalars(
            select(StageChange).where(StageChange.idea_id == idea.id).order_by(StageChange.id)
        )
    ]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pages_for_every_role(client, auth, world, idea, move, role, page):
    move(idea, Stage.piloting)
    _login(auth, world, role)
    url = f"/k/heimby/innspill/{idea.id}/{page}"
    shown = client.get(url)
    posted = client.post(url, data={"answer": CORRECTED if page == "rett-svar" else NOTE})
    if role == "anonymous":
        assert shown.status_code == 302 and "/logg-inn" in shown.location
        assert posted.status_code == 302 and "/logg-inn" in posted.location
    elif role in STAFF:
        assert shown.status_code == 200
        assert posted.status_code == 302 and posted.location.endswith(f"/innspill/{idea.id}")
    else:
        assert shown.status_code == 403 and posted.status_code == 403
        assert "Bare fasilitatorer og administratorer" in shown.get_data(as_text=True)
    expected = [ChangeKind.move] + ([PAGES[page]] if role in STAFF else [])
    assert _kinds(idea) == expected


@pytest.mark.parametrize("page", [*PAGES, "flytt"])
def test_another_municipality_address_is_404(client, auth, world, idea, move, page):
    move(idea, Stage.assessed)
    auth.login(world.other_facilitator.email, PASSWORD)
    assert client.get(f"/k/bortby/innspill/{idea.id}/{page}").status_code == 404
    auth.logout()
    auth.login(world.facilitator.email, PASSWORD)
    assert client.get(f"/k/bortby/innspill/{idea.id}/{page}").status_code == 404


def test_a_final_stage_refuses_a_move_and_says_why(client, auth, world, idea, move):
    move(idea, Stage.scaled)
    auth.login(world.facilitator.email, PASSWORD)
    response = client.get(f"/k/heimby/innspill/{idea.id}/flytt")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "«Skalert» er et sluttsteg" in page and "rettelse" in page
    assert "Du har ikke tilgang til denne siden" not in page
    refused = client.get(f"/k/heimby/innspill/{idea.id}/oppdatering")
    assert refused.status_code == 403 and "sluttsteg" in refused.get_data(as_text=True)


def test_nothing_to_correct_says_why(client, auth, world, idea):
    auth.login(world.facilitator.email, PASSWORD)
    response = client.get(f"/k/heimby/innspill/{idea.id}/rett-svar")
    assert response.status_code == 403
    assert "ingenting å rette" in response.get_data(as_text=True)


def test_a_short_correction_is_refused_with_the_text_kept(client, auth, world, idea, move):
    move(idea, Stage.done)
    auth.login(world.facilitator.email, PASSWORD)
    response = client.post(f"/k/heimby/innspill/{idea.id}/rett-svar", data={"answer": "Feil."})
    assert response.status_code == 400 and "Feil.</textarea>" in response.get_data(as_text=True)
    assert _kinds(idea) == [ChangeKind.move]


def test_the_public_page_shows_the_correction_and_keeps_both(client, auth, world, idea, move):
    move(idea, Stage.done, answer="Vi har satt opp benkene i Sørparken.")
    auth.login(world.facilitator.email, PASSWORD)
    client.post(f"/k/heimby/innspill/{idea.id}/rett-svar", data={"answer": CORRECTED})
    auth.logout()
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    current = page[page.index("Kommunens svar nå") :]
    assert current.index(CORRECTED) < current.index("Vi har satt opp benkene i Sørparken.")
    assert "Erstattet av en rettelse" in page and "Rettet svar (Gjort)" in page
    action = client.get("/k/heimby/fra-ord-til-handling").get_data(as_text=True)
    assert f"<strong>Gjort:</strong> {CORRECTED}" in action


def test_mine_innspill_shows_the_corrected_answer_not_a_progress_note(
    client, auth, world, idea, move
):
    move(idea, Stage.piloting, answer="Vi prøver ut benker i Sørparken i sommer.")
    correct_answer(idea, answer=CORRECTED, actor=world.facilitator)
    db.session.commit()
    auth.login(world.facilitator.email, PASSWORD)
    client.post(f"/k/heimby/innspill/{idea.id}/oppdatering", data={"answer": NOTE})
    auth.logout()
    auth.login(world.author.email, PASSWORD)
    page = client.get("/mine-innspill").get_data(as_text=True)
    assert CORRECTED in page and NOTE not in page
    detail = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert NOTE in detail and "Oppdatering (Utprøves)" in detail


def test_board_and_idea_page_offer_the_right_actions(client, auth, world, challenge, idea, move):
    move(idea, Stage.declined)
    auth.login(world.facilitator.email, PASSWORD)
    board = client.get(f"/k/heimby/utfordringer/{challenge.id}/tavle").get_data(as_text=True)
    assert f"/innspill/{idea.id}/rett-svar" in board and f"/innspill/{idea.id}/flytt" not in board
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "Rett svaret" in page and "Meld om fremdrift" not in page
    assert "Svar og flytt innspillet" not in page
