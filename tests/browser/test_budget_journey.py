"""Issue 22 §2's journey in a real browser with JavaScript off: staff set a budget of
100 000 kr and make three projects of assessed inputs and print two paper codes; a signed-in
resident votes (an over-budget ballot is refused first); a paper code votes once and is refused
the second time; staff close the vote and see both results (greedy and equal shares) side by
side, choose equal shares and confirm it with the council's reference; the public page explains
the chosen rule and shows its result. The staff page, the ballot, the code page and the result
page pass axe in nb and en."""

import io
import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.ideas.services import submit_idea
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import Municipality
from cocreate.pipeline.services import move_idea

from .helpers import axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser
ASSESSED = "Vi har vurdert forslaget og regnet på hva det vil koste kommunen."


def _challenge_with_assessed_inputs(live, tag: str) -> tuple[int, list[str]]:
    titles = [f"Benker {tag}", f"Lys langs elva {tag}", f"Skatepark {tag}"]
    with live.db() as session:
        municipality = session.scalar(
            select(Municipality).where(Municipality.slug == live.world.slug)
        )
        admin = session.scalar(select(User).where(User.email == live.world.admin_email))
        citizen = session.scalar(select(User).where(User.email == live.world.citizen_email))
        challenge = create_challenge(
            municipality,
            title=f"Innbyggerbudsjett for parken {tag}",
            description="Hva skal parken få?",
            principles=principles_by_numbers([1]),
            actor=admin,
        )
        advance_phase(challenge, actor=admin)
        for title in titles:
            idea = submit_idea(challenge, title=title, body="Det trengs i parken.", author=citizen)
            move_idea(idea, Stage.assessed, answer=ASSESSED, actor=admin)
        return challenge.id, titles


def _axe(page, path: str, where: str) -> list[str]:
    page.goto(path)
    return describe_violations(where, axe_violations(page))


