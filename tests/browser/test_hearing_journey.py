"""Issue 24 §1 in a real browser, without JavaScript: an administrator keeps two consultees,
creates a hearing with three sections in Markdown, chooses both and sends it out; the letters
reach both through a real SMTP server; a resident gives a statement on section 2 anonymously;
a signed-in person writes on behalf of "Eldrerådet"; after the deadline staff register a letter;
the hearing page shows all three with the late one marked. Staff then assess all three; the
assessments are public on the hearing page, and the merknadsbehandling, compiled in one action,
lists all three with their assessments as PDF and as .docx (issue 24, "what must show" 1). The
hearing page and the create form pass axe in nb and en, and so do the other hearing pages on the
way."""

import io
import re
from datetime import timedelta
from uuid import uuid4

import docx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from cocreate.hearings.models import Hearing, Statement
from cocreate.notifications.outbox import send_pending
from cocreate.pipeline.deadlines import today
from tests.smtp import SMTPServer, part

from .helpers import axe_violations, describe_violations, login, main
from .journeys import h1
from .test_merknad_journey import ASSESS, _assess, _download

pytestmark = pytest.mark.browser

DOCUMENT = """## Formål

Planen skal gi trygge skoleveier.

## Fartsgrenser

Fartsgrensen settes ned til 30 km/t ved skolene.

## Gang- og sykkelveier

Nye gangfelt ved barnehagene.
"""


