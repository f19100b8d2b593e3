"""A world with departments: two departments of Heimby, a case officer in each, an input in the
first, and the helpers to sign a client in and read the audit log and the outbox."""

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Role
from cocreate.audit.models import AuditEvent
from cocreate.cases.services import add_department_member, assign_inputs, create_department
from cocreate.extensions import db
from cocreate.notifications.models import OutboxMessage
from tests.members.conftest import login  # noqa: F401 - re-exported for the tests


class Cases:
    def __init__(self, world, create_user_f, create_challenge_f, create_idea_f) -> None:
        self.world = world
        self.transport = create_department(
            world.municipality, name="Samferdsel", email="samferdsel@heimby.no", actor=None
        )
        self.school = create_department(world.municipality, name="Oppvekst", email=None, actor=None)
        self.elsewhere = create_department(world.other, name="Samferdsel", email=None, actor=None)
        self.officer = create_user_f(
            "saksbehandler@heimby.no",
            role=Role.case_officer,
            municipality=world.municipality,
            name="Siri Saksbehandler",
        )
        self.other_officer = create_user_f(
            "oppvekst@heimby.no",
            role=Role.case_officer,
            municipality=world.municipality,
            name="Olav Oppvekst",
        )
        add_department_member(self.transport, self.officer, actor=None)
        add_department_member(self.school, self.other_officer, actor=None)
        self.challenge = create_challenge_f(world.municipality)
        self.idea = create_idea_f(self.challenge, world.author, title="Ny busslomme ved skolen")
        self.other_idea = create_idea_f(self.challenge, world.author, title="Lengre friminutt")
        # The first input is the transport department's, by an administrator's assignment.
        assign_inputs([self.idea], self.transport, None, actor=world.admin)
        db.session.flush()

    def roles(self):
        """The permission matrix's people: anonymous, citizen, case officer of this department,
        case officer of another department, facilitator, admin, admin of another municipality."""
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
def cases(world, create_user_f, create_challenge_f, create_idea_f):
    return Cases(world, create_user_f, create_challenge_f, create_idea_f)


ROLES = ["anonymous", "citizen", "officer", "other_officer", "facilitator", "admin", "other_admin"]


def events(name: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)
        )
    )


def mails_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )
