"""«Ble du hørt?»: invitation on conclusion (app + outbox), one answer per person, aggregation."""

import pytest
from sqlalchemy import func, select

from cocreate.challenges.models import Phase
from cocreate.challenges.services import advance_phase
from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from cocreate.ideas.services import post_comment, support_idea
from cocreate.metrics.models import SurveyResponse
from cocreate.metrics.scope import Scope
from cocreate.metrics.survey import SurveyError, answer_survey, perceived_effect
from cocreate.notifications.models import Notification, OutboxMessage
from tests.factories import PASSWORD

SUMMARY = "Vi hørte mye, gjør tre tiltak, og forklarer hvorfor her."
ANSWER = {"felt_heard": "4", "understood": "3", "would_return": "5", "comment": "Bra prosess"}


@pytest.fixture
def concluded(world, create_challenge_f, create_idea_f, create_user_f):
    """A challenge where the author submitted, the citizen supported and `commenter` commented,
    concluded by the admin."""
    challenge = create_challenge_f(world.municipality, phase=Phase.open)
    idea = create_idea_f(challenge, world.author)
    support_idea(idea, world.citizen)
    commenter = create_user_f("kommentator@example.no")
    post_comment(idea, body="Godt forslag, dette trengs.", author=commenter)
    db.session.commit()
    advance_phase(challenge, actor=world.admin)
    advance_phase(challenge, actor=world.admin, summary=SUMMARY)
    db.session.commit()
    return challenge, commenter


def _login(client, user):
    client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})


def test_conclusion_invites_every_participant_in_app_and_by_email(world, concluded):
    challenge, commenter = concluded
    link = f"/k/heimby/ble-du-hort/{challenge.id}"
    rows = db.session.scalars(select(Notification).where(Notification.kind == "survey")).all()
    assert {n.user_id for n in rows} == {world.author.id, world.citizen.id, commenter.id}
    assert all(n.link == link for n in rows)
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "survey")).all()
    assert {m.to_address for m in mails} == {
        world.author.email,
        world.citizen.email,
        commenter.email,
    }
    assert all(link in m.text and "Ble du hørt?" in m.subject for m in mails)


def test_participant_answers_once(client, world, concluded):
    challenge, _ = concluded
    _login(client, world.citizen)
    url = f"/k/heimby/ble-du-hort/{challenge.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Jeg følte meg hørt" in page and 'type="radio"' in page
    assert client.post(url, data=ANSWER).status_code == 302
    assert "Du har svart på denne undersøkelsen" in client.get(url).get_data(as_text=True)
    client.post(url, data={**ANSWER, "felt_heard": "1"})
    rows = db.session.scalars(select(SurveyResponse)).all()
    assert [(r.user_id, r.felt_heard, r.understood, r.would_return, r.comment) for r in rows] == [
        (world.citizen.id, 4, 3, 5, "Bra prosess")
    ]
    with pytest.raises(SurveyError, match="allerede svart"):
        answer_survey(challenge, world.citizen, felt_heard=1, understood=1, would_return=1)


@pytest.mark.parametrize(
    "data",
    [
        {"understood": "3", "would_return": "5"},
        {**ANSWER, "felt_heard": "6"},
        {**ANSWER, "comment": "x" * 2001},
    ],
)
def test_bad_answers_are_refused_and_kept(client, world, concluded, data):
    challenge, _ = concluded
    _login(client, world.author)
    response = client.post(f"/k/heimby/ble-du-hort/{challenge.id}", data=data)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 0
    if "would_return" in data:
        assert '<input checked id="would_return-4"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("facilitator", 403),
        ("admin", 403),
        ("other_admin", 403),
        ("author", 200),
        ("citizen", 200),
    ],
)
def test_only_participants_may_answer(client, world, concluded, role, status):
    challenge, _ = concluded
    user = getattr(world, role, None) if role != "anonymous" else None
    if user is not None:
        _login(client, user)
    assert client.get(f"/k/heimby/ble-du-hort/{challenge.id}").status_code == status


def test_no_survey_before_conclusion_or_in_another_municipality(
    client, world, create_challenge_f, create_idea_f, concluded
):
    challenge, _ = concluded
    open_one = create_challenge_f(world.municipality, phase=Phase.open)
    create_idea_f(open_one, world.author)
    _login(client, world.author)
    assert client.get(f"/k/heimby/ble-du-hort/{open_one.id}").status_code == 403
    assert client.get(f"/k/bortby/ble-du-hort/{challenge.id}").status_code == 404
    with pytest.raises(SurveyError):
        answer_survey(open_one, world.author, felt_heard=3, understood=3, would_return=3)


def test_challenge_page_invites_the_participant(client, world, concluded):
    challenge, _ = concluded
    _login(client, world.citizen)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    assert f"/k/heimby/ble-du-hort/{challenge.id}" in page
    client.post("/logg-ut")
    _login(client, world.facilitator)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    assert "ble-du-hort" not in page


def test_results_are_aggregated_and_public_from_five_answers(
    client, world, concluded, create_user_f
):
    """Answers felt heard 1, 2, 4, 5, 5 → mean 17/5 = 3.4, distribution [1,1,0,1,2]."""
    challenge, commenter = concluded
    people = [world.author, world.citizen, commenter]
    idea = db.session.scalar(select(Idea).where(Idea.challenge_id == challenge.id))
    for n in range(2):
        extra = create_user_f(f"ekstra{n}@example.no")
        db.session.add(Vote(idea_id=idea.id, user_id=extra.id, challenge_id=challenge.id))
        people.append(extra)
    db.session.commit()
    for person, value in zip(people[:4], (1, 2, 4, 5), strict=True):
        answer_survey(challenge, person, felt_heard=value, understood=3, would_return=3)
    db.session.commit()
    scope = Scope(world.municipality.id)
    assert perceived_effect(scope).shown is False
    answer_survey(
        challenge, people[4], felt_heard=5, understood=3, would_return=3, comment="Takk for svaret"
    )
    db.session.commit()
    result = perceived_effect(scope)
    felt = result.questions[0]
    assert (result.responses, result.shown) == (5, True)
    assert felt.mean == pytest.approx(3.4) and felt.distribution == [1, 1, 0, 1, 2]

    _login(client, world.admin)
    client.post("/k/heimby/effekt/innstillinger", data={"panels": ["survey"]})
    admin_page = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert "Takk for svaret" in admin_page  # free text for admins, without names
    client.post("/logg-ut")
    html = client.get("/k/heimby/effekt/offentlig").get_data(as_text=True)
    assert "5 svar." in html and "3,4" in html
    assert "Takk for svaret" not in html
    # Every answer count is under 5 (1, 1, 0, 1, 2): the table shows «–» for each, and no
    # chart is drawn (a stacked bar cannot show a hidden count).
    assert "<td>–</td>" in html
    assert client.get("/k/heimby/effekt/offentlig/graf/survey.svg").status_code == 404
