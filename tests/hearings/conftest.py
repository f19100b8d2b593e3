"""A world with hearings: Heimby's consultees (a council and an organisation), a draft hearing
and an opened one with three sections, and the helpers to sign in and read the outbox."""

import io
from datetime import timedelta

import pytest
from docx import Document
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.hearings.models import SenderKind
from cocreate.hearings.queries import current_version, sections_of
from cocreate.hearings.services import (
    add_consultee,
    create_hearing,
    open_hearing,
    set_hearing_consultees,
)
from cocreate.notifications.models import OutboxMessage
from cocreate.pipeline.deadlines import today
from tests.members.conftest import login  # noqa: F401 - re-exported for the tests

DOCUMENT = """## Formål

Planen skal gi trygge skoleveier.

## Trafikk

Fartsgrensen settes ned til 30 km/t ved skolene.

## Grøntområder

Parken ved elva utvides.
"""

# The smallest thing that starts as a PDF does; the service checks the first bytes only.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

ROLES = ["anonymous", "citizen", "facilitator", "admin", "other_admin"]


def docx_bytes(*blocks: tuple[str, str]) -> bytes:
    """A Word file of (style, text) paragraphs; style "" is a plain paragraph."""
    document = Document()
    for style, text in blocks:
        if style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        elif style == "Title":
            document.add_heading(text, level=0)
        elif style == "bold":
            paragraph = document.add_paragraph("Dette er ")
            paragraph.add_run(text).bold = True
            paragraph.add_run(" her.")
        else:
            document.add_paragraph(text, style=style or None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class Hearings:
    def __init__(self, world) -> None:
        self.world = world
        municipality = world.municipality
        self.council = add_consultee(
            municipality,
            name="Eldrerådet",
            kind=SenderKind.council,
            email="eldreradet@heimby.no",
            actor=None,
        )
        self.organisation = add_consultee(
            municipality,
            name="Naturvernforbundet Heimby",
            kind=SenderKind.organisation,
            email="post@naturvern-heimby.no",
            actor=None,
        )
        self.today = today()
        self.draft = create_hearing(
            municipality,
            title="Reguleringsplan for sentrum",
            summary="Planen gjelder **sentrum**.",
            opens_on=self.today,
            deadline=self.today + timedelta(days=42),
            document=DOCUMENT,
            actor=None,
        )
        self.hearing = create_hearing(
            municipality,
            title="Trafikksikkerhetsplan",
            summary="Om skoleveier.",
            opens_on=self.today - timedelta(days=10),
            deadline=self.today + timedelta(days=32),
            document=DOCUMENT,
            actor=None,
        )
        set_hearing_consultees(self.hearing, [self.council.id], actor=None)
        open_hearing(self.hearing, actor=None)
        self.sections = sections_of(current_version(self.hearing))
        db.session.flush()

    def roles(self):
        w = self.world
        return {
            "anonymous": None,
            "citizen": w.citizen,
            "facilitator": w.facilitator,
            "admin": w.admin,
            "other_admin": w.other_admin,
        }


@pytest.fixture
def hearings(world):
    return Hearings(world)


def outbox_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )
