"""Sign-ups feed the measures as check-ins do: beside the participants, never added to them,
kept after the purge, and published under k = 5 (under 5 hidden, else rounded to base 5)."""

from datetime import timedelta

from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.meetings.jobs import purge_signups
from cocreate.metrics.disclosure import protected_family
from cocreate.metrics.measures import participants
from cocreate.metrics.meeting_data import meeting_signups
from cocreate.metrics.scope import Scope


def test_signups_beside_participants_and_kept_after_the_purge(meetings):
    for n in range(1, 4):
        meetings.sign_up(n)  # two places, one waiting
    m = meetings.world.municipality
    scope = Scope(m.id, challenge_id=meetings.challenge.id)
    assert meeting_signups(scope) == 2  # with a place only
    people = participants(scope)
    assert (people.participants, people.meeting_signups) == (0, 2)  # never added

    meeting = meetings.meeting
    meeting.ends_at = utcnow() - timedelta(days=31)
    meeting.starts_at = meeting.ends_at - timedelta(hours=2)
    purge_signups()
    assert meeting_signups(Scope(m.id)) == 2  # the kept count stands in for the rows


def test_a_published_signup_count_under_five_is_hidden_and_others_rounded(meetings):
    m = meetings.world.municipality
    meetings.sign_up(1)
    meetings.sign_up(2)
    db.session.flush()
    family = protected_family(m.id, utcnow())
    assert family["cells"]["m"]["signups"] is None  # 2 < k

    meetings.meeting.capacity = None
    for n in range(3, 8):
        meetings.sign_up(n)
    family = protected_family(m.id, utcnow())
    assert family["cells"]["m"]["signups"] == 5  # 7, published rounded to base 5
