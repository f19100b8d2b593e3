"""The idea pages as a person uses them: without JavaScript, with clear Norwegian errors."""

from datetime import timedelta
from html import escape

import pytest
from sqlalchemy import func, select

from cocreate.challenges.models import Phase
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Comment, CommentVisibility, Idea, Visibility, Vote
from cocreate.ideas.services import post_comment
from cocreate.moderation.models import ModerationAction
from cocreate.municipalities.models import District
from tests.ideas.conftest import login


@pytest.fixture
def challenge(world, create_challenge_f):
    return create_challenge_f(world.municipality)


def _new_url(challenge) -> str:
    return f"/k/{challenge.municipality.slug}/utfordringer/{challenge.id}/nytt-innspill"


def _idea_url(idea) -> str:
    return f"/k/{idea.challenge.municipality.slug}/innspill/{idea.id}"


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


# Submitting --------------------------------------------------------------------------------


def test_submit_idea(world, challenge, client):
    login(client, world.author)
    page = client.get(_new_url(challenge))
    assert page.status_code == 200
    assert 'name="title"' in page.text and 'name="body"' in page.text
    assert "Sentrum" in page.text  # the district choice
    district = db.session.scalar(select(District).where(District.name == "Nord"))
    response = client.post(
        _new_url(challenge),
        data={
            "title": "Benker ved fjorden",
            "body": "Vi trenger hvileplasser.",
            "district": district.id,
        },
    )
    idea = db.session.scalar(select(Idea))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_idea_url(idea))
    assert (idea.title, idea.district_id, idea.author_id) == (
        "Benker ved fjorden",
        district.id,
        world.author.id,
    )
    page = client.get(_idea_url(idea))
    assert "Innspillet ditt er publisert" in page.text
    assert "Benker ved fjorden" in page.text and "Vi trenger hvileplasser." in page.text


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Tekst", "Gi innspillet en tittel."),
        ("T" * 121, "Teksten min", "Tittelen kan være på høyst 120 tegn (nå: 121)."),
        ("Tittelen min", "", "Beskriv innspillet ditt."),
        ("Tittelen min", "B" * 5001, "Teksten kan være på høyst 5000 tegn (nå: 5001)."),
        ("Null\x00byte", "Tekst", "Teksten inneholder tegn som ikke er tillatt."),
    ],
)
def test_bad_input_gives_clear_errors_and_keeps_the_input(
    world, challenge, client, title, body, message
):
    login(client, world.author)
    response = client.post(_new_url(challenge), data={"title": title, "body": body})
    assert response.status_code == 400
    assert escape(message) in response.text
    assert 'class="error-summary"' in response.text
    if title.isprintable():
        assert f'value="{title}"' in response.text
    if body:
        assert body in response.text
    assert _count(Idea) == 0


def test_district_of_another_municipality_is_refused(world, challenge, client):
    login(client, world.author)
    elsewhere = db.session.scalar(
        select(District).where(District.municipality_id == world.other.id)
    )
    response = client.post(
        _new_url(challenge), data={"title": "Tittel", "body": "Tekst", "district": elsewhere.id}
    )
    assert response.status_code == 400
    assert "Ikke et gyldig valg" in response.text or "gyldig" in response.text
    assert _count(Idea) == 0


def test_unverified_person_is_told_to_verify(world, challenge, client, create_user_f):
    login(client, create_user_f(verified=False))
    response = client.get(_new_url(challenge))
    assert response.status_code == 403
    assert "Bekreft e-postadressen din" in response.text


def test_closed_challenge_says_so(world, create_challenge_f, client):
    challenge = create_challenge_f(world.municipality, phase=Phase.assessing)
    login(client, world.author)
    response = client.get(_new_url(challenge))
    assert response.status_code == 403
    assert "tar ikke imot nye innspill" in response.text


def test_anonymous_visitor_is_sent_to_log_in_and_back(challenge, client):
    response = client.get(_new_url(challenge))
    assert response.status_code == 302
    assert "/logg-inn?next=" in response.headers["Location"]
    assert "nytt-innspill" in response.headers["Location"]


# Pre-moderation, hidden and merged ideas ----------------------------------------------------


