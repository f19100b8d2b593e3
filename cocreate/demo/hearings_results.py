"""The demo's hearings and results (issue 24), through the ordinary services.

Fjordvik has one hearing that is over, with every statement assessed and its merknadsbehandling
compiled, and one hearing open for statements under the challenge on the sea front. Each of the
two concluded challenges from the past has a result linking its decided inputs: the school yards'
is done, the old town hall's is under way.
"""

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..challenges.models import Challenge
from ..extensions import db
from ..hearings.assess import assess_statement
from ..hearings.merknad import compile_merknad
from ..hearings.models import Assessment, Hearing, HearingSection, HearingVersion, SenderKind
from ..hearings.services import (
    add_consultee,
    create_hearing,
    give_statement,
    open_hearing,
    register_statement,
    set_hearing_consultees,
)
from ..ideas.models import Idea, Visibility
from ..ideas.stages import Stage
from ..results.models import ResultStatus
from ..results.services import (
    add_milestone,
    create_result,
    link_inputs,
    report_progress,
    update_result,
)
from .timeline import Timeline

if TYPE_CHECKING:
    from .seed import DemoWorld

CONSULTEES = (
    ("Eldrerådet i Fjordvik", SenderKind.council, "eldreradet@fjordvik.example"),
    ("Ungdomsrådet i Fjordvik", SenderKind.council, "ungdomsradet@fjordvik.example"),
    ("Fjordvik historielag", SenderKind.organisation, "historielaget@fjordvik.example"),
)
TRAFFIC_PLAN = """## Formål

Planen skal gjøre det tryggere å gå og sykle, særlig for barn på vei til skolen.

## Fartsgrenser

Fartsgrensen settes ned til 30 km/t ved alle skoler og barnehager.

## Gang- og sykkelveier

Det bygges fortau langs Skoleveien og gangfelt med lys ved barnehagene.
"""
SEA_FRONT_PLAN = """## Formål

Områdeplanen legger til rette for en åpen sjøfront med turvei langs hele strandsonen.

## Bebyggelse

Nye bygg langs kaia kan ha inntil fire etasjer; første etasje skal være åpen for publikum.

## Kulturminner

Det gamle pakkhuset bevares og får ny bruk.
"""
# The inputs a result links: those decided or further first, then the most supported.
ACTED_ON = (Stage.decided, Stage.piloting, Stage.done, Stage.scaled)
RESULTS = {
    "Skolegårdene etter skoletid: hvordan blir de gode møteplasser for nabolaget?": {
        "title": "Lys, benker og åpne porter i tre skolegårder",
        "description": "Skolegårdene på Nordbyen, Sørsida og Fjellheim får lys, benker og "
        "porter som står åpne etter skoletid.",
        "cost_estimate": 1_200_000,
        "actual_cost": 1_150_000,
        "reference": "PS 2025/041",
        "days": (-505, -420, -330),
        "done": True,
    },
    "Det gamle rådhuset i Fjellheim: hva skal bygget brukes til?": {
        "title": "Frivilligsentral og kafé i det gamle rådhuset",
        "description": "Første etasje bygges om til frivilligsentral med kafé; "
        "andre etasje blir møterom som lag og foreninger kan låne.",
        "cost_estimate": 4_500_000,
        "actual_cost": None,
        "reference": "PS 2025/118",
        "days": (-350, -200, None),
        "done": False,
    },
}


def seed_hearings_and_results(world: "DemoWorld", timeline: Timeline) -> None:
    consultees = []
    with timeline.back(-200, 9):
        for name, kind, email in CONSULTEES:
            consultees.append(
                add_consultee(
                    world.municipality, name=name, kind=kind, email=email, actor=world.admin
                )
            )
    _traffic_hearing(world, timeline, consultees)
    _sea_front_hearing(world, timeline, consultees)
    for challenge in world.challenges:
        if challenge.title in RESULTS:
            _result(world, timeline, challenge, RESULTS[challenge.title])


def _sections(hearing: Hearing) -> list[HearingSection]:
    query = (
        select(HearingSection)
        .join(HearingVersion)
        .where(HearingVersion.hearing_id == hearing.id)
        .order_by(HearingSection.number)
    )
    return list(db.session.scalars(query))


