"""State changes of the site pages. Services flush; routes commit."""

from ..accounts.models import User
from ..audit.services import record_event
from ..municipalities.models import UUSTATUS_URL, Municipality
from ..page_generations import changed
from ..refusals import Refusal


class SiteError(Refusal):
    """A site setting broke a rule; the message is shown to the administrator."""


def set_uustatus_url(municipality: Municipality, url: str | None, *, actor: User | None) -> None:
    """Set (or clear, with an empty value) the link to the municipality's statement."""
    url = UUSTATUS_URL.enforce((url or "").strip(), SiteError) or None
    if url == municipality.uustatus_url:
        return
    municipality.uustatus_url = url
    changed(municipality.id)  # its page links to the statement
    record_event(
        "municipality.uustatus_url_set", actor=actor, municipality=municipality, url=url or ""
    )
