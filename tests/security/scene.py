"""One municipality with something of every kind, for tests that walk every route: the world's
people plus an open challenge, an idea, a comment, a workshop with a note and a theme, a
notification, a staff invitation, and a department with a case officer that has the idea.
`route_args` gives each URL argument a value that exists in this scene."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import inspect, select
from werkzeug.routing import Rule

from cocreate.accounts.models import Role
from cocreate.accounts.services import create_user, set_role
from cocreate.answers.services import create_template, write_note
from cocreate.budgeting.models import BallotKind, BudgetStatus, ResultRule
from cocreate.budgeting.services import set_budget
from cocreate.cases.services import add_department_member, assign_inputs, create_department
from cocreate.challenge_templates.services import publish_template
from cocreate.challenges.models import Phase
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.gallery.models import AdoptionKind
from cocreate.gallery.queries import find_entry
from cocreate.gallery.services import adopt_solution
from cocreate.hearings.models import SenderKind, Statement
from cocreate.hearings.services import (
    add_attachment,
    add_consultee,
    create_hearing,
    give_statement,
    open_hearing,
    set_hearing_consultees,
)
from cocreate.ideas.services import post_comment, submit_idea
from cocreate.ideas.stages import Stage
from cocreate.members.services import invite_member
from cocreate.municipalities.models import District, WrittenLanguage
from cocreate.notifications.services import notify
from cocreate.pipeline.deadlines import today
from cocreate.pipeline.services import move_idea
from cocreate.proposals.models import ProposalChannel
from cocreate.proposals.services import ProposalData, register_proposal
from cocreate.results.services import add_milestone, create_result, link_inputs, link_statements
from cocreate.translation.models import ContentKind, ContentTranslation, TranslationOrigin
from cocreate.translation.sources import version
from cocreate.workshops.models import WorkshopFormat, WorkshopStatus
from cocreate.workshops.services import create_workshop, set_status
from cocreate.workshops.wall import create_theme, post_note
from tests.hearings.test_assess_scene import add_statement, make_hearing


@dataclass
class Scene:
    world: object
    challenge: object
    idea: object
    comment: object
    workshop: object
    note: object
    theme: object
    notification: object
    invitation: object
    member_id: int  # a member of staff (the facilitator), for the staff pages
    department_id: int  # has the idea; the case officer is its member
    case_officer: object
    case_officer_id: int
    idea_note_id: int = 0  # an internal note by the facilitator
    answer_template_id: int = 0
    hearing_id: int = 0  # an opened hearing with an attachment, a statement and a consultee
    hearing_file_id: int = 0
    statement_id: int = 0
    consultee_id: int = 0
    # A result of the challenge in the case officer's department, answering the idea, with a
    # milestone and the hearing's statement linked; its decision reference is DECISION.
    result_id: int = 0
    milestone_id: int = 0
    proposal_id: int = 0  # an innbyggerforslag of the municipality (issue 22 §1)
    translation_id: int = 0  # a machine translation of the comment (issue 25 §5)


DECISION = "2026/123"


def _result(world, challenge, idea, department, statement_id: int) -> tuple[int, int]:
    result = create_result(
        challenge,
        title="Trygg skolevei",
        department=department,
        decision_reference=DECISION,
        actor=world.admin,
    )
    milestone = add_milestone(result, title="Bygging", due_on=date(2026, 9, 1), actor=world.admin)
    statement = db.session.get(Statement, statement_id)
    link_inputs(result, [idea], actor=world.admin)
    link_statements(result, [statement], actor=world.admin)
    return result.id, milestone.id


def _budget(world, challenge) -> None:
    """An open budget of the challenge (issue 22 §2), without projects: the routes are reached,
    and every ballot is refused for choosing nothing."""
    budget = set_budget(
        challenge,
        amount=100_000,
        ballot_kind=BallotKind.approval,
        points=10,
        rule=ResultRule.greedy,
        closes_at=None,
        actor=world.facilitator,
    )
    budget.status = BudgetStatus.open


def build_scene(world, create_challenge_f, create_idea_f) -> Scene:
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author)
    comment = post_comment(idea, body="En kommentar fra forfatteren.", author=world.author)
    start = utcnow() + timedelta(days=1)
    workshop = create_workshop(
        challenge,
        title="Verksted i sentrum",
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Rådhuset",
        actor=world.facilitator,
    )
    set_status(workshop, WorkshopStatus.live, actor=world.facilitator)
    note = post_note(workshop, "deltaker-1", "Flere benker ved elva")
    theme = create_theme(workshop, "Parker", actor=world.facilitator)
    notification = notify(
        world.citizen, kind="test", subject="Hei", text="Et varsel.", link="/", email=False
    )
    invitation = invite_member(
        world.municipality, "invitert@example.no", Role.facilitator, actor=world.admin
    )
    idea_note = write_note(idea, "Et internt notat.", actor=world.facilitator)
    answer_template = create_template(
        world.municipality, title="Takk", body="Takk for «{tittel}».", actor=world.admin
    )
    department = create_department(
        world.municipality, name="Samferdsel", email=None, actor=world.admin
    )
    case_officer = create_user(
        "saksbehandler@example.no", "Siri Sak", "riktig-hest-batteri", verified=True
    )
    set_role(case_officer, world.municipality, Role.case_officer, actor=None)
    add_department_member(department, case_officer, actor=world.admin)
    assign_inputs([idea], department, None, actor=world.admin)
    hearing = _hearing(world)
    result_ids = _result(world, challenge, idea, department, hearing[2])
    _budget(world, challenge)
    db.session.commit()
    scene = Scene(
        world,
        challenge,
        idea,
        comment,
        workshop,
        note,
        theme,
        notification,
        invitation,
        world.facilitator.id,
        department.id,
        case_officer,
        case_officer.id,
        idea_note.id,
        answer_template.id,
    )
    scene.hearing_id, scene.hearing_file_id, scene.statement_id, scene.consultee_id = hearing
    scene.result_id, scene.milestone_id = result_ids
    scene.proposal_id = _proposal(world)
    scene.translation_id = _translation(world, comment)
    return scene


def _translation(world, comment) -> int:
    """A machine translation of the comment into nynorsk, written as the job would."""
    row = ContentTranslation(
        municipality_id=world.municipality.id,
        kind=ContentKind.comment,
        object_id=comment.id,
        field="body",
        source=WrittenLanguage.nb,
        target=WrittenLanguage.nn,
        source_hash=version(comment.body),
        text="Ein kommentar frå forfattaren.",
        origin=TranslationOrigin.machine,
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def _hearing(world) -> tuple[int, int, int, int]:
    """An opened hearing of the municipality (issue 24 §1): its id, an attachment, a statement
    by the author and a consultee on its list."""
    day = utcnow().date()
    hearing = create_hearing(
        world.municipality,
        title="Plan for sentrum",
        opens_on=day - timedelta(days=1),
        deadline=day + timedelta(days=42),
        document="## Formål\n\nTrygge skoleveier.",
        actor=world.admin,
    )
    consultee = add_consultee(
        world.municipality,
        name="Eldrerådet",
        kind=SenderKind.council,
        email="eldreradet@example.no",
        actor=world.admin,
    )
    set_hearing_consultees(hearing, [consultee.id], actor=world.admin)
    attachment = add_attachment(hearing, "plan.pdf", b"%PDF-1.4\n%%EOF\n", actor=world.admin)
    open_hearing(hearing, actor=world.admin)
    statement = give_statement(hearing, author=world.author, body="En uttalelse.")
    return hearing.id, attachment.id, statement.id, consultee.id


def _proposal(world) -> int:
    proposal = register_proposal(
        world.municipality,
        ProposalData(
            title="Gatelys langs elvestien",
            matter="Vi ber kommunestyret sette opp gatelys langs elvestien.",
            channel=ProposalChannel.minsak,
            submitted_on=utcnow().date() - timedelta(days=30),
            signatures=250,
            valid_signatures=230,
            source_url="https://minsak.no/forslag/1",
        ),
        actor=world.admin,
    )
    db.session.commit()
    return proposal.id


def _district_id(scene: Scene) -> int:
    """One of the scene's municipality's districts (the factory gives it two)."""
    return db.session.scalars(
        select(District.id)
        .where(District.municipality_id == scene.world.municipality.id)
        .order_by(District.id)
    ).first()


def _by_name(scene: Scene) -> dict:
    return {
        "slug": scene.world.municipality.slug,
        "challenge_id": scene.challenge.id,
        "idea_id": scene.idea.id,
        "comment_id": scene.comment.id,
        "workshop_id": scene.workshop.id,
        "note_id": scene.note.id,
        "theme_id": scene.theme.id,
        "notification_id": scene.notification.id,
        "invitation_id": scene.invitation.id,
        "user_id": scene.world.author.id,
        "subject_id": scene.idea.id,
        "kind": "innspill",
        "token": "ugyldig-token",
        "code": scene.workshop.join_code,
        "dataset": "ideas",
        "fmt": "csv",
        "name": "funnel",
        "filename": "css/samskap.css",
        "district_id": _district_id(scene),
        "fingerprint": "0123456789abcdef",
        "template_id": scene.answer_template_id,
        "department_id": scene.department_id,
        "hearing_id": scene.hearing_id,
        "file_id": scene.hearing_file_id,
        "statement_id": scene.statement_id,
        "consultee_id": scene.consultee_id,
        "result_id": scene.result_id,
        "milestone_id": scene.milestone_id,
        "proposal_id": scene.proposal_id,
        "translation_id": scene.translation_id,
        "reference": DECISION,
    }


# Where one argument name means different things on different routes.
PER_ENDPOINT = {
    "site.set_language": {"code": "nn"},
    "oidc.start": {"slug": "id-porten"},
    "oidc.callback": {"slug": "id-porten"},
    "challenges.principle": {"slug": "innbyggerne-i-sentrum"},
    "challenges.follow_principle": {"slug": "innbyggerne-i-sentrum"},
    "challenges.unfollow_principle": {"slug": "innbyggerne-i-sentrum"},
    "workshops.receipt": {"code": lambda s: s.note.receipt_code},
    "workshops.qr_code": {"kind": "svg"},
    "paper.download": {"name": "plakat"},
    "moderation.act": {"act": "skjul"},
    "moderation.person_act": {"act": "utesteng"},
    # Staff pages name a member of staff (the author is none).
    "members.change": {"user_id": lambda s: s.member_id},
    "members.remove": {"user_id": lambda s: s.member_id},
    # An internal note on the idea (note_id elsewhere is a workshop's note).
    "answers.note": {"note_id": lambda s: s.idea_note_id},
    # The scene's idea has no answer yet: an id no answer has (tests/archive checks a real one).
    "archive.answer_number": {"change_id": 2**31 - 1},
    # No project exists in the scene's budget: an id no project has.
    "budgeting.remove_project_route": {"project_id": 2**31 - 1},
    # A member of the department.
    "cases.remove_member": {"user_id": lambda s: s.case_officer_id},
}


def _merknad(scene: Scene) -> dict:
    """A hearing past its deadline with one statement, for the merknadsbehandling's routes
    (issue 24 §2); made once per scene, on first use."""
    made = getattr(scene, "_merknad_ids", None)
    if made is None:
        hearing, _version, _sections = make_hearing(
            scene.world.municipality, deadline=today() - timedelta(days=2)
        )
        statement = add_statement(
            hearing, sender_kind=SenderKind.council, sender_name="Eldrerådet", body="Uttalelse."
        )
        db.session.commit()
        made = {"hearing_id": hearing.id, "statement_id": statement.id}
        scene._merknad_ids = made
    return made


_MERKNAD = {
    "hearing_id": lambda s: _merknad(s)["hearing_id"],
    "statement_id": lambda s: _merknad(s)["statement_id"],
    "number": 1,
    "fmt": "docx",
}
for _endpoint in (
    "merknader",
    "assess",
    "compile_view",
    "merknad_download",
    "new_version",
    "version_page",
):
    PER_ENDPOINT[f"hearings.{_endpoint}"] = _MERKNAD


def _challenge_template(scene: Scene) -> int:
    """A published template of a concluded challenge of the municipality (issue 25 §3), made
    once per scene, on first use."""
    made = getattr(scene, "_challenge_template_id", None)
    if made is None:
        challenge = create_challenge(
            scene.world.municipality,
            title="En avsluttet utfordring",
            description="Fortell oss.",
            principles=principles_by_numbers([1]),
            actor=None,
        )
        while challenge.phase is not Phase.concluded:
            advance_phase(challenge, actor=None, summary="Vi hørte mye, og gjør tre tiltak her.")
        made = publish_template(challenge, actor=None).id
        db.session.commit()
        scene._challenge_template_id = made
    return made


for _endpoint in ("detail", "unpublish", "use"):
    PER_ENDPOINT[f"challenge_templates.{_endpoint}"] = {
        "challenge_template_id": _challenge_template
    }


def _meeting_id(scene: Scene) -> int:
    """A folkemøte of the scene's challenge with minutes (issue 25 §7); made once, on first use."""
    made = getattr(scene, "_meeting_id", None)
    if made is None:
        from sqlalchemy import inspect

        from cocreate.accounts.models import User
        from cocreate.challenges.models import Challenge
        from cocreate.meetings.models import MeetingKind
        from cocreate.meetings.services import MeetingData, create_meeting

        # The scene's objects may be detached by now: load them again by their keys.
        challenge = db.session.get(Challenge, inspect(scene.challenge).identity[0])
        admin = db.session.get(User, inspect(scene.world.admin).identity[0])
        start = utcnow() + timedelta(days=7)
        meeting = create_meeting(
            challenge,
            MeetingData(
                kind=MeetingKind.folkemote,
                title="Folkemøte om sentrum",
                place="Rådhuset",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                minutes="- Flere benker",
            ),
            actor=admin,
        )
        db.session.commit()
        made = scene._meeting_id = meeting.id
    return made


