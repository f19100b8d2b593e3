"""A small public scene to search: two municipalities, challenges, ideas, an answer, a workshop,
and things no visitor may find (a draft, a hidden idea, a pending idea, a merged duplicate)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from cocreate.accounts.models import Role
from cocreate.challenges.models import Phase
from cocreate.ideas.models import Visibility
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.workshops.models import WorkshopFormat
from cocreate.workshops.services import create_workshop

ANSWER = "Vi bygger sykkelveien langs Storgata neste sommer, og skolen er med på planen."


@pytest.fixture
def scene(create_municipality_f, create_user_f, create_challenge_f, create_idea_f):
    from cocreate.extensions import db

    heimby = create_municipality_f("Heimby kommune", "heimby")
    bortby = create_municipality_f("Bortby kommune", "bortby")
    staff = create_user_f("fasilitator@heimby.no", role=Role.facilitator, municipality=heimby)
    citizen = create_user_f("innbygger@example.no")
    traffic = create_challenge_f(
        heimby,
        title="Tryggere skolevei for barna",
        description="Hvordan kommer barna trygt til skolen?",
        principles=(2,),
    )
    green = create_challenge_f(heimby, title="Grønnere sentrum", principles=(1,))
    draft = create_challenge_f(
        heimby, phase=Phase.draft, title="Hemmelig sykkelvei-plan", principles=(2,)
    )
    far = create_challenge_f(bortby, title="Sykkelvei i Bortby", principles=(1,))
    bike = create_idea_f(
        traffic,
        citizen,
        title="Egen sykkelvei til skolen",
        body="En trygg sykkelvei langs Storgata ville hjulpet mange.",
    )
    benches = create_idea_f(green, citizen, title="Flere benker", body="Benker i parken.")
    hidden = create_idea_f(traffic, citizen, title="Sykkelvei skjult", body="Skjult sykkelvei.")
    hidden.visibility = Visibility.hidden
    hidden.hidden_reason = "spam"
    pending = create_idea_f(traffic, citizen, title="Sykkelvei venter", body="Venter.")
    pending.visibility = Visibility.pending
    in_draft = create_idea_f(draft, citizen, title="Sykkelvei i utkastet", body="Utkast.")
    elsewhere = create_idea_f(far, citizen, title="Sykkelvei over fjellet", body="Langt unna.")
    move_idea(bike, Stage.assessed, answer=ANSWER, actor=staff)
    start = datetime(2026, 3, 2, 17, tzinfo=UTC)
    workshop = create_workshop(
        traffic,
        title="Verksted om sykkelveier",
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Rådhuset",
        description="Vi tegner sykkelveiene sammen.",
        actor=None,
    )
    db.session.flush()
    return SimpleNamespace(**locals())
