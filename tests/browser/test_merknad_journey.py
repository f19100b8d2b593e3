"""Issue 24 §2 in a real browser: a hearing past its deadline with three statements (a council,
a signed-in resident, and a late letter registered by staff from a resident without an account).
A facilitator assesses all three on the merknader page (the last one, and a correction, with
JavaScript off), compiles the merknadsbehandling, downloads it as PDF and .docx and finds all
three with their assessments, and publishes the document's next version; the merknader page
and the version page pass axe in nb and en."""

import io
from datetime import timedelta
from uuid import uuid4

import docx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from cocreate.accounts.services import create_user
from cocreate.hearings.models import Assessment, Hearing, SenderKind, Statement, StatementChannel
from cocreate.municipalities.models import Municipality
from cocreate.pipeline.deadlines import today
from tests.hearings.test_assess_scene import add_statement, make_hearing

from .helpers import PASSWORD, axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser

ASSESS = {
    "council": ("Eldrerådet vil ha benker.", "Tatt til følge", "Benker kommer langs gangveien."),
    "resident": (
        "Mener husene blir for høye.",
        "Ikke tatt til følge",
        "Høyden følger kommuneplanen.",
    ),
    "letter": ("Vil beholde parken.", "Delvis tatt til følge", "Parken blir litt større."),
}


def _hearing(live, tag: str) -> tuple[int, dict[str, int]]:
    with live.db() as session:
        municipality = session.scalar(
            select(Municipality).where(Municipality.slug == live.world.slug)
        )
        hearing, _version, sections = make_hearing(
            municipality, deadline=today() - timedelta(days=3), title=f"Reguleringsplan {tag}"
        )
        author = create_user(f"beboer-{tag}@example.no", "Berit Beboer", PASSWORD, verified=True)
        ids = {
            "council": add_statement(
                hearing,
                sender_kind=SenderKind.council,
                sender_name=f"Eldrerådet {tag}",
                body="Vi ber om benker langs gangveien.",
            ).id,
            "resident": add_statement(
                hearing,
                section_id=sections[0].id,
                sender_kind=SenderKind.resident,
                sender_name=f"Berit Beboer {tag}",
                author_id=author.id,
                body="Husene blir for høye.",
            ).id,
            "letter": add_statement(
                hearing,
                section_id=sections[2].id,
                sender_kind=SenderKind.resident,
                sender_name=f"Per Brev {tag}",
                contact_email=f"brev-{tag}@example.no",
                channel=StatementChannel.registered,
                late=True,
                received_on=today() - timedelta(days=1),
                body="Brev: parken må ikke bli mindre.",
            ).id,
        }
        return hearing.id, ids


def _assess(page, statement_id: int, name: str) -> None:
    summary, label, reason = ASSESS[name]
    article = page.locator(f"#uttalelse-{statement_id}")
    article.get_by_label("Kort sammendrag").fill(summary)
    article.get_by_label(label, exact=True).check()
    article.get_by_label("Begrunnelse").fill(reason)
    article.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.locator(".flash-success")).to_contain_text("Vurderingen er lagret")


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        main(page).get_by_role("link", name=name).click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        return handle.read()


def test_staff_assess_compile_download_and_publish_the_next_version(live, new_context):
    tag = uuid4().hex[:6]
    hearing_id, ids = _hearing(live, tag)
    slug = live.world.slug
    base = f"/k/{slug}/horinger/{hearing_id}"

    staff = new_context().new_page()
    login(staff, live.world.facilitator_email)
    staff.goto(f"{base}/merknader")
    expect(h1(staff)).to_contain_text("Merknadsbehandling")
    problems = describe_violations("merknader (nb)", axe_violations(staff))
    _assess(staff, ids["council"], "council")
    _assess(staff, ids["resident"], "resident")

    # Without JavaScript: the third, and then a correction of the first.
    plain = new_context(java_script_enabled=False).new_page()
    login(plain, live.world.facilitator_email)
    plain.goto(f"{base}/merknader")
    _assess(plain, ids["letter"], "letter")
    article = plain.locator(f"#uttalelse-{ids['council']}")
    article.get_by_label("Delvis tatt til følge", exact=True).check()
    article.get_by_role("button", name="Rett vurderingen").click()
    expect(plain.locator(".flash-success")).to_contain_text("Vurderingen er rettet")
    plain.locator(f"#uttalelse-{ids['council']}").get_by_label("Tatt til følge", exact=True).check()
    plain.locator(f"#uttalelse-{ids['council']}").get_by_role(
        "button", name="Rett vurderingen"
    ).click()
    with live.db() as session:
        assessed = {
            s.id: s.assessment
            for s in session.scalars(select(Statement).where(Statement.hearing_id == hearing_id))
        }
    assert assessed == {
        ids["council"]: Assessment.adopted,
        ids["resident"]: Assessment.not_adopted,
        ids["letter"]: Assessment.partly,
    }

    # One action compiles it; every statement is assessed, so it counts as done.
    staff.goto(f"{base}/merknader")
    main(staff).get_by_role("button", name="Sett sammen merknadsbehandlingen").click()
    expect(staff.locator(".flash-success")).to_contain_text("Merknadsbehandlingen er satt sammen")
    with live.db() as session:
        assert session.get(Hearing, hearing_id).compiled_at is not None

    pdf = _download(staff, "Last ned merknadsbehandlingen som PDF")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    document = docx.Document(
        io.BytesIO(_download(staff, "Last ned merknadsbehandlingen som Word (.docx)"))
    )
    word = "\n".join(p.text for p in document.paragraphs)
    for sender in (f"Eldrerådet {tag}", f"Berit Beboer {tag}", f"Per Brev {tag}"):
        assert sender in text and sender in word
    for summary, label, reason in ASSESS.values():
        for found in (text, word):
            assert summary in found and label in found and reason in found
    assert f"Vurdering: {ASSESS['letter'][1]}" in word

    # The next version: the traffic section rewritten, the park section kept.
    main(staff).get_by_role("link", name="Publiser en ny versjon av dokumentet").click()
    expect(h1(staff)).to_contain_text("Ny versjon")
    main(staff).get_by_label("Hva er endret?").fill("Benker langs gangveien er lagt inn.")
    section = main(staff).locator("fieldset", has_text="Avsnitt 2")
    section.get_by_label("Tekst").fill("Adkomst fra Storgata. Benker settes opp langs gangveien.")
    main(staff).get_by_role("button", name="Publiser den nye versjonen").click()
    expect(h1(staff)).to_contain_text("Versjon 2")
    expect(main(staff).locator("ins").first).to_be_visible()
    expect(main(staff)).to_contain_text("Endret")
    problems += describe_violations("version (nb)", axe_violations(staff))

    # Everyone reads the version page, without JavaScript too.
    visitor = new_context(java_script_enabled=False).new_page()
    visitor.goto(f"{base}/versjon/2")
    expect(main(visitor).locator("del", has_text="fortau").first).to_contain_text("fjernet:")
    expect(main(visitor).locator("ins", has_text="Benker").first).to_contain_text("lagt til:")

    english = new_context("en").new_page()
    login(english, live.world.facilitator_email)
    for path in ("merknader", "versjon/2"):
        english.goto(f"{base}/{path}")
        problems += describe_violations(f"{path} (en)", axe_violations(english))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
