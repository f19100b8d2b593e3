"""Forms of hearings, consultees and statements; they only validate (services check again)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.models import EMAIL
from ..forms import Form, strip_filter
from .models import (
    CONSULTEE_NAME,
    HEARING_SUMMARY,
    HEARING_TITLE,
    SENDER_KIND_LABELS,
    SENDER_NAME,
    STATEMENT_BODY,
    SenderKind,
)

_EMAIL_MESSAGE = _l("Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no.")


class HearingForm(Form):
    title = StringField(
        _l("Tittel"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Gi høringen en tittel.")), HEARING_TITLE.validator()],
    )
    summary = TextAreaField(
        _l("Sammendrag"), filters=[strip_filter], validators=[HEARING_SUMMARY.validator()]
    )
    challenge_id = SelectField(_l("Utfordring (valgfritt)"), coerce=int, default=0)
    opens_on = DateField(
        _l("Høringen åpner"), validators=[InputRequired(message=_l("Velg datoen høringen åpner."))]
    )
    deadline = DateField(
        _l("Frist for uttalelser"),
        validators=[InputRequired(message=_l("Velg fristen for uttalelser."))],
    )
    document = TextAreaField(_l("Høringsdokumentet"))
    docx = FileField(_l("Eller hent dokumentet fra en Word-fil (.docx)"))

    def validate_deadline(self, field: DateField) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(str(_l("Fristen kan ikke være før høringen åpner.")))


class AttachmentForm(Form):
    file = FileField(
        _l("PDF-fil"), validators=[FileRequired(message=_l("Velg en PDF-fil å laste opp."))]
    )


def _kind_choices(*kinds: SenderKind) -> list[tuple[str, str]]:
    return [(kind.value, str(SENDER_KIND_LABELS[kind])) for kind in kinds]


class ConsulteeForm(Form):
    name = StringField(
        _l("Navn"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv navnet.")), CONSULTEE_NAME.validator()],
    )
    kind = RadioField(
        _l("Slag"),
        choices=[],
        default=SenderKind.organisation.value,
        validators=[InputRequired(message=_l("Velg organisasjon eller lovpålagt råd."))],
    )
    email = EmailField(
        _l("E-postadresse for høringsbrevet"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv e-postadressen.")),
            EMAIL.validator(),
            Email(message=_EMAIL_MESSAGE, check_deliverability=False),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = _kind_choices(SenderKind.council, SenderKind.organisation)


class ConsulteeChoiceForm(Form):
    consultee_ids = SelectMultipleField(
        _l("Høringsinstanser"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )


SHOWN_AS = ("name", "anonymous", "organisation", "council")


class StatementForm(Form):
    section_id = SelectField(_l("Uttalelsen gjelder"), coerce=int, default=0)
    shown_as = RadioField(
        _l("Vis uttalelsen"),
        choices=[],
        default="name",
        validators=[InputRequired(message=_l("Velg hvordan uttalelsen vises."))],
    )
    organisation = StringField(
        _l("Navn på organisasjonen eller rådet"),
        filters=[strip_filter],
        validators=[SENDER_NAME.validator()],
    )
    body = TextAreaField(
        _l("Uttalelse"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv uttalelsen.")), STATEMENT_BODY.validator()],
    )
    file = FileField(_l("Legg ved en PDF (valgfritt)"))

    def __init__(self, *args, display_name: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown_as.choices = [
            ("name", str(_l("Med navnet mitt: %(name)s", name=display_name))),
            ("anonymous", str(_l("Anonymt, som innbygger"))),
            ("organisation", str(_l("På vegne av en organisasjon"))),
            ("council", str(_l("På vegne av et lovpålagt råd (eldreråd, ungdomsråd og andre)"))),
        ]

    def validate_organisation(self, field: StringField) -> None:
        if self.shown_as.data in ("organisation", "council") and not field.data:
            raise ValidationError(str(_l("Skriv navnet på organisasjonen eller rådet.")))


class RegisterStatementForm(Form):
    sender_kind = RadioField(
        _l("Avsender"),
        choices=[],
        default=SenderKind.organisation.value,
        validators=[InputRequired(message=_l("Velg hvem uttalelsen kom fra."))],
    )
    sender_name = StringField(
        _l("Avsenderens navn"),
        filters=[strip_filter],
        validators=[SENDER_NAME.validator()],
    )
    contact_email = EmailField(
        _l("E-postadresse for svar (valgfritt, vises ikke)"),
        filters=[strip_filter],
        validators=[
            Optional(),
            EMAIL.validator(),
            Email(message=_EMAIL_MESSAGE, check_deliverability=False),
        ],
    )
    received_on = DateField(
        _l("Mottatt"), validators=[InputRequired(message=_l("Velg datoen uttalelsen kom inn."))]
    )
    section_id = SelectField(_l("Uttalelsen gjelder"), coerce=int, default=0)
    body = TextAreaField(
        _l("Uttalelsen"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv uttalelsen.")), STATEMENT_BODY.validator()],
    )
    file = FileField(_l("Brevet eller e-posten som PDF (valgfritt)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sender_kind.choices = _kind_choices(
            SenderKind.council, SenderKind.organisation, SenderKind.resident
        )

    def validate_sender_name(self, field: StringField) -> None:
        if self.sender_kind.data != SenderKind.resident.value and not field.data:
            raise ValidationError(str(_l("Skriv navnet på organisasjonen eller rådet.")))
