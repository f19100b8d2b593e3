"""The pages: reporting, the queue, acts on content and people, and the admins' log."""

import re

import pytest
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import func, select

from cocreate.accounts.models import Membership, Role
from cocreate.accounts.permissions import can_participate
from cocreate.accounts.services import set_role, update_settings
from cocreate.extensions import db
from cocreate.ideas.models import Idea, Visibility, Vote
from cocreate.ideas.services import post_comment, submit_idea, support_idea
from cocreate.moderation.models import ActionKind, ModerationAction, Report, ReportStatus
from cocreate.moderation.people import person_label
from cocreate.moderation.services import hide_content, report_content, suspend_user
from tests.factories import PASSWORD
from tests.isolation import joined, recorded_statements, share_transaction


@pytest.fixture
def login(client):
    def _login(user):
        client.post("/logg-ut")
        response = client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302

    return _login


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


# --- reporting --------------------------------------------------------------------------------


def test_citizen_reports_an_idea(client, login, world, idea):
    login(world.citizen)
    url = f"/k/heimby/rapporter/innspill/{idea.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Rapporter innspill" in page and idea.title in page
    assert "Reklame eller spam" in page and 'name="csrf_token"' in page
    response = client.post(url, data={"reason": "spam", "text": "Lenke til nettbutikk"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/k/heimby/innspill/{idea.id}") or (
        response.headers["Location"].endswith("/k/heimby/")
    )
    report = db.session.scalar(select(Report))
    assert (report.reason, report.text, report.reporter_id) == (
        "spam",
        "Lenke til nettbutikk",
        world.citizen.id,
    )
    assert "Takk! Rapporten er sendt" in client.get("/k/heimby/").get_data(as_text=True)


def test_citizen_reports_a_comment(client, login, world, comment):
    login(world.citizen)
    response = client.post(
        f"/k/heimby/rapporter/kommentar/{comment.id}", data={"reason": "hets", "text": ""}
    )
    assert response.status_code == 302
    assert f"#kommentar-{comment.id}" in response.headers["Location"] or response.headers[
        "Location"
    ].endswith("/k/heimby/")
    report = db.session.scalar(select(Report))
    assert report.subject_id == comment.id and report.subject_type.value == "comment"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Noe er galt"}, "Velg en grunn."),
        ({"reason": "annet", "text": ""}, "Beskriv hva som er galt"),
        ({"reason": "spam", "text": "x" * 1001}, "høyst 1000 tegn"),
        ({"reason": "finnes-ikke", "text": "Hei"}, "reason"),
    ],
)
def test_bad_report_shows_errors_and_keeps_input(client, login, world, idea, data, message):
    login(world.citizen)
    response = client.post(f"/k/heimby/rapporter/innspill/{idea.id}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Noe må rettes" in page
    if message != "reason":
        assert message in page
    if data.get("text"):
        assert data["text"][:50] in page
    assert _count(Report) == 0


def test_second_open_report_is_refused_with_a_message(client, login, world, idea):
    login(world.citizen)
    url = f"/k/heimby/rapporter/innspill/{idea.id}"
    client.post(url, data={"reason": "spam"})
    page = client.post(url, data={"reason": "hets", "text": "Igjen"}).get_data(as_text=True)
    assert "Du har allerede rapportert dette" in page and "Igjen" in page
    assert _count(Report) == 1


def test_anonymous_is_sent_to_log_in_first(client, world, idea):
    response = client.get(f"/k/heimby/rapporter/innspill/{idea.id}")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


@pytest.fixture
def limited_client(app, world):
    """A second app on the same database with rate limits on (the suite runs with them off)."""
    from cocreate import create_app
    from cocreate.extensions import limiter
    from tests.conftest import make_config

    limited = create_app(make_config(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True))
    limiter.reset()
    with share_transaction(limited, app):
        yield limited.test_client()
    limiter.reset()
    limiter.enabled = False  # the shared extension object goes back to the suite's setting


def test_reporting_is_rate_limited(limited_client, world, challenge, create_idea_f):
    ideas = [create_idea_f(challenge, world.author, title=f"Idé {n}") for n in range(6)]
    client = limited_client
    client.post("/logg-inn", data={"email": world.citizen.email, "password": PASSWORD})
    codes = [
        client.post(f"/k/heimby/rapporter/innspill/{i.id}", data={"reason": "spam"}).status_code
        for i in ideas
    ]
    assert codes == [302] * 5 + [429]
    assert _count(Report) == 5


def _render_link(app, user, kind, target):
    template = (
        "{% set report_kind = kind %}{% set report_target = target %}"
        '{% include "moderation/_report_link.html" ignore missing %}'
    )
    with app.test_request_context():
        if user is not None:
            login_user(user)
        return render_template_string(template, kind=kind, target=target)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "/rapporter/"),
        ("citizen", "/rapporter/"),
        ("author", None),
        ("facilitator", "/moderering/"),
    ],
)
def test_report_link_partial(app, world, idea, comment, role, expected):
    user = world.roles()[role]
    for kind, target, part in (("idea", idea, "innspill"), ("comment", comment, "kommentar")):
        html = _render_link(app, user, kind, target)
        if expected is None:
            assert "href" not in html
        else:
            assert f"{expected}{part}/{target.id}" in html
            assert "<form" not in html and "<script" not in html


