"""No route echoes anything of an object the person may not view, nor of a person they have no
business with: every route that takes an idea, comment, challenge, workshop, note, theme,
invitation, department or person id is requested, GET and POST, by people who may not view that
object (a visitor, a citizen, staff of another municipality, under both municipalities'
addresses), and the object's marker text must be in no response and no flash message.

The walk reads app.url_map, so a new id-taking route is covered as soon as it exists; one whose id
argument no hidden object here can fill fails `test_every_id_route_is_walked`.
"""

from datetime import timedelta

import pytest
from flask import url_for

from cocreate.accounts.models import Role
from cocreate.accounts.services import update_settings
from cocreate.cases.services import create_department
from cocreate.challenges.models import Challenge, Phase
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea, post_comment, support_idea
from cocreate.meetings.models import MeetingKind
from cocreate.meetings.services import MeetingData, create_meeting
from cocreate.members.services import invite_member
from cocreate.moderation.services import hide_content
from cocreate.results.services import create_result
from cocreate.workshops.models import WorkshopFormat, WorkshopStatus
from cocreate.workshops.services import create_workshop, set_status
from cocreate.workshops.wall import create_theme, hide_note, post_note
from tests.factories import PASSWORD
from tests.security.isolation import rolled_back

ID_ARGS = {
    "idea_id",
    "comment_id",
    "subject_id",
    "challenge_id",
    "workshop_id",
    "note_id",
    "theme_id",
    "user_id",
    "invitation_id",
    "department_id",
    "meeting_id",
}
# Other arguments of id-taking routes, where any valid value will do.
OTHER_ARGS = {
    "moderation.act": {"act": "skjul"},
    "moderation.person_act": {"act": "utesteng"},
    "workshops.qr_code": {"kind": "svg"},
    "paper.download": {"name": "plakat"},
    # A project of the hidden challenge's budget: none exists, the challenge must still not show.
    "budgeting.remove_project_route": {"project_id": 1},
    # An adoption of the hidden idea: none exists, the idea must still not show.
    "gallery.scale": {"adoption_id": 1},
}
SKIP_METHODS = {"HEAD", "OPTIONS"}
VIEWERS = ("anonymous", "citizen", "other_facilitator")


def _marker(n: int) -> str:
    return f"HEMMELIGMERKE{n}X"


def _workshop(challenge: Challenge, title: str, actor) -> object:
    start = utcnow() + timedelta(days=1)
    workshop = create_workshop(
        challenge,
        title=title,
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Rådhuset",
        actor=actor,
    )
    set_status(workshop, WorkshopStatus.live, actor=actor)
    return workshop


