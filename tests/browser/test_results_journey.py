"""Issue 24 §3's journey in a real browser, without JavaScript doing the work: an administrator
creates a result (tiltak) under a challenge, links four inputs, reports 50 % and then done; each
person behind the inputs gets one e-mail per update through the real SMTP server; the public
trace of the council decision lists the four inputs. The result form, the result page, the
Resultater page and the trace page pass axe in nb and en."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from cocreate.accounts.services import create_user
from cocreate.challenges.models import Challenge
from cocreate.ideas.services import follow_idea, submit_idea
from cocreate.notifications.outbox import send_pending

from .helpers import PASSWORD, axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser


def _inputs(live, tag: str) -> tuple[list[str], list[str]]:
    """Four inputs: one person wrote two of them, two others one each; a fourth person follows
    one of them."""
    titles = [f"Busslomme {tag}", f"Gatelys {tag}", f"Fotgjengerfelt {tag}", f"Sykkelstativ {tag}"]
    emails = [f"{name}-{tag}@example.no" for name in ("aud", "per", "kari", "finn")]
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        people = [create_user(e, "Innbygger", PASSWORD, verified=True) for e in emails]
        authors = [people[0], people[0], people[1], people[2]]
        for title, author in zip(titles, authors, strict=True):
            idea = submit_idea(challenge, title=title, body="Trygg skolevei, takk.", author=author)
            if title == titles[3]:
                follow_idea(idea, people[3])
    return titles, emails


def _deliver(live) -> None:
    with live.app.app_context():
        send_pending()


def test_a_result_links_four_inputs_reports_progress_and_traces_the_decision(live, new_context):
    world = live.world
    tag = uuid4().hex[:6]
    reference = f"2026/{tag}"
    titles, emails = _inputs(live, tag)
    title = f"Trygg skolevei {tag}"

    admin = new_context().new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/utfordringer/{world.challenge_id}")
    main(admin).get_by_role("link", name="Nytt resultat").first.click()
    expect(h1(admin)).to_contain_text("Nytt resultat")
    problems = describe_violations("result form (nb)", axe_violations(admin))
    form_path = admin.url.split(live.url, 1)[1]
    main(admin).get_by_label("Tittel på tiltaket").fill(title)
    main(admin).get_by_label("Beskrivelse").fill("Vi bygger **busslomme** og fotgjengerfelt.")
    main(admin).get_by_label("Kostnadsoverslag i kroner (valgfritt)").fill("-5")
    main(admin).get_by_role("button", name="Lagre resultatet").click()
    expect(main(admin).locator(".error-message")).to_contain_text("kan ikke være negativt")
    problems += describe_violations("result form with errors (nb)", axe_violations(admin))
    main(admin).get_by_label("Kostnadsoverslag i kroner (valgfritt)").fill("1 250 000")
    main(admin).get_by_label("Vedtak (saksnummer, valgfritt)").fill(reference)
    main(admin).get_by_role("button", name="Lagre resultatet").click()
    expect(h1(admin)).to_contain_text("Behandle resultat")

    # Link the four inputs.
    for input_title in titles:
        main(admin).get_by_label(re.compile(re.escape(input_title))).check()
    main(admin).get_by_role("button", name="Knytt valgte innspill").click()
    expect(admin.locator(".flash-success")).to_contain_text("4 innspill er knyttet")

    # 50 %, then done: two public updates.
    for progress, status, note in (
        ("50", "Under arbeid", "Busslommen er halvveis."),
        ("100", "Gjennomført", "Alt er bygget."),
    ):
        main(admin).get_by_label("Fremdrift i prosent (0–100)").fill(progress)
        main(admin).get_by_label("Status", exact=True).select_option(label=status)
        main(admin).get_by_label("Hva er nytt? (vises offentlig)").fill(note)
        main(admin).get_by_role("button", name="Publiser oppdateringen").click()
        expect(admin.locator(".flash-success")).to_contain_text("Oppdateringen er publisert")
        _deliver(live)
    # One e-mail per person per update, whatever the number of their inputs.
    for email in emails:
        assert len(live.mails_to(email)) == 2, email
    problems += describe_violations("manage page (nb)", axe_violations(admin))

    # The result is done: its four inputs move to gjort in one action.
    main(admin).get_by_label("Offentlig svar til innspillene").fill(
        "Tiltaket er gjennomført: busslomme, gatelys, fotgjengerfelt og sykkelstativ er på plass."
    )
    main(admin).get_by_role("button", name="Flytt innspillene til «Gjort»").click()
    expect(admin.locator(".flash-success")).to_contain_text("4 innspill er flyttet til «Gjort»")

    # The public result page.
    main(admin).get_by_role("link", name=title).click()
    expect(h1(admin)).to_have_text(title)
    result_path = admin.url.split(live.url, 1)[1]
    expect(main(admin)).to_contain_text("1\u00a0250\u00a0000 kr")
    expect(main(admin)).to_contain_text("Alt er bygget.")
    problems += describe_violations("result page (nb)", axe_violations(admin))

    # The trace of the decision lists the four inputs.
    main(admin).get_by_role("link", name=reference).click()
    expect(h1(admin)).to_contain_text(f"Vedtak {reference}")
    for input_title in titles:
        expect(main(admin).get_by_role("link", name=input_title)).to_be_visible()
    trace_path = admin.url.split(live.url, 1)[1]
    expect(main(admin)).to_contain_text("busslomme, gatelys, fotgjengerfelt og sykkelstativ")
    problems += describe_violations("trace page (nb)", axe_violations(admin))

    # An input's own page shows the result and its progress.
    main(admin).get_by_role("link", name=titles[0]).click()
    expect(
        main(admin).get_by_role("heading", name="Tiltak som svarer på innspillet")
    ).to_be_visible()
    expect(main(admin).get_by_role("link", name=title)).to_be_visible()

    # The Resultater page, as a visitor.
    visitor = new_context().new_page()
    visitor.goto(f"/k/{world.slug}/resultater")
    expect(main(visitor).get_by_role("link", name=title)).to_be_visible()
    expect(main(visitor).locator("progress").first).to_be_visible()
    problems += describe_violations("Resultater (nb)", axe_violations(visitor))

    english = new_context("en").new_page()
    login(english, world.admin_email)
    for name, path in (
        ("result form", form_path),
        ("result page", result_path),
        ("Resultater", f"/k/{world.slug}/resultater"),
        ("trace page", trace_path),
    ):
        english.goto(path)
        problems += describe_violations(f"{name} (en)", axe_violations(english))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
