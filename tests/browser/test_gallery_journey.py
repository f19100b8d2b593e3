"""Issue 25's first must-show journey in a real browser with JavaScript off: municipality A's
input reaches gjort and appears in «Gjort i kommunene»; municipality B's administrator takes it in
(an input at besluttet in one of B's challenges); A's input page shows «Tatt i bruk i 1 kommune»
with a link to B's input, and A's administrator moves it to skalert citing B. The gallery, the
entry page, the adoption form and the move to skalert pass axe in nb and en."""

import random
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from cocreate.accounts.models import Role
from cocreate.accounts.services import create_user, set_role
from cocreate.challenges.models import Challenge
from cocreate.challenges.services import create_challenge, principles_by_numbers, publish_challenge
from cocreate.ideas.services import submit_idea
from cocreate.municipalities.services import create_municipality

from .helpers import PASSWORD, axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser


def _municipality_b(live, tag: str) -> tuple[str, str, str]:
    """Municipality B with an administrator and a published challenge."""
    name = f"Nabovik {tag}"
    email = f"admin-{tag}@nabovik.no"
    with live.db():
        b = create_municipality(
            name=name,
            slug=f"nabovik-{tag}",
            number=f"{random.randint(5000, 8999)}",
            kind="kommune",
            population=8000,
        )
        admin = create_user(email, "Nina Nabo", PASSWORD, verified=True)
        set_role(admin, b, Role.admin, actor=None)
        challenge = create_challenge(
            b,
            title=f"Et levende sentrum i Nabovik {tag}",
            description="Hva skal til?",
            principles=principles_by_numbers([1]),
            actor=admin,
        )
        publish_challenge(challenge, actor=admin)
        challenge_title = challenge.title
    return name, email, challenge_title


def _input_in_a(live, title: str) -> int:
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        idea = submit_idea(challenge, title=title, body="Benker og lys ved stranda.", author=None)
        session.flush()
        idea_id = idea.id
    return idea_id


def _axe(new_context, lang: str, email: str | None, paths: dict[str, str]) -> list[str]:
    """axe in a context with JavaScript on (axe-core runs in the page), as this person."""
    page = new_context(lang).new_page()
    if email:
        login(page, email)
    problems = []
    for where, path in paths.items():
        page.goto(path)
        problems += describe_violations(f"{where} ({lang})", axe_violations(page))
    return problems


def test_an_input_done_in_a_is_adopted_by_b_and_a_moves_it_to_skalert(live, new_context):
    world = live.world
    tag = uuid4().hex[:6]
    title = f"Kveldslys i parken {tag}"
    b_name, b_admin, b_challenge = _municipality_b(live, tag)
    idea_id = _input_in_a(live, title)
    idea_path = f"/k/{world.slug}/innspill/{idea_id}"

    # A's administrator moves the input to gjort with a public answer.
    a = new_context(java_script_enabled=False).new_page()
    login(a, world.admin_email)
    a.goto(f"{idea_path}/flytt")
    main(a).get_by_label("Nytt steg").select_option(label="Gjort")
    main(a).get_by_label("Offentlig svar").fill(
        "Lysene er satt opp i parken, og parken brukes nå også om kvelden."
    )
    main(a).get_by_role("button", name="Publiser svaret og flytt").click()
    expect(a.locator(".flash-success")).to_contain_text("Gjort")

    # It appears in the gallery, found by the search; a visitor opens its story.
    visitor = new_context(java_script_enabled=False).new_page()
    visitor.goto("/gjort-i-kommunene")
    expect(h1(visitor)).to_have_text("Gjort i kommunene")
    main(visitor).get_by_label("Søk i tittel og tekst").fill(tag)
    main(visitor).get_by_role("button", name="Vis").click()
    expect(main(visitor).get_by_role("heading", name="1 løsning")).to_be_visible()
    gallery_path = visitor.url.split(live.url, 1)[1]
    main(visitor).get_by_role("link", name=title).click()
    expect(h1(visitor)).to_have_text(title)
    expect(main(visitor)).to_contain_text("Lysene er satt opp i parken")
    expect(main(visitor)).to_contain_text("færre enn 5")
    entry_path = visitor.url.split(live.url, 1)[1]

    # B's administrator takes it in: an input at besluttet in one of B's challenges.
    b = new_context(java_script_enabled=False).new_page()
    login(b, b_admin)
    b.goto(entry_path)
    main(b).get_by_role("link", name="Ta i bruk i vår kommune").click()
    expect(h1(b)).to_contain_text("Ta i bruk")
    adopt_path = b.url.split(live.url, 1)[1]
    main(b).get_by_label("Nytt innspill i en av våre utfordringer").check()
    main(b).get_by_label("Utfordringen innspillet hører til").select_option(
        label=f"{b_name}: {b_challenge}"
    )
    main(b).get_by_label("Besluttet").check()
    main(b).get_by_role("button", name="Ta i bruk", exact=True).click()
    expect(b.locator(".flash-success")).to_contain_text(f"tatt i bruk i {b_name}")
    expect(h1(b)).to_have_text(title)
    b_idea_path = b.url.split(live.url, 1)[1]
    assert b_idea_path.startswith(f"/k/nabovik-{tag}/innspill/")
    expect(main(b)).to_contain_text("Besluttet")

    # A's input page says where it was taken in, with a link to B's input.
    a.goto(idea_path)
    expect(main(a).get_by_role("heading", name="Tatt i bruk i 1 kommune")).to_be_visible()
    expect(main(a).get_by_role("link", name=f"{b_name}: {title}")).to_have_attribute(
        "href", b_idea_path
    )

    # A's administrator moves it to skalert, citing B (answer and reference prefilled).
    a.goto(f"{idea_path}/flytt")
    main(a).get_by_role("link", name=f"Flytt til skalert med henvisning til {b_name}").click()
    scale_path = a.url.split(live.url, 1)[1]
    expect(main(a).get_by_label("Referanse")).to_have_value(
        f"Tatt i bruk i {b_name}: {live.url}{b_idea_path}"
    )
    problems = []
    for lang in ("nb", "en"):
        problems += _axe(
            new_context, lang, None, {"gallery": gallery_path, "gallery entry": entry_path}
        )
        problems += _axe(new_context, lang, b_admin, {"adoption form": adopt_path})
        problems += _axe(
            new_context,
            lang,
            world.admin_email,
            {"input page": idea_path, "move to skalert": scale_path},
        )
    main(a).get_by_role("button", name="Publiser svaret og flytt til skalert").click()
    expect(a.locator(".flash-success")).to_contain_text("Skalert")
    expect(main(a)).to_contain_text(f"Tatt i bruk i {b_name}")

    english = new_context("en", java_script_enabled=False).new_page()
    english.goto(idea_path)
    expect(main(english)).to_contain_text("Adopted in 1 municipality")
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
