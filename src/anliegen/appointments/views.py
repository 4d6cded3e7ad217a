"""Booking one appointment by hand (``/o/<org>/termine/…``), the booked appointment with its
calendar file and the documents procedures offer for it (:mod:`.links`), and the consultation
note after a held appointment (KON-07).

Views parse input, call :mod:`anliegen.appointments.actions` (the same write path as every
procedure that books) and render.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from anliegen.core.clock import BERLIN
from anliegen.core.errors import Conflict, InvalidInput, NotFound
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.customers.queries import get_customer_for
from anliegen.org.models import User
from anliegen.org.scope import Scope, get_staff_for
from anliegen.web.forms import NoteForm
from anliegen.web.views.base import apply_errors, org_view, redirect

from . import actions, ical, queries
from .access import ensure_casework, staff_of_teams
from .dates import german_date, german_time
from .forms import BookingForm, BookingTargetForm
from .links import AppointmentLink, appointment_links
from .models import Appointment
from .slots import Slot, next_free_slots


def _staff(scope: Scope, customer: Customer | None) -> list[User]:
    """Whom the actor may choose: themselves, the customer's contact person and, for leads,
    the members of their teams."""
    people = staff_of_teams(scope) if scope.is_lead else []
    for person in (customer.contact_person if customer else None, scope.user):
        if person is not None and person not in people:
            people.insert(0, person)
    return people


def _slot_choices(slots: list[Slot]) -> list[tuple[str, Any]]:
    by_day: dict[dt.date, list[tuple[str, str]]] = defaultdict(list)
    for slot in slots:
        start = slot.starts_at.astimezone(BERLIN)
        by_day[start.date()].append(
            (start.isoformat(), f"{german_time(start)}–{german_time(slot.ends_at)}")
        )
    return [("", _("Please choose"))] + [
        (german_date(day), choices) for day, choices in by_day.items()
    ]


def _starts_at(form: BookingForm) -> tuple[dt.datetime | None, str]:
    """The chosen start and the field to show its errors at."""
    data = form.cleaned_data
    if data.get("day") or data.get("time"):
        if not (data.get("day") and data.get("time")):
            form.add_error("day" if not data.get("day") else "time", _("Enter date and time."))
            return None, "day"
        return dt.datetime.combine(data["day"], data["time"], BERLIN), "day"
    if data.get("outside_opening_hours"):
        form.add_error("day", _("Enter the date and time outside the opening hours."))
        return None, "day"
    try:
        return dt.datetime.fromisoformat(data.get("slot") or ""), "slot"
    except ValueError:
        form.add_error("slot", _("Choose a free slot or enter another time."))
        return None, "slot"


@org_view
def book_appointment(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``termine/vereinbaren/``: choose customer and case worker (GET), then one of the next
    free slots or another time (POST); books through :func:`actions.book`."""
    ensure_casework(scope)
    data = request.POST if request.method == "POST" else request.GET
    number = data.get("kunde", "").strip()
    errors: dict[str, str] = {}
    customer: Customer | None = None
    if number:
        try:
            customer = get_customer_for(scope, number, via="web", purpose="appointment")
        except NotFound:
            errors["kunde"] = _("No customer has this number.")
    staff = _staff(scope, customer)
    default = customer.contact_person if customer and customer.contact_person else scope.user
    username = data.get("case_worker") or default.username
    worker: User | None = None
    try:
        worker = get_staff_for(scope, username)
        actions.ensure_may_plan(scope, worker)
    except NotFound:
        worker = None
        errors["case_worker"] = _("You may not book appointments for this case worker.")
    if worker is not None and worker not in staff:
        staff.append(worker)
    target = BookingTargetForm({"kunde": number, "case_worker": username})
    target.fields["case_worker"].widget.choices = [
        (p.username, p.get_full_name() or p.username) for p in staff
    ]
    target.is_valid()
    for name, message in errors.items():
        target.add_error(name, message)
    slots = next_free_slots(worker, scope.organisation) if worker is not None else []
    form = BookingForm(request.POST if request.method == "POST" else None)
    form.fields["slot"].widget.choices = _slot_choices(slots)
    if request.method == "POST" and customer is not None and worker is not None:
        if form.is_valid():
            starts_at, field = _starts_at(form)
            if starts_at is not None:
                try:
                    appointment = actions.book(
                        actor=scope.user,
                        scope=scope,
                        case_worker=worker,
                        customer=customer,
                        starts_at=starts_at,
                        note=form.cleaned_data["note"],
                        outside_opening_hours=field == "day"
                        and form.cleaned_data["outside_opening_hours"],
                    )
                except InvalidInput as exc:
                    apply_errors(form, exc, field_map={"starts_at": field})
                except Conflict as exc:
                    form.add_error(field, exc.message)
                else:
                    messages.success(
                        request,
                        _("The appointment was booked and the invitation letter created."),
                    )
                    return redirect(
                        request,
                        reverse(
                            "appointments:booked", args=[scope.organisation.slug, appointment.pk]
                        ),
                    )
    elif request.method == "POST":
        target.add_error(None, _("Choose the customer and the case worker first."))
    context: dict[str, Any] = {
        "section": "kontakte",
        "target": target,
        "form": form,
        "customer": customer,
        "case_worker": worker,
        "slot_count": len(slots),
    }
    return render(request, "appointments/book.html", context)


