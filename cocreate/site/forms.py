"""Forms of the site pages."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, URLField
from wtforms.validators import ValidationError

from ..forms import Form, strip_filter
from ..municipalities.models import UUSTATUS_URL

UUSTATUS_HOSTS = {"uustatus.no", "www.uustatus.no"}


def _uustatus_link(form, field) -> None:
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme != "https" or parts.hostname not in UUSTATUS_HOSTS or len(parts.path) < 2:
        raise ValidationError(
            str(
                _l(
                    "Lim inn hele lenken til erklæringen på uustatus.no, for eksempel "
                    "https://uustatus.no/nb/erklaringer/publisert/…"
                )
            )
        )


class AccessibilityStatementForm(Form):
    uustatus_url = URLField(
        _l("Lenke til kommunens tilgjengelighetserklæring på uustatus.no"),
        validators=[UUSTATUS_URL.validator(), _uustatus_link],
        filters=[strip_filter],
    )


class LanguageForm(Form):
    """The language switch for a signed-in person (a POST, so another site cannot change it)."""

    next = HiddenField()
