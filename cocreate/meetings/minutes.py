"""The minutes (referat) into inputs: staff tick items of the minutes and each becomes an input
of the challenge, registered by the municipality (channel «registered», received via a
meeting, through the workshops' service for registered inputs) and linked to the meeting."""

import re
from datetime import date
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ..accounts.models import User
from ..audit.services import record_event
from ..extensions import db
from ..ideas.models import IDEA_BODY, IDEA_TITLE, Channel, Idea, ReceivedVia
from ..refusals import require
from ..workshops.publishing import Receipt, local_today, register_offline_input
from .models import Meeting, MeetingIdea
from .permissions import why_not_manage_meetings
from .services import MeetingError

OSLO = ZoneInfo("Europe/Oslo")
_MARKER = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def minute_items(minutes: str) -> list[str]:
    """The items of the minutes: one per bullet or per line; headings and blank lines are not
    items. A bullet's indented continuation lines belong to it."""
    items: list[str] = []
    for line in (minutes or "").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[:1] in (" ", "\t") and items and not _MARKER.match(line):
            items[-1] = f"{items[-1]} {stripped}"
            continue
        items.append(_MARKER.sub("", stripped).strip())
    return [item for item in items if item]


def _title_of(item: str) -> str:
    if len(item) <= IDEA_TITLE.max:
        return item
    cut = item[: IDEA_TITLE.max - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def inputs_from_minutes(meeting: Meeting, chosen: list[int], *, actor: User) -> list[Idea]:
    """One input per chosen item (by its place in minute_items), in one action."""
    challenge = meeting.challenge
    require(why_not_manage_meetings(actor, challenge))
    items = minute_items(meeting.minutes)
    picked = sorted(set(chosen))
    if not picked:
        raise MeetingError(_("Velg minst ett punkt fra referatet."))
    if any(not 0 <= index < len(items) for index in picked):
        raise MeetingError(_("Referatet er endret. Last siden på nytt og velg punktene igjen."))
    meeting_day = meeting.starts_at.astimezone(OSLO).date()
    received: date = min(local_today(), meeting_day)
    ideas = []
    for index in picked:
        item = items[index]
        body = "" if len(item) <= IDEA_TITLE.max else item
        body = IDEA_BODY.enforce(body, MeetingError)
        idea = register_offline_input(
            challenge,
            title=_title_of(item),
            body=body,
            channel=Channel.registered,
            receipt=Receipt(ReceivedVia.meeting, received),
            actor=actor,
        )
        db.session.add(MeetingIdea(meeting_id=meeting.id, idea_id=idea.id))
        ideas.append(idea)
    db.session.flush()
    record_event(
        "meeting.minutes_to_inputs",
        actor=actor,
        municipality=challenge.municipality,
        subject=meeting,
        inputs=len(ideas),
    )
    return ideas
