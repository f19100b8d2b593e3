"""The kinds of notification a person can choose to get by e-mail.

Other features may add their own kind with register_kind(); an unknown kind is still sent and can
still be unsubscribed from, it is only not listed on the settings page until registered.
"""

from flask_babel import lazy_gettext as _l

IDEA_MOVED = "idea_moved"
CHALLENGE_CONCLUDED = "challenge_concluded"
SURVEY = "survey"
IDEA_MODERATED = "idea_moderated"
CHALLENGE_OPENED = "challenge_opened"
COMMENT_REPLY = "comment_reply"

_KINDS: dict[str, object] = {
    IDEA_MOVED: _l("Nye svar og steg for innspill du har sendt inn, støttet eller følger"),
    CHALLENGE_CONCLUDED: _l("Oppsummeringen når en utfordring du har deltatt i, avsluttes"),
    SURVEY: _l("Spørreundersøkelsen «Ble du hørt?» etter at en utfordring er avsluttet"),
    IDEA_MODERATED: _l("Når innspillet ditt slås sammen med et annet eller skjules"),
    CHALLENGE_OPENED: _l("Nye utfordringer i bydeler og under prinsipper du følger"),
    COMMENT_REPLY: _l("Svar på kommentarene dine"),
}
# News that may wait for a daily digest when the person chose one; the rest always leaves at once.
_DIGEST_KINDS: set[str] = {IDEA_MOVED, CHALLENGE_OPENED, COMMENT_REPLY}


def register_kind(kind: str, label: object, *, digest: bool = False) -> None:
    """Add a kind (label may be a lazy string) so people can switch its e-mails on and off;
    `digest` lets it wait for the daily digest of those who chose one."""
    if len(kind) > 40:
        raise ValueError("a notification kind has at most 40 characters")
    _KINDS.setdefault(kind, label)
    if digest:
        _DIGEST_KINDS.add(kind)


def can_wait_for_digest(kind: str) -> bool:
    return kind in _DIGEST_KINDS


def known_kinds() -> list[tuple[str, str]]:
    return [(kind, str(label)) for kind, label in _KINDS.items()]


def kind_label(kind: str) -> str:
    label = _KINDS.get(kind)
    return str(label) if label is not None else kind