for _endpoint in ("detail", "signup", "edit", "signup_list", "minutes_to_inputs"):
    PER_ENDPOINT[f"meetings.{_endpoint}"] = {"meeting_id": _meeting_id}


def _fresh(obj):
    """The object in the present session (the scene's may be detached after a request)."""
    return db.session.get(type(obj), inspect(obj).identity[0])


def _gallery(scene: Scene) -> dict:
    """An input of the scene's challenge at gjort, in the gallery, taken in by the other
    municipality as a draft challenge (issue 25 §2); made once per scene, on first use."""
    made = getattr(scene, "_gallery_ids", None)
    if made is None:
        world = scene.world
        challenge, admin = _fresh(scene.challenge), _fresh(world.admin)
        author = _fresh(world.author)
        idea = submit_idea(challenge, title="Benker i parken", body="", author=author)
        move_idea(idea, Stage.done, answer="Benkene er satt opp i parken.", actor=admin)
        entry = find_entry("idea", idea.id)
        adoption = adopt_solution(
            entry,
            _fresh(world.other),
            kind=AdoptionKind.challenge,
            title="Benker i parken",
            description="",
            actor=_fresh(world.other_facilitator),
            origin_url="http://localhost/",
            origin_link="/",
        )
        db.session.commit()
        made = {"idea_id": idea.id, "adoption_id": adoption.id}
        scene._gallery_ids = made
    return made


PER_ENDPOINT["gallery.entry"] = {"entry_id": lambda s: _gallery(s)["idea_id"]}
PER_ENDPOINT["gallery.adopt"] = {"entry_id": lambda s: _gallery(s)["idea_id"]}
PER_ENDPOINT["gallery.scale"] = {
    "idea_id": lambda s: _gallery(s)["idea_id"],
    "adoption_id": lambda s: _gallery(s)["adoption_id"],
}


class MissingArgument(LookupError):
    pass


def route_args(rule: Rule, scene: Scene) -> dict:
    """Values for the rule's arguments; MissingArgument names one nobody has taught us yet."""
    values = _by_name(scene)
    overrides = PER_ENDPOINT.get(rule.endpoint, {})
    args = {}
    for name in rule.arguments:
        if name in overrides:
            value = overrides[name]
            args[name] = value(scene) if callable(value) else value
        elif name in values:
            args[name] = values[name]
        else:
            raise MissingArgument(f"{rule.endpoint}: no value for <{name}>; add it to scene.py")
    return args