def test_premoderated_idea_is_seen_by_author_and_staff_only(world, create_challenge_f, client):
    challenge = create_challenge_f(world.municipality, premoderation=True)
    login(client, world.author)
    response = client.post(_new_url(challenge), data={"title": "Vent på meg", "body": "Tekst"})
    idea = db.session.scalar(select(Idea))
    assert idea.visibility is Visibility.pending
    page = client.get(response.headers["Location"])
    assert "venter på godkjenning" in page.text.lower()
    challenge_page = f"/k/heimby/utfordringer/{challenge.id}"
    for user, status in [
        (None, 404),
        (world.citizen, 404),
        (world.other_facilitator, 404),
        (world.facilitator, 200),
        (world.admin, 200),
    ]:
        other = client.application.test_client()
        login(other, user)
        assert other.get(_idea_url(idea)).status_code == status, user
        assert "Vent på meg" not in other.get(challenge_page).text


def test_hidden_idea_shows_a_placeholder_with_the_reason(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author, title="Kjøp billige klokker")
    idea.visibility, idea.hidden_reason = Visibility.hidden, "spam"
    db.session.commit()
    page = client.get(_idea_url(idea))
    assert page.status_code == 200
    assert "skjult av kommunen" in page.text and "Reklame eller spam" in page.text
    assert "Kjøp billige klokker" not in page.text
    login(client, world.facilitator)
    assert "Kjøp billige klokker" in client.get(_idea_url(idea)).text


def test_merged_idea_redirects_to_the_idea_it_joined(world, challenge, create_idea_f, client):
    target = create_idea_f(challenge, world.author, title="Hovedinnspill")
    duplicate = create_idea_f(challenge, world.citizen, title="Duplikat")
    duplicate.visibility, duplicate.merged_into_id = Visibility.merged, target.id
    db.session.commit()
    response = client.get(_idea_url(duplicate))
    assert response.status_code == 301
    assert response.headers["Location"].endswith(_idea_url(target))


