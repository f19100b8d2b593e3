"""Issue 25 §5, must-show 3, in a real browser without JavaScript: a nynorsk reader sees an
Apertium translation of a bokmål answer, labelled "Maskinomsett frå bokmål", with the original
one click away (and back). The page passes axe in nn, nb and en."""

from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.ideas.services import submit_idea
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.translation.models import ContentKind, ContentTranslation
from cocreate.translation.services import translate_municipality
from tests.translation.conftest import require_apertium

from .helpers import axe_violations, describe_violations, login, main

pytestmark = pytest.mark.browser


def test_nynorsk_reader_sees_a_labelled_translation_of_a_bokmal_answer(live, new_context):
    require_apertium()
    world, tag = live.world, uuid4().hex[:6]
    answer = f"Kommunen har vurdert forslaget {tag}, og vi skal bygge benker i parken neste år."
    with live.db() as session:
        challenge = session.get(Challenge, world.challenge_id)
        facilitator = session.scalar(select(User).where(User.email == world.facilitator_email))
        body = "Det trengs steder å hvile."
        idea = submit_idea(challenge, title=f"Benker i parken {tag}", body=body, author=None)
        change = move_idea(idea, Stage.assessed, answer=answer, actor=facilitator)
        idea_id, change_id, municipality_id = idea.id, change.id, challenge.municipality_id
    # The job runs here, in the test, not on a timer of the server beside it.
    live.app.config.update(APERTIUM_BIN="apertium", TRANSLATION_JOBS=False)
    try:
        more = True
        while more:  # what the job does after the commit (tests/translation), 200 texts a run
            with live.db():
                _done, more = translate_municipality(municipality_id)
        with live.db() as session:
            row = session.scalar(
                select(ContentTranslation).where(
                    ContentTranslation.kind == ContentKind.answer,
                    ContentTranslation.object_id == change_id,
                )
            )
            assert row is not None
            translated, translation_id = row.text, row.id
        assert "byggje benker" in translated

        path = f"/k/{world.slug}/innspill/{idea_id}"
        reader = new_context("nn", java_script_enabled=False).new_page()
        reader.goto(path)
        history = main(reader).locator(".answer", has_text=translated).first
        expect(history).to_be_visible()
        expect(history).to_contain_text("Maskinomsett frå bokmål")
        expect(main(reader)).not_to_contain_text(answer)
        history.get_by_role("link", name="Sjå originalen").click()
        expect(main(reader)).to_contain_text(answer)
        expect(main(reader)).to_contain_text("Du les originalen.")
        main(reader).get_by_role("link", name="Vis omsetjinga").first.click()
        expect(main(reader)).to_contain_text(translated)

        for lang in ("nb", "en"):
            other = new_context(lang, java_script_enabled=False).new_page()
            other.goto(path)
            expect(main(other)).to_contain_text(answer)
            expect(main(other).locator(".translation-note")).to_have_count(0)

        # axe needs JavaScript: the same pages in a context that runs it.
        problems: list[str] = []
        for lang, query in (("nn", ""), ("nn", "?original=1"), ("nb", ""), ("en", "")):
            checker = new_context(lang).new_page()
            checker.goto(path + query)
            problems += describe_violations(f"idea page{query} ({lang})", axe_violations(checker))

        # The staff's side: the facilitator replaces the translation, without JavaScript; the
        # reader then sees it marked checked. The staff's pages pass axe in nb and en.
        staff = new_context(java_script_enabled=False).new_page()
        login(staff, world.facilitator_email)
        staff.goto(f"/k/{world.slug}/oversettelser/{translation_id}")
        main(staff).get_by_label("Din oversettelse").fill(f"Kontrollert svar {tag}.")
        main(staff).get_by_role("button", name="Lagre som kontrollert oversettelse").click()
        expect(staff.locator(".flash-success")).to_contain_text("lagret som kontrollert")
        reader.goto(path)
        expect(main(reader)).to_contain_text(f"Kontrollert svar {tag}.")
        expect(main(reader)).to_contain_text("Kontrollert omsetjing frå bokmål")
        for lang in ("nb", "en"):
            checker = new_context(lang).new_page()
            login(checker, world.facilitator_email)
            for page_path in (
                f"/k/{world.slug}/oversettelser",
                f"/k/{world.slug}/oversettelser/{translation_id}",
            ):
                checker.goto(page_path)
                problems += describe_violations(f"{page_path} ({lang})", axe_violations(checker))
    finally:
        live.app.config.update(APERTIUM_BIN="", TRANSLATION_JOBS=True)
    assert not problems, "\n".join(problems)
