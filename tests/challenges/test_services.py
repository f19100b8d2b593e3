"""Challenge services: the rules hold without any form in front of them."""

from datetime import date

import pytest
from sqlalchemy import select

from cocreate.audit.models import AuditEvent
from cocreate.challenges.models import ParticipationLevel, Phase
from cocreate.challenges.services import (
    ChallengeError,
    advance_phase,
    conclude_challenge,
    create_challenge,
    principles_by_numbers,
    publish_challenge,
    update_challenge,
)
from cocreate.extensions import db
from cocreate.municipalities.models import District
from cocreate.reference.models import Goal, TargetImage
from cocreate.signals import challenge_concluded

SUMMARY = "Vi hørte 40 innspill, bygger to nye benker og forklarer resten her."


def _events(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)))


def _create(world, **overrides):
    fields = {
        "title": "  Tryggere skolevei  ",
        "description": "Hvor føler **barna** seg utrygge?",
        "principles": principles_by_numbers([1, 3]),
        "actor": world.facilitator,
    }
    fields.update(overrides)
    return create_challenge(world.municipality, **fields)


def test_create_stores_everything_as_draft_and_audits(world):
    target = db.session.scalar(select(TargetImage).where(TargetImage.number == 2))
    goal = db.session.scalar(select(Goal).where(Goal.number == 11))
    district = db.session.scalar(
        select(District).where(District.municipality_id == world.municipality.id)
    )
    challenge = _create(
        world,
        target_images=[target],
        goals=[goal],
        districts=[district],
        level=ParticipationLevel.samarbeide,
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 10, 1),
        premoderation=True,
        vote_budget=5,
    )
    db.session.commit()
    assert challenge.phase is Phase.draft and challenge.published_at is None
    assert challenge.title == "Tryggere skolevei"
    assert "<strong>barna</strong>" in challenge.description_html
    assert [p.number for p in challenge.principles] == [1, 3]
    assert challenge.target_images == [target] and challenge.goals == [goal]
    assert challenge.districts == [district]
    assert challenge.level is ParticipationLevel.samarbeide
    assert challenge.premoderation and challenge.vote_budget == 5
    assert challenge.created_by_id == world.facilitator.id
    (event,) = _events("challenge.created")
    assert event.subject_id == challenge.id and event.actor_id == world.facilitator.id
    assert event.municipality_id == world.municipality.id


def test_description_markdown_is_cleaned(world):
    challenge = _create(
        world,
        description=(
            "Hei <script>alert(1)</script> [lenke](javascript:alert(1)) "
            '<img src=x onerror=alert(1)> <a href="/x" onclick="y()">z</a>'
        ),
    )
    html = challenge.description_html
    for bad in ("<script", "<img", "javascript:", "onerror", "onclick"):
        assert bad not in html
    assert challenge.description.startswith("Hei <script>")  # the source is kept as typed


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"principles": []}, "minst ett prinsipp"),
        ({"title": "   "}, "tittel"),
        ({"title": "x" * 201}, "høyst 200 tegn"),
        ({"opens_on": date(2026, 9, 2), "closes_on": date(2026, 9, 1)}, "før startdatoen"),
        ({"vote_budget": 0}, "positivt heltall"),
        ({"vote_budget": -3}, "positivt heltall"),
    ],
)
def test_create_refuses_bad_input(world, overrides, message):
    with pytest.raises(ChallengeError, match=message):
        _create(world, **overrides)
    assert _events("challenge.created") == []


def test_same_day_opening_and_closing_is_fine(world):
    challenge = _create(world, opens_on=date(2026, 9, 1), closes_on=date(2026, 9, 1))
    assert challenge.closes_on == challenge.opens_on


def test_districts_must_belong_to_the_municipality(world):
    foreign = db.session.scalar(select(District).where(District.municipality_id == world.other.id))
    with pytest.raises(ChallengeError, match="bydeler i denne kommunen"):
        _create(world, districts=[foreign])


def test_phases_move_forward_only_and_are_audited(world):
    challenge = _create(world)
    assert advance_phase(challenge, actor=world.admin) is Phase.open
    assert challenge.published_at is not None
    assert advance_phase(challenge, actor=world.admin) is Phase.assessing
    assert advance_phase(challenge, actor=world.admin, summary=SUMMARY) is Phase.concluded
    assert challenge.concluded_at is not None
    with pytest.raises(ChallengeError, match="er avsluttet"):
        advance_phase(challenge, actor=world.admin, summary=SUMMARY)
    moves = [(e.data["old"], e.data["new"]) for e in _events("challenge.phase_changed")]
    assert moves == [("draft", "open"), ("open", "assessing"), ("assessing", "concluded")]
    assert all(e.actor_id == world.admin.id for e in _events("challenge.phase_changed"))


@pytest.mark.parametrize("summary", [None, "", "   ", "For kort."])
def test_concluding_needs_a_summary(world, summary):
    challenge = _create(world)
    advance_phase(challenge, actor=None)
    advance_phase(challenge, actor=None)
    with pytest.raises(ChallengeError, match="sammendrag"):
        advance_phase(challenge, actor=world.admin, summary=summary)
    assert challenge.phase is Phase.assessing and challenge.summary_html == ""


def test_conclusion_summary_is_cleaned_and_signalled(world):
    received = []

    def _receiver(sender, **kwargs):
        received.append((sender, kwargs["actor"]))

    challenge = _create(world)
    advance_phase(challenge, actor=None)
    advance_phase(challenge, actor=None)
    with challenge_concluded.connected_to(_receiver):
        conclude_challenge(challenge, summary=SUMMARY + "<script>x()</script>", actor=world.admin)
    assert challenge.phase is Phase.concluded
    assert "<script" not in challenge.summary_html and "Vi hørte 40" in challenge.summary_html
    assert received == [(challenge, world.admin)]


def test_conclude_only_from_assessing(world):
    challenge = _create(world)
    publish_challenge(challenge, actor=None)
    with pytest.raises(ChallengeError, match="til vurdering"):
        conclude_challenge(challenge, summary=SUMMARY, actor=None)


def test_publish_only_drafts(world):
    challenge = _create(world)
    publish_challenge(challenge, actor=world.facilitator)
    assert challenge.phase is Phase.open
    with pytest.raises(ChallengeError, match="utkast"):
        publish_challenge(challenge, actor=world.facilitator)


def test_update_changes_fields_and_audits(world):
    challenge = _create(world)
    update_challenge(
        challenge,
        actor=world.admin,
        title="Tryggere skolevei i Nord",
        description="Ny *tekst*",
        principles=principles_by_numbers([2]),
        vote_budget=3,
        level=ParticipationLevel.involvere,
    )
    assert challenge.title == "Tryggere skolevei i Nord"
    assert challenge.description_html == "<p>Ny <em>tekst</em></p>"
    assert [p.number for p in challenge.principles] == [2]
    assert challenge.vote_budget == 3 and challenge.level is ParticipationLevel.involvere
    assert len(_events("challenge.updated")) == 1


def test_update_keeps_the_rules(world):
    challenge = _create(world)
    with pytest.raises(ChallengeError, match="minst ett prinsipp"):
        update_challenge(challenge, actor=world.admin, title="X", description="", principles=[])
    assert [p.number for p in challenge.principles] == [1, 3]


def test_concluded_challenge_cannot_be_edited(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.concluded)
    with pytest.raises(ChallengeError, match="avsluttet"):
        update_challenge(
            challenge,
            actor=world.admin,
            title="Ny tittel",
            description="",
            principles=principles_by_numbers([1]),
        )
