"""A facilitator selects three inputs on the board, starts from an answer template and answers
all three in one action; each input has its own answer, the person behind all three gets one
e-mail, and the board and bulk pages pass axe in nb and en (issue 23 §5)."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.accounts.services import create_user
from cocreate.answers.services import create_template
from cocreate.challenges.models import Challenge
from cocreate.ideas.models import Idea
from cocreate.ideas.services import submit_idea
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import Municipality
from cocreate.notifications.outbox import send_pending
from cocreate.pipeline.models import StageChange
from tests.smtp import part

from .helpers import axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser


def _seed(live, titles: list[str], author_email: str) -> tuple[int, str]:
    """Three inputs by one person, and an answer template; returns the template's id, title."""
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        author = create_user(author_email, "Tre Innspill", "riktig-hest-batteri", verified=True)
        for title in titles:
            submit_idea(challenge, title=title, body="Et innspill til tavla.", author=author)
        admin = session.scalar(select(User).where(User.email == live.world.admin_email))
        municipality = session.scalar(
            select(Municipality).where(Municipality.slug == live.world.slug)
        )
        name = f"Vurdert og tatt med {uuid4().hex[:4]}"
        template = create_template(
            municipality,
            title=name,
            body="Takk for «{tittel}». Vi har vurdert innspillet og tar det med i planen.",
            actor=admin,
        )
        session.flush()
        return template.id, name


def test_facilitator_answers_three_inputs_at_once_from_a_template(live, new_context):
    world = live.world
    tag = uuid4().hex[:6]
    titles = [f"Benk ved brygga {tag}", f"Lys på stien {tag}", f"Sykkelparkering {tag}"]
    author_email = f"tre-{tag}@fjordvik.example"
    _template_id, template_name = _seed(live, titles, author_email)
    board_path = f"/k/{world.slug}/utfordringer/{world.challenge_id}/tavle"

    facilitator = new_context().new_page()
    login(facilitator, world.facilitator_email)
    facilitator.goto(board_path)
    expect(h1(facilitator)).to_contain_text("Tavle:")
    problems = describe_violations("board (nb)", axe_violations(facilitator))
    for title in titles:
        # The label is «Velg» with the title for screen readers («Velg: <title>»).
        main(facilitator).get_by_role("checkbox", name=re.compile(re.escape(title))).check()
    main(facilitator).get_by_role("button", name="Svar på de valgte innspillene").click()

    expect(h1(facilitator)).to_have_text("Svar på flere innspill")
    for title in titles:
        expect(main(facilitator)).to_contain_text(title)
    main(facilitator).get_by_label("Start fra en svarmal").select_option(label=template_name)
    main(facilitator).get_by_role("button", name="Bruk malen").click()
    answer = main(facilitator).get_by_label("Offentlig svar")
    expect(answer).to_have_value(
        "Takk for «{tittel}». Vi har vurdert innspillet og tar det med i planen."
    )
    problems += describe_violations("bulk answer (nb)", axe_violations(facilitator))
    # The template is a start: the facilitator adds a sentence before sending.
    answer.fill(answer.input_value() + " Vi melder igjen når planen er vedtatt.")
    main(facilitator).get_by_label("Flytt til et nytt steg med svaret").check()
    main(facilitator).get_by_label("Nytt steg (når innspillene flyttes)").select_option(
        label="Vurdert"
    )
    main(facilitator).get_by_role("button", name="Publiser svaret på alle").click()
    expect(facilitator.locator(".flash-success")).to_contain_text("3 innspill fikk svaret")
    expect(h1(facilitator)).to_contain_text("Tavle:")

    # Each input has its own history row, with its own title filled in.
    with live.db() as session:
        for title in titles:
            idea = session.scalar(select(Idea).where(Idea.title == title))
            assert idea.stage is Stage.assessed
            [change] = session.scalars(select(StageChange).where(StageChange.idea_id == idea.id))
            assert change.answer.startswith(f"Takk for «{title}». Vi har vurdert")
            assert change.answer.endswith("Vi melder igjen når planen er vedtatt.")

    # The person behind all three gets one e-mail naming all three.
    with live.app.app_context():
        send_pending()
    mails = live.mails_to(author_email)
    assert len(mails) == 1
    text = part(mails[0])
    assert all(title in text for title in titles)

    # The same pages in English.
    english = new_context("en").new_page()
    login(english, world.facilitator_email)
    english.goto(board_path)
    expect(english.get_by_role("button", name="Answer the selected input")).to_be_visible()
    problems += describe_violations("board (en)", axe_violations(english))
    with live.db() as session:
        ids = session.scalars(select(Idea.id).where(Idea.title.in_(titles))).all()
    query = "&".join(f"idea={i}" for i in ids)
    english.goto(f"/k/{world.slug}/saker/samlet-svar?{query}&mal={_template_id}")
    expect(h1(english)).to_have_text("Answer several items of input")
    problems += describe_violations("bulk answer (en)", axe_violations(english))
    # The move page of one of them offers the template and shows the internal notes.
    english.goto(f"/k/{world.slug}/innspill/{ids[0]}/oppdatering?mal={_template_id}")
    expect(main(english).get_by_role("heading", name="Internal notes")).to_be_visible()
    expect(main(english).get_by_label("Start from an answer template")).to_be_visible()
    problems += describe_violations("progress form with notes (en)", axe_violations(english))
    facilitator.goto(f"/k/{world.slug}/innspill/{ids[0]}/oppdatering?mal={_template_id}")
    main(facilitator).get_by_label("Internt notat").fill("Ring **bydelsutvalget** først.")
    main(facilitator).get_by_role("button", name="Lagre notatet").click()
    expect(facilitator.locator(".flash-success")).to_contain_text("Notatet er lagret")
    expect(main(facilitator).locator(".internal-notes strong")).to_have_text("bydelsutvalget")
    problems += describe_violations("progress form with notes (nb)", axe_violations(facilitator))

    # The administrator's templates page, in both languages.
    for lang in ("nb", "en"):
        admin = new_context(lang).new_page()
        login(admin, world.admin_email)
        admin.goto(f"/k/{world.slug}/svarmaler")
        expect(main(admin)).to_contain_text(template_name)
        problems += describe_violations(f"answer templates ({lang})", axe_violations(admin))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
