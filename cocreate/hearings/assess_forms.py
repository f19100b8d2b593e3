"""Forms of the merknadsbehandling and of the next version; they only validate (the services in
assess.py, merknad.py and versions.py check every rule again)."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, RadioField, StringField, TextAreaField
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, Optional

from ..forms import CleanText, Form, strip_filter
from .models import (
    ASSESSMENT_REASON,
    SECTION_BODY,
    SECTION_HEADING,
    STATEMENT_SUMMARY,
    VERSION_NOTE,
    Assessment,
)


class AssessForm(Form):
    """One statement's summary, assessment and reason; a page holds one per statement, told
    apart by the prefix `s<id>-`."""

    summary = TextAreaField(
        _l("Kort sammendrag"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv et kort sammendrag.")),
            STATEMENT_SUMMARY.validator(),
        ],
    )
    assessment = RadioField(
        _l("Kommunens vurdering"),
        choices=[(a.value, a.label) for a in Assessment],
        validators=[DataRequired(message=_l("Velg kommunens vurdering."))],
    )
    reason = TextAreaField(
        _l("Begrunnelse"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv en begrunnelse.")),
            ASSESSMENT_REASON.validator(),
        ],
    )


class CompileForm(Form):
    """The one button that compiles the merknadsbehandling (CSRF only)."""


class SectionForm(PlainForm):
    """One section of the next version (inside VersionForm, whose CSRF covers it)."""

    heading = StringField(
        _l("Overskrift"),
        filters=[strip_filter],
        validators=[Optional(), SECTION_HEADING.validator(), CleanText()],
    )
    body = TextAreaField(
        _l("Tekst"), filters=[strip_filter], validators=[SECTION_BODY.validator(), CleanText()]
    )
    remove = BooleanField(_l("Fjern avsnittet i den nye versjonen"))


class VersionForm(Form):
    note = TextAreaField(
        _l("Hva er endret?"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv kort hva som er endret i den nye versjonen.")),
            VERSION_NOTE.validator(),
        ],
    )
    sections = FieldList(FormField(SectionForm), min_entries=0)
    new_heading = StringField(
        _l("Overskrift på et nytt avsnitt (valgfritt)"),
        filters=[strip_filter],
        validators=[Optional(), SECTION_HEADING.validator()],
    )
    new_body = TextAreaField(
        _l("Tekst i det nye avsnittet"),
        filters=[strip_filter],
        validators=[SECTION_BODY.validator()],
    )

    def kept_sections(self) -> list[tuple[str, str]]:
        """The sections of the new version in order: the edited ones not removed, then the new."""
        kept: list[tuple[str, str]] = []
        for entry in self.sections.entries:
            data: dict[str, Any] = entry.data
            if not data.get("remove"):
                kept.append((data.get("heading") or "", data.get("body") or ""))
        if self.new_heading.data or self.new_body.data:
            kept.append((self.new_heading.data or "", self.new_body.data or ""))
        return kept
