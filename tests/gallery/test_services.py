"""The gallery's content, filters and the k rule; adopting a solution and moving the origin to
skalert; the counts on the effects dashboard."""

import pytest
from sqlalchemy import select

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.gallery.models import Adoption, AdoptionKind
from cocreate.gallery.queries import (
    GalleryFilter,
    Sort,
    adopted_count,
    entry_page,
    find_entry,
    parse_filter,
    shared_count,
)
from cocreate.gallery.services import AdoptionError, adopt_solution, scale_origin
from cocreate.ideas.models import Channel, Visibility
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import Notification
from cocreate.pipeline.models import StageChange
from cocreate.refusals import NotAllowed
from tests.gallery.conftest import events, mails_to

URL = "http://localhost/k/heimby/innspill/1"


def keys(wanted: GalleryFilter | None = None) -> list[str]:
    return [e.key for e in entry_page(wanted or GalleryFilter()).items]


def adopt(gallery, actor=None, *, kind=AdoptionKind.challenge, **kw):
    w = gallery.world
    entry = find_entry("idea", gallery.idea.id)
    return adopt_solution(
        entry,
        kw.pop("municipality", w.other),
        kind=kind,
        title=entry.title,
        description="Fra Heimby.",
        actor=actor or w.other_admin,
        origin_url=URL,
        origin_link="/k/heimby/innspill/1",
        **kw,
    )


def test_the_gallery_shows_done_inputs_and_results_of_sharing_municipalities(gallery):
    found = keys()
    assert f"idea-{gallery.idea.id}" in found
    assert f"idea-{gallery.small.id}" in found
    assert f"result-{gallery.result.id}" in found
    assert f"idea-{gallery.open_idea.id}" not in found  # not at gjort


def test_sharing_off_hides_the_municipality(gallery):
    gallery.world.municipality.shares_with_others = False
    db.session.flush()
    assert keys() == []


def test_hidden_inputs_and_draft_challenges_stay_out(gallery):
    gallery.idea.visibility = Visibility.hidden
    gallery.idea.hidden_reason = "spam"
    db.session.flush()
    assert f"idea-{gallery.idea.id}" not in keys()
    gallery.challenge.phase = Phase.draft
    db.session.flush()
    assert keys() == []


def test_supporters_follow_the_k_rule(gallery):
    entries = {e.key: e for e in entry_page(GalleryFilter()).items}
    assert entries[f"idea-{gallery.idea.id}"].supporters == 5  # author and four supporters
    assert entries[f"idea-{gallery.small.id}"].supporters is None  # one person: fewer than 5
    assert entries[f"result-{gallery.result.id}"].supporters == 5
    assert entries[f"result-{gallery.result.id}"].cost == 400_000


@pytest.mark.parametrize(
    ("args", "present"),
    [
        ({"prinsipp": "8"}, True),
        ({"prinsipp": "3"}, False),
        ({"kommune": "heimby"}, True),
        ({"kommune": "bortby"}, False),
        ({"storrelse": "5000-20000"}, True),
        ({"storrelse": "over-100000"}, False),
        ({"q": "benker"}, True),
        ({"q": "finnes-ikke"}, False),
        ({"ar": "1999"}, False),
    ],
)
def test_filters(gallery, args, present):
    assert (f"idea-{gallery.idea.id}" in keys(parse_filter(args))) is present


def test_year_and_county_filters(gallery):
    entry = find_entry("idea", gallery.idea.id)
    assert f"idea-{gallery.idea.id}" in keys(GalleryFilter(year=entry.reached_at.year))
    assert keys(GalleryFilter(year=entry.reached_at.year - 1)) == []
    county = gallery.world.municipality.number[:2]
    gallery.world.municipality.number = "4601"
    db.session.flush()
    assert f"idea-{gallery.idea.id}" in keys(GalleryFilter(county="46"))
    assert keys(GalleryFilter(county="03")) == []
    assert county  # the factory's numbers are not real counties


