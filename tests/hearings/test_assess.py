"""Assessing statements after the deadline: who may, when, what is stored, who is told, and the
staff page that lists every statement with a form each (no JavaScript needed)."""

from datetime import UTC, date, datetime

import pytest
from flask import render_template
from sqlalchemy import select

from cocreate.database import clock_at
from cocreate.extensions import db
from cocreate.hearings.assess import (
    AssessmentError,
    assess_statement,
    can_assess,
    can_see_merknader,
    why_not_assess,
)
from cocreate.hearings.models import Assessment
from cocreate.notifications.models import Notification, OutboxMessage
from cocreate.refusals import NotAllowed

from . import test_assess_scene as _scene
from .test_assess_scene import LETTER_EMAIL, login

early_scene = _scene.early_scene  # the fixture
scene = _scene.scene  # the fixture

SUMMARY = "Ønsker fortau forbi skolen."
REASON = "Fortauet forlenges i planforslaget."


def _assess(statement, actor, assessment=Assessment.adopted, summary=SUMMARY, reason=REASON):
    return assess_statement(
        statement, summary=summary, assessment=assessment, reason=reason, actor=actor
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("author", False),
        ("other_facilitator", False),
        ("facilitator", True),
        ("admin", True),
    ],
)
def test_staff_of_the_municipality_assess_after_the_deadline(scene, role, allowed):
    user = scene.world.roles()[role]
    assert can_assess(user, scene.hearing) is allowed
    assert can_see_merknader(user, scene.hearing) is allowed


def test_a_case_officer_of_the_municipality_assesses_too(scene):
    assert can_assess(scene.officer, scene.hearing)


def test_before_the_deadline_assessing_is_refused_with_a_reason(early_scene):
    world = early_scene.world
    assert can_see_merknader(world.facilitator, early_scene.hearing)
    reason = why_not_assess(world.facilitator, early_scene.hearing)
    assert reason is not None and "Høringsfristen er ikke ute" in reason
    with pytest.raises(NotAllowed, match="Høringsfristen er ikke ute"):
        _assess(early_scene.council, world.facilitator)
    assert early_scene.council.assessment is None


def test_an_assessment_is_stored_with_who_and_when(scene):
    facilitator = scene.world.facilitator
    _assess(scene.organisation, facilitator, Assessment.partly)
    db.session.refresh(scene.organisation)
    assert scene.organisation.assessment is Assessment.partly
    assert scene.organisation.summary == SUMMARY
    assert scene.organisation.reason == REASON
    assert scene.organisation.assessed_by_id == facilitator.id
    assert scene.organisation.assessed_at is not None


@pytest.mark.parametrize(("summary", "reason"), [("", REASON), (SUMMARY, ""), ("x" * 2001, REASON)])
def test_summary_and_reason_are_required_and_bounded(scene, summary, reason):
    with pytest.raises(AssessmentError):
        _assess(scene.council, scene.world.facilitator, summary=summary, reason=reason)


def test_a_hidden_statement_is_not_assessed(scene):
    with pytest.raises(AssessmentError, match="skjult"):
        _assess(scene.hidden, scene.world.facilitator)


def test_the_signed_in_author_is_told_in_the_app_and_by_email(scene):
    _assess(scene.web, scene.world.facilitator, Assessment.not_adopted)
    [notice] = db.session.scalars(
        select(Notification).where(Notification.user_id == scene.resident.id)
    ).all()
    assert scene.hearing.title in notice.subject
    assert "Ikke tatt til følge" in notice.text and REASON in notice.text
    assert notice.link == f"/k/heimby/horinger/{scene.hearing.id}"
    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == scene.resident.email)
    ).all()
    assert "Ikke tatt til følge" in mail.text


def test_the_sender_of_a_registered_letter_is_told_by_email(scene):
    _assess(scene.letter, scene.world.facilitator, Assessment.noted)
    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == LETTER_EMAIL)
    ).all()
    assert mail.user_id is None
    assert "Til orientering" in mail.text and REASON in mail.text
    assert f"/k/heimby/horinger/{scene.hearing.id}" in mail.text


def test_a_statement_without_author_or_address_tells_nobody(scene):
    _assess(scene.council, scene.world.facilitator)
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_reassessment_is_a_correction_and_tells_again(scene):
    facilitator = scene.world.facilitator
    _assess(scene.letter, facilitator, Assessment.not_adopted)
    _assess(scene.letter, facilitator, Assessment.partly, reason="Parken utvides litt likevel.")
    mails = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == LETTER_EMAIL)
        .order_by(OutboxMessage.id)
    ).all()
    assert len(mails) == 2
    assert mails[1].subject.startswith("Rettet vurdering")
    assert "Delvis tatt til følge" in mails[1].text
    assert scene.letter.assessment is Assessment.partly


