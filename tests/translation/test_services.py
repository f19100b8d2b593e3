"""The translation job with the real Apertium: nynorsk from bokmål, made again when the text
changes, a stale translation never shown, the staff's checked translation kept."""

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.ideas.services import edit_comment
from cocreate.municipalities.models import WrittenLanguage
from cocreate.refusals import Refusal
from cocreate.translation.models import ContentKind, ContentTranslation, TranslationOrigin
from cocreate.translation.services import check_translation, set_language, translate_municipality


def _row(kind: ContentKind, object_id: int, field: str) -> ContentTranslation | None:
    return db.session.scalar(
        select(ContentTranslation).where(
            ContentTranslation.kind == kind,
            ContentTranslation.object_id == object_id,
            ContentTranslation.field == field,
        )
    )


def test_job_makes_nynorsk_of_every_kind(apertium_on, world, content):
    done, more = translate_municipality(world.municipality.id)
    assert done >= 6 and not more
    answer = _row(ContentKind.answer, content.change.id, "answer")
    assert answer is not None
    assert answer.target is WrittenLanguage.nn and answer.source is WrittenLanguage.nb
    assert answer.origin is TranslationOrigin.machine and not answer.checked
    assert "neste år" in answer.text and "vurdert" in answer.text
    assert "Kommunen har vurdert forslaget" in answer.text
    comment = _row(ContentKind.comment, content.comment.id, "body")
    assert comment is not None and comment.text == "Dette er eit godt forslag."
    description = _row(ContentKind.challenge, content.challenge.id, "description_html")
    assert description is not None and description.text.startswith("<p>")
    # A second run finds nothing to do: cached by the text's version.
    assert translate_municipality(world.municipality.id) == (0, False)


def test_changed_text_is_made_again(apertium_on, world, content):
    translate_municipality(world.municipality.id)
    before = _row(ContentKind.comment, content.comment.id, "body")
    assert before is not None and before.text == "Dette er eit godt forslag."
    edit_comment(content.comment, body="Et tre gir skygge.", actor=world.citizen)
    assert translate_municipality(world.municipality.id) == (1, False)
    after = _row(ContentKind.comment, content.comment.id, "body")
    assert after is not None and after.text == "Eit tre gir skugge."


def test_off_when_apertium_is_missing(app, world, content):
    app.config["APERTIUM_BIN"] = "/nonexistent/apertium"
    try:
        assert translate_municipality(world.municipality.id) == (0, False)
    finally:
        app.config["APERTIUM_BIN"] = ""
    assert db.session.scalar(select(ContentTranslation)) is None


def test_staff_translation_is_checked_and_kept_until_the_source_changes(
    apertium_on, world, content
):
    translate_municipality(world.municipality.id)
    row = _row(ContentKind.comment, content.comment.id, "body")
    assert row is not None
    check_translation(row, "Dette er eit godt framlegg.", actor=world.facilitator)
    assert row.checked and row.origin is TranslationOrigin.staff
    assert translate_municipality(world.municipality.id) == (0, False)
    assert row.text == "Dette er eit godt framlegg."
    edit_comment(content.comment, body="Et tre gir skygge.", actor=world.citizen)
    translate_municipality(world.municipality.id)
    assert row.origin is TranslationOrigin.machine and not row.checked
    assert row.replaced_checked and row.text == "Eit tre gir skugge."


@pytest.mark.parametrize("who", ["citizen", "author", "other_facilitator", "other_admin"])
def test_only_staff_of_the_municipality_check(apertium_on, world, content, who):
    translate_municipality(world.municipality.id)
    row = _row(ContentKind.comment, content.comment.id, "body")
    assert row is not None
    with pytest.raises(Refusal):
        check_translation(row, "Eige framlegg.", actor=getattr(world, who))


@pytest.mark.parametrize("who", ["citizen", "facilitator", "other_admin"])
def test_only_the_admin_sets_the_malform(world, who):
    with pytest.raises(Refusal):
        set_language(world.municipality, WrittenLanguage.nn, False, actor=getattr(world, who))


def test_admin_sets_the_malform(world):
    set_language(world.municipality, WrittenLanguage.nn, True, actor=world.admin)
    assert world.municipality.language is WrittenLanguage.nn
    assert world.municipality.language_neutral
