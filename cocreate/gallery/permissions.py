"""Who takes in another municipality's solution (ta i bruk), and who may see the gallery's
entries. Each rule once: `why_not_<action>()` gives the reason, `can_<action>()` asks it.

Staff (facilitators and administrators) of the adopting municipality adopt: the same people who
open challenges and move inputs there, which is what an adoption does. A case officer answers
inputs but opens no challenges, so adopting is not theirs."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff, staff_municipalities
from ..municipalities.models import Municipality


def why_not_adopt(user: Any, origin_municipality_id: int, municipality: Municipality) -> str | None:
    """Staff of another municipality than the origin's take a solution in."""
    if municipality.id == origin_municipality_id:
        return _("Dette er kommunens egen løsning, så den kan ikke tas i bruk på nytt der.")
    if not is_staff(user, municipality):
        return _("Bare kommunens fasilitatorer og administratorer kan ta i bruk en løsning.")
    return None


def can_adopt(user: Any, origin_municipality_id: int, municipality: Municipality) -> bool:
    return why_not_adopt(user, origin_municipality_id, municipality) is None


def adopting_municipalities(user: Any, origin_municipality_id: int) -> list[Municipality]:
    """The municipalities this person may take the solution into (never the origin's own)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [m for m in staff_municipalities(user) if can_adopt(user, origin_municipality_id, m)]
