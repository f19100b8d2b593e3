"""Every change to translations: the job's machine translations, the staff's own, the målform."""

import logging
from typing import Any

import bleach
from flask_babel import gettext as _
from sqlalchemy import select

from .. import page_generations
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..markup import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS, render_markdown
from ..municipalities.models import Municipality, WrittenLanguage
from ..refusals import require
from . import apertium
from .models import ContentKind, ContentTranslation, TranslationOrigin
from .permissions import why_not_check_translations, why_not_set_language
from .sources import Source, is_html, source_text, sources, version

log = logging.getLogger("cocreate.translation")

# Texts translated per job run: a run that reaches it asks for another (jobs.translate_job).
BATCH = 200


def other(language: WrittenLanguage) -> WrittenLanguage:
    return WrittenLanguage.nn if language is WrittenLanguage.nb else WrittenLanguage.nb


def _existing(municipality_id: int) -> dict[tuple[ContentKind, int, str, WrittenLanguage], Any]:
    rows = db.session.scalars(
        select(ContentTranslation).where(ContentTranslation.municipality_id == municipality_id)
    )
    return {(r.kind, r.object_id, r.field, r.target): r for r in rows}


def translate_municipality(municipality_id: int, *, limit: int = BATCH) -> tuple[int, bool]:
    """Make the machine translations that are missing or stale (their source's version changed)
    for the municipality's public content, into the standard it does not write in. A checked
    translation is kept until its source changes; then the machine's replaces it, marked so.
    Returns (texts translated, whether more wait). Flushes; the caller commits."""
    municipality = db.session.get(Municipality, municipality_id)
    if municipality is None or not apertium.enabled():
        return 0, False
    source_language = municipality.language
    target = other(source_language)
    existing = _existing(municipality_id)
    work: list[tuple[Source, ContentTranslation | None]] = []
    more = False
    for source in sources(municipality_id):
        row = existing.get((source.kind, source.object_id, source.field, target))
        if row is not None and row.source_hash == source.version and row.source is source_language:
            continue
        if len(work) >= limit:
            more = True
            break
        work.append((source, row))
    try:
        texts = apertium.translate_many(
            [(source.text, source.html) for source, _row in work],
            source_language.value,
            target.value,
        )
    except apertium.ApertiumError as error:
        log.warning("apertium failed for municipality %s: %s", municipality_id, error)
        return 0, False
    now = utcnow()
    for (source, row), text in zip(work, texts, strict=True):
        if source.html:
            text = _clean_html(text)
        if row is None:
            row = ContentTranslation(
                municipality_id=municipality_id,
                kind=source.kind,
                object_id=source.object_id,
                field=source.field,
                target=target,
                created_at=now,
            )
            db.session.add(row)
        row.replaced_checked = row.replaced_checked or row.origin is TranslationOrigin.staff
        row.source = source_language
        row.source_hash = source.version
        row.text = text
        row.origin = TranslationOrigin.machine
        row.checked = False
        row.translated_by_id = None
        row.updated_at = now
    done = len(work)
    if done:
        db.session.flush()
        page_generations.changed(municipality_id)
    return done, more


def _clean_html(html: str) -> str:
    """Apertium keeps the tags it was given (cleaned when saved); cleaned again all the same."""
    return bleach.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS
    )


def check_translation(row: ContentTranslation, text: str, *, actor: Any) -> ContentTranslation:
    """Staff replace a translation with their own (Markdown for rich fields): it is checked, and
    the machine never overwrites it until the source changes."""
    municipality = db.session.get(Municipality, row.municipality_id)
    assert municipality is not None
    require(why_not_check_translations(actor, municipality))
    current = source_text(row.kind, row.object_id, row.field)
    if current is None:
        require(_("Innholdet finnes ikke lenger."))
        raise AssertionError  # not reached: require raised
    row.text = render_markdown(text) if is_html(row.field) else text.strip()
    row.source_hash = version(current)
    row.source = municipality.language
    row.origin = TranslationOrigin.staff
    row.checked = True
    row.replaced_checked = False
    row.translated_by_id = actor.id
    row.updated_at = utcnow()
    db.session.flush()
    record_event(
        "translation.checked",
        actor=actor,
        municipality=municipality,
        subject=row,
        kind=row.kind.value,
        object_id=row.object_id,
        field=row.field,
    )
    page_generations.changed(municipality.id)
    return row


def set_language(
    municipality: Municipality, language: WrittenLanguage, neutral: bool, *, actor: Any
) -> None:
    """An administrator sets the målform: bokmål, nynorsk or nøytral (both; `language` is then
    the standard of its documents and of the content it writes)."""
    require(why_not_set_language(actor, municipality))
    municipality.language = language
    municipality.language_neutral = neutral
    db.session.flush()
    # Every process reads it again when it sees the generation move (display._malform).
    record_event(
        "municipality.language_set",
        actor=actor,
        municipality=municipality,
        subject=municipality,
        language=language.value,
        neutral=neutral,
    )
    page_generations.changed(municipality.id)
