"""Meetings' services: who plans them, places and the waiting list, cancelling and moving up,
minutes into inputs, bad input refused with a Norwegian message."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea, ReceivedVia, RegisteredInput
from cocreate.meetings.minutes import inputs_from_minutes, minute_items
from cocreate.meetings.models import MeetingIdea, MeetingKind, Need, SignupStatus
from cocreate.meetings.notices import SIGNUP_CONFIRMED, SIGNUP_PROMOTED, SIGNUP_WAITING
from cocreate.meetings.queries import counts, needs_summary
from cocreate.meetings.services import (
    MeetingError,
    cancel_signup,
    create_meeting,
    sign_up,
    update_meeting,
)
from cocreate.refusals import NotAllowed
from tests.meetings.conftest import mails_to, meeting_data, person


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("citizen", False),
        ("author", False),
        ("other_facilitator", False),
        ("other_admin", False),
        ("facilitator", True),
        ("admin", True),
    ],
)
def test_only_the_municipalitys_staff_plan_meetings(meetings, role, allowed):
    actor = getattr(meetings.world, role)
    if allowed:
        meeting = create_meeting(meetings.challenge, meeting_data(), actor=actor)
        assert meeting.id
        update_meeting(meeting, meeting_data(title="Nytt navn"), actor=actor)
        assert meeting.title == "Nytt navn"
    else:
        with pytest.raises(NotAllowed, match="Bare kommunens fasilitatorer"):
            create_meeting(meetings.challenge, meeting_data(), actor=actor)
        with pytest.raises(NotAllowed):
            update_meeting(meetings.meeting, meeting_data(title="Nytt navn"), actor=actor)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "Ab"}, "Tittelen må ha mellom 3 og 200 tegn."),
        ({"place": "  "}, "Stedet må ha mellom 1 og 200 tegn."),
        ({"capacity": 0}, "Antall plasser må være minst 1"),
        ({"workshop_id": 10**8, "kind": MeetingKind.workshop}, "Verkstedet hører til en annen"),
        ({"workshop_id": 1, "kind": MeetingKind.folkemote}, "Bare et verksted kan knyttes"),
    ],
)
def test_bad_meeting_data_is_refused_in_norwegian(meetings, fields, message):
    with pytest.raises(MeetingError, match=message):
        create_meeting(meetings.challenge, meeting_data(**fields), actor=meetings.world.admin)


def test_a_meeting_must_end_after_it_starts(meetings):
    start = utcnow() + timedelta(days=3)
    with pytest.raises(MeetingError, match="Møtet må slutte etter at det begynner"):
        create_meeting(
            meetings.challenge,
            meeting_data(starts_at=start, ends_at=start),
            actor=meetings.world.admin,
        )


def test_places_then_waiting_list_then_cancel_moves_the_first_up(meetings):
    first, second = meetings.sign_up(1), meetings.sign_up(2)
    third, fourth = meetings.sign_up(3), meetings.sign_up(4)
    assert [s.status for s in (first, second, third, fourth)] == [
        SignupStatus.confirmed,
        SignupStatus.confirmed,
        SignupStatus.waiting,
        SignupStatus.waiting,
    ]
    assert counts(meetings.meeting).confirmed == 2
    assert counts(meetings.meeting).waiting == 2
    assert [m.kind for m in mails_to("person1@example.no")] == [SIGNUP_CONFIRMED]
    assert [m.kind for m in mails_to("person3@example.no")] == [SIGNUP_WAITING]
    assert mails_to("person3@example.no")[0].attachments is None  # no .ics without a place

    promoted = cancel_signup(second)
    assert second.status is SignupStatus.cancelled
    assert promoted is third and third.status is SignupStatus.confirmed
    assert third.promoted_at is not None
    assert fourth.status is SignupStatus.waiting  # only the first on the list
    moved = mails_to("person3@example.no")
    assert [m.kind for m in moved] == [SIGNUP_WAITING, SIGNUP_PROMOTED]
    assert moved[-1].attachments[0]["content_type"] == "text/calendar"
    assert "har fått plass" in moved[-1].subject

    assert cancel_signup(second) is None  # idempotent: nobody else moves
    assert fourth.status is SignupStatus.waiting
    assert cancel_signup(fourth) is None  # a waiting one frees no place
    assert counts(meetings.meeting).confirmed == 2


def test_a_larger_capacity_moves_people_up(meetings):
    for n in range(1, 5):
        meetings.sign_up(n)
    update_meeting(meetings.meeting, meeting_data(capacity=3), actor=meetings.world.admin)
    assert counts(meetings.meeting).confirmed == 3
    assert [m.kind for m in mails_to("person3@example.no")] == [SIGNUP_WAITING, SIGNUP_PROMOTED]
    assert [m.kind for m in mails_to("person4@example.no")] == [SIGNUP_WAITING]
    update_meeting(meetings.meeting, meeting_data(capacity=None), actor=meetings.world.admin)
    assert counts(meetings.meeting).confirmed == 4


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "Navnet må ha mellom 1 og 120 tegn."),
        ({"email": "ikke-en-adresse"}, "Skriv en gyldig e-postadresse"),
        ({"other_needs": "x" * 501}, "Andre behov kan ha høyst 500 tegn"),
    ],
)
def test_bad_signups_are_refused_in_norwegian(meetings, fields, message):
    with pytest.raises(MeetingError, match=message):
        meetings.sign_up(1, **fields)


def test_the_same_address_signs_up_once_and_again_after_cancelling(meetings):
    signup = meetings.sign_up(1)
    again = sign_up(meetings.meeting, person(1, email="PERSON1@example.no"))
    assert again.signup.id == signup.id  # not a second row
    cancel_signup(signup)
    assert meetings.sign_up(1).status is SignupStatus.confirmed


def test_signups_close_when_staff_close_them_or_the_meeting_has_begun(meetings):
    update_meeting(meetings.meeting, meeting_data(signups_open=False), actor=meetings.world.admin)
    with pytest.raises(NotAllowed, match="Påmeldingen til dette møtet er stengt"):
        meetings.sign_up(1)
    update_meeting(meetings.meeting, meeting_data(), actor=meetings.world.admin)
    later = meetings.meeting.starts_at + timedelta(minutes=1)
    with pytest.raises(NotAllowed, match="Møtet har allerede begynt"):
        sign_up(meetings.meeting, person(1), now=later)


def test_needs_are_summed_for_those_with_a_place(meetings):
    meetings.sign_up(1, needs=frozenset({Need.interpreter, Need.step_free}))
    meetings.sign_up(2, needs=frozenset({Need.interpreter}), other_needs="Ledsager")
    meetings.sign_up(3, needs=frozenset({Need.hearing_loop}))  # waiting: not yet planned for
    summary = needs_summary(meetings.meeting)
    assert summary.ticked == {Need.interpreter: 2, Need.hearing_loop: 0, Need.step_free: 1}
    assert summary.other == ["Ledsager"]


def test_minute_items_are_bullets_or_lines():
    minutes = (
        "# Referat\n\n- Flere benker i parken\n- Bedre lys i undergangen,\n  særlig om vinteren\n"
        "1. Gatetun i Storgata\n\nEn linje uten punkt\n"
    )
    assert minute_items(minutes) == [
        "Flere benker i parken",
        "Bedre lys i undergangen, særlig om vinteren",
        "Gatetun i Storgata",
        "En linje uten punkt",
    ]


def test_minutes_become_registered_inputs_linked_to_the_meeting(meetings):
    meeting = meetings.meeting
    update_meeting(
        meeting,
        meeting_data(minutes="- Flere benker i parken\n- Bedre lys\n- Gatetun i Storgata"),
        actor=meetings.world.facilitator,
    )
    ideas = inputs_from_minutes(meeting, [0, 2], actor=meetings.world.facilitator)
    assert [i.title for i in ideas] == ["Flere benker i parken", "Gatetun i Storgata"]
    assert {i.channel for i in ideas} == {Channel.registered}
    assert all(i.challenge_id == meetings.challenge.id for i in ideas)
    via = db.session.scalars(
        select(RegisteredInput.received_via).where(
            RegisteredInput.idea_id.in_([i.id for i in ideas])
        )
    ).all()
    assert set(via) == {ReceivedVia.meeting}
    linked = db.session.scalars(
        select(MeetingIdea.idea_id).where(MeetingIdea.meeting_id == meeting.id)
    ).all()
    assert sorted(linked) == sorted(i.id for i in ideas)


def test_minutes_to_inputs_refuses_nothing_chosen_stale_items_and_non_staff(meetings):
    meeting = meetings.meeting
    update_meeting(meeting, meeting_data(minutes="- Ett punkt"), actor=meetings.world.admin)
    with pytest.raises(MeetingError, match="Velg minst ett punkt"):
        inputs_from_minutes(meeting, [], actor=meetings.world.admin)
    with pytest.raises(MeetingError, match="Referatet er endret"):
        inputs_from_minutes(meeting, [3], actor=meetings.world.admin)
    with pytest.raises(NotAllowed):
        inputs_from_minutes(meeting, [0], actor=meetings.world.citizen)
    assert db.session.scalar(select(Idea.id).where(Idea.title == "Ett punkt")) is None