def test_idea_of_another_municipality_is_not_found(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    assert client.get(f"/k/bortby/innspill/{idea.id}").status_code == 404
    assert client.get("/k/heimby/innspill/2147483647").status_code == 404


# Editing ------------------------------------------------------------------------------------


def test_author_edits_until_the_first_public_answer(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    login(client, world.author)
    assert "Endre innspillet" in client.get(_idea_url(idea)).text
    form = client.get(_idea_url(idea) + "/endre")
    assert idea.title in form.text
    response = client.post(
        _idea_url(idea) + "/endre", data={"title": "Bedre tittel", "body": "Ny tekst"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).title == "Bedre tittel"
    bad = client.post(_idea_url(idea) + "/endre", data={"title": "", "body": "Beholdt tekst"})
    assert bad.status_code == 400 and "Beholdt tekst" in bad.text
    idea = db.session.get(Idea, idea.id)
    idea.first_answered_at = utcnow()
    db.session.commit()
    assert "Endre innspillet" not in client.get(_idea_url(idea)).text
    response = client.post(_idea_url(idea) + "/endre", data={"title": "Sent", "body": "x"})
    assert response.status_code == 403
    assert db.session.get(Idea, idea.id).title == "Bedre tittel"


# Supports ------------------------------------------------------------------------------------


def test_support_and_withdraw_without_javascript(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    login(client, world.citizen)
    back = f"/k/heimby/utfordringer/{challenge.id}?sort=nyeste#innspill-{idea.id}"
    response = client.post(_idea_url(idea) + "/stott", data={"next": back})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(back)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}?sort=nyeste")
    assert "Du støtter nå" in page.text
    assert "1 støtte" in page.text and "Trekk støtten" in page.text
    response = client.post(_idea_url(idea) + "/trekk-stotte")
    assert response.headers["Location"].endswith(_idea_url(idea))
    page = client.get(_idea_url(idea))
    assert "Du har trukket støtten din." in page.text
    assert "0 personer støtter" in page.text
    assert _count(Vote) == 0


def test_offsite_next_is_not_followed(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    login(client, world.citizen)
    response = client.post(_idea_url(idea) + "/stott", data={"next": "https://ondsinnet.example/"})
    assert response.headers["Location"].endswith(_idea_url(idea))


def test_support_on_closed_challenge_is_refused_with_a_clear_message(
    world, create_challenge_f, create_idea_f, client
):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author)
    challenge.phase = Phase.assessing
    db.session.commit()
    login(client, world.citizen)
    response = client.post(_idea_url(idea) + "/stott")
    assert response.status_code == 403
    assert "Det er ikke lenger mulig å støtte innspill i denne utfordringen." in response.text
    assert _count(Vote) == 0
    page = client.get(_idea_url(idea))
    assert "ikke lenger åpen" in page.text and "Støtt" not in page.text.split("support-title")[1]


def test_budget_is_shown_and_enforced(world, create_challenge_f, create_idea_f, client):
    challenge = create_challenge_f(world.municipality, vote_budget=2)
    ideas = [create_idea_f(challenge, world.author, title=f"Ide {n}") for n in range(3)]
    login(client, world.citizen)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}")
    assert "Du har brukt 0 av 2 stemmer i denne utfordringen. Du har 2 igjen." in page.text
    for idea in ideas[:2]:
        client.post(_idea_url(idea) + "/stott")
    response = client.post(_idea_url(ideas[2]) + "/stott")
    assert response.status_code == 303
    page = client.get(_idea_url(ideas[2]))
    assert "Du har brukt alle dine 2 stemmer i denne utfordringen." in page.text
    assert "Du har brukt 2 av 2 stemmer i denne utfordringen. Du har 0 igjen." in page.text
    assert _count(Vote) == 2


# Comments ------------------------------------------------------------------------------------


def test_comment_and_reply(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    login(client, world.citizen)
    response = client.post(_idea_url(idea) + "/kommentarer", data={"body": "Flott idé"})
    top = db.session.scalar(select(Comment))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#kommentar-{top.id}")
    client.post(_idea_url(idea) + "/kommentarer", data={"body": "Svar", "parent_id": top.id})
    reply = db.session.scalar(select(Comment).where(Comment.body == "Svar"))
    client.post(_idea_url(idea) + "/kommentarer", data={"body": "Dypt", "parent_id": reply.id})
    deep = db.session.scalar(select(Comment).where(Comment.body == "Dypt"))
    assert reply.parent_id == top.id and deep.parent_id == top.id
    page = client.get(_idea_url(idea))
    assert page.text.count('class="comment-replies"') == 1
    assert 'Kommentarer <span class="muted">(3)</span>' in page.text


def test_bad_comment_keeps_the_text(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    login(client, world.citizen)
    response = client.post(_idea_url(idea) + "/kommentarer", data={"body": "x" * 2001})
    assert response.status_code == 400
    assert "Kommentaren kan være på høyst 2000 tegn (nå: 2001)." in response.text
    assert "x" * 2001 in response.text
    response = client.post(_idea_url(idea) + "/kommentarer", data={"body": "  "})
    assert "Skriv en kommentar." in response.text
    top = post_comment(idea, body="Topp", author=world.author)
    db.session.commit()
    response = client.post(_idea_url(idea) + "/kommentarer", data={"body": "", "parent_id": top.id})
    assert response.status_code == 400 and "Skriv en kommentar." in response.text
    assert '<details class="reply" open>' in response.text
    assert _count(Comment) == 1


def test_author_edits_a_comment_for_fifteen_minutes(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    comment = post_comment(idea, body="Skrivefeil", author=world.citizen)
    db.session.commit()
    login(client, world.citizen)
    url = f"/k/heimby/kommentarer/{comment.id}/endre"
    assert "Skrivefeil" in client.get(url).text
    assert client.post(url, data={"body": "Rettet"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "Rettet"
    assert "(endret)" in client.get(_idea_url(idea)).text
    comment = db.session.get(Comment, comment.id)
    comment.created_at = utcnow() - timedelta(minutes=15, seconds=1)
    db.session.commit()
    assert client.post(url, data={"body": "For sent"}).status_code == 403
    assert f"/kommentarer/{comment.id}/endre" not in client.get(_idea_url(idea)).text


def test_facilitator_hides_a_comment(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    comment = post_comment(idea, body="Stygg kommentar", author=world.citizen)
    db.session.commit()
    login(client, world.citizen)
    url = f"/k/heimby/moderering/kommentar/{comment.id}/skjul"
    data = {"hide-reason": "hets", "hide-note": "Personangrep på en annen deltaker."}
    assert client.post(url, data=data).status_code == 403
    login(client, world.facilitator)
    assert f"/moderering/kommentar/{comment.id}" in client.get(_idea_url(idea)).text
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    comment = db.session.get(Comment, comment.id)
    assert (comment.visibility, comment.hidden_reason) == (CommentVisibility.hidden, "hets")
    public = client.application.test_client().get(_idea_url(idea))
    assert "Stygg kommentar" not in public.text
    assert "Hets, trakassering eller diskriminering" in public.text
    assert db.session.get(Idea, idea.id).comment_count == 0
    log = db.session.scalars(select(ModerationAction)).all()
    assert [(a.action.value, a.subject_id) for a in log] == [("hide", comment.id)]
