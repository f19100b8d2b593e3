"""A meeting as an iCalendar file (RFC 5545, made with the icalendar library), sent with the
sign-up's confirmation so the meeting lands in the person's calendar."""

import re
from datetime import UTC

from icalendar import Calendar, Event, vText

from ..database import utcnow
from ..notifications.links import absolute_url
from .models import Meeting

PRODID = "-//Samskap//Møter//NB"
# An address as the sign-up form and service accept it (the mail server has the last word).
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def location_of(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.place, meeting.address) if part)


def meeting_ics(meeting: Meeting, link: str) -> str:
    """The meeting as one VEVENT (times in UTC, so every calendar shows them right)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@samskap.no")
    event.add("dtstamp", utcnow().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("location", vText(location_of(meeting)))
    event.add("url", absolute_url(link))
    if meeting.accessibility:
        event.add("description", meeting.accessibility)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