def _pages(scope: Scope, appointment: Appointment) -> list[AppointmentLink]:
    return [link for link in appointment_links(scope, appointment) if not link.document]


def back_link(scope: Scope, appointment: Appointment) -> AppointmentLink:
    """The first page a procedure offers for the appointment (its week calendar), else the
    customer's record."""
    pages = _pages(scope, appointment)
    if pages:
        return pages[0]
    url = reverse(
        "web:customer", args=[scope.organisation.slug, appointment.customer.customer_number]
    )
    return AppointmentLink(_("Back to the customer"), url)


@org_view
def booked(request: HttpRequest, scope: Scope, appointment_id: int) -> HttpResponse:
    """The booked appointment with the documents procedures offer for it (an invitation
    letter) and its calendar file."""
    ensure_casework(scope)
    appointment = queries.get_appointment_for(scope, appointment_id, via="web")
    links = appointment_links(scope, appointment)
    context: dict[str, Any] = {
        "section": "kontakte",
        "appointment": appointment,
        "documents": [link for link in links if link.document],
        "pages": [link for link in links if not link.document],
    }
    return render(request, "appointments/booked.html", context)


@org_view
def appointment_ics(request: HttpRequest, scope: Scope, appointment_id: int) -> HttpResponse:
    """One appointment as an iCalendar file."""
    ensure_casework(scope)
    appointment = queries.get_appointment_for(scope, appointment_id, via="web")
    response = HttpResponse(ical.appointment_file(appointment), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="termin-{appointment.pk}.ics"'
    return response


@org_view
def consultation_note(request: HttpRequest, scope: Scope, appointment_id: int) -> HttpResponse:
    """KON-07: after a held appointment, the customer's consultation-note form with the
    contact date of the appointment; it is saved by the customer page's note form. Nothing is
    written automatically (it would count the contact twice)."""
    ensure_casework(scope)
    appointment = queries.get_appointment_for(scope, appointment_id, via="web")
    form = NoteForm(
        initial={
            "kind": HistoryEntry.Kind.CONSULTATION,
            "contact_date": appointment.local_start.date(),
        }
    )
    context: dict[str, Any] = {
        "section": "kontakte",
        "appointment": appointment,
        "form": form,
        "noted": appointment.pk in queries.with_consultation_note([appointment]),
        "back": back_link(scope, appointment),
    }
    return render(request, "appointments/consultation_note.html", context)
