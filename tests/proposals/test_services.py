"""Registering, moving and marking innbyggerforslag: the rules and their Norwegian refusals."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.notifications.models import Notification
from cocreate.proposals.models import ProposalChannel, ProposalMove, ProposalState
from cocreate.proposals.rules import oslo_today
from cocreate.proposals.services import (
    ProposalError,
    mark_same_content,
    move_proposal,
    register_proposal,
    update_proposal,
)
from cocreate.refusals import NotAllowed
from tests.proposals.conftest import data, events, mails_to

ANSWER = "Kommunestyret vedtok å sette opp gatelys langs hele elvestien i 2027."


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"valid_signatures": 300}, "flere gyldige underskrifter enn underskrifter i alt"),
        ({"submitted_on": oslo_today() + timedelta(days=1)}, "kan ikke være i framtiden"),
        ({"source_url": "https://example.no/forslag/1"}, "minsak.no"),
        ({"source_url": "http://minsak.no/forslag/1"}, "https://minsak.no/"),
        ({"source_url": "https://minsak.no.example.com/x"}, "minsak.no"),
        ({"source_url": ""}, "Skriv adressen til forslaget på minsak.no"),
        ({"signatures": -1, "valid_signatures": None}, "kan ikke være negativt"),
        ({"title": "Ja"}, "Tittelen må ha mellom 3 og 200 tegn"),
        ({"contact_email": "ikke-en-adresse"}, "gyldig e-postadresse"),
        ({"initiators": "", "initiators_public": True}, "Skriv navnene"),
    ],
)
def test_bad_input_is_refused_in_norwegian(world, fields, message):
    with pytest.raises(ProposalError) as refused:
        register_proposal(world.municipality, data(**fields), actor=world.admin)
    assert message in refused.value.reason


def test_paper_lists_need_no_address_and_keep_none(world):
    proposal = register_proposal(
        world.municipality,
        data(channel=ProposalChannel.paper, source_url="https://example.no/x"),
        actor=world.admin,
    )
    assert proposal.source_url is None and proposal.state is ProposalState.registered
    assert [e.subject_id for e in events("proposal.registered")] == [proposal.id]


def test_initiators_without_consent_are_not_kept(world):
    proposal = register_proposal(
        world.municipality,
        data(initiators="Kari Nordmann", initiators_public=False),
        actor=world.admin,
    )
    assert proposal.initiators == "" and proposal.shown_initiators == ""


@pytest.mark.parametrize("role", ["citizen", "author", "other_facilitator"])
def test_only_the_municipalitys_staff_register(world, role):
    with pytest.raises(NotAllowed):
        register_proposal(world.municipality, data(), actor=world.roles()[role])


def test_facilitator_registers_and_corrects_after_control(world):
    proposal = register_proposal(
        world.municipality, data(valid_signatures=None), actor=world.facilitator
    )
    update_proposal(proposal, data(valid_signatures=180), actor=world.facilitator)
    assert proposal.valid_signatures == 180


def test_decision_needs_a_case_reference_and_an_answer(proposals):
    admin = proposals.world.admin
    with pytest.raises(ProposalError, match="saksnummeret"):
        move_proposal(
            proposals.proposal,
            to_state=ProposalState.adopted,
            answer=ANSWER,
            reference="",
            actor=admin,
        )
    with pytest.raises(ProposalError):
        move_proposal(
            proposals.proposal,
            to_state=ProposalState.in_treatment,
            answer="Kort",
            reference=None,
            actor=admin,
        )


def test_moves_are_history_and_notify_followers_and_initiators(proposals):
    p, admin = proposals.proposal, proposals.world.admin
    move_proposal(
        p,
        to_state=ProposalState.in_treatment,
        answer="Forslaget er sendt til formannskapet og behandles 12. mars.",
        reference=None,
        actor=admin,
    )
    move_proposal(
        p, to_state=ProposalState.adopted, answer=ANSWER, reference="2026/77", actor=admin
    )
    moves = db.session.scalars(select(ProposalMove).order_by(ProposalMove.id)).all()
    assert [(m.from_state, m.to_state) for m in moves] == [
        (ProposalState.registered, ProposalState.in_treatment),
        (ProposalState.in_treatment, ProposalState.adopted),
    ]
    assert moves[1].reference == "2026/77" and moves[1].actor_id == admin.id
    assert p.decided_at is not None and p.case_reference == "2026/77" and p.answer == ANSWER
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == proposals.follower.id)
    ).all()
    assert len(notes) == 2 and "Behandlet: vedtatt" in notes[1].subject
    assert len(mails_to("folger@example.no")) == 2
    initiator = mails_to("forslag@example.no")
    assert len(initiator) == 2 and "2026/77" in initiator[1].text and initiator[1].user_id is None
    assert p.contact_email is None  # told of the final decision, the address is not kept
    # A decision is final.
    with pytest.raises(ProposalError, match="kan ikke flyttes"):
        move_proposal(
            p, to_state=ProposalState.rejected, answer=ANSWER, reference="2026/78", actor=admin
        )


def test_same_content_links_an_earlier_proposal_of_the_municipality(proposals, world):
    earlier = register_proposal(world.municipality, data(title="Lys på stien"), actor=world.admin)
    mark_same_content(
        proposals.proposal,
        same=True,
        reason="Samme forslag ble behandlet i kommunestyret i mars 2026.",
        same_as=earlier,
        actor=world.admin,
    )
    assert proposals.proposal.same_as_id == earlier.id
    with pytest.raises(ProposalError, match="Begrunnelsen"):
        mark_same_content(proposals.proposal, same=True, reason="", same_as=None, actor=world.admin)
    mark_same_content(proposals.proposal, same=False, reason="", same_as=None, actor=world.admin)
    assert not proposals.proposal.same_content and proposals.proposal.same_as_id is None
