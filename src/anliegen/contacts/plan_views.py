"""Wochenplan (KON-05/06): capacity, the proposal of whom to invite, confirming it (booking
the appointments, the invitation letters) and the case worker's week calendar with outcomes.

Views parse input, call :mod:`anliegen.contacts.queries`, :mod:`anliegen.appointments.queries`
and :mod:`anliegen.appointments.actions`, and render; scope and domain errors are handled by
:func:`anliegen.web.views.base.org_view`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.appointments import actions as appointment_actions
from anliegen.appointments import ical
from anliegen.appointments import queries as appointment_queries
from anliegen.appointments.dates import iso_week, week_label, week_start
from anliegen.appointments.models import Appointment
from anliegen.appointments.opening_hours import may_manage_sites
from anliegen.appointments.slots import Slot, free_slots
from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.letters.pdf import PDF_CONTENT_TYPE, pdf_available
from anliegen.letters.views import batch_context
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.web.views.base import org_view, redirect

from . import invitations, queries
from .actions import confirm_plan as confirm_weekly_plan
from .models import ContactSchedule
from .views import _staff_of_teams, ensure_casework

MORE_CANDIDATES = 20
"""How many further customers (below the cut) the plan offers to add."""


@dataclass
class PlanRow:
    schedule: ContactSchedule
    proposed: bool
    overdue_days: int
    slot: Slot | None = None
    booked: Appointment | None = None


def overdue_days(schedule: ContactSchedule, today: dt.date) -> int:
    """Days the contact is overdue today: 0 when it is due today or later (KON-04)."""
    return max(0, (today - schedule.due_date).days)


def _target(
    request: HttpRequest, scope: Scope, *, weeks_ahead: int = 1
) -> tuple[User, dt.date, list[User]]:
    """The case worker (default: the actor) and the week (default: next week for the plan, this
    week for the calendar) of the page, and the staff a lead may choose from (empty for case
    workers)."""
    staff = _staff_of_teams(scope) if scope.is_lead else []
    if staff and scope.user not in staff:
        staff.insert(0, scope.user)
    username = request.GET.get("case_worker") or scope.user.username
    week = request.GET.get("week") or iso_week(
        week_start(clock.today()) + dt.timedelta(weeks=weeks_ahead)
    )
    worker, monday = appointment_queries.plan_target(scope, username, week)
    return worker, monday, staff


def _url(scope: Scope, name: str, **params: str) -> str:
    base = reverse(f"contacts:{name}", args=[scope.organisation.slug])
    return f"{base}?{urlencode(params)}" if params else base


def _week_nav(scope: Scope, name: str, worker: User, monday: dt.date) -> dict[str, Any]:
    def link(day: dt.date) -> str:
        return _url(scope, name, case_worker=worker.username, week=iso_week(day))

    return {
        "week": iso_week(monday),
        "week_label": week_label(monday),
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous_url": link(monday - dt.timedelta(weeks=1)),
        "next_url": link(monday + dt.timedelta(weeks=1)),
        "plan_url": _url(scope, "plan", case_worker=worker.username, week=iso_week(monday)),
        "calendar_url": _url(
            scope,
            "calendar",
            case_worker=worker.username,
            week=iso_week(monday),
        ),
    }


def _booked_in_week(scope: Scope, worker: User, monday: dt.date) -> dict[int, Appointment]:
    return {
        a.customer_id: a
        for a in appointment_queries.week_of(scope, worker, monday)
        if a.status != Appointment.Status.CANCELLED
    }


@org_view
def weekly_plan(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``kontakte/wochenplan/``: capacity and whom to invite in a week (KON-05/06)."""
    ensure_casework(scope)
    worker, monday, staff = _target(request, scope)
    plan = queries.plan_for(scope, worker, monday)
    booked = _booked_in_week(scope, worker, monday)
    proposed_ids = {s.customer_id for s in plan.schedules}
    more = list(
        queries.schedules_visible_to(scope)
        .filter(contact_person=worker)
        .exclude(customer_id__in=proposed_ids)
        .select_related("customer")
        .order_by("due_date", "customer__last_name", "customer_id")[:MORE_CANDIDATES]
    )
    slots = iter(free_slots(worker, scope.organisation, monday))
    today = clock.today()
    rows: list[PlanRow] = []
    for position, schedule in enumerate(plan.schedules):
        row = PlanRow(
            schedule,
            proposed=position < plan.capacity.proposed,
            overdue_days=overdue_days(schedule, today),
            booked=booked.get(schedule.customer_id),
        )
        if row.booked is None and row.proposed:
            row.slot = next(slots, None)
        rows.append(row)
    extra = [
        PlanRow(
            s,
            proposed=False,
            overdue_days=overdue_days(s, today),
            booked=booked.get(s.customer_id),
        )
        for s in more
    ]
    past = monday + dt.timedelta(days=6) < clock.today()
    context: dict[str, Any] = {
        "section": "kontakte",
        "plan": plan,
        "case_worker": worker,
        "staff": staff,
        "rows": rows,
        "extra": extra,
        "past": past,
        "without_slot": sum(1 for r in rows if r.proposed and r.booked is None and r.slot is None),
        "already_booked": sum(1 for r in rows if r.booked is not None),
        **_week_nav(scope, "plan", worker, monday),
    }
    return render(request, "contacts/plan.html", context)


