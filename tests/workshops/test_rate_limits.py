"""Abuse: note posting, dot votes and wrong join codes are rate limited; right codes never are."""

from sqlalchemy import func, select

from cocreate.extensions import db
from cocreate.workshops.models import WorkshopNote
from cocreate.workshops.routes.live import CODE_GUESSES, NOTE_POSTS


def _per_minute(limits: str) -> int:
    return int(limits.split(";")[0].split("/")[0])


def test_wrong_codes_are_limited_but_the_right_code_still_works_until_then(
    limited_app, heimby_challenge, create_workshop_f
):
    workshop = create_workshop_f(heimby_challenge)
    guesser = limited_app.test_client()
    allowed = _per_minute(CODE_GUESSES)
    for i in range(50):  # right codes are not counted
        assert guesser.get(f"/w/{workshop.join_code}").status_code == 200, i
    statuses = [guesser.get(f"/w/AAAAA{c}").status_code for c in "ABCDEFGHJKMNPQRSTUVW"]
    assert statuses[:allowed] == [404] * allowed
    assert set(statuses[allowed:]) == {429}
    # Once blocked, this address cannot try any code for a while, not even a right one.
    assert guesser.get(f"/w/{workshop.join_code}").status_code == 429
    # Someone on another address is not affected.
    other = limited_app.test_client()
    ok = other.get(f"/w/{workshop.join_code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert ok.status_code == 200


def test_receipt_guessing_is_limited(limited_app):
    guesser = limited_app.test_client()
    allowed = _per_minute(CODE_GUESSES)
    statuses = [guesser.get(f"/kvittering/AAAAAAAA{i:02d}").status_code for i in range(allowed + 3)]
    assert statuses[:allowed] == [404] * allowed and statuses[-1] == 429


def test_note_posting_is_limited_per_device(limited_app, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge)
    url = f"/w/{workshop.join_code}/lapper"
    flooder = limited_app.test_client()
    flooder.get(f"/w/{workshop.join_code}")  # gets its device cookie
    allowed = _per_minute(NOTE_POSTS)
    statuses = [
        flooder.post(url, data={"text": f"Lapp {i}"}).status_code for i in range(allowed + 2)
    ]
    assert statuses[:allowed] == [302] * allowed and statuses[-1] == 429
    # A neighbour on the same Wi-Fi (same address, own device) can still post.
    neighbour = limited_app.test_client()
    neighbour.get(f"/w/{workshop.join_code}")
    assert neighbour.post(url, data={"text": "Min lapp"}).status_code == 302
    assert db.session.scalar(select(func.count(WorkshopNote.id))) == allowed + 1


def test_dot_clicks_are_limited(limited_app, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge)
    writer = limited_app.test_client()
    writer.get(f"/w/{workshop.join_code}")
    writer.post(f"/w/{workshop.join_code}/lapper", data={"text": "Lapp"})
    note = db.session.scalar(select(WorkshopNote))
    clicker = limited_app.test_client()
    clicker.get(f"/w/{workshop.join_code}")
    url = f"/w/{workshop.join_code}/lapper/{note.id}/prikk"
    statuses = [clicker.post(url).status_code for _ in range(45)]
    assert 429 in statuses and statuses[0] == 302
