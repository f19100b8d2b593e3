"""Internal notes and answer templates: every change to them. Services flush; routes commit.

Notes are staff-only: writing one changes no public page, so no page is drawn again. Every note
and template change is in the audit log (without the note's text, which stays internal).
"""

import re
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app

from ..accounts.models import User
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea
from ..markup import render_markdown
from ..municipalities.models import Municipality
from ..refusals import Refusal, require
from .models import NOTE, TEMPLATE_BODY, TEMPLATE_TITLE, AnswerTemplate, IdeaNote
from .permissions import why_not_edit_note, why_not_keep_templates, why_not_write_note


class NoteError(Refusal):
    """A note broke a rule; the message is shown to the staff member."""


class TemplateError(Refusal):
    """A template broke a rule; the message is shown to the administrator."""


def write_note(idea: Idea, body: str, *, actor: User) -> IdeaNote:
    """Add an internal note to an input (staff of its municipality)."""
    require(why_not_write_note(actor, idea))
    body = NOTE.enforce((body or "").strip(), NoteError)
    note = IdeaNote(idea_id=idea.id, author_id=actor.id, body=body, body_html=render_markdown(body))
    db.session.add(note)
    db.session.flush()
    record_event(
        "idea.note_written",
        actor=actor,
        municipality=idea.challenge.municipality,
        subject=idea,
        note_id=note.id,
    )
    return note


def edit_note(note: IdeaNote, body: str, *, actor: User) -> IdeaNote:
    """Change a note's text: its author, within 15 minutes of writing it."""
    require(why_not_edit_note(actor, note))
    body = NOTE.enforce((body or "").strip(), NoteError)
    note.body = body
    note.body_html = render_markdown(body)
    note.edited_at = utcnow()
    db.session.flush()
    record_event(
        "idea.note_edited",
        actor=actor,
        municipality=note.idea.challenge.municipality,
        subject=note.idea,
        note_id=note.id,
    )
    return note


def _clean_template(title: str, body: str) -> tuple[str, str]:
    title = TEMPLATE_TITLE.enforce((title or "").strip(), TemplateError)
    body = TEMPLATE_BODY.enforce((body or "").strip(), TemplateError)
    return title, body


def create_template(
    municipality: Municipality, *, title: str, body: str, actor: User
) -> AnswerTemplate:
    """A new answer template of the municipality (its administrators)."""
    require(why_not_keep_templates(actor, municipality))
    title, body = _clean_template(title, body)
    template = AnswerTemplate(municipality_id=municipality.id, title=title, body=body)
    db.session.add(template)
    db.session.flush()
    record_event(
        "answer_template.created", actor=actor, municipality=municipality, template_id=template.id
    )
    return template


def update_template(template: AnswerTemplate, *, title: str, body: str, actor: User) -> None:
    """Change a template's title and text; answers already given from it stay as they were."""
    require(why_not_keep_templates(actor, template.municipality_id))
    template.title, template.body = _clean_template(title, body)
    db.session.flush()
    record_event(
        "answer_template.updated",
        actor=actor,
        municipality=template.municipality,
        template_id=template.id,
    )


def delete_template(template: AnswerTemplate, *, actor: User) -> None:
    """Delete a template; answers given from it stay as they were."""
    require(why_not_keep_templates(actor, template.municipality_id))
    record_event(
        "answer_template.deleted",
        actor=actor,
        municipality=template.municipality,
        template_id=template.id,
        title=template.title,
    )
    db.session.delete(template)
    db.session.flush()


# {tittel}, {utfordring}, {dato}, {kommune}; anything else in braces is left as it is, so a
# template can still show braces (and the person sees an unknown name before sending).
PLACEHOLDER = re.compile(r"\{(tittel|utfordring|dato|kommune)\}")
PLACEHOLDERS = ("{tittel}", "{utfordring}", "{dato}", "{kommune}")


def today_text(municipality: Municipality) -> str:
    """Today's date in the municipality's written language, e.g. «6. desember 2026»."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    today = utcnow().astimezone(zone).date()
    return format_date(today, "d. MMMM y", locale=municipality.language.value)


def fill(text: str, idea: Idea) -> str:
    """The text with the input's title, its challenge, today's date and the municipality's name
    in place of the known placeholders."""
    challenge = idea.challenge
    values = {
        "tittel": idea.title,
        "utfordring": challenge.title,
        "dato": today_text(challenge.municipality),
        "kommune": challenge.municipality.name,
    }
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)
