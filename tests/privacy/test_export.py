"""«Last ned mine data»: every table that points at the person, without secrets."""

import json

import pytest
from sqlalchemy import Column, ForeignKey, Integer, String, Table, select

from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea, post_comment, support_idea
from cocreate.privacy.personal_data import SECRET_COLUMN, export_rows, user_links
from cocreate.privacy.services import save_profile


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _contributions(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality)
    mine = create_idea_f(challenge, world.citizen, title="Min idé om sykkelstier")
    other = create_idea_f(challenge, world.author, title="En annens idé")
    support_idea(other, world.citizen)
    post_comment(other, body="Jeg er enig, dette trengs.", author=world.citizen)
    follow_idea(other, world.citizen)
    save_profile(world.citizen, consent=True, age_band=None, gender=None, district="Sentrum")
    db.session.commit()
    return challenge, mine, other


def test_download_contains_account_and_every_contribution(
    client, world, create_challenge_f, create_idea_f
):
    _challenge, mine, other = _contributions(world, create_challenge_f, create_idea_f)
    _login(client, world.citizen)
    response = client.post("/konto/personvern/last-ned")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.get_data(as_text=True))
    assert document["account"]["email"] == "innbygger@example.no"
    assert document["account"]["id"] == world.citizen.id
    tables = document["tables"]
    assert [i["title"] for i in tables["ideas"]] == ["Min idé om sykkelstier"]
    assert tables["votes"][0]["idea_id"] == other.id
    assert tables["comments"][0]["body"] == "Jeg er enig, dette trengs."
    assert {f["idea_id"] for f in tables["follows"]} == {mine.id, other.id}
    assert tables["participant_profiles"][0]["district"] == "Sentrum"
    assert tables["consent_records"][0]["given"] is True
    # Nobody else's contributions.
    assert all(i["author_id"] == world.citizen.id for i in tables["ideas"])


def test_download_never_contains_secrets(client, world, create_challenge_f, create_idea_f):
    _contributions(world, create_challenge_f, create_idea_f)
    _login(client, world.citizen)
    text = client.post("/konto/personvern/last-ned").get_data(as_text=True)
    document = json.loads(text)
    assert "password_hash" not in document["account"]
    assert "session_token" not in document["account"]
    assert world.citizen.session_token not in text
    assert "$argon2" not in text
    for rows in document["tables"].values():
        for row in rows:
            assert not [key for key in row if SECRET_COLUMN.search(key)]


def test_download_is_audited_and_logged(client, world, app_ctx):
    _login(client, world.citizen)
    client.post("/konto/personvern/last-ned")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "privacy.exported"))
    assert event is not None and event.actor_id == world.citizen.id


def test_download_needs_login_and_post(client, world):
    assert client.get("/konto/personvern/last-ned").status_code == 405
    response = client.post("/konto/personvern/last-ned")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def test_every_table_pointing_at_users_is_found(app_ctx):
    """The walk is generic: it finds every foreign key to users.id, whoever declared it."""
    found = {(link.table.name, link.column.name) for link in user_links()}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "users" and table.name != "users":
                assert (table.name, fk.parent.name) in found
    assert ("ideas", "author_id") in found and ("votes", "user_id") in found


@pytest.mark.real_commits  # creates and drops a table of its own
def test_a_new_feature_table_is_exported_without_being_named(app_ctx, world):
    """A table added later (here: created for the test only) is covered automatically."""
    extra = Table(
        "zz_privacy_test_notes",
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column("owner_id", ForeignKey("users.id", ondelete="CASCADE")),
        Column("note", String(50)),
        Column("api_token", String(50)),
    )
    try:
        extra.create(db.engine)
        db.session.execute(
            extra.insert(),
            [
                {"owner_id": world.citizen.id, "note": "min", "api_token": "hemmelig"},
                {"owner_id": world.author.id, "note": "ikke min", "api_token": "x"},
            ],
        )
        rows = export_rows(world.citizen)["zz_privacy_test_notes"]
        assert rows == [{"id": 1, "owner_id": world.citizen.id, "note": "min"}]
    finally:
        db.session.rollback()
        extra.drop(db.engine)
        db.metadata.remove(extra)
