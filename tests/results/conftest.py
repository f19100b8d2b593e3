"""A world with results: Heimby's transport department and its case officer, a challenge with
four inputs (one person wrote two of them, another supports one, a third follows one), a result
under the challenge, and a published hearing statement."""

from datetime import date

import pytest

from cocreate.accounts.models import Role
from cocreate.cases.services import add_department_member, create_department
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.hearings.models import Assessment, Hearing, SenderKind, Statement
from cocreate.ideas.services import follow_idea, support_idea
from cocreate.results.services import create_result
from tests.cases.conftest import events, login, mails_to  # noqa: F401 - re-exported

ROLES = ["anonymous", "citizen", "officer", "other_officer", "facilitator", "admin", "other_admin"]


def add_statement(hearing: Hearing, body: str, **fields) -> Statement:
    statement = Statement(
        hearing_id=hearing.id,
        sender_kind=fields.pop("sender_kind", SenderKind.organisation),
        sender_name=fields.pop("sender_name", "Heimby idrettsråd"),
        body=body,
        received_on=date(2026, 3, 1),
        **fields,
    )
    db.session.add(statement)
    db.session.flush()
    return statement


class Results:
    def __init__(self, world, create_user_f, create_challenge_f, create_idea_f) -> None:
        self.world = world
        m = world.municipality
        self.transport = create_department(m, name="Samferdsel", email=None, actor=None)
        self.school = create_department(m, name="Oppvekst", email=None, actor=None)
        self.officer = create_user_f(
            "saksbehandler@heimby.no", role=Role.case_officer, municipality=m, name="Siri Sak"
        )
        self.other_officer = create_user_f(
            "oppvekst@heimby.no", role=Role.case_officer, municipality=m, name="Olav Oppvekst"
        )
        add_department_member(self.transport, self.officer, actor=None)
        add_department_member(self.school, self.other_officer, actor=None)
        self.supporter = create_user_f("stotte@example.no", name="Stine Støtte")
        self.follower = create_user_f("folger@example.no", name="Finn Følger")
        self.challenge = create_challenge_f(m, principles=(1, 4))
        self.ideas = [
            create_idea_f(self.challenge, world.author, title="Ny busslomme ved skolen"),
            create_idea_f(self.challenge, world.author, title="Gatelys langs elva"),
            create_idea_f(self.challenge, world.citizen, title="Fotgjengerfelt ved butikken"),
            create_idea_f(self.challenge, self.supporter, title="Sykkelparkering ved stasjonen"),
        ]
        support_idea(self.ideas[2], self.supporter)
        follow_idea(self.ideas[3], self.follower)
        self.result = create_result(
            self.challenge,
            title="Trygg skolevei i sentrum",
            description="Vi bygger **busslomme** og fotgjengerfelt.",
            department=self.transport,
            cost_estimate=1_250_000,
            decision_reference="2026/123",
            actor=world.admin,
        )
        self.hearing = Hearing(
            municipality_id=m.id,
            title="Trafikkplan for sentrum",
            opens_on=date(2026, 2, 1),
            deadline=date(2026, 3, 15),
            opened_at=utcnow(),
        )
        db.session.add(self.hearing)
        db.session.flush()
        self.statement = add_statement(
            self.hearing,
            "Vi ber om tryggere kryssing ved skolen.",
            assessment=Assessment.partly,
            reason="Fotgjengerfeltet kommer; busslommen må vente.",
            assessed_at=utcnow(),
        )
        db.session.flush()

    def roles(self):
        w = self.world
        return {
            "anonymous": None,
            "citizen": w.citizen,
            "officer": self.officer,
            "other_officer": self.other_officer,
            "facilitator": w.facilitator,
            "admin": w.admin,
            "other_admin": w.other_admin,
        }


@pytest.fixture
def results(world, create_user_f, create_challenge_f, create_idea_f):
    return Results(world, create_user_f, create_challenge_f, create_idea_f)
