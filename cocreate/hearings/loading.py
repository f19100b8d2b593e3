"""What the hearings' routes share: loading a hearing as the person may see it, reading an
upload, the section choices of a statement form, and the hearing's URL."""

from typing import Any

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from .files import max_bytes
from .models import Hearing
from .permissions import can_view_hearing
from .queries import current_version, hearing_in, sections_of
from .services import Upload


def municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def hearing_or_404(slug: str, hearing_id: int) -> Hearing:
    """The hearing, if this person may see it (a draft is staff's only: 404 for others)."""
    hearing = hearing_in(slug, hearing_id)
    if hearing is None or not can_view_hearing(current_user, hearing):
        abort(404)
    return hearing


def read_upload(storage: Any) -> Upload | None:
    """An uploaded file's name and bytes (at most one byte past the limit: enough to refuse)."""
    if not isinstance(storage, FileStorage) or not storage.filename:
        return None
    return storage.filename, storage.stream.read(max_bytes() + 1)


def hearing_url(hearing: Hearing, **anchor: Any) -> str:
    return url_for(
        "hearings.detail", slug=hearing.municipality.slug, hearing_id=hearing.id, **anchor
    )


def section_choices(form: Any, hearing: Hearing) -> None:
    """The whole document (0) or one of the shown version's sections."""
    form.section_id.choices = [(0, _("Hele dokumentet"))] + [
        (s.id, _("Punkt %(number)d: %(heading)s", number=s.number, heading=s.heading))
        for s in sections_of(current_version(hearing))
    ]