def _traffic_hearing(world: "DemoWorld", timeline: Timeline, consultees: list) -> None:
    """A hearing that is over: three statements and a letter that came late, all assessed."""
    start = timeline.today.date()
    with timeline.back(-95, 9):
        hearing = create_hearing(
            world.municipality,
            title="Trafikksikkerhetsplan for Fjordvik 2027–2030",
            summary="Kommunen ber om innspill til planen for tryggere skoleveier.",
            opens_on=start - timedelta(days=90),
            deadline=start - timedelta(days=40),
            document=TRAFFIC_PLAN,
            actor=world.admin,
        )
        set_hearing_consultees(hearing, [c.id for c in consultees[:2]], actor=world.admin)
    with timeline.back(-90, 8):
        open_hearing(hearing, actor=world.admin)
    sections = _sections(hearing)
    given = []
    with timeline.back(-70, 12):
        given.append(
            give_statement(
                hearing,
                author=world.citizens[0],
                body="Eldrerådet ber om benker langs Skoleveien, så også eldre kan gå den.",
                sender_kind=SenderKind.council,
                sender_name="Eldrerådet i Fjordvik",
                section=sections[2],
            )
        )
    with timeline.back(-60, 19):
        given.append(
            give_statement(
                hearing,
                author=world.citizens[1],
                body="30 km/t må gjelde hele døgnet, ikke bare i skoletiden.",
                section=sections[1],
            )
        )
    with timeline.back(-45, 15):
        given.append(
            give_statement(
                hearing,
                author=world.citizens[2],
                body="Planen er bra, men fortauet bør komme før gangfeltene.",
                sender_name=world.citizens[2].display_name,
            )
        )
    with timeline.back(-38, 10):
        given.append(
            register_statement(
                hearing,
                actor=world.facilitator,
                sender_kind=SenderKind.resident,
                sender_name="Per Brevskriver",
                body="Brev: Husk lys i gangfeltet ved Fjellheim barnehage.",
                received_on=start - timedelta(days=39),
                section=sections[2],
            )
        )
    assessments = (
        (Assessment.adopted, "Benker langs Skoleveien.", "Benkene er tatt inn i planen."),
        (Assessment.partly, "30 km/t hele døgnet.", "Gjelder hele døgnet ved skolene."),
        (Assessment.noted, "Fortau før gangfelt.", "Rekkefølgen avgjøres i budsjettet."),
        (Assessment.adopted, "Lys i gangfeltet.", "Gangfeltet får lys i 2027."),
    )
    with timeline.back(-25, 13):
        for statement, (assessment, summary, reason) in zip(given, assessments, strict=True):
            assess_statement(
                statement,
                summary=summary,
                assessment=assessment,
                reason=reason,
                actor=world.facilitator,
            )
        compile_merknad(hearing, actor=world.facilitator)


def _sea_front_hearing(world: "DemoWorld", timeline: Timeline, consultees: list) -> None:
    """A hearing under the sea-front challenge, open for statements until five weeks from now."""
    challenge = next((c for c in world.challenges if c.title.startswith("Sjøfronten")), None)
    start = timeline.today.date()
    with timeline.back(-12, 9):
        hearing = create_hearing(
            world.municipality,
            title="Områdeplan for sjøfronten",
            summary="Forslaget til områdeplan bygger på innspillene til «Sjøfronten 2040».",
            opens_on=start - timedelta(days=10),
            deadline=start + timedelta(days=35),
            document=SEA_FRONT_PLAN,
            challenge=challenge,
            actor=world.admin,
        )
        set_hearing_consultees(hearing, [c.id for c in consultees], actor=world.admin)
    with timeline.back(-10, 8):
        open_hearing(hearing, actor=world.admin)
    sections = _sections(hearing)
    with timeline.back(-6, 20):
        give_statement(
            hearing,
            author=world.citizens[3],
            body="Historielaget er glad for at pakkhuset bevares, og vil gjerne bruke det.",
            sender_kind=SenderKind.organisation,
            sender_name="Fjordvik historielag",
            section=sections[2],
        )
    with timeline.back(-3, 18):
        give_statement(
            hearing,
            author=world.citizens[4],
            body="Fire etasjer tar utsikten fra dem som bor bak kaia.",
            section=sections[1],
        )


def _result(world: "DemoWorld", timeline: Timeline, challenge: Challenge, data: dict) -> None:
    created, halfway, done = data["days"]
    ideas = list(
        db.session.scalars(
            select(Idea)
            .where(
                Idea.challenge_id == challenge.id,
                Idea.visibility == Visibility.published,
                Idea.stage != Stage.declined,
            )
            .order_by(Idea.stage.in_(ACTED_ON).desc(), Idea.support_count.desc(), Idea.id)
            .limit(4)
        )
    )
    with timeline.back(created, 11):
        result = create_result(
            challenge,
            title=data["title"],
            description=data["description"],
            cost_estimate=data["cost_estimate"],
            decision_reference=data["reference"],
            actor=world.admin,
        )
        add_milestone(
            result,
            title="Vedtak i kommunestyret",
            due_on=timeline.today.date() + timedelta(days=created + 10),
            actor=world.admin,
        )
        link_inputs(result, ideas, actor=world.admin)
    with timeline.back(halfway, 14):
        report_progress(
            result,
            progress=50,
            status=ResultStatus.under_way,
            note="Arbeidet er i gang; halvparten er ferdig.",
            actor=world.admin,
        )
    if done is not None:
        with timeline.back(done, 14):
            update_result(
                result,
                title=result.title,
                description=result.description,
                department=None,
                cost_estimate=result.cost_estimate,
                actual_cost=data["actual_cost"],
                decision_reference=result.decision_reference,
                actor=world.admin,
            )
            report_progress(
                result,
                progress=100,
                status=ResultStatus.done,
                note="Tiltaket er gjennomført og tatt i bruk.",
                actor=world.admin,
            )
