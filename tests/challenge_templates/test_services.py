"""Publishing a template, its snapshot under the k-rules, starting a challenge from it, and
taking it down: each rule with the role that may and the roles that may not."""

import pytest

from cocreate.challenge_templates.measures import challenge_measures
from cocreate.challenge_templates.models import ChallengeTemplateUse
from cocreate.challenge_templates.queries import derived_challenges, template_of
from cocreate.challenge_templates.services import (
    publish_template,
    start_from_template,
    unpublish_template,
)
from cocreate.challenges.models import ParticipationLevel, Phase
from cocreate.challenges.services import advance_phase
from cocreate.extensions import db
from cocreate.refusals import Refusal
from tests.challenge_templates.conftest import events


def test_only_a_concluded_challenge_is_published(world, create_challenge_f):
    for phase in (Phase.draft, Phase.open, Phase.assessing):
        challenge = create_challenge_f(world.municipality, phase=phase)
        with pytest.raises(Refusal, match="Bare avsluttede utfordringer"):
            publish_template(challenge, actor=world.admin)


@pytest.mark.parametrize("role", ["citizen", "author", "facilitator", "other_facilitator"])
def test_only_an_admin_of_the_municipality_publishes(world, origin, role):
    with pytest.raises(Refusal):
        publish_template(origin.challenge, actor=world.roles()[role])


def test_another_municipalitys_admin_does_not_publish(world, origin):
    with pytest.raises(Refusal, match="administratorer"):
        publish_template(origin.challenge, actor=world.other_admin)


def test_the_snapshot_holds_texts_plan_survey_and_published_measures(world, origin):
    template = publish_template(origin.challenge, actor=world.admin, note="Start **tidlig**.")
    assert template.municipality_id == world.municipality.id
    assert template.source_challenge_id == origin.challenge.id
    assert template.title == "Et grønnere sentrum"
    assert "<strong>flere trær</strong>" in template.description_html
    assert template.summary.startswith("Vi hørte mye")
    assert "<strong>tidlig</strong>" in template.note_html
    assert template.level is ParticipationLevel.konsultere
    assert template.principle_numbers == [1, 4]
    assert len(template.target_image_numbers) == 1
    assert template.goal_numbers == [11]
    assert template.workshops == [
        {
            "title": "Trevandring i sentrum",
            "format": "hybrid",
            "description": "Hvor mangler det skygge? Hvilke trær liker du?",
            "dots_per_person": 5,
            "minutes": 90,
        }
    ]
    assert template.survey_questions == ["felt_heard", "understood", "would_return"]
    m = template.measures
    assert m["public"] is True
    assert m["participants"] == 10  # 12 people, published rounded to base 5
    assert m["inputs"] == 12
    assert m["median_days"] < 0.01  # answered at once
    assert m["yield"] == 0
    assert m["promise_kept"] is True
    assert m["perceived_effect"]["state"] == "shown"
    assert m["perceived_effect"]["responses"] == 10
    assert m["perceived_effect"]["means"]["felt_heard"] == 4.5
    assert m["phase"] == "concluded"
    # The snapshot keeps no workshop date, place, link or join code.
    assert "Rådhuset" not in str(template.workshops)
    assert origin.workshop.join_code not in str(template.workshops)
    (event,) = events("challenge_template.published")
    assert event.actor_id == world.admin.id and event.subject_id == template.id


def test_a_small_challenge_shows_no_person_figure(world, small):
    """Two participants: under k, and no public scope. No count of persons and nothing
    worked out from them is kept in the snapshot."""
    template = publish_template(small.challenge, actor=world.admin)
    m = template.measures
    assert m["public"] is False
    assert m["participants"] is None
    assert m["representativeness"] is None
    assert m["perceived_effect"] == {"state": "hidden", "responses": None, "means": {}}
    # Inputs are public one by one: these are kept.
    assert m["inputs"] == 2 and m["promise_kept"] is True


def test_start_from_template_in_another_municipality(world, origin):
    template = publish_template(origin.challenge, actor=world.admin)
    challenge = start_from_template(template, world.other, actor=world.other_admin)
    assert challenge.phase is Phase.draft
    assert challenge.municipality_id == world.other.id
    assert challenge.title == template.title
    assert challenge.description == origin.challenge.description
    assert [p.number for p in challenge.principles] == [1, 4]
    assert [t.number for t in challenge.target_images] == template.target_image_numbers
    assert [g.number for g in challenge.goals] == [11]
    assert challenge.level is template.level
    assert template_of(challenge.id) == template
    assert db.session.get(ChallengeTemplateUse, challenge.id).created_by_id == world.other_admin.id
    (event,) = events("challenge_template.used")
    assert event.municipality_id == world.other.id and event.data["challenge_id"] == challenge.id
    # A draft is listed only for the staff of its municipality.
    assert derived_challenges(template.id, include_drafts_of=set()) == []
    assert derived_challenges(template.id, include_drafts_of={world.other.id}) == [challenge]


def test_a_facilitator_starts_one_too_with_a_new_title(world, origin):
    template = publish_template(origin.challenge, actor=world.admin)
    challenge = start_from_template(
        template, world.other, actor=world.other_facilitator, title="Grønt torg"
    )
    assert challenge.title == "Grønt torg"


@pytest.mark.parametrize("role", ["citizen", "author", "facilitator", "admin"])
def test_only_staff_of_the_target_municipality_start_one(world, origin, role):
    template = publish_template(origin.challenge, actor=world.admin)
    with pytest.raises(Refusal):
        start_from_template(template, world.other, actor=world.roles()[role])


def test_a_blank_title_is_refused_in_norwegian(world, origin):
    template = publish_template(origin.challenge, actor=world.admin)
    with pytest.raises(Refusal, match="Skriv en tittel"):
        start_from_template(template, world.other, actor=world.other_admin, title="  ")


def test_unpublish_only_by_the_publishing_admin(world, origin):
    template = publish_template(origin.challenge, actor=world.admin)
    for person in (world.other_admin, world.facilitator, world.citizen):
        with pytest.raises(Refusal):
            unpublish_template(template, actor=person)
    unpublish_template(template, actor=world.admin)
    assert not template.is_published
    assert events("challenge_template.unpublished")[0].actor_id == world.admin.id
    with pytest.raises(Refusal, match="trukket tilbake"):
        start_from_template(template, world.other, actor=world.other_admin)
    with pytest.raises(Refusal, match="allerede"):
        unpublish_template(template, actor=world.admin)


def test_a_derived_challenge_is_measured_like_the_origin(
    world, origin, create_user_f, create_idea_f
):
    template = publish_template(origin.challenge, actor=world.admin)
    derived = start_from_template(template, world.other, actor=world.other_admin)
    advance_phase(derived, actor=None)
    for i in range(16):
        create_idea_f(derived, create_user_f(f"bortby{i}@example.no"), title=f"Innspill {i}")
    measures = challenge_measures(derived)
    assert measures["public"] is True
    assert measures["participants"] == 15
    assert measures["phase"] == "open"
    assert measures["median_days"] is None


def test_a_challenge_is_shared_once_while_its_template_is_published(world, origin):
    template = publish_template(origin.challenge, actor=world.admin)
    with pytest.raises(Refusal, match="allerede delt som mal"):
        publish_template(origin.challenge, actor=world.admin)
    unpublish_template(template, actor=world.admin)
    assert publish_template(origin.challenge, actor=world.admin).is_published
