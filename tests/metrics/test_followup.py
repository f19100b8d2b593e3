"""«Gjorde det en forskjell?» (issue 24 §5): invitations 6–12 months after gjort, once per person
per input and one e-mail per person per run; the page for the invited; one answer; the delay
setting; the measure «effekt etter gjennomføring» under the k-rules."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from cocreate.accounts.models import Role
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from cocreate.ideas.stages import Stage
from cocreate.metrics.dashboard import compute_dashboard, measures_table
from cocreate.metrics.followup import (
    FollowUpError,
    add_months,
    answer_followup,
    followup_effect,
    invite_followups,
)
from cocreate.metrics.models import FollowUpInvitation, FollowUpResponse
from cocreate.metrics.scope import Scope
from cocreate.metrics.snapshots import dashboard_figures
from cocreate.notifications.models import Notification, OutboxMessage
from cocreate.pipeline.models import StageChange
from cocreate.settings.services import SettingsError, update_settings
from tests.factories import PASSWORD
from tests.smtp import SMTPServer, subject

DONE = datetime(2026, 1, 15, 12, 0)
ANSWER = {"made_difference": "4", "in_use": "5", "comment": "Den brukes hver dag"}


def _done(idea: Idea, when: datetime, actor) -> None:
    for from_stage, to_stage, at in (
        (Stage.heard, Stage.decided, when - timedelta(days=30)),
        (Stage.decided, Stage.done, when),
    ):
        db.session.add(
            StageChange(
                idea_id=idea.id,
                from_stage=from_stage,
                to_stage=to_stage,
                answer="Vi har gjort dette, og det er i bruk nå.",
                actor_id=actor.id,
                actor_role=Role.facilitator,
                created_at=at,
            )
        )
    idea.stage = Stage.done
    idea.last_moved_at = when


def _support(idea: Idea, user) -> None:
    db.session.add(Vote(idea_id=idea.id, user_id=user.id, challenge_id=idea.challenge_id))


class Inputs:
    pass


@pytest.fixture
def inputs(world, create_challenge_f, create_idea_f, create_user_f):
    """Two inputs done on DONE: «benker» by the author, supported by the citizen and `both`;
    «lys» by `both`, supported by the citizen. The citizen and `both` are behind two inputs."""
    return _build(world, create_challenge_f, create_idea_f, create_user_f, DONE)


def _build(world, create_challenge_f, create_idea_f, create_user_f, done) -> Inputs:
    found = Inputs()
    found.challenge = create_challenge_f(world.municipality)
    found.both = create_user_f("begge@example.no")
    found.benches = create_idea_f(found.challenge, world.author, title="Flere benker i parken")
    found.lights = create_idea_f(found.challenge, found.both, title="Lys i lysløypa")
    for idea in (found.benches, found.lights):
        _done(idea, done, world.facilitator)
    _support(found.benches, world.citizen)
    _support(found.benches, found.both)
    _support(found.lights, world.citizen)
    db.session.commit()
    return found


def _invitations() -> set[tuple[int, int]]:
    return {(row.idea_id, row.user_id) for row in db.session.scalars(select(FollowUpInvitation))}


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime(2026, 1, 15, 12), 6) == datetime(2026, 7, 15, 12)
    assert add_months(datetime(2026, 8, 31, 9), 6) == datetime(2027, 2, 28, 9)
    assert add_months(datetime(2026, 7, 15), -6) == datetime(2026, 1, 15)


def test_nothing_before_six_months_then_everyone_behind_once(world, inputs):
    assert invite_followups(add_months(DONE, 6) - timedelta(minutes=1)) == 0
    assert _invitations() == set()
    assert invite_followups(add_months(DONE, 6)) == 5
    db.session.commit()
    assert _invitations() == {
        (inputs.benches.id, world.author.id),
        (inputs.benches.id, world.citizen.id),
        (inputs.benches.id, inputs.both.id),
        (inputs.lights.id, inputs.both.id),
        (inputs.lights.id, world.citizen.id),
    }
    # A second run, the next day, asks nobody again.
    assert invite_followups(add_months(DONE, 6) + timedelta(days=1)) == 0
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(FollowUpInvitation)) == 5
    # In the app: one notification per person per input, linking to its page.
    notes = db.session.scalars(select(Notification).where(Notification.kind == "followup_survey"))
    links = sorted((n.user_id, n.link) for n in notes)
    assert (world.author.id, f"/k/heimby/gjorde-det-en-forskjell/{inputs.benches.id}") in links
    assert len(links) == 5


def test_one_email_per_person_per_run(world, inputs):
    invite_followups(add_months(DONE, 6))
    db.session.commit()
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "followup_survey")
    ).all()
    by_person = {}
    for mail in mails:
        by_person.setdefault(mail.to_address, []).append(mail)
    assert {k: len(v) for k, v in by_person.items()} == {
        world.author.email: 1,
        world.citizen.email: 1,
        inputs.both.email: 1,
    }
    (citizens,) = by_person[world.citizen.email]
    assert "2 innspill" in citizens.subject
    assert f"/k/heimby/gjorde-det-en-forskjell/{inputs.benches.id}" in citizens.text
    assert f"/k/heimby/gjorde-det-en-forskjell/{inputs.lights.id}" in citizens.text
    (authors,) = by_person[world.author.email]
    assert "Flere benker i parken" in authors.subject


def test_the_municipalitys_delay_is_used_and_old_inputs_are_not_asked(world, inputs):
    world.municipality.followup_months = 9
    db.session.commit()
    assert invite_followups(add_months(DONE, 8)) == 0
    assert invite_followups(add_months(DONE, 9)) == 5
    db.session.rollback()
    # Past the window (delay + 6 months), a first run asks nobody.
    assert invite_followups(add_months(DONE, 15) + timedelta(days=1)) == 0


def test_an_input_moved_on_to_skalert_is_asked_a_declined_one_never(world, inputs):
    inputs.lights.stage = Stage.scaled
    inputs.benches.stage = Stage.declined
    db.session.commit()
    invite_followups(add_months(DONE, 6))
    assert {idea for idea, _user in _invitations()} == {inputs.lights.id}


@pytest.fixture
def smtp(app):
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3
    )
    yield server
    server.stop()
    app.config.clear()
    app.config.update(old)


def test_the_daily_command_sends_one_mail_per_person_through_smtp(
    smtp, runner, world, create_challenge_f, create_idea_f, create_user_f
):
    """The cron command, today: inputs done seven months ago; a real SMTP server."""
    when = add_months(utcnow().replace(tzinfo=None), -7)
    inputs = _build(world, create_challenge_f, create_idea_f, create_user_f, when)
    assert "invited 5" in runner.invoke(args=["metrics", "followup"]).output
    assert "invited 0" in runner.invoke(args=["metrics", "followup"]).output
    assert smtp.messages == []
    assert "sent 3" in runner.invoke(args=["outbox", "send"]).output
    received = sorted((message["To"], subject(message)) for message in smtp.messages)
    assert [to for to, _s in received] == sorted(
        [world.author.email, world.citizen.email, inputs.both.email]
    )
    assert all("Gjorde det en forskjell?" in s for _to, s in received)


def _login(client, user):
    client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})


def test_only_the_invited_may_open_the_page_and_answer_once(client, world, inputs):
    url = f"/k/heimby/gjorde-det-en-forskjell/{inputs.benches.id}"
    assert client.get(url).status_code == 302  # to the log-in page
    _login(client, world.author)
    assert client.get(url).status_code == 403  # not invited yet
    invite_followups(add_months(DONE, 6))
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Det gjorde en forskjell" in page and 'type="radio"' in page
    assert 'name="csrf_token"' in page or "csrf_token" in page
    assert client.post(url, data=ANSWER).status_code == 302
    assert "Du har svart på spørsmålene" in client.get(url).get_data(as_text=True)
    client.post(url, data={**ANSWER, "made_difference": "1"})
    rows = db.session.scalars(select(FollowUpResponse)).all()
    assert [(r.idea_id, r.user_id, r.made_difference, r.in_use, r.comment) for r in rows] == [
        (inputs.benches.id, world.author.id, 4, 5, "Den brukes hver dag")
    ]
    with pytest.raises(FollowUpError, match="allerede svart"):
        answer_followup(inputs.benches, world.author, made_difference=1, in_use=1)
    # The author was not invited about «lys» (not behind it); another municipality's path 404s.
    assert client.get(f"/k/heimby/gjorde-det-en-forskjell/{inputs.lights.id}").status_code == 403
    assert client.get(f"/k/bortby/gjorde-det-en-forskjell/{inputs.benches.id}").status_code == 404


@pytest.mark.parametrize(
    "data",
    [{"in_use": "3"}, {**ANSWER, "made_difference": "6"}, {**ANSWER, "comment": "x" * 2001}],
)
def test_an_invalid_answer_is_refused(client, world, inputs, data):
    invite_followups(add_months(DONE, 6))
    db.session.commit()
    _login(client, world.citizen)
    url = f"/k/heimby/gjorde-det-en-forskjell/{inputs.lights.id}"
    assert client.post(url, data=data).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(FollowUpResponse)) == 0


def test_a_service_call_from_someone_not_invited_is_refused(world, inputs):
    with pytest.raises(FollowUpError, match="invitert"):
        answer_followup(inputs.benches, world.citizen, made_difference=3, in_use=3)


# --- the delay setting --------------------------------------------------------------------------


def _settings(municipality) -> dict:
    return {
        "intro": municipality.intro,
        "description": municipality.description,
        "contact_email": municipality.contact_email or "",
        "contact_text": municipality.contact_text,
        "answer_deadline_days": str(municipality.answer_deadline_days),
    }


@pytest.mark.parametrize("months", ["5", "13", "0", "-6"])
def test_the_delay_outside_6_to_12_is_refused_in_norwegian(client, world, months):
    _login(client, world.admin)
    data = {**_settings(world.municipality), "followup_months": months}
    response = client.post("/k/heimby/innstillinger", data=data)
    assert response.status_code == 400
    assert "helt antall måneder fra 6 til 12" in response.get_data(as_text=True)
    db.session.expire_all()
    assert world.municipality.followup_months == 6


def test_the_admin_sets_the_delay_and_the_page_shows_it(client, world):
    _login(client, world.admin)
    page = client.get("/k/heimby/innstillinger").get_data(as_text=True)
    assert 'name="followup_months"' in page and 'value="6"' in page
    data = {**_settings(world.municipality), "followup_months": "9"}
    assert client.post("/k/heimby/innstillinger", data=data).status_code == 302
    db.session.expire_all()
    assert world.municipality.followup_months == 9
    # Without the field (an older form), the delay stays.
    assert (
        client.post("/k/heimby/innstillinger", data=_settings(world.municipality)).status_code
        == 302
    )
    db.session.expire_all()
    assert world.municipality.followup_months == 9


def test_the_service_checks_the_delay_too(world):
    with pytest.raises(SettingsError, match="fra 6 til 12"):
        update_settings(
            world.municipality,
            intro="",
            description="",
            contact_email="",
            contact_text="",
            followup_months=13,
            actor=world.admin,
        )


def test_staff_below_admin_cannot_set_the_delay(client, world):
    _login(client, world.facilitator)
    data = {**_settings(world.municipality), "followup_months": "12"}
    assert client.post("/k/heimby/innstillinger", data=data).status_code == 403
    db.session.expire_all()
    assert world.municipality.followup_months == 6


# --- the measure -------------------------------------------------------------------------------


def _answers(inputs, create_user_f, answers, when=datetime(2026, 7, 20, 12, 0)):
    for n, (difference, in_use) in enumerate(answers):
        person = create_user_f(f"svar{n}@example.no")
        db.session.add(
            FollowUpResponse(
                idea_id=inputs.benches.id,
                user_id=person.id,
                made_difference=difference,
                in_use=in_use,
                created_at=when,
            )
        )
    db.session.commit()


def test_effect_after_implementation_mean_and_distribution(world, inputs, create_user_f):
    answers = [(5, 4), (4, 4), (4, 5), (2, 3), (5, 5), (3, 1), (4, 2)]
    _answers(inputs, create_user_f, answers)
    scope = Scope(world.municipality.id, now=datetime(2026, 8, 1, 12, 0))
    exact = followup_effect(scope)
    assert exact.responses == 7 and exact.state == "shown"
    made, in_use = exact.questions
    assert made.question == "made_difference"
    assert made.mean == pytest.approx(27 / 7)
    assert made.distribution == [0, 1, 1, 3, 2]
    assert in_use.mean == pytest.approx(24 / 7)
    assert in_use.distribution == [1, 1, 1, 2, 2]
    assert compute_dashboard(scope)["followup"]["responses"] == 7
    published = dashboard_figures(scope)["followup"]
    # 7 answers → 5; every answer count is below 5, hidden; the means (from the exact answers,
    # to one decimal) are shown from 5 answers on.
    assert published["state"] == "shown" and published["responses"] == 5
    assert published["questions"][0]["distribution"] == [None] * 5
    assert published["questions"][0]["mean"] == 3.9
    assert published["questions"][1]["mean"] == 3.4
    rows = {row["measure"]: row for row in measures_table(dashboard_figures(scope))}
    assert rows["followup_responses"]["value"] == 5
    assert rows["followup_made_difference_mean"]["value"] == 3.9
    assert rows["followup_in_use_mean"]["value"] == 3.4


def test_effect_after_implementation_below_k_shows_no_figures(client, world, inputs, create_user_f):
    _answers(inputs, create_user_f, [(5, 5), (1, 1), (3, 3)])
    scope = Scope(world.municipality.id)
    published = dashboard_figures(scope)["followup"]
    assert published["state"] == "fewer_than_k" and published["responses"] is None
    assert all(q["mean"] is None for q in published["questions"])
    assert all(q["distribution"] == [None] * 5 for q in published["questions"])
    _login(client, world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert "Effekt etter gjennomføring" in html and "Færre enn 5 har svart" in html
    assert 'id="table-followup"' not in html


def test_the_chart_draws_only_a_fully_shown_table(client, world, inputs, create_user_f):
    """Seven answers: every count 1–5 is below 5 and hidden, so no stacked chart (404); the
    page shows the table alone."""
    _answers(inputs, create_user_f, [(5, 4), (4, 4), (4, 5), (2, 3), (5, 5), (3, 1), (4, 2)])
    _login(client, world.admin)
    assert client.get("/k/heimby/effekt/graf/followup.svg").status_code == 404
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert 'id="table-followup"' in html and "graf/followup.svg" not in html


def test_the_chart_draws_the_shown_counts(client, world, inputs, create_user_f):
    """Every answer 1–5 of both questions given by at least 5 (a 0 is hidden like a 1–4)."""
    answers = [(v, 6 - v) for v in range(1, 6) for _ in range(5)] + [(3, 3)] * 3
    _answers(inputs, create_user_f, answers)
    _login(client, world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert 'aria-describedby="table-followup"' in html
    response = client.get("/k/heimby/effekt/graf/followup.svg")
    assert response.status_code == 200
    svg = response.get_data(as_text=True)
    assert "Det gjorde en forskjell" in svg and "Det er i bruk" in svg
    # 8 answers of 3 are published as 10, as in the table.
    assert ">10<" in svg
