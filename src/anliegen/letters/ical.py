"""iCalendar files of appointments (FND-12), built with the ``icalendar`` library."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from anliegen.core import clock

PRODUCT_ID = "-//anliegen//Termine//DE"


def appointment_ics(
    *,
    uid: str,
    start: dt.datetime,
    duration: dt.timedelta,
    summary: str,
    location: str = "",
    description: str = "",
    organiser: str = "",
) -> bytes:
    """One appointment as an ``.ics`` file (times in Europe/Berlin, with the zone's name)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.now())
    local_start = start.astimezone(clock.BERLIN)
    event.add("dtstart", local_start)
    event.add("dtend", local_start + duration)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if organiser:
        event.add("organizer", organiser)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
