"""The hearings' services: the document in numbered sections, the period and its warning, the
files kept in the database, the consultees and the letters sent once."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.hearings.documents import DocumentError, join_sections, split_sections
from cocreate.hearings.files import FileError, clean_filename
from cocreate.hearings.models import (
    HearingConsultee,
    HearingVersion,
    SenderKind,
    StoredFile,
)
from cocreate.hearings.queries import current_version, sections_of
from cocreate.hearings.services import (
    HearingError,
    add_attachment,
    add_consultee,
    create_hearing,
    open_hearing,
    period_warning,
    remove_attachment,
    set_document,
    set_hearing_consultees,
    update_hearing,
)
from cocreate.notifications.models import OutboxMessage
from cocreate.pipeline.deadlines import today
from cocreate.refusals import NotAllowed
from tests.hearings.conftest import DOCUMENT, PDF, outbox_to


def _outbox() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id))) or 0


def test_a_document_is_split_at_its_headings():
    sections = split_sections(DOCUMENT)
    assert [(s.heading, s.body) for s in sections] == [
        ("Formål", "Planen skal gi trygge skoleveier."),
        ("Trafikk", "Fartsgrensen settes ned til 30 km/t ved skolene."),
        ("Grøntområder", "Parken ved elva utvides."),
    ]
    again = split_sections(join_sections([(s.heading, s.body) for s in sections]))
    assert again == sections


def test_lower_headings_and_code_blocks_stay_inside_a_section():
    text = "# Én\n\n### Under\n\ntekst\n\n```\n## ikke en overskrift\n```\n## To ##\n"
    sections = split_sections(text)
    assert [s.heading for s in sections] == ["Én", "To"]
    assert "### Under" in sections[0].body and "## ikke en overskrift" in sections[0].body


@pytest.mark.parametrize(
    "text, message",
    [
        ("Tekst før første overskrift\n## Punkt", "må begynne med en overskrift"),
        ("", "minst ett punkt"),
        ("## " + "x" * 201, "Overskriften må ha"),
    ],
)
def test_a_malformed_document_is_refused(text, message):
    with pytest.raises(DocumentError, match=message):
        split_sections(text)


def test_a_hearing_is_created_as_a_draft_with_version_one(world):
    day = today()
    hearing = create_hearing(
        world.municipality,
        title="Plan for parker",
        summary="Se **vedlegget**.",
        opens_on=day,
        deadline=day + timedelta(days=42),
        document=DOCUMENT,
        actor=world.facilitator,
    )
    assert not hearing.is_open and hearing.created_by_id == world.facilitator.id
    assert "<strong>vedlegget</strong>" in hearing.summary_html
    version = current_version(hearing)
    assert version.number == 1 and version.published_at is None
    assert [s.number for s in sections_of(version)] == [1, 2, 3]
    assert db.session.scalar(select(AuditEvent.event).where(AuditEvent.event == "hearing.created"))


def test_six_weeks_is_the_minimum_the_warning_names(hearings):
    day = hearings.today
    assert period_warning(day, day + timedelta(days=42)) is None
    warning = period_warning(day, day + timedelta(days=41))
    assert warning and "Plan- og bygningsloven § 5-2" in warning
    # Short is allowed; a deadline before the opening is not.
    update_hearing(
        hearings.draft,
        title="Kort høring",
        opens_on=day,
        deadline=day + timedelta(days=7),
        actor=hearings.world.admin,
    )
    with pytest.raises(HearingError, match="Fristen kan ikke være før"):
        update_hearing(
            hearings.draft,
            title="Kort høring",
            opens_on=day,
            deadline=day - timedelta(days=1),
            actor=hearings.world.admin,
        )


def test_only_staff_of_the_municipality_keep_hearings(hearings, create_challenge_f):
    world = hearings.world
    for person in (world.citizen, world.other_admin):
        with pytest.raises(NotAllowed):
            update_hearing(
                hearings.draft,
                title="Ny tittel",
                opens_on=hearings.today,
                deadline=hearings.today,
                actor=person,
            )
        with pytest.raises(NotAllowed):
            open_hearing(hearings.draft, actor=person)
        with pytest.raises(NotAllowed):
            add_consultee(
                world.municipality,
                name="Ungdomsrådet",
                kind=SenderKind.council,
                email="u@heimby.no",
                actor=person,
            )
    elsewhere = create_challenge_f(world.other)
    with pytest.raises(HearingError, match="utfordring i denne kommunen"):
        update_hearing(
            hearings.draft,
            title="Ny tittel",
            opens_on=hearings.today,
            deadline=hearings.today,
            challenge=elsewhere,
            actor=world.admin,
        )


def test_the_document_is_fixed_once_the_hearing_is_sent_out(hearings):
    set_document(hearings.draft, "## Bare ett punkt\n\nKort.", actor=hearings.world.admin)
    assert [s.heading for s in sections_of(current_version(hearings.draft))] == ["Bare ett punkt"]
    with pytest.raises(NotAllowed, match="kan ikke lenger endres"):
        set_document(hearings.hearing, DOCUMENT, actor=hearings.world.admin)


def test_opening_publishes_version_one_and_sends_each_letter_once(hearings):
    h = hearings
    set_hearing_consultees(h.draft, [h.council.id, h.organisation.id], actor=h.world.admin)
    assert _outbox() == 1  # the opened hearing's letter to the council, from the fixture
    letters = open_hearing(h.draft, actor=h.world.admin)
    assert letters == 2
    version = db.session.scalar(
        select(HearingVersion).where(HearingVersion.hearing_id == h.draft.id)
    )
    assert h.draft.opened_at is not None and version.published_at is not None
    sent = db.session.scalars(
        select(HearingConsultee.letter_sent_at).where(HearingConsultee.hearing_id == h.draft.id)
    ).all()
    assert len(sent) == 2 and all(sent)
    mail = outbox_to("post@naturvern-heimby.no")[0]
    assert mail.subject == "Høring: Reguleringsplan for sentrum – Heimby kommune"
    assert f"/k/heimby/horinger/{h.draft.id}" in mail.text and "Naturvernforbundet" in mail.text
    with pytest.raises(NotAllowed, match="allerede sendt ut"):
        open_hearing(h.draft, actor=h.world.admin)
    with pytest.raises(HearingError, match="allerede sendt ut"):
        open_hearing(h.draft, actor=None)
    assert _outbox() == 3
    # Choosing the same consultees again sends nothing; a new one gets its letter at once.
    assert (
        set_hearing_consultees(h.draft, [h.council.id, h.organisation.id], actor=h.world.admin) == 0
    )
    youth = add_consultee(
        h.world.municipality,
        name="Ungdomsrådet",
        kind=SenderKind.council,
        email="ungdomsradet@heimby.no",
        actor=h.world.admin,
    )
    assert set_hearing_consultees(h.draft, [youth.id], actor=h.world.admin) == 1
    assert _outbox() == 4
    # Those who had their letter stay on the hearing's list.
    assert (
        db.session.scalar(select(func.count()).where(HearingConsultee.hearing_id == h.draft.id))
        == 3
    )


def test_consultees_are_unique_per_municipality_and_never_residents(hearings):
    world = hearings.world
    with pytest.raises(HearingError, match="står allerede på listen"):
        add_consultee(
            world.municipality,
            name="eldrerådet",
            kind=SenderKind.council,
            email="x@heimby.no",
            actor=world.admin,
        )
    with pytest.raises(HearingError, match="organisasjon eller et lovpålagt råd"):
        add_consultee(
            world.municipality,
            name="Ola",
            kind=SenderKind.resident,
            email="ola@example.no",
            actor=world.admin,
        )
    # Another municipality may have its own council of the same name.
    add_consultee(
        world.other, name="Eldrerådet", kind=SenderKind.council, email="e@bortby.no", actor=None
    )


def test_attachments_are_pdfs_kept_in_the_database(app, hearings, monkeypatch):
    stored = add_attachment(hearings.draft, "C:\\Planer\\plan\x07.PDF", PDF, actor=None)
    assert stored.filename == "plan.pdf" and stored.content_type == "application/pdf"
    assert len(stored.sha256) == 64
    db.session.expire_all()
    assert db.session.get(StoredFile, stored.id).data == PDF
    with pytest.raises(FileError, match="ikke en PDF"):
        add_attachment(hearings.draft, "plan.pdf", b"PK\x03\x04", actor=None)
    with pytest.raises(FileError, match="tom"):
        add_attachment(hearings.draft, "plan.pdf", b"", actor=None)
    monkeypatch.setitem(app.config, "HEARING_FILE_MAX_BYTES", len(PDF) - 1)
    with pytest.raises(FileError, match="for stor"):
        add_attachment(hearings.draft, "plan.pdf", PDF, actor=None)
    remove_attachment(hearings.draft, stored.id, actor=hearings.world.admin)
    assert db.session.get(StoredFile, stored.id) is None


def test_clean_filenames():
    assert clean_filename("../../etc/passwd") == "passwd.pdf"
    assert clean_filename("") == "dokument.pdf"
    assert clean_filename('Høring "A".pdf') == "Høring A.pdf"
    assert len(clean_filename("x" * 500 + ".pdf")) == 200
