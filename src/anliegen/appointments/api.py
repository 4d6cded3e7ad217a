"""API of the calendar: appointments, free slots, calendar files, opening hours. Handlers parse,
call :mod:`anliegen.appointments.actions` or :mod:`anliegen.appointments.queries`, and serialise.
The weekly invitation plan (KON-06) is contact density's (``POST …/contact-plan/confirm``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, codes, local, org_scope, referenced
from anliegen.api.inputs import ISO_WEEK_PATTERN, documented
from anliegen.api.problems import error_responses
from anliegen.core.clock import BERLIN
from anliegen.customers.queries import get_customer_for
from anliegen.org.models import Site
from anliegen.org.scope import get_staff_for

from . import actions, hours_checks, ical, opening_hours, queries
from .models import Appointment
from .slots import DEFAULT_OPENING_HOURS, NEXT_WORKING_DAYS, next_free_slots

if TYPE_CHECKING:
    StatusCode = str
    OutcomeCode = str
else:
    StatusCode = codes(Appointment.Status)
    OutcomeCode = codes(tuple(str(o) for o in actions.OUTCOMES))

router = Router(tags=["appointments"])


class AppointmentOut(Schema):
    id: int
    customer_number: str
    name: str
    case_worker: str = Field(description="username")
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: StatusCode
    kind: str
    source: str
    site: str


class AppointmentOutcomeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: OutcomeCode


def appointment_out(appointment: Appointment) -> AppointmentOut:
    return AppointmentOut(
        id=appointment.pk,
        customer_number=appointment.customer.customer_number,
        name=appointment.customer.display_name,
        case_worker=appointment.case_worker.username,
        starts_at=local(appointment.starts_at),
        ends_at=local(appointment.ends_at),
        status=appointment.status,
        kind=appointment.kind,
        source=appointment.source,
        site=appointment.site.name,
    )


@router.get(
    "/orgs/{org}/appointments",
    response={200: list[AppointmentOut], **error_responses(401, 404, 422)},
    summary="A case worker's appointments in one week (KON-06)",
)
def week_appointments(
    request: HttpRequest,
    org: str,
    case_worker: str = Query(..., max_length=150, description="username"),
    week: str = documented(
        Query(..., max_length=20, description="ISO week, e.g. 2026-W49"),
        pattern=ISO_WEEK_PATTERN,
    ),
) -> list[AppointmentOut]:
    scope = org_scope(request, org)
    worker, monday = queries.plan_target(scope, case_worker, week)
    return [appointment_out(a) for a in queries.week_of(scope, worker, monday)]


@router.post(
    "/orgs/{org}/appointments/{appointment_id}/outcome",
    response={200: AppointmentOut, **error_responses(401, 404, 409, 422)},
    summary="Record whether the customer came (held) or not (no_show)",
    description="A no-show is written to the customer history and counts in the no-show rate.",
)
def outcome(
    request: HttpRequest, org: str, appointment_id: int, payload: AppointmentOutcomeIn
) -> AppointmentOut:
    scope = org_scope(request, org)
    appointment = queries.get_appointment_for(scope, appointment_id)
    done = actions.record_outcome(
        actor=actor(request), scope=scope, appointment=appointment, outcome=payload.outcome
    )
    return appointment_out(queries.get_appointment_for(scope, done.pk))


@router.post(
    "/orgs/{org}/appointments/{appointment_id}/cancel",
    response={200: AppointmentOut, **error_responses(401, 404, 409)},
    summary="Cancel a booked appointment",
)
def cancel(request: HttpRequest, org: str, appointment_id: int) -> AppointmentOut:
    scope = org_scope(request, org)
    appointment = queries.get_appointment_for(scope, appointment_id)
    actions.cancel(actor=actor(request), scope=scope, appointment=appointment)
    return appointment_out(queries.get_appointment_for(scope, appointment_id))


@router.get(
    "/orgs/{org}/appointments/{appointment_id}.ics",
    response={200: None, **error_responses(401, 404)},
    summary="One appointment as an iCalendar file",
)
def appointment_ics(request: HttpRequest, org: str, appointment_id: int) -> HttpResponse:
    scope = org_scope(request, org)
    appointment = queries.get_appointment_for(scope, appointment_id, via="api")
    response = HttpResponse(ical.appointment_file(appointment), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="termin-{appointment.pk}.ics"'
    return response


# --- Booking by hand, free slots, the week's calendar file --------------------------------------


class BookIn(Schema):
    model_config = ConfigDict(extra="forbid")

    customer_number: str = Field(max_length=40)
    case_worker: str = Field(max_length=150, description="username")
    starts_at: dt.datetime = Field(description="without an offset: Berlin time")
    note: str = Field("", max_length=500)
    outside_opening_hours: bool = Field(
        False,
        description="book outside the opening hours of the site (QS-02); absences still count",
    )


class BookedAppointmentOut(AppointmentOut):
    note: str


class SlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


@router.post(
    "/orgs/{org}/appointments",
    response={201: BookedAppointmentOut, **error_responses(401, 404, 409, 422)},
    summary="Book one appointment by hand (KON-06)",
    description=(
        "Books a consultation of the customer with the case worker and writes the invitation "
        "entry to the customer history; the invitation letter is then available. The time must "
        "lie in the future, not in an absence of the case worker and — unless "
        "`outside_opening_hours` is set (QS-02) — on a working day within the opening hours "
        "of the case worker's site (422 with a German message). A time already taken by the "
        "case worker or the customer: 409."
    ),
)
def book(request: HttpRequest, org: str, payload: BookIn) -> Status[BookedAppointmentOut]:
    scope = org_scope(request, org)
    customer = referenced(
        "customer_number",
        get_customer_for,
        scope,
        payload.customer_number,
        via="api",
        purpose="appointment",
    )
    worker = referenced("case_worker", get_staff_for, scope, payload.case_worker)
    starts_at = payload.starts_at
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=BERLIN)
    appointment = actions.book(
        actor=actor(request),
        scope=scope,
        case_worker=worker,
        customer=customer,
        starts_at=starts_at,
        note=payload.note,
        outside_opening_hours=payload.outside_opening_hours,
    )
    done = queries.get_appointment_for(scope, appointment.pk)
    return Status(201, BookedAppointmentOut(**appointment_out(done).model_dump(), note=done.note))


FROM_DAY = Query(None, alias="from", description="first day, YYYY-MM-DD (default: today)")


@router.get(
    "/orgs/{org}/appointments/free-slots",
    response={200: list[SlotOut], **error_responses(401, 404, 422)},
    summary="The case worker's next free slots",
    description=(
        "Free slots within the opening hours of the case worker's site, on working days, "
        "outside absences and booked appointments, from `from` (today by default) over the "
        "next `days` working days."
    ),
)
def free_slots(
    request: HttpRequest,
    org: str,
    case_worker: str = Query(..., max_length=150, description="username"),
    from_: dt.date | None = FROM_DAY,
    days: int = Query(NEXT_WORKING_DAYS, ge=1, le=30, description="working days"),
) -> list[SlotOut]:
    scope = org_scope(request, org)
    worker = referenced("case_worker", get_staff_for, scope, case_worker)
    actions.ensure_may_plan(scope, worker)
    slots = next_free_slots(worker, scope.organisation, first=from_, days=days)
    return [SlotOut(starts_at=local(s.starts_at), ends_at=local(s.ends_at)) for s in slots]


@router.get(
    "/orgs/{org}/appointments.ics",
    response={200: None, **error_responses(401, 404, 422)},
    summary="A case worker's appointments of one week as an iCalendar file",
    description="Cancelled appointments are left out.",
)
def week_ics(
    request: HttpRequest,
    org: str,
    case_worker: str = Query(..., max_length=150, description="username"),
    week: str = documented(
        Query(..., max_length=20, description="ISO week, e.g. 2026-W49"),
        pattern=ISO_WEEK_PATTERN,
    ),
) -> HttpResponse:
    scope = org_scope(request, org)
    worker, monday = queries.plan_target(scope, case_worker, week)
    appointments = [
        a
        for a in queries.week_of(scope, worker, monday)
        if a.status != Appointment.Status.CANCELLED
    ]
    response = HttpResponse(ical.week_file(appointments), content_type="text/calendar")
    filename = f"termine-{worker.username}-{queries.iso_week(monday)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Opening hours of a site (QS-01) ------------------------------------------------------------


class IntervalIO(Schema):
    model_config = ConfigDict(extra="forbid")

    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    opens: dt.time
    closes: dt.time


class OpeningHoursOut(Schema):
    site_id: int
    site: str
    default: bool = Field(description="no intervals stored: the default opening hours apply")
    intervals: list[IntervalIO]
    warnings: list[str] = Field(
        default_factory=list,
        description="after a PUT: German warnings of the checks run on the saved hours (QS-01)",
    )


class OpeningHoursIn(Schema):
    model_config = ConfigDict(extra="forbid")

    intervals: list[IntervalIO] = Field(max_length=100)


def _hours_out(site: Site) -> OpeningHoursOut:
    rows = opening_hours.intervals_of(site)
    if rows:
        intervals = [IntervalIO(weekday=r.weekday, opens=r.opens, closes=r.closes) for r in rows]
    else:
        intervals = [
            IntervalIO(weekday=day, opens=o, closes=c)
            for day, hours in sorted(DEFAULT_OPENING_HOURS.items())
            for o, c in hours
        ]
    return OpeningHoursOut(site_id=site.pk, site=site.name, default=not rows, intervals=intervals)


@router.get(
    "/orgs/{org}/sites/{site_id}/opening-hours",
    response={200: OpeningHoursOut, **error_responses(401, 404)},
    summary="The opening hours of a site (QS-01)",
)
def get_opening_hours(request: HttpRequest, org: str, site_id: int) -> OpeningHoursOut:
    scope = org_scope(request, org)
    return _hours_out(opening_hours.get_org_site(scope, site_id))


@router.put(
    "/orgs/{org}/sites/{site_id}/opening-hours",
    response={200: OpeningHoursOut, **error_responses(401, 403, 404, 422)},
    summary="Replace the opening hours of a site (QS-01)",
    description=(
        "Management, area management (sites of their areas) and administrators. Each interval "
        "must close after it opens; intervals of the same weekday must not overlap (422, "
        "errors keyed `intervals.<n>.<field>`). An empty list restores the default hours. "
        "Written to the audit log."
    ),
)
def put_opening_hours(
    request: HttpRequest, org: str, site_id: int, payload: OpeningHoursIn
) -> OpeningHoursOut:
    scope = org_scope(request, org)
    site = opening_hours.get_site_for(scope, site_id)
    opening_hours.replace_intervals(
        actor=actor(request),
        scope=scope,
        site=site,
        intervals=[(i.weekday, i.opens, i.closes) for i in payload.intervals],
    )
    saved = _hours_out(site)
    saved.warnings = hours_checks.warnings_for(site)
    return saved
