"""The e-mails to people who signed up: the confirmation (with the meeting's .ics file), the
waiting-list receipt, the move up from the waiting list (with the .ics), and the reminder the
day before. Each carries the person's cancel link.

These kinds are not listed on the e-mail preferences page: they go to an address given on the
sign-up form, not to an account (a sign-up needs none, so there are no preferences to keep),
and each is a direct answer to the person's own request, like a receipt. The person stops them
by cancelling. They are written in the municipality's language, as the proposals' notices to
initiators are."""

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _

from ..database import after_commit
from ..extensions import db
from ..mail import Attachment
from ..notifications.jobs import wake_worker
from ..notifications.links import absolute_url, path_for
from ..notifications.models import OutboxMessage
from .calendar import location_of, meeting_ics
from .models import Meeting, MeetingSignup

SIGNUP_CONFIRMED = "meeting_signup"
SIGNUP_WAITING = "meeting_waiting"
SIGNUP_PROMOTED = "meeting_promoted"
MEETING_REMINDER = "meeting_reminder"
KINDS = (SIGNUP_CONFIRMED, SIGNUP_WAITING, SIGNUP_PROMOTED, MEETING_REMINDER)


def meeting_path(meeting: Meeting) -> str:
    return path_for(
        "meetings.detail", slug=meeting.challenge.municipality.slug, meeting_id=meeting.id
    )


def cancel_path(signup: MeetingSignup) -> str:
    return path_for("meetings.cancel", token=signup.token)


def when(meeting: Meeting) -> str:
    """The meeting's time in Oslo, e.g. «7. desember 2026 18:00–20:00»."""
    start = format_datetime(meeting.starts_at, "d. MMMM y HH:mm")
    if meeting.starts_at.date() == meeting.ends_at.date():
        return f"{start}–{format_datetime(meeting.ends_at, 'HH:mm')}"
    return f"{start} – {format_datetime(meeting.ends_at, 'd. MMMM y HH:mm')}"


def _body(meeting: Meeting, signup: MeetingSignup, lead: str) -> str:
    lines = [
        _("Hei %(name)s,", name=signup.name),
        "",
        lead,
        "",
        _("Møte: %(title)s", title=meeting.title),
        _("Tid: %(when)s", when=when(meeting)),
        _("Sted: %(place)s", place=location_of(meeting)),
    ]
    if meeting.accessibility:
        lines += ["", _("Tilgjengelighet: %(text)s", text=meeting.accessibility)]
    lines += [
        "",
        _("Les mer og se dagsordenen: %(url)s", url=absolute_url(meeting_path(meeting))),
        _(
            "Kan du ikke komme? Meld deg av her, så får en annen plassen din: %(url)s",
            url=absolute_url(cancel_path(signup)),
        ),
        "",
        _(
            "Navnet, e-postadressen og behovene du oppga, slettes 30 dager etter møtet. "
            "Du får denne e-posten fordi du meldte deg på møtet."
        ),
    ]
    return "\n".join(lines) + "\n"


def _message(meeting: Meeting, signup: MeetingSignup, kind: str) -> tuple[str, str]:
    if kind == SIGNUP_CONFIRMED:
        subject = _("Du er påmeldt: %(title)s", title=meeting.title)
        lead = _("Takk for påmeldingen! Du har fått plass. Møtet ligger i kalenderfilen vedlagt.")
    elif kind == SIGNUP_WAITING:
        subject = _("Du står på venteliste: %(title)s", title=meeting.title)
        lead = _(
            "Møtet er fullt, så du står på ventelisten. Blir en plass ledig, får du den "
            "og en e-post om det."
        )
    elif kind == SIGNUP_PROMOTED:
        subject = _("Du har fått plass: %(title)s", title=meeting.title)
        lead = _("En plass ble ledig, og du har fått den. Møtet ligger i kalenderfilen vedlagt.")
    else:
        subject = _("Påminnelse: %(title)s er i morgen", title=meeting.title)
        lead = _("Vi minner om møtet du er påmeldt til i morgen.")
    return subject, _body(meeting, signup, lead)


def mail_signup(signup: MeetingSignup, kind: str) -> OutboxMessage:
    """Write the e-mail of `kind` to the person in the caller's transaction (sent after the
    commit); with an .ics file unless it is the waiting-list receipt."""
    meeting = signup.meeting
    with force_locale(meeting.challenge.municipality.default_locale):  # the målform
        subject, text = _message(meeting, signup, kind)
    attachments = []
    if kind != SIGNUP_WAITING:
        ics = meeting_ics(meeting, meeting_path(meeting))
        attachments.append(Attachment("mote.ics", "text/calendar", ics).as_json())
    message = OutboxMessage(
        user_id=None,
        kind=kind,
        to_address=signup.email,
        subject=" ".join(subject.split())[:200],
        text=text,
        headers={},
        attachments=attachments or None,
    )
    db.session.add(message)
    db.session.flush()
    after_commit("outbox", wake_worker)
    return message
