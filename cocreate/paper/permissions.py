"""Who may print a challenge's poster and paper form: staff of its municipality.

One rule, written once: `why_not_print_paper()` answers with the reason in plain words, or None
when the person may; `can_print_paper()` asks it (routes and the challenge page's section).
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff
from ..challenges.models import Challenge, Phase


def why_not_print_paper(user: Any, challenge: Challenge) -> str | None:
    """Facilitators and admins of the municipality, until the challenge is concluded (a draft's
    poster is printed ahead of opening; after the deadline a late letter is still registered)."""
    if not is_staff(user, challenge.municipality_id):
        return _("Bare fasilitatorer og administratorer i kommunen kan skrive ut plakat og skjema.")
    if challenge.phase is Phase.concluded:
        return _("Utfordringen er avsluttet, så den trenger ingen plakat eller skjema.")
    return None


def can_print_paper(user: Any, challenge: Challenge) -> bool:
    return why_not_print_paper(user, challenge) is None