@require_POST
@org_view
def confirm_plan(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Book the checked customers, write the invitations, show the downloads (KON-06)."""
    ensure_casework(scope)
    worker, monday = appointment_queries.plan_target(
        scope, request.POST.get("case_worker", ""), request.POST.get("week", "")
    )
    back = _url(scope, "plan", case_worker=worker.username, week=iso_week(monday))
    try:
        result = confirm_weekly_plan(
            actor=scope.user,
            scope=scope,
            case_worker=worker,
            monday=monday,
            numbers=request.POST.getlist("customers"),
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect(request, back)
    ids = ",".join(str(a.pk) for a in result.booked)
    batch = (
        invitations.start_invitations_pdf(scope.user, result.booked)
        if result.booked and pdf_available()
        else None
    )
    context: dict[str, Any] = {
        "section": "kontakte",
        "case_worker": worker,
        "result": result,
        **(batch_context(batch) if batch else {}),
        "pdf_url": _url(scope, "plan_pdf") if ids else "",
        "ids": ids,
        "zip_url": _url(scope, "plan_zip", ids=ids) if ids else "",
        "back_url": back,
        **_week_nav(scope, "plan", worker, monday),
    }
    return render(request, "contacts/plan_result.html", context)


def _ids(request: HttpRequest) -> list[int]:
    raw = request.GET.get("ids", "")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()][:500]


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@org_view
def plan_pdf(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Invitation letters as PDF (issue 21). GET ``?ids=<one id>``: the letter of one
    appointment, converted now (the single preview). POST ``ids``: the letters of a confirmed
    plan, converted into one PDF by the background worker; on to its page."""
    ensure_casework(scope)
    if request.method == "POST":
        ids = [int(p) for p in request.POST.get("ids", "").split(",") if p.strip().isdigit()]
        appointments = appointment_queries.in_batch(scope, ids[:500], via="web")
        if not appointments:
            raise InvalidInput(_("No appointments chosen."))
        batch = invitations.start_invitations_pdf(scope.user, appointments)
        return redirect(request, reverse("letters:batch", args=[scope.organisation.slug, batch.pk]))
    appointments = appointment_queries.in_batch(scope, _ids(request), via="web")
    if len(appointments) != 1:
        raise InvalidInput(
            _("Please choose one appointment; a whole plan is prepared as PDF in the background.")
        )
    appointment = appointments[0]
    return _download(
        invitations.invitation_pdf(appointment),
        PDF_CONTENT_TYPE,
        invitations.pdf_filename(appointment),
    )


@org_view
def plan_zip(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The invitation letters of a confirmed plan as ``.docx`` files in a ZIP archive."""
    ensure_casework(scope)
    appointments = appointment_queries.in_batch(scope, _ids(request), via="web")
    if not appointments:
        raise InvalidInput(_("No appointments chosen."))
    return _download(
        invitations.invitations_zip(appointments), "application/zip", "einladungen.zip"
    )


@org_view
def appointment_letter(request: HttpRequest, scope: Scope, appointment_id: int) -> HttpResponse:
    """The invitation letter of one appointment (``.docx``)."""
    ensure_casework(scope)
    appointment = appointment_queries.get_appointment_for(scope, appointment_id, via="web")
    return _download(
        invitations.invitation_docx(appointment), DOCX, invitations.docx_filename(appointment)
    )


@org_view
def appointment_ics(request: HttpRequest, scope: Scope, appointment_id: int) -> HttpResponse:
    ensure_casework(scope)
    appointment = appointment_queries.get_appointment_for(scope, appointment_id, via="web")
    return _download(
        ical.appointment_file(appointment), "text/calendar", f"termin-{appointment.pk}.ics"
    )


@org_view
def week_calendar(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``kontakte/wochenkalender/``: the case worker's appointments of a week, per day, with
    outcome and cancel buttons; ``?format=ics`` downloads the week as a calendar file."""
    ensure_casework(scope)
    worker, monday, staff = _target(request, scope, weeks_ahead=0)
    appointments = appointment_queries.week_of(scope, worker, monday)
    if request.GET.get("format") == "ics":
        return _download(
            ical.week_file([a for a in appointments if a.status != Appointment.Status.CANCELLED]),
            "text/calendar",
            f"termine-{worker.username}-{iso_week(monday)}.ics",
        )
    now = clock.now()
    noted = appointment_queries.with_consultation_note(
        [a for a in appointments if a.status == Appointment.Status.HELD]
    )
    days = [
        (
            day,
            [a for a in appointments if a.local_start.date() == day],
        )
        for day in (monday + dt.timedelta(days=n) for n in range(7))
    ]
    days = [(day, items) for day, items in days if items or day.weekday() < 5]
    context: dict[str, Any] = {
        "section": "kontakte",
        "case_worker": worker,
        "staff": staff,
        "days": days,
        "now": now,
        "noted": noted,
        "book_url": reverse("appointments:book", args=[scope.organisation.slug])
        + "?"
        + urlencode({"case_worker": worker.username}),
        "may_manage_sites": may_manage_sites(scope),
        "total": sum(1 for a in appointments if a.status != Appointment.Status.CANCELLED),
        "ics_url": _url(
            scope,
            "calendar",
            case_worker=worker.username,
            week=iso_week(monday),
            format="ics",
        ),
        **_week_nav(scope, "calendar", worker, monday),
    }
    return render(request, "contacts/plan_calendar.html", context)


def _calendar_url(scope: Scope, appointment: Appointment) -> str:
    monday = week_start(appointment.local_start.date())
    return _url(
        scope,
        "calendar",
        case_worker=appointment.case_worker.username,
        week=iso_week(monday),
    )


@require_POST
@org_view
def appointment_outcome(request: HttpRequest, scope: Scope, appointment_id: int) -> HttpResponse:
    """Held or no-show."""
    ensure_casework(scope)
    appointment = appointment_queries.get_appointment_for(scope, appointment_id)
    outcome = request.POST.get("outcome", "")
    appointment_actions.record_outcome(
        actor=scope.user, scope=scope, appointment=appointment, outcome=outcome
    )
    if outcome == Appointment.Status.NO_SHOW:
        messages.success(request, _("The no-show was recorded in the customer history."))
        return redirect(request, _calendar_url(scope, appointment))
    messages.success(
        request,
        _("The appointment was recorded as held. Please write the consultation note."),
    )
    # KON-07: on to the consultation note, with the date of the appointment; never written
    # automatically (it would count the contact twice).
    return redirect(
        request,
        reverse("appointments:consultation_note", args=[scope.organisation.slug, appointment.pk]),
    )


@org_view
def appointment_cancel(request: HttpRequest, scope: Scope, appointment_id: int) -> HttpResponse:
    """Ask for confirmation (GET), then cancel (POST)."""
    ensure_casework(scope)
    appointment = appointment_queries.get_appointment_for(scope, appointment_id)
    back = _calendar_url(scope, appointment)
    if request.method == "POST":
        appointment_actions.cancel(actor=scope.user, scope=scope, appointment=appointment)
        messages.success(request, _("The appointment was cancelled."))
        return redirect(request, back)
    context = {"section": "kontakte", "appointment": appointment, "back_url": back}
    return render(request, "contacts/plan_cancel.html", context)