def _codes(data: bytes) -> list[str]:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return re.findall(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b", text)


def test_a_budget_vote_ends_in_both_results(live, new_context):
    world = live.world
    tag = uuid4().hex[:6]
    challenge_id, titles = _challenge_with_assessed_inputs(live, tag)
    base = f"/k/{world.slug}/utfordringer/{challenge_id}/budsjett"

    staff = new_context(java_script_enabled=False).new_page()
    login(staff, world.admin_email)
    staff.goto(f"/k/{world.slug}/utfordringer/{challenge_id}")
    main(staff).get_by_role("link", name="Lag et innbyggerbudsjett").click()
    expect(h1(staff)).to_contain_text("Styr budsjettet")
    main(staff).get_by_label("Budsjett i hele kroner").fill("100 000")
    main(staff).get_by_label("Stemmemåte").select_option("approval")
    main(staff).get_by_label("Regel for resultatet").select_option("greedy")
    main(staff).get_by_role("button", name="Lagre budsjettet").click()
    expect(staff.locator(".flash-success")).to_contain_text("Budsjettet er lagret")

    for title, cost in zip(titles, ("60 000", "50 000", "50 000"), strict=True):
        main(staff).get_by_label("Innspill", exact=True).select_option(label=title)
        main(staff).get_by_label("Prosjektets tittel").fill(title)
        main(staff).get_by_label("Kostnadsoverslag i hele kroner").fill(cost)
        main(staff).get_by_label("Forklaring av kostnaden").fill(
            "Teknisk etat har regnet på det ut fra tilsvarende arbeid i fjor."
        )
        main(staff).get_by_role("button", name="Legg til prosjektet").click()
        expect(staff.locator(".flash-success")).to_contain_text("Prosjektet er lagt til")
    # axe runs in a context with JavaScript on (axe is a script); the journey itself has none.
    checker = new_context().new_page()
    login(checker, world.admin_email)
    problems = _axe(checker, f"{base}/styr", "budget staff page (nb)")

    # The PDF is a download: posted through the staff's own browser session (cookies and the
    # form's CSRF token), as the button does, so the test can read the codes it printed.
    form = main(staff).locator("form", has=staff.get_by_label("Antall koder"))
    response = staff.request.post(
        live(f"{base}/koder"),
        form={
            "csrf_token": form.locator("input[name=csrf_token]").get_attribute("value"),
            "count": "2",
            "lang": "nn",
        },
    )
    assert response.ok and response.headers["content-type"] == "application/pdf"
    codes = _codes(response.body())
    assert len(codes) == 2
    main(staff).get_by_role("button", name="Åpne avstemningen").click()
    expect(staff.locator(".flash-success")).to_contain_text("Avstemningen er åpnet")

    # A signed-in resident: over the budget first, then within it.
    resident = new_context(java_script_enabled=False).new_page()
    login(resident, world.citizen_email)
    resident.goto(base)
    expect(main(resident).locator("#budget-sum")).to_contain_text("Igjen: 100\u00a0000 kr")
    main(resident).get_by_label(re.compile(re.escape(titles[0]))).check()
    main(resident).get_by_label(re.compile(re.escape(titles[1]))).check()
    main(resident).get_by_role("button", name="Stem", exact=True).click()
    expect(main(resident).locator(".error-summary")).to_contain_text(
        "koster 110\u00a0000 kr, men budsjettet er 100\u00a0000 kr"
    )
    problems += _axe(checker, base, "ballot (nb)")
    # With JavaScript the running sum follows the ticks; the refusal page passes axe too.
    main(checker).get_by_label(re.compile(re.escape(titles[0]))).check()
    main(checker).get_by_label(re.compile(re.escape(titles[1]))).check()
    expect(main(checker).locator("#budget-sum")).to_contain_text("Igjen: -10\u00a0000 kr")
    main(checker).get_by_role("button", name="Stem", exact=True).click()
    expect(main(checker).locator(".error-summary")).to_contain_text("budsjettet er 100")
    problems += describe_violations("ballot with an error (nb)", axe_violations(checker))
    main(resident).get_by_label(re.compile(re.escape(titles[1]))).uncheck()
    main(resident).get_by_role("button", name="Stem", exact=True).click()
    expect(resident.locator(".flash-success")).to_contain_text("Stemmen din er lagret")
    expect(main(resident).locator("#budget-sum")).to_contain_text("Igjen: 40\u00a0000 kr")

    # Paper codes, without an account: each votes for the two cheaper projects; a code works once.
    paper = new_context(java_script_enabled=False).new_page()
    for code in codes:
        paper.goto(f"{base}/kode")
        main(paper).get_by_label("Koden fra papirlappen").fill(code)
        main(paper).get_by_label(re.compile(re.escape(titles[1]))).check()
        main(paper).get_by_label(re.compile(re.escape(titles[2]))).check()
        main(paper).get_by_role("button", name="Stem", exact=True).click()
        expect(h1(paper)).to_have_text("Takk for stemmen")
    paper.goto(f"{base}/kode")
    problems += _axe(new_context().new_page(), f"{base}/kode", "code page (nb)")
    main(paper).get_by_label("Koden fra papirlappen").fill(codes[0])
    main(paper).get_by_label(re.compile(re.escape(titles[1]))).check()
    main(paper).get_by_role("button", name="Stem", exact=True).click()
    expect(main(paper).locator(".error-summary")).to_contain_text("Koden er allerede brukt")

    # Staff close: both results side by side. One vote for the first project (60 000), two for
    # each of the others (50 000 each): both rules choose the two others.
    staff.goto(f"{base}/styr")
    main(staff).get_by_role("button", name="Avslutt avstemningen og beregn resultatene").click()
    expect(staff.locator(".flash-success")).to_contain_text("Avstemningen er avsluttet")
    greedy = main(staff).locator("section.budget-rule").nth(0)
    shares = main(staff).locator("section.budget-rule").nth(1)
    expect(greedy).to_contain_text("Flest stemmer innenfor budsjettet (valgt)")
    expect(shares).to_contain_text("Like andeler")
    expect(greedy.get_by_role("row", name=re.compile(re.escape(titles[0])))).to_contain_text("Nei")
    expect(shares.get_by_role("row", name=re.compile(re.escape(titles[0])))).to_contain_text("Nei")
    expect(greedy.get_by_role("row", name=re.compile(re.escape(titles[1])))).to_contain_text("Ja")
    expect(shares.get_by_role("row", name=re.compile(re.escape(titles[2])))).to_contain_text("Ja")
    problems += _axe(checker, f"{base}/styr", "both results (nb)")
    main(staff).get_by_label("Regel for resultatet").select_option("equal_shares")
    main(staff).get_by_role("button", name="Velg regelen").click()
    expect(staff.locator(".flash-success")).to_contain_text("Regelen er valgt")
    main(staff).get_by_label("Referanse til vedtaket").fill(f"PS 2026/{tag}")
    main(staff).get_by_label("Offentlig svar til innspillene som vant").fill(
        "Kommunestyret vedtok innbyggerbudsjettet for parken i møtet i mai."
    )
    main(staff).get_by_role("button", name="Bekreft resultatet").click()
    expect(staff.locator(".flash-success")).to_contain_text("Resultatet er vedtatt")

    # The public page: the chosen rule, explained, and its result.
    visitor = new_context(java_script_enabled=False).new_page()
    visitor.goto(base)
    expect(main(visitor)).to_contain_text("Slik ble prosjektene valgt: Like andeler")
    expect(main(visitor)).to_contain_text("Budsjettet ble delt i like store andeler")
    expect(main(visitor)).to_contain_text(f"PS 2026/{tag}")
    expect(main(visitor).get_by_role("row", name=re.compile(re.escape(titles[2])))).to_contain_text(
        "Ja"
    )
    problems += _axe(new_context().new_page(), base, "public result (nb)")

    english = new_context("en", java_script_enabled=False).new_page()
    english.goto(base)
    expect(main(english)).to_contain_text("Equal shares")
    english_checker = new_context("en").new_page()
    problems += _axe(english_checker, base, "public result (en)")
    problems += _axe(english_checker, f"{base}/kode", "code page (en)")
    login(english_checker, world.admin_email)
    problems += _axe(english_checker, f"{base}/styr", "budget staff page (en)")
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