def test_adopting_as_a_draft_challenge_copies_the_principles_and_links_the_origin(gallery):
    w = gallery.world
    adoption = adopt(gallery)
    assert adoption.kind is AdoptionKind.challenge
    assert adoption.challenge.phase is Phase.draft
    assert adoption.challenge.municipality_id == w.other.id
    assert [p.number for p in adoption.challenge.principles] == [1, 8]
    assert adoption.origin_idea_id == gallery.idea.id
    assert adoption.origin_municipality_id == w.municipality.id
    assert events("solution.adopted")


@pytest.mark.parametrize("stage", [Stage.assessed, Stage.decided])
def test_adopting_as_an_input_at_the_chosen_stage(gallery, stage):
    adoption = adopt(
        gallery,
        kind=AdoptionKind.input,
        challenge=gallery.other_challenge,
        stage=stage,
        answer="Vi tar i bruk løsningen fra Heimby kommune.",
    )
    idea = adoption.idea
    assert idea.stage is stage
    assert idea.channel is Channel.registered
    assert idea.challenge_id == gallery.other_challenge.id
    change = db.session.scalars(select(StageChange).where(StageChange.idea_id == idea.id)).one()
    assert change.reference == URL  # the public answer cites the origin


def test_an_input_needs_a_challenge_of_the_adopting_municipality(gallery):
    with pytest.raises(AdoptionError):
        adopt(gallery, kind=AdoptionKind.input, challenge=gallery.challenge, answer="x" * 30)


def test_own_municipality_and_citizens_are_refused(gallery):
    w = gallery.world
    with pytest.raises(NotAllowed):
        adopt(gallery, w.admin, municipality=w.municipality)
    with pytest.raises(NotAllowed):
        adopt(gallery, w.citizen)
    with pytest.raises(NotAllowed):
        adopt(gallery, w.admin)  # Heimby's admin has no role in Bortby


def test_a_municipality_adopts_once(gallery):
    adopt(gallery)
    with pytest.raises(AdoptionError):
        adopt(gallery, gallery.world.other_facilitator)


def test_the_origins_staff_are_told_in_the_app_and_by_email(gallery):
    w = gallery.world
    adopt(gallery)
    for person in (w.admin, w.facilitator):
        notices = db.session.scalars(
            select(Notification).where(Notification.user_id == person.id)
        ).all()
        assert any("Bortby" in n.subject for n in notices if n.kind == "solution_adopted")
        assert any("Bortby" in m.subject for m in mails_to(person.email))
    assert not any("tar i bruk" in m.subject for m in mails_to(w.other_admin.email))


def test_the_origin_moves_to_skalert_citing_the_adoption(gallery):
    w = gallery.world
    adoption = adopt(gallery)
    with pytest.raises(NotAllowed):  # only the origin's staff move it
        scale_origin(gallery.idea, adoption, answer="x" * 30, reference="", actor=w.other_admin)
    with pytest.raises(AdoptionError):  # the adoption of another input
        scale_origin(gallery.small, adoption, answer="x" * 30, reference="", actor=w.admin)
    change = scale_origin(
        gallery.idea,
        adoption,
        answer="Løsningen er tatt i bruk i Bortby kommune.",
        reference="Tatt i bruk i Bortby kommune: http://localhost/k/bortby/",
        actor=w.admin,
    )
    assert gallery.idea.stage is Stage.scaled
    assert change.to_stage is Stage.scaled and "Bortby" in change.reference


def test_sort_by_adoptions_and_the_dashboard_counts(gallery):
    w = gallery.world
    adopt(gallery)
    first = entry_page(GalleryFilter(sort=Sort.adoptions)).items[0]
    assert first.key == f"idea-{gallery.idea.id}" and first.adoptions == 1
    assert shared_count(w.municipality.id) == 1
    assert adopted_count(w.other.id) == 1
    assert adopted_count(w.municipality.id) == 0
    assert db.session.scalar(select(Adoption.id)) is not None
