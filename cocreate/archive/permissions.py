"""Who records the archive's numbers and who takes out the archive package."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_admin, is_staff
from ..municipalities.models import Municipality


def why_not_record_numbers(user: Any, municipality: Municipality | int) -> str | None:
    """Facilitators and admins of the municipality record case and journal numbers."""
    if not is_staff(user, municipality):
        return _(
            "Bare fasilitatorer og administratorer i kommunen kan føre saks- og journalnummer."
        )
    return None


def can_record_numbers(user: Any, municipality: Municipality | int) -> bool:
    return why_not_record_numbers(user, municipality) is None


def why_not_export_archive(user: Any, municipality: Municipality | int) -> str | None:
    """Only the municipality's admins take out the archive package: it holds every name."""
    if not is_admin(user, municipality):
        return _("Bare administratorer i kommunen kan ta ut arkivuttrekket.")
    return None


def can_export_archive(user: Any, municipality: Municipality | int) -> bool:
    return why_not_export_archive(user, municipality) is None
