"""Invitation letters and calendar files of appointments (KON-06, FND-12).

The letters are rendered by the letters app (:mod:`anliegen.letters.render`, the organisation's
template of kind ``contact_invitation``); this module only builds the context and bundles the
documents (one ``.docx`` per customer, one combined PDF for printing, a ZIP of the ``.docx``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from pypdf import PdfReader, PdfWriter

from anliegen.core import clock
from anliegen.letters.ical import PRODUCT_ID, appointment_ics

from .models import Appointment


def german_date(day: dt.date) -> str:
    """``Dienstag, 01.12.2026``."""
    with translation.override("de"):
        return f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def german_time(moment: dt.datetime) -> str:
    return f"{moment.astimezone(clock.BERLIN):%H:%M}"


def _place(appointment: Appointment) -> str:
    return f"{appointment.organisation.name}, {appointment.site.name}"


def invitation_context(appointment: Appointment) -> dict[str, Any]:
    customer = appointment.customer
    start = appointment.local_start
    address = [customer.display_name, customer.street, f"{customer.postcode} {customer.city}"]
    worker = appointment.case_worker
    return {
        "customer_name": customer.display_name,
        "address_lines": [line.strip() for line in address if line.strip()],
        "customer_number": customer.customer_number,
        "appointment_date": german_date(start.date()),
        "appointment_time": german_time(start),
        "place": _place(appointment),
        "case_worker": worker.get_full_name() or worker.username,
        "reference": f"T-{appointment.pk}",
    }


def invitation_docx(appointment: Appointment) -> bytes:
    from anliegen.letters.render import render_docx

    return render_docx(
        appointment.organisation, "contact_invitation", invitation_context(appointment)
    )


def docx_filename(appointment: Appointment) -> str:
    return f"einladung-{appointment.customer.customer_number}-{appointment.local_start:%Y%m%d-%H%M}.docx"


def invitations_pdf(appointments: Sequence[Appointment]) -> bytes:
    """One PDF with every letter, for printing."""
    from anliegen.letters.render import docx_to_pdf

    writer = PdfWriter()
    for appointment in appointments:
        writer.append(PdfReader(io.BytesIO(docx_to_pdf(invitation_docx(appointment)))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def invitations_zip(appointments: Sequence[Appointment]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for appointment in appointments:
            archive.writestr(docx_filename(appointment), invitation_docx(appointment))
    return out.getvalue()


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
        location=_place(appointment),
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
        event.add("location", _place(appointment))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
