"""Meetings' pages through the test client: the sign-up form works without JavaScript and is
labelled, bad input gets Norwegian messages, the cancel link moves the next one up, staff pages
per role, the meeting list on the challenge page, minutes into inputs in one form."""

import re

import pytest
from sqlalchemy import select

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.meetings.models import Meeting, MeetingSignup, SignupStatus
from cocreate.meetings.services import update_meeting
from cocreate.moderation.services import hide_content
from tests.meetings.conftest import login, mails_to, meeting_data


def _page(meetings) -> str:
    m = meetings.meeting
    return f"/k/heimby/moter/{m.id}"


def _form(**fields) -> dict:
    values = {"name": "Kari Nordmann", "email": "kari@example.no"}
    values.update(fields)
    return values


def test_the_sign_up_form_is_labelled_and_groups_the_needs(client, meetings):
    db.session.commit()
    html = client.get(_page(meetings)).get_data(as_text=True)
    assert "Folkemøte om sentrum" in html
    assert "<legend>Trenger du noe for å kunne delta?</legend>" in html
    for field_id, label in [
        ("name", "Navn"),
        ("email", "E-postadresse"),
        ("interpreter", "Tolk (for eksempel tegnspråktolk)"),
        ("hearing_loop", "Teleslynge"),
        ("step_free", "Trinnfri adkomst"),
        ("other_needs", "Andre behov"),
    ]:
        assert f'<label for="{field_id}">{label}</label>' in html
        assert f'id="{field_id}"' in html
    assert "<script" not in html.split('<form method="post"')[1].split("</form>")[0]
    assert "<li>Velkommen</li>" in html  # the agenda, as Markdown


def test_signing_up_without_javascript_gives_a_place_then_the_waiting_list(client, meetings):
    db.session.commit()
    url = _page(meetings) + "/pamelding"
    response = client.post(url, data=_form(interpreter="y", other_needs="Ledsager"))
    assert response.status_code == 200
    assert "Du er påmeldt" in response.get_data(as_text=True)
    signup = db.session.scalar(
        select(MeetingSignup).where(MeetingSignup.email == "kari@example.no")
    )
    assert signup.status is SignupStatus.confirmed
    assert signup.needs_interpreter and not signup.needs_step_free
    assert signup.other_needs == "Ledsager"
    assert [m.kind for m in mails_to("kari@example.no")] == ["meeting_signup"]

    client.post(url, data=_form(email="ola@example.no", name="Ola"))
    page = client.get(_page(meetings)).get_data(as_text=True)
    assert "Møtet er fullt." in page
    assert re.search(r"\b2 (påmeldt|av)", page) is None  # no count of persons shown publicly
    third = client.post(url, data=_form(email="per@example.no", name="Per"))
    assert "Du står på ventelisten" in third.get_data(as_text=True)


def test_a_second_sign_up_of_an_address_tells_the_page_nothing_and_the_address_all(
    client, meetings
):
    """A stranger who tries a neighbour's address learns nothing: the page answers as for a new
    sign-up (the meeting is full now: the waiting list), no second row is made, and the e-mail
    to that address says where its owner stands (a place, with the calendar file)."""
    db.session.commit()
    url = _page(meetings) + "/pamelding"
    client.post(url, data=_form())
    client.post(url, data=_form(email="ola@example.no", name="Ola"))
    fresh = client.post(url, data=_form(email="per@example.no", name="Per"))
    again = client.post(url, data=_form(email="KARI@example.no", name="Noen andre"))
    assert again.status_code == fresh.status_code == 200
    assert "allerede" not in again.get_data(as_text=True)
    assert "Du står på ventelisten" in again.get_data(as_text=True)
    rows = db.session.scalars(
        select(MeetingSignup).where(MeetingSignup.email.ilike("kari@example.no"))
    ).all()
    assert [(r.name, r.status) for r in rows] == [("Kari Nordmann", SignupStatus.confirmed)]
    mails = mails_to("kari@example.no")
    assert [m.kind for m in mails] == ["meeting_signup", "meeting_signup"]
    assert mails[-1].attachments  # the .ics again


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Skriv navnet ditt."),
        ({"email": ""}, "Skriv e-postadressen din."),
        ({"email": "kari(at)example.no"}, "Skriv en gyldig e-postadresse"),
        ({"other_needs": "x" * 501}, "Andre behov kan ha høyst 500 tegn"),
    ],
)
def test_bad_sign_ups_get_a_norwegian_message(client, meetings, fields, message):
    db.session.commit()
    response = client.post(_page(meetings) + "/pamelding", data=_form(**fields))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(MeetingSignup.id)) is None


def test_a_closed_meeting_refuses_sign_ups_with_the_reason(client, meetings):
    update_meeting(meetings.meeting, meeting_data(signups_open=False), actor=meetings.world.admin)
    db.session.commit()
    assert "Påmeldingen til dette møtet er stengt." in client.get(_page(meetings)).get_data(
        as_text=True
    )
    response = client.post(_page(meetings) + "/pamelding", data=_form())
    assert response.status_code == 403
    assert "Påmeldingen til dette møtet er stengt." in response.get_data(as_text=True)


