"""How moderators see a person: the public name, or a pseudonym when the person hides their name.

A moderator acts on what a person did in their municipality; the name the person chose not to show
is not needed for that. The pseudonym is stable within one municipality and differs between them,
so it links a person's acts there and nowhere else.
"""

import hashlib
import hmac

from flask import current_app
from flask_babel import gettext as _

from ..accounts.models import User


def person_label(user: User | None, municipality_id: int) -> str:
    """The public name if the person shows it, else «Deltaker» and a short keyed pseudonym."""
    if user is None or user.deleted_at is not None:
        return _("Slettet bruker")
    if user.show_name:
        return user.display_name
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"moderation:{municipality_id}:{user.id}".encode(), hashlib.sha256)
    return _("Deltaker %(code)s", code=digest.hexdigest()[:6].upper())
