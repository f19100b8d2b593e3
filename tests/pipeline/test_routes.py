"""Facilitator views (board, inbox, move form) for every role, and the sections on other pages."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.ideas.models import Follow
from cocreate.ideas.stages import Stage
from cocreate.moderation.services import hide_content, merge_ideas
from cocreate.pipeline.models import StageChange
from tests.factories import PASSWORD
from tests.pipeline.conftest import ANSWER

ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
STAFF = {"facilitator", "admin"}


def _login(auth, world, role):
    user = world.roles()[role]
    if user is not None:
        auth.login(user.email, PASSWORD)
    return user


def _changes(idea):
    return db.session.scalars(select(StageChange).where(StageChange.idea_id == idea.id)).all()


@pytest.mark.parametrize("role", ROLES)
def test_board_is_for_the_municipality_staff(client, auth, world, challenge, idea, role):
    _login(auth, world, role)
    response = client.get(f"/k/heimby/utfordringer/{challenge.id}/tavle")
    if role == "anonymous":
        assert response.status_code == 302 and "/logg-inn" in response.location
    elif role in STAFF:
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        for label in ("Hørt", "Vurdert", "Besluttet", "Utprøves", "Gjort", "Skalert"):
            assert label in page
        assert "Ikke videreført" in page
        assert idea.title in page
        assert f"/k/heimby/innspill/{idea.id}/flytt" in page
    else:
        assert response.status_code == 403


def test_board_puts_each_idea_in_its_stage_column(client, auth, world, challenge, idea, move):
    move(idea, Stage.piloting)
    auth.login(world.facilitator.email, PASSWORD)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}/tavle").get_data(as_text=True)
    column = page[page.index('id="col-piloting"') : page.index('id="col-done"')]
    assert idea.title in column
    heard = page[page.index('id="col-heard"') : page.index('id="col-assessed"')]
    assert idea.title not in heard


def test_board_of_another_municipality_is_404(client, auth, world, challenge):
    auth.login(world.other_facilitator.email, PASSWORD)
    assert client.get(f"/k/bortby/utfordringer/{challenge.id}/tavle").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_inbox_is_for_the_municipality_staff(client, auth, world, idea, role):
    _login(auth, world, role)
    response = client.get("/k/heimby/innboks")
    if role == "anonymous":
        assert response.status_code == 302
    elif role in STAFF:
        assert response.status_code == 200
        assert idea.title in response.get_data(as_text=True)
    else:
        assert response.status_code == 403


def test_inbox_lists_unanswered_inputs_oldest_first_with_age(
    client, auth, world, challenge, create_idea_f, move
):
    old = create_idea_f(challenge, world.author, title="Gammelt innspill")
    new = create_idea_f(challenge, world.author, title="Nytt innspill")
    answered = create_idea_f(challenge, world.author, title="Besvart innspill")
    hidden = create_idea_f(challenge, world.author, title="Skjult innspill")
    old.created_at = old.created_at - timedelta(days=12)
    new.created_at = new.created_at - timedelta(days=3)
    hide_content(hidden, reason="spam", note="Reklame.", actor=world.facilitator)
    db.session.commit()
    move(answered, Stage.assessed)
    auth.login(world.facilitator.email, PASSWORD)
    page = client.get("/k/heimby/innboks").get_data(as_text=True)
    assert page.index("Gammelt innspill") < page.index("Nytt innspill")
    assert "Besvart innspill" not in page and "Skjult innspill" not in page
    assert '<td class="age">12</td>' in page and '<td class="age">3</td>' in page


def test_move_form_offers_only_allowed_stages(client, auth, world, idea, move):
    move(idea, Stage.decided)
    auth.login(world.facilitator.email, PASSWORD)
    page = client.get(f"/k/heimby/innspill/{idea.id}/flytt").get_data(as_text=True)
    for allowed in ("piloting", "done", "scaled", "declined"):
        assert f'value="{allowed}"' in page
    for forbidden in ("heard", "assessed", "decided"):
        assert f'value="{forbidden}"' not in page
    assert ANSWER in page  # the earlier answer is shown below the form
    # Without a department the municipality answers; no unit is typed any more (issue 23).
    assert "Svar fra kommunen, Heimby kommune" in page and 'name="unit_name"' not in page


def test_move_by_form_publishes_the_answer(client, auth, world, challenge, idea):
    auth.login(world.facilitator.email, PASSWORD)
    response = client.post(
        f"/k/heimby/innspill/{idea.id}/flytt",
        data={"to_stage": "decided", "answer": ANSWER, "reference": "Sak 2025/14", "unit_name": ""},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/k/heimby/innspill/{idea.id}")  # the public result
    [change] = _changes(idea)
    assert (change.to_stage, change.reference, change.unit_name) == (
        Stage.decided,
        "Sak 2025/14",
        "Heimby kommune",
    )
    db.session.refresh(idea)
    assert idea.stage is Stage.decided


def test_move_goes_back_to_the_board_it_came_from(client, auth, world, challenge, idea):
    auth.login(world.facilitator.email, PASSWORD)
    board = f"/k/heimby/utfordringer/{challenge.id}/tavle"
    assert f"/innspill/{idea.id}/flytt?next={board}" in client.get(board).get_data(as_text=True)
    data = {"to_stage": "assessed", "answer": ANSWER}
    response = client.post(f"/k/heimby/innspill/{idea.id}/flytt?next={board}", data=data)
    assert response.location.endswith(board)


def test_move_never_goes_offsite(client, auth, world, idea):
    auth.login(world.facilitator.email, PASSWORD)
    data = {"to_stage": "assessed", "answer": ANSWER}
    url = f"/k/heimby/innspill/{idea.id}/flytt?next=https://evil.example/"
    assert client.post(url, data=data).location.endswith(f"/k/heimby/innspill/{idea.id}")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_stage": "assessed", "answer": "Kort svar"}, "mellom 20 og 5000 tegn"),
        ({"to_stage": "", "answer": ANSWER}, "Velg hvilket steg"),
        ({"to_stage": "heard", "answer": ANSWER}, "Not a valid choice"),
    ],
)
def test_a_bad_move_keeps_what_was_typed_and_saves_nothing(
    client, auth, world, idea, data, message
):
    auth.login(world.facilitator.email, PASSWORD)
    response = client.post(f"/k/heimby/innspill/{idea.id}/flytt", data=data)
    assert response.status_code == 400  # like every other refused form
    page = response.get_data(as_text=True)
    assert message in page or "Ikke et gyldig valg" in page
    assert data["answer"] in page
    assert _changes(idea) == []


@pytest.mark.parametrize("role", ["citizen", "author", "other_facilitator"])
def test_others_cannot_move(client, auth, world, idea, role):
    _login(auth, world, role)
    response = client.post(
        f"/k/heimby/innspill/{idea.id}/flytt", data={"to_stage": "assessed", "answer": ANSWER}
    )
    assert response.status_code == 403
    assert client.get(f"/k/heimby/innspill/{idea.id}/flytt").status_code == 403
    assert _changes(idea) == []


def test_a_hidden_input_cannot_be_moved_by_form(client, auth, world, idea):
    hide_content(idea, reason="spam", note="Reklame.", actor=world.facilitator)
    db.session.commit()
    auth.login(world.facilitator.email, PASSWORD)
    assert client.get(f"/k/heimby/innspill/{idea.id}/flytt").status_code == 403


@pytest.fixture
def with_duplicates(world, challenge, create_idea_f, create_user_f):
    duplicates = [create_idea_f(challenge, create_user_f(), title=f"Duplikat {n}") for n in (1, 2)]
    target = create_idea_f(challenge, world.author, title="Målet")
    for duplicate in duplicates:
        merge_ideas(duplicate, target, note="Samme forslag", actor=world.facilitator)
    db.session.commit()
    return target, duplicates


def test_answering_merged_duplicates_at_once(client, auth, world, with_duplicates):
    target, duplicates = with_duplicates
    auth.login(world.facilitator.email, PASSWORD)
    page = client.get(f"/k/heimby/innspill/{target.id}/flytt").get_data(as_text=True)
    assert "Duplikat 1" in page and "Duplikat 2" in page
    response = client.post(
        f"/k/heimby/innspill/{target.id}/flytt",
        data={"to_stage": "assessed", "answer": ANSWER, "include_duplicates": "y"},
        follow_redirects=True,
    )
    assert "2 sammenslåtte innspill fikk samme svar" in response.get_data(as_text=True)
    for idea in (target, *duplicates):
        [change] = _changes(idea)
        assert change.answer == ANSWER


def test_answering_only_the_target(client, auth, world, with_duplicates):
    target, duplicates = with_duplicates
    auth.login(world.facilitator.email, PASSWORD)
    client.post(
        f"/k/heimby/innspill/{target.id}/flytt", data={"to_stage": "assessed", "answer": ANSWER}
    )
    assert len(_changes(target)) == 1
    assert all(_changes(d) == [] for d in duplicates)


def test_the_move_form_of_a_duplicate_leads_to_its_target(client, auth, world, with_duplicates):
    target, duplicates = with_duplicates
    auth.login(world.facilitator.email, PASSWORD)
    response = client.get(f"/k/heimby/innspill/{duplicates[0].id}/flytt")
    assert response.status_code == 302
    assert response.location.endswith(f"/k/heimby/innspill/{target.id}/flytt")


def test_idea_page_shows_the_public_timeline(client, world, idea, move):
    move(idea, Stage.assessed, answer="Vi har vurdert dette nøye, og det er en god idé.")
    move(
        idea,
        Stage.decided,
        actor=world.admin,
        answer="Bystyret vedtok tiltaket 3. mars.",
        reference="https://example.no/sak/14",
        unit_name="Bystyret",
    )
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    section = page[page.index('id="timeline-title"') :]
    assert "Vi har vurdert dette nøye" in section
    assert "Bystyret vedtok tiltaket 3. mars." in section
    # The public sees the municipality (and the unit) answer, never a staff role.
    assert "Svar fra kommunen, Heimby kommune" in section
    assert "Svar fra kommunen, Bystyret" in section
    assert "fasilitator" not in section.lower() and "administrator" not in section.lower()
    assert 'href="https://example.no/sak/14" rel="nofollow noopener noreferrer"' in section
    assert section.index("Vi har vurdert") < section.index("Bystyret vedtok")
    assert "Svar og flytt innspillet" not in section  # not for the public


def test_timeline_escapes_answers(client, world, idea, move):
    move(idea, Stage.assessed, answer="<script>alert(1)</script> er ikke lov her.")
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_staff_get_a_move_link_on_the_idea_page(client, auth, world, idea):
    auth.login(world.facilitator.email, PASSWORD)
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert f"/k/heimby/innspill/{idea.id}/flytt" in page


def test_challenge_page_counts_inputs_per_stage(client, world, challenge, create_idea_f, move):
    ideas = [create_idea_f(challenge, world.author, title=f"Innspill {n}") for n in range(4)]
    move(ideas[0], Stage.decided)
    move(ideas[1], Stage.decided)
    move(ideas[2], Stage.declined)
    hidden = create_idea_f(challenge, world.author, title="Skjult")
    hide_content(hidden, reason="spam", note="Reklame.", actor=world.facilitator)
    db.session.commit()
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    section = page[page.index('id="stage-counts-title"') :]

    def count(stage):
        row = section[section.index(f'class="stage-row-{stage}"') :]
        return int(row[row.index("<td>") + 4 : row.index("</td>")])

    assert count("heard") == 1
    assert count("decided") == 2
    assert count("declined") == 1
    assert count("assessed") == 0


def test_follow_and_unfollow(client, auth, world, idea):
    auth.login(world.citizen.email, PASSWORD)
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "Følg innspillet" in page
    response = client.post(
        f"/k/heimby/innspill/{idea.id}/folg", data={"next": f"/k/heimby/innspill/{idea.id}"}
    )
    assert response.status_code == 302 and response.location.endswith(f"/innspill/{idea.id}")
    following = select(Follow).where(Follow.user_id == world.citizen.id)
    assert db.session.scalars(following).one().idea_id == idea.id
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "slutt å følge" in page
    client.post(f"/k/heimby/innspill/{idea.id}/avfolg")
    assert db.session.scalars(following).all() == []


def test_follow_needs_login_and_a_public_idea(client, auth, world, idea):
    assert client.post(f"/k/heimby/innspill/{idea.id}/folg").status_code == 302
    assert db.session.scalars(select(Follow).where(Follow.user_id == world.citizen.id)).all() == []
    hide_content(idea, reason="spam", note="Reklame.", actor=world.facilitator)
    db.session.commit()
    auth.login(world.citizen.email, PASSWORD)
    assert client.post(f"/k/heimby/innspill/{idea.id}/folg").status_code == 403
    assert client.post(f"/k/bortby/innspill/{idea.id}/folg").status_code == 404


def test_follow_ignores_an_offsite_next(client, auth, world, idea):
    auth.login(world.citizen.email, PASSWORD)
    response = client.post(
        f"/k/heimby/innspill/{idea.id}/folg", data={"next": "https://evil.example/"}
    )
    assert response.location.endswith(f"/k/heimby/innspill/{idea.id}")
