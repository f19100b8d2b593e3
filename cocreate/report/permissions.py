"""Who may take out a medvirkningsrapport: the staff (facilitators and administrators) of the
challenge's or hearing's municipality. They prepare the council's papers; visitors, citizens,
case officers and other municipalities' staff may not (the report is made for the saksframlegg,
and the public sees the same figures on the public pages the municipality chooses)."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff


def why_not_download_report(user: Any, municipality_id: int) -> str | None:
    """Facilitators and administrators of the municipality."""
    if not is_staff(user, municipality_id):
        return _(
            "Bare fasilitatorer og administratorer i kommunen kan ta ut medvirkningsrapporten."
        )
    return None


def can_download_report(user: Any, municipality_id: int) -> bool:
    return why_not_download_report(user, municipality_id) is None