def _deliver_by_smtp(live, smtp: SMTPServer) -> None:
    """Hand the outbox to a real SMTP server, as the worker would in production."""
    app = live.app
    old = {key: app.config.get(key) for key in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    try:
        with app.app_context():
            send_pending()
    finally:
        app.config.update(old)


def test_a_hearing_from_letters_to_statements(live, new_context):
    world = live.world
    tag = uuid4().hex[:6]
    title = f"Trafikksikkerhetsplan {tag}"
    council, organisation = f"Eldrerådet {tag}", f"Idrettsrådet {tag}"
    council_mail, organisation_mail = f"eldre-{tag}@example.no", f"idrett-{tag}@example.no"
    with live.app.app_context():
        day = today()

    # The administrator, without JavaScript, keeps two consultees ...
    admin = new_context(java_script_enabled=False).new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/horingsinstanser")
    expect(h1(admin)).to_contain_text("Høringsinstanser")
    for name, kind, email in (
        (council, "Lovpålagt råd", council_mail),
        (organisation, "Organisasjon", organisation_mail),
    ):
        form = main(admin).locator("form", has=admin.get_by_role("button", name="Legg til"))
        form.get_by_label("Navn", exact=True).fill(name)
        form.get_by_label(kind, exact=True).check()
        form.get_by_label("E-postadresse for høringsbrevet").fill(email)
        form.get_by_role("button", name="Legg til").click()
        expect(admin.locator(".flash-success")).to_contain_text(name)

    # ... creates the hearing with three sections ...
    admin.goto(f"/k/{world.slug}/horinger")
    main(admin).get_by_role("link", name="Ny høring").click()
    expect(h1(admin)).to_have_text("Ny høring")
    main(admin).get_by_label("Tittel").fill(title)
    main(admin).get_by_label("Sammendrag").fill("Planen gjelder **skoleveiene**.")
    main(admin).get_by_label("Høringen åpner").fill(day.isoformat())
    main(admin).get_by_label("Frist for uttalelser").fill((day + timedelta(days=42)).isoformat())
    main(admin).get_by_label("Høringsdokumentet").fill(DOCUMENT)
    main(admin).get_by_role("button", name="Lagre som utkast").click()
    expect(admin.locator(".flash-success")).to_contain_text(title)
    expect(admin.locator(".flash-warning")).to_have_count(0)  # six weeks: no warning

    # ... chooses both consultees and sends it out.
    main(admin).get_by_label(council).check()
    main(admin).get_by_label(organisation).check()
    main(admin).get_by_role("button", name="Lagre høringsinstansene").click()
    expect(admin.locator(".flash-success")).to_contain_text("Høringsinstansene er lagret")
    main(admin).get_by_role("button", name="Send ut på høring").click()
    expect(admin.locator(".flash-success")).to_contain_text("sendt ut")
    expect(h1(admin)).to_have_text(title)
    hearing_path = admin.url.split(live.url, 1)[1].split("#")[0]
    for number, heading in ((1, "Formål"), (2, "Fartsgrenser"), (3, "Gang- og sykkelveier")):
        expect(main(admin).locator(f"#punkt-{number} h3")).to_have_text(f"{number}. {heading}")

    # The letters reach both consultees through a real SMTP server, with the page's link.
    smtp = SMTPServer().start()
    try:
        _deliver_by_smtp(live, smtp)
    finally:
        smtp.stop()
    letters = {
        m["To"]: part(m) for m in smtp.messages if m["To"] in (council_mail, organisation_mail)
    }
    assert set(letters) == {council_mail, organisation_mail}
    links = {re.search(r"https?://\S+/horinger/\d+", text).group(0) for text in letters.values()}
    assert links == {live.url + hearing_path}

    # A resident, without JavaScript, follows the link and speaks to section 2 anonymously.
    resident = new_context(java_script_enabled=False).new_page()
    login(resident, world.citizen_email)
    resident.goto(links.pop())
    main(resident).get_by_role("link", name=re.compile("^Gi uttalelse til punkt 2")).click()
    expect(h1(resident)).to_have_text("Gi uttalelse")
    main(resident).get_by_label("Anonymt, som innbygger").check()
    main(resident).get_by_label("Uttalelse", exact=True).fill("30 km/t er riktig ved skolen.")
    main(resident).get_by_role("button", name="Send uttalelsen").click()
    expect(resident.locator(".flash-success")).to_contain_text("Takk!")

    # Another signed-in person writes on behalf of the council, on the whole document.
    member = new_context(java_script_enabled=False).new_page()
    login(member, world.other_citizen_email)
    member.goto(hearing_path)
    main(member).get_by_role("link", name="Gi uttalelse til hele dokumentet").click()
    main(member).get_by_label(re.compile("^På vegne av et lovpålagt råd")).check()
    main(member).get_by_label("Navn på organisasjonen eller rådet").fill("Eldrerådet")
    main(member).get_by_label("Uttalelse", exact=True).fill("Rådet ber om benker langs veien.")
    main(member).get_by_role("button", name="Send uttalelsen").click()
    expect(member.locator(".flash-success")).to_contain_text("Takk!")

    # The deadline passes; a letter comes in and staff register it.
    with live.db() as session:
        hearing = session.scalar(select(Hearing).where(Hearing.title == title))
        hearing.opens_on, hearing.deadline = day - timedelta(days=43), day - timedelta(days=1)
    admin.goto(hearing_path)
    main(admin).get_by_role("link", name="Registrer uttalelse fra brev eller e-post").click()
    main(admin).get_by_label("Organisasjon", exact=True).check()
    main(admin).get_by_label("Avsenderens navn").fill(organisation)
    main(admin).get_by_label("E-postadresse for svar (valgfritt, vises ikke)").fill(
        organisation_mail
    )
    main(admin).get_by_label("Mottatt").fill(day.isoformat())
    main(admin).get_by_label("Uttalelsen gjelder").select_option(
        label="Punkt 3: Gang- og sykkelveier"
    )
    main(admin).get_by_label("Uttalelsen", exact=True).fill("Brevet kom dagen etter fristen.")
    main(admin).get_by_role("button", name="Registrer uttalelsen").click()
    expect(admin.locator(".flash-success")).to_contain_text("Uttalelsen er registrert")

    # Everyone sees the three; only the letter is marked late; the contact is not shown.
    visitor = new_context(java_script_enabled=False).new_page()
    visitor.goto(hearing_path)
    section_2 = main(visitor).locator("#punkt-2")
    expect(section_2).to_contain_text("30 km/t er riktig ved skolen.")
    expect(section_2).to_contain_text("Anonym innbygger")
    whole = main(visitor).locator(
        "section", has=visitor.get_by_role("heading", name="Uttalelser til hele dokumentet")
    )
    expect(whole).to_contain_text("Eldrerådet")
    expect(whole).to_contain_text("Lovpålagt råd")
    section_3 = main(visitor).locator("#punkt-3")
    expect(section_3).to_contain_text("Brevet kom dagen etter fristen.")
    expect(section_3).to_contain_text("Kom inn etter fristen")
    expect(main(visitor).get_by_text("Kom inn etter fristen")).to_have_count(1)
    expect(main(visitor)).not_to_contain_text(organisation_mail)
    with live.db() as session:
        statements = session.scalars(
            select(Statement).join(Hearing).where(Hearing.title == title)
        ).all()
        ids = {
            "council": next(s.id for s in statements if s.sender_name == "Eldrerådet"),
            "resident": next(s.id for s in statements if s.sender_name is None),
            "letter": next(s.id for s in statements if s.late),
        }
        assert sorted((s.sender_name or "", s.late) for s in statements) == [
            ("", False),
            ("Eldrerådet", False),
            (organisation, True),
        ]

    # Staff assess all three on the merknader page, without JavaScript ...
    admin.goto(f"{hearing_path}/merknader")
    for name, statement_id in ids.items():
        _assess(admin, statement_id, name)
    # ... the assessments are public on the hearing page ...
    visitor.goto(hearing_path)
    for statement_id, (_summary, label, reason) in zip(ids.values(), ASSESS.values(), strict=True):
        shown = main(visitor).locator(f"#uttalelse-{statement_id}")
        expect(shown).to_contain_text(label)
        expect(shown).to_contain_text(reason)
    # ... and the merknadsbehandling lists all three with their assessments, as PDF and .docx.
    admin.goto(f"{hearing_path}/merknader")
    main(admin).get_by_role("button", name="Sett sammen merknadsbehandlingen").click()
    expect(admin.locator(".flash-success")).to_contain_text("Merknadsbehandlingen er satt sammen")
    pdf = PdfReader(io.BytesIO(_download(admin, "Last ned merknadsbehandlingen som PDF")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    word_file = _download(admin, "Last ned merknadsbehandlingen som Word (.docx)")
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(word_file)).paragraphs)
    for found in (text, word):
        assert "Eldrerådet" in found and organisation in found and "Anonym" in found
        for summary, label, reason in ASSESS.values():
            assert summary in found and label in found and reason in found

    # axe on the hearing page and the create form, in nb and en (with JavaScript, for axe).
    problems: list[str] = []
    for lang in ("nb", "en"):
        staff = new_context(lang).new_page()
        login(staff, world.admin_email)
        staff.goto(hearing_path)
        problems += describe_violations(f"hearing page, staff ({lang})", axe_violations(staff))
        staff.goto(f"/k/{world.slug}/horinger/ny")
        problems += describe_violations(f"create form ({lang})", axe_violations(staff))
        for name, path in (
            ("edit page", f"{hearing_path}/endre"),
            ("register form", f"{hearing_path}/registrer"),
            ("consultees", f"/k/{world.slug}/horingsinstanser"),
            ("hearing list", f"/k/{world.slug}/horinger"),
        ):
            staff.goto(path)
            problems += describe_violations(f"{name} ({lang})", axe_violations(staff))
        writer = new_context(lang).new_page()
        login(writer, world.citizen_email)
        writer.goto(f"{hearing_path}/uttalelse")
        problems += describe_violations(f"statement form ({lang})", axe_violations(writer))
        reader = new_context(lang).new_page()
        reader.goto(hearing_path)
        problems += describe_violations(f"hearing page ({lang})", axe_violations(reader))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
