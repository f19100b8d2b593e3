"""The municipality's side in a real browser: a facilitator runs a workshop with two participants
on their phones (separate browser contexts, no accounts), publishes a note as an idea, answers
and moves it; an administrator opens a challenge and downloads an export."""

import csv
import io
import re
from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from .helpers import login, main
from .journeys import h1

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}


def local(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M")


def join_workshop(new_context, code: str, title: str):
    """A participant opens the join page on a phone and types the code."""
    page = new_context(**PHONE).new_page()
    page.goto("/w")
    main(page).get_by_label("Verkstedkode").fill(code)
    main(page).get_by_role("button", name="Bli med").click()
    expect(h1(page)).to_have_text(title)
    return page


def write_note(page, text: str) -> None:
    main(page).get_by_label("Din lapp").fill(text)
    main(page).get_by_role("button", name="Sett på veggen").click()
    expect(main(page).locator("#mine")).to_contain_text(text)


def give_dot(page, text: str) -> None:
    note = main(page).locator(".note-list li", has_text=text).first
    note.get_by_role("button", name="Gi en prikk").click()
    expect(main(page).locator(".note-list li", has_text=text).first).to_contain_text(
        "Ta bort prikken min"
    )


def test_facilitator_runs_workshop_publishes_answers_and_moves(live, new_context):
    world = live.world
    facilitator = new_context().new_page()
    login(facilitator, world.facilitator_email)

    # A new workshop on the challenge.
    facilitator.goto(f"/k/{world.slug}/utfordringer/{world.challenge_id}")
    main(facilitator).get_by_role("link", name="Nytt verksted").click()
    title = f"Kveldsmøte om Strandparken {uuid4().hex[:6]}"
    form = main(facilitator)
    form.get_by_label("Tittel").fill(title)
    form.get_by_label("Hybrid (fysisk og digitalt)").check()
    form.get_by_label("Sted").fill("Biblioteket, møterom 2")
    form.get_by_label("Lenke til digitalt møte").fill("https://møte.fjordvik.example/strandparken")
    start = datetime.now().replace(second=0, microsecond=0)
    form.get_by_label("Starter").fill(local(start))
    form.get_by_label("Slutter").fill(local(start + timedelta(hours=2)))
    form.get_by_role("button", name="Opprett verksted").click()
    expect(h1(facilitator)).to_have_text(title)
    code = main(facilitator).locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code), code
    main(facilitator).get_by_role("button", name="Start økten").click()
    expect(main(facilitator).locator(".badge").first).to_have_text("Pågår")

    # The wall is open on the projector while two participants join on their phones.
    main(facilitator).get_by_role("link", name=re.compile("^Veggen")).click()
    expect(h1(facilitator)).to_have_text("Veggen")
    anna = join_workshop(new_context, code, title)
    bo = join_workshop(new_context, code, title)
    note_a = f"Benker med tak mot regnet {uuid4().hex[:4]}"
    note_b = f"Lys i trærne om vinteren {uuid4().hex[:4]}"
    write_note(anna, note_a)
    write_note(bo, note_b)
    # The wall picks the notes up by itself (it polls its JSON; no reload).
    wall = main(facilitator).locator(".wall")
    expect(wall).to_contain_text(note_a, timeout=20_000)
    expect(wall).to_contain_text(note_b, timeout=20_000)

    # Dot votes: both give a dot to Anna's note, Anna also to Bo's.
    anna.get_by_role("link", name="Oppdater listen").click()
    give_dot(anna, note_a)
    give_dot(anna, note_b)
    bo.get_by_role("link", name="Oppdater listen").click()
    give_dot(bo, note_a)
    main(facilitator).get_by_role("link", name="Oppdater veggen").click()
    expect(main(facilitator).locator(".note", has_text=note_a)).to_contain_text("2 prikker")
    expect(main(facilitator).locator(".note", has_text=note_b)).to_contain_text("1 prikk")

    # Publish Anna's note as an idea of the challenge; its dots come along as workshop votes.
    main(facilitator).get_by_role("link", name="Publiser som innspill").click()
    main(facilitator).get_by_label(re.compile(re.escape(note_a))).check()
    main(facilitator).get_by_role("button", name="Publiser valgte").click()
    published = main(facilitator).get_by_role("link", name=note_a)
    expect(published).to_be_visible()

    # Answer and move it: hørt -> vurdert, with a public answer and a reference.
    published.click()
    expect(h1(facilitator)).to_have_text(note_a)
    main(facilitator).get_by_role("link", name="Svar og flytt innspillet").click()
    answer = f"Parkvesenet tar benker med tak med i planen for våren. {uuid4().hex[:6]}"
    main(facilitator).get_by_label("Nytt steg").select_option(label="Vurdert")
    main(facilitator).get_by_label("Offentlig svar").fill(answer)
    main(facilitator).get_by_label("Referanse (valgfritt)").fill("Sak 2026/1234")
    main(facilitator).get_by_role("button", name="Publiser svaret og flytt").click()
    timeline = main(facilitator).locator(".timeline")
    expect(timeline).to_contain_text(answer)
    expect(timeline).to_contain_text("Sak 2026/1234")

    # On the board the idea now stands in the Vurdert column.
    facilitator.goto(f"/k/{world.slug}/utfordringer/{world.challenge_id}/tavle")
    expect(main(facilitator).locator(".board-assessed")).to_contain_text(note_a)

    # Anna follows her note with the receipt code and sees the answer.
    anna.get_by_role("link", name="Oppdater listen").click()
    anna.locator("#mine .note", has_text=note_a).get_by_role("link").click()
    expect(main(anna)).to_contain_text("Vurdert")
    expect(main(anna)).to_contain_text(answer)


def test_admin_opens_challenge_and_downloads_export(live, new_context):
    world = live.world
    admin = new_context().new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/")
    main(admin).get_by_role("link", name="Ny utfordring").click()
    title = f"Hvordan får vi flere til å sykle til skolen? {uuid4().hex[:6]}"
    form = main(admin)
    form.get_by_label("Tittel").fill(title)
    form.get_by_label("Beskrivelse").fill("Vi vil høre fra elever, foreldre og naboer.")
    form.get_by_label("Prioriter klima og miljø").check()
    form.get_by_label("Involvere").check()
    form.get_by_role("button", name="Lagre som utkast").click()
    expect(h1(admin)).to_have_text(title)
    expect(main(admin).locator(".badge.phase-draft")).to_be_visible()

    main(admin).get_by_role("link", name="Publiser").click()
    main(admin).get_by_role("button", name=re.compile("^Flytt til")).click()
    expect(main(admin).locator(".badge.phase-open")).to_be_visible()

    # Everyone can now find it on the front page.
    visitor = new_context().new_page()
    visitor.goto("/")
    expect(main(visitor).get_by_role("link", name=title)).to_be_visible()

    # The export page offers each dataset; the ideas CSV downloads with a dated file name.
    admin.goto(f"/k/{world.slug}/")
    main(admin).get_by_role("link", name=re.compile("Eksport av data")).click()
    with admin.expect_download() as download_info:
        main(admin).get_by_role("link", name="CSV – Innspill").click()
    download = download_info.value
    today = datetime.now().strftime("%Y-%m-%d")
    assert world.slug in download.suggested_filename
    assert today in download.suggested_filename
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert "title" in rows[0], rows[0]
    titles = {row[rows[0].index("title")] for row in rows[1:]}
    assert "Lys langs strandpromenaden" in titles, rows[:3]
