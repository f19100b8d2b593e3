"""Issue 22 §1's journey in a real browser, without JavaScript: an administrator registers an
innbyggerforslag from minsak.no (a wrong address is refused in plain Norwegian), the public page
shows the threshold of the law and the countdown to the council's deadline, a resident follows
it, and the administrator records the council's decision with its answer and case number; the
follower and the initiators are told through a real SMTP server, and the follower in the app.
The list, the page, the form and the work page pass axe in nb and en."""

from datetime import timedelta
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.municipalities.models import Municipality
from cocreate.notifications.models import Notification
from cocreate.notifications.outbox import send_pending
from cocreate.proposals.rules import add_months, oslo_today, threshold
from tests.smtp import SMTPServer, part, subject

from .helpers import axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser


def _deliver_by_smtp(live, smtp: SMTPServer) -> None:
    app = live.app
    old = {key: app.config.get(key) for key in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    try:
        with app.app_context():
            send_pending()
    finally:
        app.config.update(old)


def test_a_proposal_from_minsak_counts_down_and_is_decided_with_a_notified_answer(
    live, new_context
):
    world = live.world
    tag = uuid4().hex[:6]
    title = f"Badeplass ved vannet {tag}"
    initiator_mail = f"forslag-{tag}@example.no"
    reference = f"2026/{tag}"
    submitted = oslo_today() - timedelta(days=20)
    with live.db() as session:
        municipality = session.scalar(select(Municipality).where(Municipality.slug == world.slug))
        needed = threshold(municipality)
    assert needed is not None

    # The administrator, without JavaScript, registers the proposal from minsak.no.
    admin = new_context(java_script_enabled=False).new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/innbyggerforslag")
    main(admin).get_by_role("link", name="Registrer et innbyggerforslag").click()
    expect(h1(admin)).to_have_text("Registrer et innbyggerforslag")
    form_path = admin.url.split(live.url, 1)[1]
    main(admin).get_by_label("Tittel på forslaget").fill(title)
    main(admin).get_by_label("Saken forslaget gjelder").fill(
        "Vi ber kommunen lage en universelt utformet badeplass ved vannet."
    )
    main(admin).get_by_label("minsak.no", exact=True).check()
    main(admin).get_by_label("Adressen til forslaget på minsak.no").fill("https://example.no/1")
    main(admin).get_by_label("Antall underskrifter").fill(str(needed + 40))
    main(admin).get_by_label("Antall gyldige underskrifter etter kontroll").fill(str(needed + 5))
    main(admin).get_by_label("Dato forslaget ble fremmet").fill(submitted.isoformat())
    main(admin).get_by_label("Forslagsstillernes navn").fill(f"Kari Nordmann {tag}")
    main(admin).get_by_label("Forslagsstillerne har samtykket til at navnene vises").check()
    main(admin).get_by_label("Forslagsstillernes e-postadresse (vises ikke)").fill(initiator_mail)
    main(admin).get_by_role("button", name="Lagre forslaget").click()
    expect(main(admin).locator(".error-summary")).to_contain_text("Adressen må være til minsak.no")
    main(admin).get_by_label("Adressen til forslaget på minsak.no").fill(
        f"https://minsak.no/forslag/{tag}"
    )
    main(admin).get_by_role("button", name="Lagre forslaget").click()
    expect(admin.locator(".flash-success")).to_contain_text("Innbyggerforslaget er registrert")
    expect(h1(admin)).to_have_text(title)
    proposal_path = admin.url.split(live.url, 1)[1]

    # The public page: the threshold, that it is reached, and the countdown.
    visitor = new_context(java_script_enabled=False).new_page()
    visitor.goto(proposal_path)
    days = (add_months(submitted, 6) - oslo_today()).days
    expect(main(visitor)).to_contain_text(f"{needed} gyldige underskrifter")
    expect(main(visitor)).to_contain_text("Forslaget har nok gyldige underskrifter")
    expect(main(visitor).locator(".countdown")).to_contain_text(f"{days} dager igjen")
    expect(main(visitor)).to_contain_text(f"Kari Nordmann {tag}")
    expect(main(visitor)).not_to_contain_text(initiator_mail)

    # A resident, without JavaScript, follows it.
    resident = new_context(java_script_enabled=False).new_page()
    login(resident, world.citizen_email)
    resident.goto(proposal_path)
    main(resident).get_by_role("button", name="Følg forslaget").click()
    expect(resident.locator(".flash-success")).to_contain_text("Du følger nå")

    # The council decides: the administrator records it with the answer and the case number.
    admin.goto(proposal_path)
    main(admin).get_by_role("link", name="Behandle forslaget").click()
    manage_path = admin.url.split(live.url, 1)[1]
    main(admin).get_by_label("Ny status").select_option(label="Behandlet: vedtatt")
    main(admin).get_by_label("Offentlig svar").fill(
        f"Kommunestyret vedtok forslaget {tag}. Badeplassen bygges neste sommer."
    )
    main(admin).get_by_role("button", name="Publiser svaret").click()
    expect(main(admin).locator(".error-summary")).to_contain_text("saksnummeret")
    main(admin).get_by_label("Ny status").select_option(label="Behandlet: vedtatt")
    main(admin).get_by_label("Offentlig svar").fill(
        f"Kommunestyret vedtok forslaget {tag}. Badeplassen bygges neste sommer."
    )
    main(admin).get_by_label("Saksnummer i kommunestyret").fill(reference)
    main(admin).get_by_role("button", name="Publiser svaret").click()
    expect(admin.locator(".flash-success")).to_contain_text("svaret er publisert")
    expect(main(admin)).to_contain_text(f"saksnummer {reference}")
    expect(main(admin)).to_contain_text("Behandlet: vedtatt")

    # The follower and the initiators are told through a real SMTP server.
    smtp = SMTPServer().start()
    try:
        _deliver_by_smtp(live, smtp)
    finally:
        smtp.stop()
    told = {m["To"]: m for m in smtp.messages if m["To"] in (world.citizen_email, initiator_mail)}
    assert set(told) == {world.citizen_email, initiator_mail}
    assert subject(told[world.citizen_email]) == f"Innbyggerforslaget «{title}»: Behandlet: vedtatt"
    assert reference in part(told[initiator_mail]) and proposal_path in part(told[initiator_mail])
    with live.db() as session:
        citizen = session.scalar(select(User).where(User.email == world.citizen_email))
        notes = session.scalars(
            select(Notification).where(
                Notification.user_id == citizen.id, Notification.kind == "proposal_moved"
            )
        ).all()
        assert any(title in n.subject for n in notes)

    # axe (with JavaScript, for axe) in nb and en on the list, the page, the form and the work page.
    problems: list[str] = []
    for lang in ("nb", "en"):
        staff = new_context(lang).new_page()
        login(staff, world.admin_email)
        for name, path in (
            ("list", f"/k/{world.slug}/innbyggerforslag"),
            ("proposal page", proposal_path),
            ("form", form_path),
            ("work page", manage_path),
        ):
            staff.goto(path)
            problems += describe_violations(f"{name} ({lang})", axe_violations(staff))
        reader = new_context(lang).new_page()
        reader.goto(proposal_path)
        problems += describe_violations(f"proposal page, visitor ({lang})", axe_violations(reader))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
