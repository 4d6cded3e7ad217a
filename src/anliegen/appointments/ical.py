"""iCalendar files of appointments (FND-12), built with the ``icalendar`` library: one event
(:func:`appointment_ics`, also used by the tickets' callbacks), one booked appointment and a case
worker's week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from anliegen.core import clock

from .models import Appointment

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


def place(appointment: Appointment) -> str:
    """Where the appointment takes place: organisation and site."""
    return f"{appointment.organisation.name}, {appointment.site.name}"


def _summary(appointment: Appointment) -> str:
    with translation.override("de"):
        return _("Consultation %(name)s (%(number)s)") % {
            "name": appointment.customer.display_name,
            "number": appointment.customer.customer_number,
        }


def appointment_file(appointment: Appointment) -> bytes:
    """One appointment as an ``.ics`` file."""
    return appointment_ics(
        uid=f"termin-{appointment.pk}@anliegen",
        start=appointment.starts_at,
        duration=appointment.ends_at - appointment.starts_at,
        summary=_summary(appointment),
        location=place(appointment),
    )


def week_file(appointments: Sequence[Appointment]) -> bytes:
    """The case worker's appointments of a week in one ``.ics`` file."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for appointment in appointments:
        event = Event()
        event.add("uid", f"termin-{appointment.pk}@anliegen")
        event.add("dtstamp", clock.now())
        event.add("dtstart", appointment.local_start)
        event.add("dtend", appointment.local_end)
        event.add("summary", _summary(appointment))
        event.add("location", place(appointment))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
