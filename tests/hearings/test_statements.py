"""Statements: given by residents (named or anonymous), on behalf of an organisation or a
council, registered by staff; late ones accepted and marked; pre-moderation, hiding and
publishing as for inputs; the posting limit."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate import create_app
from cocreate.extensions import db, limiter
from cocreate.hearings.files import FileError
from cocreate.hearings.models import SenderKind, Statement, StatementChannel
from cocreate.hearings.permissions import can_view_statement
from cocreate.hearings.queries import current_version, sections_of
from cocreate.hearings.services import (
    HearingError,
    create_hearing,
    give_statement,
    hide_statement,
    open_hearing,
    publish_statement,
    register_statement,
)
from cocreate.ideas.models import Visibility
from cocreate.notifications.models import Notification
from cocreate.refusals import NotAllowed
from tests.conftest import make_config
from tests.hearings.conftest import DOCUMENT, PDF, login
from tests.isolation import share_transaction


def test_a_resident_is_shown_by_name_or_anonymously(hearings):
    h = hearings
    named = give_statement(
        h.hearing,
        author=h.world.citizen,
        body="Bra.",
        sender_name=h.world.citizen.display_name,
        section=h.sections[0],
    )
    anonymous = give_statement(h.hearing, author=h.world.author, body="Enig.")
    assert named.sender_name == "Test Testesen" and anonymous.sender_name is None
    assert named.channel is StatementChannel.web and named.received_on == h.today
    assert named.visibility is Visibility.published and not named.late


def test_an_organisation_always_has_a_name(hearings):
    with pytest.raises(HearingError, match="navnet på organisasjonen"):
        give_statement(
            hearings.hearing,
            author=hearings.world.citizen,
            body="Tekst.",
            sender_kind=SenderKind.organisation,
        )


def test_a_section_of_another_hearing_is_refused(hearings):
    other = sections_of(current_version(hearings.draft))[0]
    with pytest.raises(HearingError, match="punkt i dette dokumentet"):
        give_statement(hearings.hearing, author=hearings.world.citizen, body="X", section=other)


def test_statements_come_in_only_on_an_opened_hearing_from_its_first_day(hearings):
    h = hearings
    with pytest.raises(NotAllowed, match="ikke sendt ut"):
        give_statement(h.draft, author=h.world.citizen, body="For tidlig.")
    with pytest.raises(NotAllowed, match="ikke sendt ut"):
        register_statement(
            h.draft,
            actor=h.world.admin,
            sender_kind=SenderKind.resident,
            sender_name=None,
            body="Brev.",
            received_on=h.today,
        )
    h.hearing.opens_on = h.today + timedelta(days=1)
    h.hearing.deadline = h.today + timedelta(days=50)
    with pytest.raises(NotAllowed, match="Høringen åpner"):
        give_statement(h.hearing, author=h.world.citizen, body="For tidlig.")


def test_an_unverified_person_may_not_give_a_statement(hearings, create_user_f):
    person = create_user_f("ny@example.no", verified=False)
    with pytest.raises(NotAllowed, match="Bekreft e-postadressen"):
        give_statement(hearings.hearing, author=person, body="Hei.")


def test_a_statement_after_the_deadline_is_taken_and_marked_late(hearings):
    h = hearings
    h.hearing.opens_on = h.today - timedelta(days=60)
    h.hearing.deadline = h.today - timedelta(days=1)
    late = give_statement(h.hearing, author=h.world.citizen, body="Sent, men viktig.")
    assert late.late
    on_time = register_statement(
        h.hearing,
        actor=h.world.facilitator,
        sender_kind=SenderKind.council,
        sender_name="Eldrerådet",
        body="Brevet kom i tide.",
        received_on=h.hearing.deadline,
    )
    assert not on_time.late and on_time.consultee_id == h.council.id
    assert on_time.registered_by_id == h.world.facilitator.id


def test_registered_statements_keep_a_private_contact_and_no_future_date(hearings):
    h = hearings
    with pytest.raises(HearingError, match="fram i tid"):
        register_statement(
            h.hearing,
            actor=h.world.admin,
            sender_kind=SenderKind.resident,
            sender_name=None,
            body="Brev.",
            received_on=h.today + timedelta(days=1),
        )
    statement = register_statement(
        h.hearing,
        actor=h.world.admin,
        sender_kind=SenderKind.resident,
        sender_name="Kari Nordmann",
        contact_email="kari@example.no",
        body="Brev.",
        received_on=h.today,
        upload=("brev.pdf", PDF),
    )
    assert statement.contact_email == "kari@example.no" and statement.file.filename == "brev.pdf"
    with pytest.raises(NotAllowed):
        register_statement(
            h.hearing,
            actor=h.world.citizen,
            sender_kind=SenderKind.resident,
            sender_name=None,
            body="Brev.",
            received_on=h.today,
        )


def test_a_statement_pdf_is_checked(hearings):
    with pytest.raises(FileError, match="ikke en PDF"):
        give_statement(
            hearings.hearing,
            author=hearings.world.citizen,
            body="Se vedlegg.",
            upload=("x.pdf", b"GIF89a"),
        )


def test_statements_wait_under_the_challenges_premoderation(hearings, create_challenge_f):
    h = hearings
    challenge = create_challenge_f(h.world.municipality, premoderation=True)
    hearing = create_hearing(
        h.world.municipality,
        title="Høring under utfordringen",
        opens_on=h.today,
        deadline=h.today + timedelta(days=42),
        document=DOCUMENT,
        challenge=challenge,
        actor=None,
    )
    open_hearing(hearing, actor=None)
    statement = give_statement(hearing, author=h.world.author, body="Venter.")
    assert statement.visibility is Visibility.pending
    assert can_view_statement(h.world.author, statement)
    assert can_view_statement(h.world.facilitator, statement)
    assert not can_view_statement(h.world.citizen, statement)
    assert not can_view_statement(None, statement)
    publish_statement(statement, actor=h.world.facilitator)
    assert statement.visibility is Visibility.published and can_view_statement(None, statement)


def test_staff_hide_with_a_reason_and_publish_again(client, hearings):
    h = hearings
    statement = give_statement(
        h.hearing, author=h.world.author, body="Noe stygt.", section=h.sections[1]
    )
    with pytest.raises(HearingError, match="grunn fra listen"):
        hide_statement(statement, reason="tull", note="", actor=h.world.facilitator)
    with pytest.raises(HearingError, match="Bare kommunens"):
        hide_statement(statement, reason="hets", note="", actor=h.world.other_admin)
    login(client, h.world.facilitator)
    response = client.post(
        f"/k/heimby/uttalelser/{statement.id}/skjul",
        data={"reason": "hets", "note": "Personangrep."},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert (statement.visibility, statement.hidden_reason) == (Visibility.hidden, "hets")
    (notice,) = db.session.scalars(
        select(Notification).where(Notification.user_id == h.world.author.id)
    ).all()
    assert notice.kind == "statement_moderated"
    assert "Trafikksikkerhetsplan" in notice.subject and "Hets" in notice.text
    visitor = client.application.test_client()
    page = visitor.get(f"/k/heimby/horinger/{h.hearing.id}").get_data(as_text=True)
    assert "Noe stygt." not in page
    assert "Denne uttalelsen er skjult av kommunen. Grunn: Hets" in page
    client.post(f"/k/heimby/uttalelser/{statement.id}/publiser")
    db.session.expire_all()
    assert statement.visibility is Visibility.published and statement.hidden_reason is None
    page = visitor.get(f"/k/heimby/horinger/{h.hearing.id}").get_data(as_text=True)
    assert "Noe stygt." in page


def test_a_pending_statement_is_seen_by_its_author_only(client, hearings, create_challenge_f):
    h = hearings
    statement = give_statement(h.hearing, author=h.world.author, body="Mitt innspill.")
    statement.visibility = Visibility.pending
    db.session.flush()
    visitor = client.application.test_client()
    assert "Mitt innspill." not in visitor.get(f"/k/heimby/horinger/{h.hearing.id}").get_data(
        as_text=True
    )
    login(client, h.world.author)
    page = client.get(f"/k/heimby/horinger/{h.hearing.id}").get_data(as_text=True)
    assert "Mitt innspill." in page and "Venter på godkjenning" in page


def test_a_hidden_statements_pdf_is_not_served(client, hearings):
    h = hearings
    statement = give_statement(
        h.hearing, author=h.world.author, body="Se PDF.", upload=("a.pdf", PDF)
    )
    url = f"/k/heimby/horinger/{h.hearing.id}/filer/{statement.file_id}"
    assert client.get(url).status_code == 200
    hide_statement(statement, reason="spam", note="", actor=None)
    assert client.get(url).status_code == 404
    login(client, h.world.admin)
    assert client.get(url).status_code == 200


@pytest.fixture
def limited_app(app):
    """A second app on the same database with rate limits on (as tests/ideas/test_rate_limits)."""
    config = make_config(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True)
    config.RATELIMIT_STORAGE_URI = "memory://"
    limited = create_app(config)
    limiter.reset()
    with share_transaction(limited, app):
        yield limited
    limiter.reset()
    limiter.enabled = False
    with limited.app_context():
        db.engine.dispose()


def test_posting_statements_is_limited(limited_app, hearings):
    client = limited_app.test_client()
    login(client, hearings.world.citizen)
    url = f"/k/heimby/horinger/{hearings.hearing.id}/uttalelse"
    codes = [
        client.post(
            url, data={"section_id": "0", "shown_as": "anonymous", "body": f"Nr {n}"}
        ).status_code
        for n in range(6)
    ]
    assert codes == [303] * 5 + [429]
    assert len(db.session.scalars(select(Statement)).all()) == 5