def test_the_public_partial_shows_summary_label_and_reason(app, scene):
    with app.test_request_context():
        empty = render_template("hearings/assess/_assessment.html", statement=scene.council)
        assert "Kommunens vurdering" not in empty
        _assess(scene.council, scene.world.facilitator, Assessment.adopted)
        html = render_template("hearings/assess/_assessment.html", statement=scene.council)
    assert SUMMARY in html and "Tatt til følge" in html and REASON in html


# --- The staff page ------------------------------------------------------------------------------


def _page(scene):
    return f"/k/heimby/horinger/{scene.hearing.id}/merknader"


def test_the_page_lists_every_statement_but_the_hidden_with_a_form_each(client, scene):
    login(client, scene.world.facilitator)
    response = client.get(_page(scene))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for statement in scene.taken:
        assert statement.body in html
        assert f'action="{_page(scene)}/{statement.id}"' in html
    assert scene.hidden.body not in html
    assert "Kom etter fristen" in html and "Registrert av kommunen" in html


@pytest.mark.parametrize(("role", "status"), [("citizen", 403), ("other_facilitator", 403)])
def test_the_page_refuses_others(client, scene, role, status):
    login(client, scene.world.roles()[role])
    assert client.get(_page(scene)).status_code == status


def test_the_page_sends_the_anonymous_to_log_in(client, scene):
    response = client.get(_page(scene))
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def test_a_statement_is_assessed_through_the_form(client, scene):
    login(client, scene.world.admin)
    statement = scene.council
    prefix = f"s{statement.id}-"
    response = client.post(
        f"{_page(scene)}/{statement.id}",
        data={
            prefix + "summary": SUMMARY,
            prefix + "assessment": "partly",
            prefix + "reason": REASON,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#uttalelse-{statement.id}")
    db.session.refresh(statement)
    assert statement.assessment is Assessment.partly and statement.reason == REASON
    page = client.get(_page(scene)).get_data(as_text=True)
    assert "Rett vurderingen" in page


def test_a_form_with_errors_is_shown_again_with_them(client, scene):
    login(client, scene.world.facilitator)
    statement = scene.web
    response = client.post(
        f"{_page(scene)}/{statement.id}", data={f"s{statement.id}-summary": SUMMARY}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Velg kommunens vurdering." in html and "Skriv en begrunnelse." in html
    db.session.refresh(statement)
    assert statement.assessment is None


def test_before_the_deadline_the_page_says_why_and_the_post_is_refused(client, early_scene):
    login(client, early_scene.world.facilitator)
    page = f"/k/heimby/horinger/{early_scene.hearing.id}/merknader"
    html = client.get(page).get_data(as_text=True)
    assert "Høringsfristen er ikke ute" in html
    assert "Lagre vurderingen" not in html
    statement = early_scene.council
    response = client.post(
        f"{page}/{statement.id}",
        data={
            f"s{statement.id}-summary": SUMMARY,
            f"s{statement.id}-assessment": "adopted",
            f"s{statement.id}-reason": REASON,
        },
    )
    assert response.status_code == 403
    assert "Høringsfristen er ikke ute" in response.get_data(as_text=True)


def test_a_statement_of_another_hearing_is_not_found(client, scene, create_user_f):
    from .test_assess_scene import make_hearing

    other, _version, _sections = make_hearing(
        scene.world.municipality, deadline=scene.hearing.deadline
    )
    db.session.flush()
    login(client, scene.world.facilitator)
    response = client.post(f"/k/heimby/horinger/{other.id}/merknader/{scene.council.id}", data={})
    assert response.status_code == 404
    assert client.get(f"/k/bortby/horinger/{scene.hearing.id}/merknader").status_code == 404


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        # 23:30 in Oslo on the deadline day (CET, UTC+1): still the deadline day.
        (datetime(2026, 12, 4, 22, 30, tzinfo=UTC), False),
        # 00:30 in Oslo the day after, while UTC still says the deadline day.
        (datetime(2026, 12, 4, 23, 30, tzinfo=UTC), True),
    ],
)
def test_the_deadline_is_an_oslo_day(scene, now, allowed):
    scene.hearing.deadline = date(2026, 12, 4)
    with clock_at(now):
        assert can_assess(scene.world.facilitator, scene.hearing) is allowed


def test_the_hearing_page_shows_each_assessment_to_everyone(client, scene):
    _assess(scene.council, scene.world.facilitator, Assessment.adopted)
    html = client.get(f"/k/heimby/horinger/{scene.hearing.id}").get_data(as_text=True)
    council = html.split(f'id="uttalelse-{scene.council.id}"', 1)[1].split("</article>", 1)[0]
    assert "Kommunens vurdering" in council
    assert SUMMARY in council and "Tatt til følge" in council and REASON in council
    assert html.count("Kommunens vurdering") == 1  # the others are not assessed yet