# --- the queue and acts -----------------------------------------------------------------------


def test_queue_shows_reports_and_pending_ideas(
    client, login, world, idea, comment, create_challenge_f, create_idea_f
):
    report_content(idea, reporter=world.citizen, reason="spam", text="Reklame for <b>butikk</b>")
    report_content(comment, reporter=world.citizen, reason="hets")
    premod = create_challenge_f(world.municipality, premoderation=True, title="Forhåndsmoderert")
    pending = create_idea_f(premod, world.citizen, title="Venter på meg")
    db.session.commit()
    login(world.facilitator)
    page = client.get("/k/heimby/moderering").get_data(as_text=True)
    assert "Rapportert innhold (2)" in page
    assert idea.title in page and "Kjøp heller min vaskemaskin!" in page
    assert "Reklame for &lt;b&gt;butikk&lt;/b&gt;" in page  # escaped
    assert "Hets, trakassering" in page
    assert pending.title in page and "Innspill som venter på godkjenning (1)" in page
    assert f"/k/heimby/moderering/innspill/{pending.id}" in page
    # The municipality page points staff to the queue with what waits.
    assert "3 venter" in client.get("/k/heimby/").get_data(as_text=True)


def test_hide_from_the_subject_page(client, login, world, idea):
    report_content(idea, reporter=world.citizen, reason="spam")
    db.session.commit()
    login(world.facilitator)
    page = client.get(f"/k/heimby/moderering/innspill/{idea.id}").get_data(as_text=True)
    assert "Skjul" in page and "Reklame eller spam" in page and "Avvis rapportene" in page
    response = client.post(
        f"/k/heimby/moderering/innspill/{idea.id}/skjul",
        data={"hide-reason": "spam", "hide-note": "Reklame for nettbutikk."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    hidden = db.session.get(Idea, idea.id)
    assert hidden.visibility is Visibility.hidden and hidden.hidden_reason == "spam"
    assert db.session.scalar(select(Report.status)) is ReportStatus.resolved
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Skjult. Offentligheten ser" in page and "Gjenopprett" in page
    assert "Reklame for nettbutikk." in page  # the history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hide-reason": "spam", "hide-note": ""}, "Skriv en begrunnelse."),
        ({"hide-reason": "", "hide-note": "Min begrunnelse"}, "Velg en grunn."),
    ],
)
def test_act_without_reason_or_note_saves_nothing(client, login, world, idea, data, message):
    login(world.facilitator)
    response = client.post(f"/k/heimby/moderering/innspill/{idea.id}/skjul", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    if data["hide-note"]:
        assert data["hide-note"] in page
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).visibility is Visibility.published
    assert _count(ModerationAction) == 0


def test_service_refusal_is_shown_on_the_page(client, login, world, idea):
    hide_content(idea, reason="spam", note="Spam.", actor=world.facilitator)
    db.session.commit()
    login(world.facilitator)
    response = client.post(
        f"/k/heimby/moderering/innspill/{idea.id}/skjul",
        data={"hide-reason": "spam", "hide-note": "Igjen"},
    )
    assert response.status_code == 400
    assert "Bare publisert innhold kan skjules." in response.get_data(as_text=True)
    assert _count(ModerationAction) == 1


