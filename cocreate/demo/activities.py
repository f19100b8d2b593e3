"""The other ways people take part in the demo: the crowd's supports and comments, workshops
with anonymous check-ins, inputs registered by staff and «Ble du hørt?» answers. All through
the services, each inside `Timeline.back()`; every choice follows from indexes, so each run
gives the same history."""

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..accounts.models import User
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Channel, Idea, ReceivedVia, Visibility
from ..ideas.services import post_comment, support_idea
from ..metrics.survey import answer_survey, challenge_participants
from ..workshops.codes import participant_hash
from ..workshops.models import WorkshopFormat, WorkshopStatus
from ..workshops.publishing import Receipt, publish_results, register_offline_input
from ..workshops.services import check_in, create_workshop, record_headcount, set_status
from ..workshops.wall import post_note, toggle_dot
from .timeline import Timeline

if TYPE_CHECKING:
    from .seed import DemoWorld

NAMED = 6  # world.citizens[:6] are the named citizens, the crowd follows
CROWD_COMMENTS = [
    "Godt forslag, dette støtter jeg.",
    "Tenk også på dem som bor utenfor sentrum.",
    "Dette har de fått til i nabokommunen – spør dem hvordan.",
    "Viktig at det ikke koster noe for dem som bruker det.",
    "Kan dette gjøres før sommeren?",
    "Husk universell utforming, så alle kan bruke det.",
    "Jeg vil gjerne være med på dugnad for å få dette til.",
]
CHECKIN_AGES = ["30-44", "45-66", "18-29", "67-79", "45-66", "13-17", "30-44", "80+", "45-66"]
CHECKIN_DISTRICTS = ["Sentrum", "Nordbyen", "Sørsida", "Fjellheim", "Sentrum", "Nordbyen"]


def crowd_takes_part(
    world: "DemoWorld",
    timeline: Timeline,
    challenge: Challenge,
    days: dict[int, int],
    last_open: int,
    index: int,
) -> None:
    """Two in five of the crowd take part once only; of the others, four in ten take part in
    each challenge (a different four each time, so they come back). One or two supports each,
    and now and then a comment."""
    ideas = list(
        db.session.scalars(
            select(Idea)
            .where(Idea.challenge_id == challenge.id, Idea.visibility == Visibility.published)
            .order_by(Idea.id)
        )
    )
    crowd = world.citizens[NAMED:]
    for m, person in enumerate(crowd):
        once = m % 5 in (1, 3)
        if (index != m % 10) if once else (m * 7 + index * 3) % 10 >= 4:
            continue
        picks = [ideas[(m + index) % len(ideas)]]
        if m % 3 == 0:
            second = ideas[(m + index + 1 + m // 3) % len(ideas)]
            picks += [second] if second is not picks[0] else []
        for j, idea in enumerate(picks):
            if idea.author_id == person.id:
                continue
            with timeline.back(min(days[idea.id] + 1 + m % 4, last_open), 17 + j, m % 60):
                support_idea(idea, person)
        if m % 9 == index % 9:
            idea = ideas[(m * 5) % len(ideas)]
            with timeline.back(min(days[idea.id] + 2, last_open), 21, m % 60):
                text = CROWD_COMMENTS[(m + index) % len(CROWD_COMMENTS)]
                post_comment(idea, body=text, author=person)


def run_workshop(
    world: "DemoWorld", timeline: Timeline, challenge: Challenge, data: dict[str, Any]
) -> list[Idea]:
    """Planned, run live with anonymous check-ins, notes and dots, closed with a headcount;
    the next morning the first notes become the challenge's inputs."""
    day = data["day"]
    with timeline.back(day - 21, 9):
        workshop = create_workshop(
            challenge,
            title=data["title"],
            format=WorkshopFormat(data["format"]),
            starts_at=timeline.at(day, 17),
            ends_at=timeline.at(day, 19),
            place=data["place"],
            link=data["link"],
            actor=world.facilitator,
        )
    with timeline.back(day, 17):
        set_status(workshop, WorkshopStatus.live, actor=world.facilitator)
    devices = [
        participant_hash(workshop.id, f"demo-{workshop.id}-{n}") for n in range(data["checkins"])
    ]
    for n, device in enumerate(devices):
        with timeline.back(day, 17, n % 30):
            check_in(workshop, device, _checkin_answers(n))
    notes = []
    for n, text in enumerate(data["notes"]):
        with timeline.back(day, 17, 35 + n):
            notes.append(post_note(workshop, devices[n], text))
    for n, device in enumerate(devices):
        for k in range(2):  # two dots each, on different notes
            with timeline.back(day, 18, n % 60):
                toggle_dot(notes[(n + 2 * k) % len(notes)], device)
    with timeline.back(day, 19, 5):
        record_headcount(workshop, data["headcount"], actor=world.facilitator)
        set_status(workshop, WorkshopStatus.closed, actor=world.facilitator)
    with timeline.back(day + 1, 9):
        return publish_results(workshop, notes=notes[: data["published"]], actor=world.facilitator)


def _checkin_answers(n: int) -> dict[str, str | None]:
    """Every question is optional: now and then one is left out."""
    return {
        "age_band": None if n % 7 == 6 else CHECKIN_AGES[n % len(CHECKIN_AGES)],
        "gender": None if n % 11 == 10 else ("kvinne", "mann")[n % 2],
        "district": CHECKIN_DISTRICTS[n % len(CHECKIN_DISTRICTS)],
    }


def register_inputs(
    world: "DemoWorld",
    timeline: Timeline,
    challenge: Challenge,
    received: list[tuple[str, int, str, str, str, str, str]],
    *,
    late: bool,
) -> list[tuple[Idea, int]]:
    """Letters, e-mails, calls and meetings typed in by the facilitator on the day they came
    in; `late`: those received after the deadline (registered once it has passed)."""
    deadline = challenge.closes_on
    registered = []
    for _title, day, via, case_number, title, body, contact in received:
        on = timeline.today.date() + timedelta(days=day)
        if late != (deadline is not None and on > deadline):
            continue
        with timeline.back(day, 13):
            idea = register_offline_input(
                challenge,
                title=title,
                body=body,
                channel=Channel.registered,
                receipt=Receipt(ReceivedVia(via), on, case_number, contact),
                actor=world.facilitator,
            )
        registered.append((idea, day))
    return registered


def answer_surveys(
    timeline: Timeline, challenge: Challenge, answers: list[tuple[int, int, int]], day: int
) -> None:
    """«Ble du hørt?» from the challenge's participants, over the days after it concluded."""
    people = sorted(
        user_id
        for user_id in db.session.scalars(challenge_participants(challenge.id))
        if user_id is not None
    )
    stride = max(1, len(people) // max(1, len(answers)))
    for n, (heard, understood, again) in enumerate(answers):
        person = db.session.get_one(User, people[n * stride])
        with timeline.back(min(day + 1 + n // 3, -1), 19, n):
            answer_survey(
                challenge, person, felt_heard=heard, understood=understood, would_return=again
            )
