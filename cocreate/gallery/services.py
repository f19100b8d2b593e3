"""adopt_solution(): staff of a municipality take in another municipality's done solution,
as a draft challenge or as an input at vurdert or besluttet; scale_origin(): the origin's staff
move their input to skalert citing the adoption. Services flush; routes commit."""

from flask_babel import gettext as _

from ..accounts.models import User
from ..audit.services import record_event
from ..challenges.models import Challenge, Phase
from ..challenges.services import create_challenge
from ..extensions import db
from ..ideas.models import Channel, Idea, Visibility
from ..ideas.services import submit_idea
from ..ideas.stages import Stage
from ..municipalities.models import Municipality
from ..page_generations import changed
from ..pipeline.models import StageChange
from ..pipeline.services import move_idea
from ..refusals import Refusal, require
from .models import Adoption, AdoptionKind
from .notices import notify_adoption
from .permissions import why_not_adopt
from .queries import Entry, adoption_of

ADOPTION_STAGES = (Stage.assessed, Stage.decided)


class AdoptionError(Refusal):
    """An adoption broke a rule; the message is shown to the staff member."""


def adopt_solution(
    entry: Entry,
    municipality: Municipality,
    *,
    kind: AdoptionKind,
    title: str,
    description: str,
    actor: User,
    origin_url: str,
    origin_link: str,
    challenge: Challenge | None = None,
    stage: Stage = Stage.assessed,
    answer: str = "",
) -> Adoption:
    """Take the entry into `municipality`: a draft challenge with the origin's principles,
    målbilder and SDGs, or an input (channel registered) in one of its public challenges moved
    to vurdert or besluttet with a public answer citing the origin. Once per municipality."""
    require(why_not_adopt(actor, entry.municipality.id, municipality))
    if adoption_of(entry.kind, entry.id, municipality.id) is not None:
        raise AdoptionError(_("Kommunen har allerede tatt i bruk denne løsningen."))
    origin_challenge = entry.challenge
    adoption = Adoption(
        municipality_id=municipality.id,
        origin_municipality_id=entry.municipality.id,
        origin_idea_id=entry.id if entry.kind == "idea" else None,
        origin_result_id=entry.id if entry.kind == "result" else None,
        kind=kind,
        actor_id=actor.id,
    )
    if kind is AdoptionKind.challenge:
        created = create_challenge(
            municipality,
            title=title,
            description=description,
            principles=origin_challenge.principles,
            target_images=origin_challenge.target_images,
            goals=origin_challenge.goals,
            actor=actor,
        )
        adoption.challenge_id = created.id
    else:
        if challenge is None or challenge.municipality_id != municipality.id:
            raise AdoptionError(_("Velg en av kommunens egne utfordringer."))
        if challenge.phase is Phase.draft:
            raise AdoptionError(
                _("Utfordringen er et utkast. Velg en utfordring som er publisert.")
            )
        if stage not in ADOPTION_STAGES:
            raise AdoptionError(_("Velg «vurdert» eller «besluttet»."))
        idea = submit_idea(
            challenge,
            title=title,
            body=description,
            author=None,
            channel=Channel.registered,
        )
        # Staff typed it in themselves: pre-moderation is for residents' inputs.
        idea.visibility = Visibility.published
        db.session.flush()
        move_idea(idea, stage, answer=answer, actor=actor, reference=origin_url)
        adoption.idea_id = idea.id
        adoption.challenge_id = challenge.id
    db.session.add(adoption)
    db.session.flush()
    changed(municipality.id, entry.municipality.id)
    record_event(
        "solution.adopted",
        actor=actor,
        municipality=municipality,
        subject=adoption,
        origin=entry.key,
        kind=kind.value,
    )
    notify_adoption(adoption, title=entry.title, link=origin_link)
    return adoption


def scale_origin(
    idea: Idea, adoption: Adoption, *, answer: str, reference: str, actor: User
) -> StageChange:
    """Move the origin input to skalert with the pipeline's move, its reference citing the
    adopting municipality (DESIGN.md: skalert = taken into regular use or adopted elsewhere)."""
    if adoption.origin_idea_id != idea.id:
        raise AdoptionError(_("Denne adopsjonen gjelder et annet innspill."))
    change = move_idea(idea, Stage.scaled, answer=answer, actor=actor, reference=reference)
    record_event(
        "solution.scaled",
        actor=actor,
        municipality=idea.challenge.municipality,
        subject=idea,
        adoption=adoption.id,
    )
    return change
