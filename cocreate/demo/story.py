"""The demo's history, challenge by challenge, through the ordinary services.

Each challenge is opened, gets its inputs (web, workshop, registered), supports and comments
while it is open, moves to assessment and conclusion on its days, and its inputs get the
answers of story_data.ANSWERS. Every step runs inside `Timeline.back()`, so each row carries the
day its part of the story happened.
"""

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select

from ..accounts.models import User
from ..challenges.models import Challenge, ParticipationLevel, Phase
from ..challenges.services import (
    advance_phase,
    conclude_challenge,
    create_challenge,
    publish_challenge,
)
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..ideas.services import post_comment, submit_idea, support_idea
from ..ideas.stages import Stage
from ..municipalities.models import District
from ..pipeline.services import add_progress_update, correct_answer, move_idea
from ..reference.models import Goal, Principle, TargetImage
from .activities import answer_surveys, crowd_takes_part, register_inputs, run_workshop
from .challenge_data import DEMO_CHALLENGES
from .history_data import HISTORY_CHALLENGES
from .story_data import ANSWERS, REGISTERED, SURVEYS, WORKSHOPS
from .timeline import Timeline

if TYPE_CHECKING:
    from .seed import DemoWorld

# Decisions and scaling are the administrator's; the facilitator gives the other answers.
ADMIN_STAGES = (Stage.decided, Stage.scaled)
_Reference = TypeVar("_Reference", Principle, TargetImage, Goal)


def _by_number(model: type[_Reference], numbers: list[int]) -> list[_Reference]:
    if not numbers:
        return []
    query = select(model).where(model.number.in_(numbers)).order_by(model.number)
    return list(db.session.scalars(query))


def seed_challenges(world: "DemoWorld", timeline: Timeline) -> list[Challenge]:
    """The two challenges of the past, then one per principle, each with its whole history."""
    districts = {
        d.name: d
        for d in db.session.scalars(
            select(District).where(District.municipality_id == world.municipality.id)
        )
    }
    return [
        _challenge_story(world, timeline, data, districts, index)
        for index, data in enumerate(HISTORY_CHALLENGES + DEMO_CHALLENGES)
    ]


def _challenge_story(
    world: "DemoWorld",
    timeline: Timeline,
    data: dict[str, Any],
    districts: dict[str, District],
    index: int,
) -> Challenge:
    closes = data["days"][1]
    phase = Phase(data["phase"])
    last_open = -1 if phase is Phase.open else closes  # the last day it took inputs
    challenge = _open(world, timeline, data, districts)
    days = _web_inputs(world, timeline, challenge, data, districts, last_open)
    for workshop in (w for w in WORKSHOPS if w["challenge"] == challenge.title):
        for idea in run_workshop(world, timeline, challenge, workshop):
            days[idea.id] = workshop["day"] + 1
    received = [r for r in REGISTERED if r[0] == challenge.title]
    for idea, day in register_inputs(world, timeline, challenge, received, late=False):
        days[idea.id] = day
    crowd_takes_part(world, timeline, challenge, days, last_open, index)
    if phase is not Phase.open:
        with timeline.back(closes, 23):
            advance_phase(challenge, actor=world.admin)
        register_inputs(world, timeline, challenge, received, late=True)
    _answer(world, timeline, challenge)
    if phase is Phase.concluded:
        concluded_on = data.get("concluded_on", closes + 2)
        with timeline.back(concluded_on, 14):
            conclude_challenge(challenge, summary=data["summary"], actor=world.admin)
        answer_surveys(timeline, challenge, SURVEYS.get(challenge.title, []), concluded_on)
    return challenge


def _open(
    world: "DemoWorld", timeline: Timeline, data: dict[str, Any], districts: dict[str, District]
) -> Challenge:
    opens, closes = data["days"]
    start = timeline.today.date()
    with timeline.back(opens - 5, 9):
        challenge = create_challenge(
            world.municipality,
            title=data["title"],
            description=data["description"],
            principles=_by_number(Principle, [data["principle"]]),
            target_images=_by_number(TargetImage, data["target_images"]),
            goals=_by_number(Goal, data["goals"]),
            districts=[districts[name] for name in data["districts"]],
            level=ParticipationLevel(data["level"]),
            opens_on=start + timedelta(days=opens),
            closes_on=_day(start, closes),
            vote_budget=data.get("vote_budget"),
            actor=world.facilitator,
        )
    with timeline.back(opens, 8):
        publish_challenge(challenge, actor=world.admin)
    return challenge


def _day(start: date, offset: int) -> date:
    return start + timedelta(days=offset)


def _web_inputs(
    world: "DemoWorld",
    timeline: Timeline,
    challenge: Challenge,
    data: dict[str, Any],
    districts: dict[str, District],
    last_open: int,
) -> dict[int, int]:
    """The citizens' own inputs, spread over the first part of the open period, with the
    supports and comments of the named citizens; {idea id: day submitted}."""
    opens = data["days"][0]
    ideas = data["ideas"]
    step = max(1, (last_open - opens) // (len(ideas) + 2))
    people = world.citizens
    days = {}
    for k, (author, title, body, district, supporters, comments) in enumerate(ideas):
        day = min(opens + 1 + k * step, last_open)
        with timeline.back(day, 9 + k % 8):
            idea = submit_idea(
                challenge,
                title=title,
                body=body,
                author=people[author],
                district=districts.get(district) if district else None,
            )
        days[idea.id] = day
        later = min(day + 1, last_open)
        for j, supporter in enumerate(supporters):
            with timeline.back(later, 18, j):
                support_idea(idea, people[supporter])
        for j, (commenter, text, replies) in enumerate(comments):
            with timeline.back(later, 20, 10 * j):
                comment = post_comment(idea, body=text, author=people[commenter])
            for r, (replier, reply) in enumerate(replies):
                with timeline.back(later, 21, 10 * j + r):
                    post_comment(idea, body=reply, author=people[replier], parent=comment)
    if data.get("premoderation"):
        # Switched on after the first inputs came in; the last one waits for a facilitator.
        challenge.premoderation = True
        for author, title, body, district in data.get("pending_ideas", []):
            with timeline.back(last_open, 16):
                submit_idea(
                    challenge,
                    title=title,
                    body=body,
                    author=people[author],
                    district=districts.get(district) if district else None,
                )
    return days


def _answer(world: "DemoWorld", timeline: Timeline, challenge: Challenge) -> None:
    """Each published input's history from story_data.ANSWERS, in order."""
    ideas = db.session.scalars(
        select(Idea)
        .where(Idea.challenge_id == challenge.id, Idea.visibility == Visibility.published)
        .order_by(Idea.id)
    )
    for idea in ideas:
        for n, (day, what, answer, reference) in enumerate(ANSWERS.get(idea.title, [])):
            with timeline.back(day, 11, n):
                _give_answer(world, idea, what, answer, reference)


def _give_answer(
    world: "DemoWorld", idea: Idea, what: str, answer: str, reference: str | None
) -> None:
    if what == "correction":
        correct_answer(idea, answer=answer, actor=world.facilitator, reference=reference)
    elif what == "progress":
        add_progress_update(idea, answer=answer, actor=world.facilitator, reference=reference)
    else:
        stage = Stage(what)
        actor: User = world.admin if stage in ADMIN_STAGES else world.facilitator
        move_idea(idea, stage, answer=answer, actor=actor, reference=reference)