@pytest.fixture
def hidden(world, create_user_f, create_challenge_f, create_idea_f):
    """Objects nobody but their author and the municipality's staff may view, each carrying a
    marker; `targets` gives the URL arguments that name each of them."""
    fac = world.facilitator
    secret = create_user_f("skjult@example.no", name=_marker(1))
    update_settings(secret, display_name=_marker(1), show_name=False, locale=None)
    challenge = create_challenge_f(world.municipality, title="En åpen utfordring")
    public_idea = create_idea_f(challenge, world.author, title="Et synlig innspill")
    hidden_idea = create_idea_f(challenge, secret, title=_marker(2), body=_marker(3))
    support_idea(hidden_idea, world.citizen)
    follow_idea(hidden_idea, world.citizen)
    hide_content(hidden_idea, reason="spam", note="Reklame.", actor=fac)
    moderated = create_challenge_f(world.municipality, title="Forhåndsmoderert", premoderation=True)
    pending_idea = create_idea_f(moderated, secret, title=_marker(4), body=_marker(5))
    comment = post_comment(public_idea, body=_marker(6), author=secret)
    hide_content(comment, reason="spam", note="Reklame.", actor=fac)
    draft = create_challenge_f(world.municipality, phase=Phase.draft, title=_marker(7))
    draft_workshop = _workshop(draft, _marker(8), fac)
    draft_note = post_note(draft_workshop, "deltaker-1", _marker(9))
    draft_theme = create_theme(draft_workshop, _marker(10), actor=fac)
    public_workshop = _workshop(challenge, "Et åpent verksted", fac)
    hidden_note = post_note(public_workshop, "deltaker-2", _marker(11))
    hide_note(hidden_note, "spam", actor=fac)
    invitation = invite_member(
        world.municipality, f"{_marker(12)}@example.no", Role.admin, actor=world.admin
    )
    # Departments are staff-only (issue 23): the name never reaches anyone else.
    department = create_department(
        world.municipality, name=_marker(13), email=None, actor=world.admin
    )
    # A public result: its routes that take an input are walked with the hidden inputs.
    result = create_result(challenge, title="Et synlig tiltak", actor=world.admin)
    # A meeting of the draft challenge (issue 25 §7): only its staff see it before publishing.
    start = utcnow() + timedelta(days=3)
    draft_meeting = create_meeting(
        draft,
        MeetingData(
            kind=MeetingKind.folkemote,
            title=_marker(14),
            place=_marker(14),
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            agenda=_marker(14),
        ),
        actor=world.admin,
    )
    db.session.commit()
    targets = [
        {
            "idea_id": hidden_idea.id,
            "subject_id": hidden_idea.id,
            "kind": "innspill",
            "result_id": result.id,
        },
        {
            "idea_id": pending_idea.id,
            "subject_id": pending_idea.id,
            "kind": "innspill",
            "result_id": result.id,
        },
        {"comment_id": comment.id, "subject_id": comment.id, "kind": "kommentar"},
        {"challenge_id": draft.id},
        {
            "workshop_id": draft_workshop.id,
            "note_id": draft_note.id,
            "theme_id": draft_theme.id,
            "code": draft_workshop.join_code,
        },
        {
            "workshop_id": public_workshop.id,
            "note_id": hidden_note.id,
            "code": public_workshop.join_code,
        },
        {"user_id": secret.id},
        {"invitation_id": invitation.id},
        {"department_id": department.id, "user_id": secret.id},
        {"meeting_id": draft_meeting.id},
    ]
    return targets, [_marker(n) for n in range(1, 15)]


def id_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.arguments & ID_ARGS:
            for method in sorted(rule.methods - SKIP_METHODS):
                yield rule, method


def urls_for(rule, targets, slug: str) -> list[str]:
    """The rule's URL for every hidden object that fills all its id arguments."""
    urls = []
    for target in targets:
        ids = rule.arguments & ID_ARGS
        if not ids <= target.keys():
            continue
        args = {"slug": slug, **OTHER_ARGS.get(rule.endpoint, {})}
        args.update({name: target[name] for name in rule.arguments if name in target})
        if not rule.arguments <= args.keys():
            continue
        urls.append(url_for(rule.endpoint, **args))
    return urls


def test_every_id_route_is_walked(app, hidden):
    targets, _markers = hidden
    with app.test_request_context():
        unwalked = sorted(
            f"{rule.endpoint} {rule.rule}"
            for rule, _method in id_routes(app)
            if not urls_for(rule, targets, "heimby")
        )
    assert not unwalked, "id-taking routes no hidden object fills; teach this test:\n" + "\n".join(
        unwalked
    )


def _client_for(app, world, viewer: str):
    client = app.test_client()
    person = {"citizen": world.citizen, "other_facilitator": world.other_facilitator}.get(viewer)
    if person is not None:
        response = client.post("/logg-inn", data={"email": person.email, "password": PASSWORD})
        assert response.status_code == 302, "the viewer could not log in"
    return client


def _leftover_flashes(client) -> str:
    with client.session_transaction() as session:
        return " ".join(str(message) for _category, message in session.pop("_flashes", []))


@pytest.mark.parametrize("viewer", VIEWERS)
def test_no_route_echoes_what_the_person_may_not_view(app, world, hidden, viewer):
    targets, markers = hidden
    client = _client_for(app, world, viewer)
    leaks = []
    for slug in ("heimby", "bortby"):
        for rule, method in sorted(id_routes(app), key=lambda r: (r[0].endpoint, r[1])):
            with app.test_request_context():
                urls = urls_for(rule, targets, slug)
            for url in urls:
                with rolled_back(app):
                    response = client.open(url, method=method, follow_redirects=True)
                    seen = response.get_data(as_text=True) + _leftover_flashes(client)
                    response.close()
                found = [m for m in markers if m.lower() in seen.lower()]
                if found:
                    leaks.append(f"{method} {url} ({rule.endpoint}): {', '.join(found)}")
                if response.status_code >= 500:
                    leaks.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
    assert not leaks, f"as {viewer}:\n" + "\n".join(leaks)
