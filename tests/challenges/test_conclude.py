"""Concluding with the promise in view (issue 14 point 7): the form shows the unanswered inputs and
whether the IAP2 promise check will pass, asks for a confirmation when it will not, and the
concluded page no longer shows the input deadline or the vote budget."""

from datetime import date

import pytest

from cocreate.challenges.models import ParticipationLevel, Phase
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.metrics import measures_pipeline
from cocreate.metrics.scope import Scope
from cocreate.pipeline.services import move_idea

SUMMARY = "Vi hørte to innspill. Vi gjør det ene, og forklarer her hvorfor vi lar det andre ligge."
ANSWER = "Vi har vurdert innspillet og svarer her offentlig."


@pytest.fixture
def assessing(world, create_challenge_f, create_idea_f):
    """make(level) -> a challenge under assessment with two inputs, none answered."""

    def make(level: ParticipationLevel):
        challenge = create_challenge_f(
            world.municipality,
            phase=Phase.assessing,
            level=level,
            closes_on=date(2026, 10, 15),
            vote_budget=5,
        )
        ideas = [
            create_idea_f(challenge, world.author, title=f"Innspill nummer {n}") for n in (1, 2)
        ]
        return challenge, ideas

    return make


def _answer(idea, world, stage=Stage.assessed):
    move_idea(idea, stage, answer=ANSWER, actor=world.facilitator)
    db.session.commit()


def _url(challenge):
    return f"/k/heimby/utfordringer/{challenge.id}/fase"


def test_the_form_shows_unanswered_inputs_and_a_failing_check(client, auth, world, assessing):
    challenge, (first, _second) = assessing(ParticipationLevel.konsultere)
    _answer(first, world)
    auth.login(world.admin.email)
    page = client.get(_url(challenge)).get_data(as_text=True)
    assert "1 av 2 innspill har ikke fått svar." in page
    assert "Løftet holdes ikke" in page
    assert 'name="confirm_promise"' in page


def test_a_failing_check_needs_the_confirmation(client, auth, world, assessing):
    challenge, (first, _second) = assessing(ParticipationLevel.konsultere)
    _answer(first, world)
    auth.login(world.admin.email)
    refused = client.post(_url(challenge), data={"summary": SUMMARY})
    assert refused.status_code == 400
    assert "kryss av for å bekrefte" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert challenge.phase is Phase.assessing
    done = client.post(_url(challenge), data={"summary": SUMMARY, "confirm_promise": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert challenge.phase is Phase.concluded
    # The form said what the measure now says of it: the promise was not kept.
    kept = measures_pipeline.promise_kept(Scope(world.municipality.id)).challenges
    assert [(c.challenge_id, c.kept) for c in kept] == [(challenge.id, False)]


def test_a_passing_check_asks_for_nothing_more(client, auth, world, assessing):
    challenge, ideas = assessing(ParticipationLevel.konsultere)
    for idea in ideas:
        _answer(idea, world)
    auth.login(world.admin.email)
    page = client.get(_url(challenge)).get_data(as_text=True)
    assert "0 av 2 innspill har ikke fått svar." in page
    assert "Løftet holdes:" in page and 'name="confirm_promise"' not in page
    assert client.post(_url(challenge), data={"summary": SUMMARY}).status_code == 302
    kept = measures_pipeline.promise_kept(Scope(world.municipality.id)).challenges
    assert [(c.challenge_id, c.kept) for c in kept] == [(challenge.id, True)]


def test_from_involvere_up_an_input_must_be_decided(client, auth, world, assessing):
    challenge, (first, second) = assessing(ParticipationLevel.involvere)
    _answer(first, world)
    _answer(second, world)
    auth.login(world.admin.email)
    page = client.get(_url(challenge)).get_data(as_text=True)
    assert "0 innspill er besluttet eller kommet lenger" in page
    assert "Løftet holdes ikke" in page
    _answer(second, world, Stage.decided)
    page = client.get(_url(challenge)).get_data(as_text=True)
    assert "1 innspill er besluttet eller kommet lenger" in page
    assert "Løftet holdes:" in page and 'name="confirm_promise"' not in page


def test_a_progress_update_does_not_answer_an_input_for_the_check(client, auth, world, assessing):
    from cocreate.pipeline.services import add_progress_update

    challenge, ideas = assessing(ParticipationLevel.konsultere)
    for idea in ideas:
        add_progress_update(
            idea, answer="Foreløpig svar: vi ser på dette i høst.", actor=world.admin
        )
    db.session.commit()
    auth.login(world.admin.email)
    page = client.get(_url(challenge)).get_data(as_text=True)
    assert "2 av 2 innspill har ikke fått svar." in page and "Løftet holdes ikke" in page


def test_the_concluded_page_drops_the_deadline_and_the_vote_budget(
    client, world, create_challenge_f
):
    fields = {"closes_on": date(2026, 10, 15), "vote_budget": 5}
    open_one = create_challenge_f(world.municipality, title="Åpen utfordring", **fields)
    concluded = create_challenge_f(
        world.municipality, phase=Phase.concluded, title="Avsluttet utfordring", **fields
    )
    page = client.get(f"/k/heimby/utfordringer/{open_one.id}").get_data(as_text=True)
    assert "Frist for innspill" in page and "Du har 5 stemmer" in page
    page = client.get(f"/k/heimby/utfordringer/{concluded.id}").get_data(as_text=True)
    assert "Frist for innspill" not in page and "Du har 5 stemmer" not in page
    assert "Oppsummering" in page