def test_the_cancel_link_asks_first_then_cancels_and_moves_the_next_up(client, meetings):
    first = meetings.sign_up(1)
    meetings.sign_up(2)
    waiting = meetings.sign_up(3)
    db.session.commit()
    url = f"/moter/avmelding/{first.token}"
    page = client.get(url)
    assert page.status_code == 200 and "Meld meg av" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(MeetingSignup, first.id).status is SignupStatus.confirmed  # GET: no
    response = client.post(url)
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(MeetingSignup, first.id).status is SignupStatus.cancelled
    assert db.session.get(MeetingSignup, waiting.id).status is SignupStatus.confirmed
    assert [m.kind for m in mails_to("person3@example.no")] == [
        "meeting_waiting",
        "meeting_promoted",
    ]
    assert "Du er meldt av dette møtet." in client.get(url).get_data(as_text=True)
    assert client.get("/moter/avmelding/gjettet-token").status_code == 404


STAFF_PAGES = ["rediger", "pameldinger"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("other_facilitator", 403),
        ("other_admin", 403),
        ("facilitator", 200),
        ("admin", 200),
    ],
)
def test_staff_pages_per_role(client, meetings, role, status):
    meetings.sign_up(1)
    db.session.commit()
    login(client, getattr(meetings.world, role, None))
    for page in STAFF_PAGES:
        assert client.get(f"{_page(meetings)}/{page}").status_code == status, page
    new = f"/k/heimby/utfordringer/{meetings.challenge.id}/moter/nytt"
    assert client.get(new).status_code == status
    signups = client.get(f"{_page(meetings)}/pameldinger").get_data(as_text=True)
    assert ("person1@example.no" in signups) is (status == 200)


def test_staff_plan_a_meeting_in_oslo_time(client, meetings):
    db.session.commit()
    login(client, meetings.world.facilitator)
    url = f"/k/heimby/utfordringer/{meetings.challenge.id}/moter/nytt"
    data = {
        "kind": "workshop",
        "workshop": "",
        "title": "Verksted om parken",
        "place": "Biblioteket",
        "day": "2027-06-15",
        "starts": "18:00",
        "ends": "20:00",
        "capacity": "30",
        "signups_open": "y",
    }
    response = client.post(url, data=data)
    assert response.status_code == 303
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == "Verksted om parken"))
    assert meeting.starts_at.isoformat() == "2027-06-15T16:00:00+00:00"  # CEST is UTC+2
    assert meeting.capacity == 30
    challenge_page = client.get(f"/k/heimby/utfordringer/{meetings.challenge.id}")
    assert "Verksted om parken" in challenge_page.get_data(as_text=True)

    bad = client.post(url, data={**data, "ends": "17:00", "capacity": "mange"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Møtet må slutte etter at det begynner." in text
    assert "Antall plasser må være et helt tall fra 1 og oppover." in text


def test_a_drafts_meetings_are_hidden_from_visitors(client, world, create_challenge_f):
    from cocreate.meetings.services import create_meeting

    draft = create_challenge_f(world.municipality, phase=Phase.draft)
    meeting = create_meeting(draft, meeting_data(), actor=world.admin)
    db.session.commit()
    assert client.get(f"/k/heimby/moter/{meeting.id}").status_code == 404
    assert client.get(f"/k/bortby/moter/{meeting.id}").status_code == 404
    login(client, world.facilitator)
    assert client.get(f"/k/heimby/moter/{meeting.id}").status_code == 200


def test_minutes_become_inputs_in_one_form(client, meetings):
    update_meeting(
        meetings.meeting,
        meeting_data(minutes="## Innspill\n\n- Flere benker\n- Bedre lys\n- Gatetun"),
        actor=meetings.world.admin,
    )
    db.session.commit()
    login(client, meetings.world.facilitator)
    url = f"{_page(meetings)}/referat-til-innspill"
    form = client.get(url).get_data(as_text=True)
    assert '<label for="item-1">Bedre lys</label>' in form
    assert "<legend>" in form
    nothing = client.post(url, data={})
    assert nothing.status_code == 400
    assert "Velg minst ett punkt fra referatet." in nothing.get_data(as_text=True)
    response = client.post(url, data={"item": ["0", "2"]})
    assert response.status_code == 303
    titles = db.session.scalars(
        select(Idea.title).where(Idea.challenge_id == meetings.challenge.id).order_by(Idea.id)
    ).all()
    assert titles == ["Flere benker", "Gatetun"]
    page = client.get(_page(meetings)).get_data(as_text=True)
    assert "Innspill fra møtet" in page and "Gatetun" in page
    # Hidden later by moderation: gone from the public page, still listed for staff.
    gatetun = db.session.scalar(select(Idea).where(Idea.title == "Gatetun"))
    hide_content(gatetun, reason="spam", note="Spam.", actor=meetings.world.admin)
    db.session.commit()
    link = f"/k/heimby/innspill/{gatetun.id}"
    page = client.get(_page(meetings)).get_data(as_text=True)
    assert "Innspill fra møtet" in page and link not in page
    staff = client.get(url).get_data(as_text=True)  # the staff form lists all it made
    assert link in staff
