"""The merknadsbehandling's scene, built straight from the models (the hearing feature's own
services are another branch's): Heimby's hearing on a zoning plan in three sections, past its
deadline, with five statements: a council on the whole document, an organisation on section 2, a
signed-in resident on section 1, a late letter registered by staff from a resident without an
account, and one hidden by moderation. Other test modules import the fixture from here."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from cocreate.accounts.models import Role
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.hearings.models import (
    Hearing,
    HearingSection,
    HearingVersion,
    SenderKind,
    Statement,
    StatementChannel,
)
from cocreate.ideas.models import Visibility
from cocreate.pipeline.deadlines import today

SECTIONS = (
    ("Formål", "Planen skal legge til rette for boliger nær sentrum."),
    ("Trafikk", "Adkomst skjer fra Storgata. Det bygges fortau langs hele veien."),
    ("Grøntområder", "Parken ved elva bevares som friområde."),
)
LETTER_EMAIL = "per.brev@example.no"


def make_hearing(municipality, *, deadline: date, title="Reguleringsplan for Elvebakken"):
    """A hearing opened 50 days before its deadline with version 1 of the document."""
    hearing = Hearing(
        municipality_id=municipality.id,
        title=title,
        summary="Planen for nye boliger ved elva.",
        opens_on=deadline - timedelta(days=50),
        deadline=deadline,
        opened_at=utcnow() - timedelta(days=50),
    )
    db.session.add(hearing)
    db.session.flush()
    version = HearingVersion(hearing_id=hearing.id, number=1, published_at=hearing.opened_at)
    db.session.add(version)
    db.session.flush()
    sections = []
    for number, (heading, body) in enumerate(SECTIONS, start=1):
        section = HearingSection(
            version_id=version.id,
            number=number,
            heading=heading,
            body=body,
            body_html=f"<p>{body}</p>",
        )
        db.session.add(section)
        sections.append(section)
    db.session.flush()
    return hearing, version, sections


def add_statement(hearing, **values) -> Statement:
    values.setdefault("received_on", hearing.deadline - timedelta(days=3))
    statement = Statement(hearing_id=hearing.id, **values)
    db.session.add(statement)
    db.session.flush()
    return statement


def build(world, create_user_f, *, deadline: date | None = None) -> SimpleNamespace:
    deadline = deadline or today() - timedelta(days=2)
    hearing, version, sections = make_hearing(world.municipality, deadline=deadline)
    resident = create_user_f("beboer@example.no", name="Berit Beboer")
    officer = create_user_f(
        "saksbehandler@heimby.no", role=Role.case_officer, municipality=world.municipality
    )
    council = add_statement(
        hearing,
        sender_kind=SenderKind.council,
        sender_name="Eldrerådet i Heimby",
        body="Eldrerådet ber om benker langs gangveien og universell utforming av parken.",
    )
    organisation = add_statement(
        hearing,
        section_id=sections[1].id,
        sender_kind=SenderKind.organisation,
        sender_name="Heimby Velforening",
        body="Fortauet må fortsette forbi skolen.",
    )
    web = add_statement(
        hearing,
        section_id=sections[0].id,
        sender_kind=SenderKind.resident,
        sender_name="Berit Beboer",
        author_id=resident.id,
        body="Boligene blir for høye for nabolaget.",
    )
    letter = add_statement(
        hearing,
        section_id=sections[2].id,
        sender_kind=SenderKind.resident,
        sender_name="Per Brev",
        contact_email=LETTER_EMAIL,
        channel=StatementChannel.registered,
        registered_by_id=world.facilitator.id,
        late=True,
        received_on=deadline + timedelta(days=1),
        body="Jeg sendte brev: parken må ikke bli mindre.",
    )
    hidden = add_statement(
        hearing,
        sender_kind=SenderKind.resident,
        sender_name="Skjult Person",
        author_id=world.citizen.id,
        visibility=Visibility.hidden,
        hidden_reason="abuse",
        body="Noe som ble skjult av moderator.",
    )
    return SimpleNamespace(
        world=world,
        hearing=hearing,
        version=version,
        sections=sections,
        resident=resident,
        officer=officer,
        council=council,
        organisation=organisation,
        web=web,
        letter=letter,
        hidden=hidden,
        taken=(council, organisation, web, letter),
    )


@pytest.fixture
def scene(world, create_user_f):
    return build(world, create_user_f)


@pytest.fixture
def early_scene(world, create_user_f):
    """The same hearing with its deadline today: not yet to be assessed."""
    return build(world, create_user_f, deadline=today())


def login(client, user) -> None:
    """Sign the test client in as `user` (None stays anonymous) without the log-in form."""
    if user is None:
        return
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
