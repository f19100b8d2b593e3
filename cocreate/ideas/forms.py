"""Forms for ideas and comments: they only validate; services save."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import Form, strip_filter
from ..ideas.stages import Stage
from .models import COMMENT_BODY, IDEA_BODY, IDEA_TITLE, Channel
from .queries import SEARCH_MAX, Sort


def _optional_int(value: str | int | None) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # not one of the choices: "Not a valid choice"


class IdeaForm(Form):
    title = StringField(
        _l("Tittel"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Gi innspillet en tittel.")),
            IDEA_TITLE.validator(),
        ],
    )
    body = TextAreaField(
        _l("Beskriv innspillet"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Beskriv innspillet ditt.")),
            IDEA_BODY.validator(),
        ],
    )
    district = SelectField(
        _l("Bydel eller sted (valgfritt)"),
        coerce=_optional_int,
        validators=[Optional()],
        validate_choice=True,
    )

    def set_districts(self, districts) -> None:
        self.district.choices = [(None, str(_l("Ingen bestemt bydel")))] + [
            (d.id, d.name) for d in districts
        ]


class CommentForm(Form):
    body = TextAreaField(
        _l("Kommentar"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv en kommentar.")),
            COMMENT_BODY.validator(),
        ],
    )
    parent_id = HiddenField()


SORT_LABELS = {
    Sort.random: _l("Tilfeldig rekkefølge"),
    Sort.newest: _l("Nyeste først"),
    Sort.supported: _l("Mest støttet"),
    Sort.discussed: _l("Mest diskutert"),
}


class IdeaFilterForm(Form):
    """The list's search, filter and sort choices, read from the query string (GET)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Søk i innspillene"), filters=[strip_filter], validators=[Length(max=SEARCH_MAX)]
    )
    steg = SelectField(_l("Status"), validate_choice=False)
    bydel = SelectField(_l("Bydel"), validate_choice=False)
    kanal = SelectField(_l("Kanal"), validate_choice=False)
    sort = SelectField(_l("Sorter"), validate_choice=False)

    def set_choices(self, districts) -> None:
        everything = ("", str(_l("Alle")))
        self.steg.choices = [everything] + [(s.value, s.label) for s in Stage]
        self.bydel.choices = [everything] + [(str(d.id), d.name) for d in districts]
        self.kanal.choices = [everything] + [(c.value, c.label) for c in Channel]
        self.sort.choices = [(s.value, str(SORT_LABELS[s])) for s in Sort]
