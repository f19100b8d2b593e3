"""One rule, one place: the services of challenges, workshops and moderation refuse with the
reason their feature's why_not_<action>() gives, the same words a route would show."""

import pytest

from cocreate.challenges.models import Phase
from cocreate.challenges.permissions import staff_only, why_not_change_phase, why_not_edit_challenge
from cocreate.challenges.services import ChallengeError, advance_phase, update_challenge
from cocreate.ideas.models import Channel
from cocreate.ideas.services import post_comment
from cocreate.moderation.permissions import why_not_report
from cocreate.moderation.services import ModerationError, report_content
from cocreate.workshops.permissions import why_not_publish_workshop, why_not_register_input
from cocreate.workshops.publishing import publish_results, register_offline_input
from cocreate.workshops.services import WorkshopError


def _edit(challenge, actor):
    update_challenge(
        challenge,
        actor=actor,
        title="Ny tittel",
        description="Ny tekst.",
        principles=challenge.principles,
    )


def test_challenge_services_give_the_rules_reasons(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    with pytest.raises(ChallengeError) as refused:
        _edit(challenge, world.citizen)
    assert refused.value.reason == why_not_edit_challenge(world.citizen, challenge)
    assert "fasilitatorer" in refused.value.reason
    with pytest.raises(ChallengeError) as refused:
        advance_phase(challenge, actor=world.other_facilitator)
    assert refused.value.reason == why_not_change_phase(world.other_facilitator, challenge)
    concluded = create_challenge_f(world.municipality, phase=Phase.concluded, title="Ferdig")
    for actor in (world.facilitator, None):  # the platform (actor None) is bound by the phase
        with pytest.raises(ChallengeError) as refused:
            _edit(concluded, actor)
        assert refused.value.reason == why_not_edit_challenge(world.facilitator, concluded)
        with pytest.raises(ChallengeError) as refused:
            advance_phase(concluded, actor=actor)
        assert refused.value.reason == why_not_change_phase(world.facilitator, concluded)
    _edit(challenge, world.facilitator)
    assert challenge.title == "Ny tittel"


def test_workshop_services_give_the_rules_reasons(world, create_challenge_f, create_workshop_f):
    challenge = create_challenge_f(world.municipality)
    workshop = create_workshop_f(challenge)
    for actor in (world.citizen, world.other_facilitator):
        with pytest.raises(WorkshopError) as refused:
            publish_results(workshop, actor=actor)
        assert refused.value.reason == why_not_publish_workshop(actor, workshop) == staff_only()
        with pytest.raises(WorkshopError) as refused:
            register_offline_input(
                challenge, title="Brev", body="", channel=Channel.registered, actor=actor
            )
        assert refused.value.reason == why_not_register_input(actor, challenge)
    draft = create_challenge_f(world.municipality, phase=Phase.draft, title="Utkast")
    with pytest.raises(WorkshopError) as refused:
        register_offline_input(
            draft, title="Brev", body="", channel=Channel.registered, actor=world.facilitator
        )
    assert refused.value.reason == why_not_register_input(world.facilitator, draft)
    assert "publisert" in refused.value.reason


def test_report_service_gives_the_rules_reason(world, create_challenge_f, create_idea_f):
    idea = create_idea_f(create_challenge_f(world.municipality), world.author)
    comment = post_comment(idea, body="Enig!", author=world.citizen)
    for person, subject in (
        (world.author, idea),  # one's own input
        (world.facilitator, idea),  # staff moderate directly
        (world.citizen, comment),  # one's own comment
    ):
        reason = why_not_report(person, subject)
        assert reason is not None
        with pytest.raises(ModerationError) as refused:
            report_content(subject, reporter=person, reason="spam")
        assert refused.value.reason == reason
    report = report_content(idea, reporter=world.citizen, reason="spam", text="Reklame.")
    assert report.text == "Reklame." and why_not_report(world.citizen, idea) is None