def test_restore_a_comment(client, login, world, idea, comment):
    hide_content(comment, reason="hets", note="Hets.", actor=world.facilitator)
    db.session.commit()
    login(world.admin)
    response = client.post(
        f"/k/heimby/moderering/kommentar/{comment.id}/gjenopprett",
        data={"restore-note": "Var innenfor."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).comment_count == 1


def test_approve_and_reject_pending_ideas(client, login, world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, premoderation=True)
    good = create_idea_f(challenge, world.citizen, title="Godt")
    bad = create_idea_f(challenge, world.citizen, title="Dårlig")
    login(world.facilitator)
    base = "/k/heimby/moderering/innspill"
    assert client.post(f"{base}/{good.id}/godkjenn", data={"approve-note": "OK"}).status_code == 302
    response = client.post(
        f"{base}/{bad.id}/avvis", data={"reject-reason": "utenfor_tema", "reject-note": "Tema"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Idea, good.id).visibility is Visibility.published
    assert db.session.get(Idea, bad.id).visibility is Visibility.hidden
    # Approve and reject exist only for ideas.
    assert client.post("/k/heimby/moderering/kommentar/1/godkjenn").status_code == 404


def test_merge_from_the_subject_page(
    client, login, world, idea, challenge, create_idea_f, create_user_f
):
    target = create_idea_f(challenge, world.citizen, title="Parkbenker")
    supporter = create_user_f("støtte@example.no")
    support_idea(idea, supporter)
    support_idea(target, supporter)
    db.session.commit()
    login(world.facilitator)
    page = client.get(f"/k/heimby/moderering/innspill/{idea.id}").get_data(as_text=True)
    assert f'<option value="{target.id}">Parkbenker</option>' in page
    bad = client.post(
        f"/k/heimby/moderering/innspill/{idea.id}/slaa-sammen",
        data={"merge-target": "0", "merge-note": "Duplikat"},
    )
    assert "Velg innspillet det skal slås sammen med." in bad.get_data(as_text=True)
    response = client.post(
        f"/k/heimby/moderering/innspill/{idea.id}/slaa-sammen",
        data={"merge-target": str(target.id), "merge-note": "Duplikat"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).merged_into_id == target.id
    assert db.session.get(Idea, target.id).support_count == 1
    assert _count(Vote) == 1


def test_merge_target_must_be_offered(client, login, world, idea, other_idea):
    login(world.facilitator)
    response = client.post(
        f"/k/heimby/moderering/innspill/{idea.id}/slaa-sammen",
        data={"merge-target": str(other_idea.id), "merge-note": "Duplikat"},
    )
    assert "Velg innspillet det skal slås sammen med." in response.get_data(as_text=True)
    assert _count(ModerationAction) == 0


def test_suspend_and_unsuspend_a_person(client, login, world, citizen_took_part):
    login(world.facilitator)
    url = f"/k/heimby/moderering/personer/{world.citizen.id}"
    assert "Ikke utestengt" in client.get(url).get_data(as_text=True)
    missing = client.post(f"{url}/utesteng", data={"person-note": ""})
    assert missing.status_code == 400
    assert "Skriv en begrunnelse." in missing.get_data(as_text=True)
    response = client.post(f"{url}/utesteng", data={"person-note": "Gjentatt hets."})
    assert response.status_code == 302
    db.session.expire_all()
    assert not can_participate(world.citizen, world.municipality)
    assert can_participate(world.citizen, world.other)
    page = client.get(url).get_data(as_text=True)
    assert "Utestengt i Heimby kommune" in page and "Gjentatt hets." in page
    queue = client.get("/k/heimby/moderering").get_data(as_text=True)
    with client.application.test_request_context():
        assert person_label(world.citizen, world.municipality.id) in queue
    refused = client.post(
        f"/k/heimby/moderering/personer/{world.admin.id}/utesteng", data={"person-note": "Nei"}
    )
    assert "kan ikke utestenges" in refused.get_data(as_text=True)
    client.post(f"{url}/opphev", data={"person-note": "Sonet."})
    db.session.expire_all()
    assert can_participate(world.citizen, world.municipality)


def test_suspended_person_cannot_report(client, login, world, idea, citizen_took_part):
    login(world.facilitator)
    client.post(
        f"/k/heimby/moderering/personer/{world.citizen.id}/utesteng", data={"person-note": "Hets"}
    )
    login(world.citizen)
    assert client.get(f"/k/heimby/rapporter/innspill/{idea.id}").status_code == 403


# --- what the public sees -------------------------------------------------------------------


def test_idea_and_comment_pages_offer_the_report_link(client, login, world, idea, comment):
    login(world.citizen)
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert f"/k/heimby/rapporter/innspill/{idea.id}" in page
    assert f"/k/heimby/rapporter/kommentar/{comment.id}" in page


def test_hidden_content_leaves_a_public_placeholder_naming_the_reason(
    client, login, world, idea, comment
):
    login(world.facilitator)
    client.post(
        f"/k/heimby/moderering/kommentar/{comment.id}/skjul",
        data={"hide-reason": "spam", "hide-note": "Reklame."},
    )
    client.post("/logg-ut")
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "Denne kommentaren er skjult" in page and "Reklame eller spam" in page
    assert comment.body not in page
    login(world.facilitator)
    client.post(
        f"/k/heimby/moderering/innspill/{idea.id}/skjul",
        data={"hide-reason": "personopplysninger", "hide-note": "Navn og adresse."},
    )
    client.post("/logg-ut")
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "Dette innspillet er skjult" in page and "Personopplysninger om andre" in page
    assert idea.body not in page


# --- the log ----------------------------------------------------------------------------------


def test_admin_reads_the_paginated_log(
    client, login, world, idea, comment, challenge, create_idea_f
):
    target = create_idea_f(challenge, world.citizen, title="Målet")
    hide_content(comment, reason="hets", note="Første handling", actor=world.facilitator)
    from cocreate.moderation.services import merge_ideas, restore_content

    for n in range(30):
        hide_content(idea, reason="spam", note=f"Skjul {n}", actor=world.facilitator)
        restore_content(idea, note=f"Tilbake {n}", actor=world.facilitator)
    merge_ideas(idea, target, note="Siste handling", actor=world.facilitator)
    db.session.commit()
    assert _count(ModerationAction) == 62
    login(world.admin)
    first = client.get("/k/heimby/moderering/logg").get_data(as_text=True)
    assert "Siste handling" in first and "Første handling" not in first
    assert "Side 1 av 2" in first and "Målet" in first and "Slått sammen" in first
    assert world.facilitator.display_name in first
    second = client.get("/k/heimby/moderering/logg?side=2").get_data(as_text=True)
    assert "Første handling" in second and "Hets, trakassering" in second
    assert "Siste handling" not in second
    # The facilitator acts but does not read the log.
    login(world.facilitator)
    assert client.get("/k/heimby/moderering/logg").status_code == 403
    assert "Les moderasjonsloggen" not in client.get("/k/heimby/moderering").get_data(as_text=True)


def test_log_is_per_municipality(client, login, world, idea, other_idea, create_user_f):
    hide_content(idea, reason="spam", note="Heimby-handling", actor=world.facilitator)
    hide_content(other_idea, reason="spam", note="Bortby-handling", actor=world.other_facilitator)
    db.session.commit()
    login(world.admin)
    page = client.get("/k/heimby/moderering/logg").get_data(as_text=True)
    assert "Heimby-handling" in page and "Bortby-handling" not in page
    assert [a.action for a in db.session.scalars(select(ModerationAction))] == [ActionKind.hide] * 2


# --- no N+1 -----------------------------------------------------------------------------------


def _fill(municipality, staff, create_challenge_f, create_idea_f, create_user_f, world, n):
    """n reported ideas, n reported comments (on other ideas), n hidden comments, n suspended
    people, and the log rows of all that."""
    challenge = create_challenge_f(municipality)
    for k in range(n):
        idea = create_idea_f(challenge, world.author, title=f"Idé {k}")
        other = create_idea_f(challenge, world.citizen, title=f"Annen idé {k}")
        comment = post_comment(other, body=f"Kommentar {k}", author=world.author)
        reporter = create_user_f()
        report_content(idea, reporter=reporter, reason="spam", text="Se her")
        report_content(comment, reporter=reporter, reason="hets")
        hidden = post_comment(idea, body=f"Skjult {k}", author=world.citizen)
        hide_content(hidden, reason="spam", note="Spam", actor=staff)
        suspend_user(reporter, municipality, note="Misbruk", actor=staff)
    db.session.commit()


def test_queue_and_log_queries_do_not_grow_with_the_list(
    client, login, world, create_challenge_f, create_idea_f, create_user_f
):
    factories = (create_challenge_f, create_idea_f, create_user_f, world)
    _fill(world.municipality, world.facilitator, *factories, 2)
    _fill(world.other, world.other_facilitator, *factories, 12)
    admins = {"heimby": world.admin.email, "bortby": world.other_admin.email}
    counts = {}
    for slug, email in admins.items():
        client.post("/logg-ut")
        client.post("/logg-inn", data={"email": email, "password": PASSWORD})
        db.session.expunge_all()  # the requests must load everything themselves
        with recorded_statements() as queue:
            assert client.get(f"/k/{slug}/moderering").status_code == 200
        with recorded_statements() as log:
            assert client.get(f"/k/{slug}/moderering/logg").status_code == 200
        counts[slug] = (len(queue), len(log))
    assert counts["heimby"] == counts["bortby"]


# --- CSRF --------------------------------------------------------------------------------------


def _token(html: str, name: str) -> str:
    for tag in re.findall(r"<input[^>]+>", html):
        if f'name="{name}"' in tag:
            return re.search(r'value="([^"]+)"', tag).group(1)
    raise AssertionError(f"no {name} in the page")


def test_act_forms_carry_their_csrf_token(app, world, idea):
    """With CSRF on (the suite runs with it off), each prefixed act form posts its own token."""
    from cocreate import create_app
    from tests.conftest import make_config

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    client = joined(create_app(make_config(url, WTF_CSRF_ENABLED=True)), app).test_client()
    login_page = client.get("/logg-inn").get_data(as_text=True)
    client.post(
        "/logg-inn",
        data={
            "email": world.facilitator.email,
            "password": PASSWORD,
            "csrf_token": _token(login_page, "csrf_token"),
        },
    )
    page = client.get(f"/k/heimby/moderering/innspill/{idea.id}").get_data(as_text=True)
    action = f"/k/heimby/moderering/innspill/{idea.id}/skjul"
    data = {"hide-reason": "spam", "hide-note": "Reklame."}
    assert client.post(action, data=data).status_code == 400
    data["hide-csrf_token"] = _token(page, "hide-csrf_token")
    assert client.post(action, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).visibility is Visibility.hidden


# --- people: only those who took part here, by the name they show ------------------------------


def _person_url(user, slug="heimby"):
    return f"/k/{slug}/moderering/personer/{user.id}"


def test_a_person_with_no_tie_to_the_municipality_is_not_found(client, login, world, other_idea):
    """The author took part in Bortby only: Heimby's staff learn nothing of them, not even that
    the account exists, and cannot suspend them there (no membership is made)."""
    login(world.facilitator)
    assert client.get(_person_url(world.author)).status_code == 404
    assert client.get(_person_url(world.citizen)).status_code == 404
    assert client.get("/k/heimby/moderering/personer/999999").status_code == 404
    posted = client.post(f"{_person_url(world.author)}/utesteng", data={"person-note": "Hets"})
    assert posted.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 4  # the staff's
    login(world.other_facilitator)
    assert client.get(_person_url(world.author, "bortby")).status_code == 200
    assert client.get(_person_url(world.facilitator, "bortby")).status_code == 404


@pytest.mark.parametrize("tie", ["idea", "comment", "support", "report", "membership"])
def test_each_kind_of_tie_opens_the_page(client, login, world, idea, create_user_f, tie):
    person = create_user_f("deltaker@example.no")
    if tie == "idea":
        submit_idea(idea.challenge, title="Mitt innspill", body="Tekst.", author=person)
    elif tie == "comment":
        post_comment(idea, body="Enig!", author=person)
    elif tie == "support":
        support_idea(idea, person)
    elif tie == "report":
        report_content(idea, reporter=person, reason="spam")
    else:
        set_role(person, world.municipality, Role.citizen, actor=None)
    db.session.commit()
    login(world.facilitator)
    assert client.get(_person_url(person)).status_code == 200


def test_the_person_page_shows_the_public_name_or_a_pseudonym(
    client, login, world, citizen_took_part
):
    update_settings(world.citizen, display_name="Hemmelig Navnesen", show_name=False, locale=None)
    db.session.commit()
    login(world.facilitator)
    page = client.get(_person_url(world.citizen)).get_data(as_text=True)
    assert "Hemmelig Navnesen" not in page
    with client.application.test_request_context():
        pseudonym = person_label(world.citizen, world.municipality.id)
        elsewhere = person_label(world.citizen, world.other.id)
    assert pseudonym.startswith("Deltaker ") and pseudonym in page
    assert pseudonym != elsewhere  # does not link the person across municipalities
    update_settings(world.citizen, display_name="Åpen Navnesen", show_name=True, locale=None)
    db.session.commit()
    assert "Åpen Navnesen" in client.get(_person_url(world.citizen)).get_data(as_text=True)
