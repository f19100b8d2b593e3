"""Forms of the departments page and of assignment; they only validate (services check again)."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Optional

from ..accounts.models import EMAIL
from ..forms import Form, strip_filter
from .models import DEPARTMENT_NAME


class DepartmentForm(Form):
    name = StringField(
        _l("Navn på enheten"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv navnet på enheten.")),
            DEPARTMENT_NAME.validator(),
        ],
    )
    email = EmailField(
        _l("E-postadresse for enheten (valgfritt)"),
        filters=[strip_filter],
        validators=[
            Optional(),
            EMAIL.validator(),
            Email(
                message=_l("Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no."),
                check_deliverability=False,
            ),
        ],
    )


class MemberForm(Form):
    user_id = SelectField(
        _l("Person"),
        coerce=int,
        validators=[InputRequired(message=_l("Velg en person."))],
    )


class AssignForm(Form):
    """One input or many: the department and, optionally, the person (0 = nobody)."""

    department_id = SelectField(
        _l("Enhet"), coerce=int, validators=[InputRequired(message=_l("Velg en enhet."))]
    )
    assignee_id = SelectField(_l("Saksbehandler (valgfritt)"), coerce=int, default=0)


class BulkAssignForm(AssignForm):
    # The ids are checked against the municipality's inputs in the route (the page lists them).
    idea_ids = SelectMultipleField(_l("Innspill"), coerce=int, validate_choice=False)


class DefaultDepartmentForm(Form):
    department_id = SelectField(
        _l("Enhet for nye innspill"), coerce=int, default=0, validators=[InputRequired()]
    )
