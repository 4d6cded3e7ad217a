"""Write paths of QS-02 (urgent walk-ins), QS-03 (employer calls and call-centre notes) and
QS-06 (hour bookings). Each checks permission, runs in one transaction and is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.core.text import ensure_plain, markup_errors
from anliegen.customers.models import Customer
from anliegen.org.models import Area, Membership, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, get_staff_for, team_of
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.calendars import calendar_for

from .models import CallCentreNote, EmployerCall, EmployerReachability, HourBooking, UrgentVisit

URGENT_KIND = "urgent_visit"
CALL_NOTE_KIND = "call_centre_note"
MAX_WEEK_HOURS = Decimal(60)
#: QS-06: placement officers spend half their time on employer service.
PLANNED_EMPLOYER_SHARE = Decimal("0.5")
#: Roles that book hours (QS-06).
BOOKING_ROLES = (Role.PLACEMENT_OFFICER,)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def record_urgent_visit(
    *,
    actor: User,
    scope: Scope,
    concern: str,
    team_id: int | None = None,
    customer_number: str = "",
) -> UrgentVisit:
    """QS-02: a case worker or the reception records an urgent walk-in; a work item due today
    lands in the team's worklist (the recorder's team unless another is chosen)."""
    if not scope.may_see_customers:
        raise Forbidden(_("Only staff working with customers may record urgent visits."))
    errors: dict[str, str] = {}
    concern = (concern or "").strip()
    if not concern:
        errors["concern"] = _("Describe the urgent concern briefly.")
    errors.update(markup_errors(concern=concern))
    team: Team | None
    if team_id is not None:
        team = Team.objects.filter(organisation=scope.organisation, pk=team_id).first()
    else:
        team = team_of(actor.pk, scope.organisation)
    if team is None:
        errors["team"] = _("Choose the team that sees the customer today.")
    customer = None
    if customer_number.strip():
        customer = Customer.objects.filter(
            organisation=scope.organisation, customer_number=customer_number.strip()
        ).first()
        if customer is None:
            errors["customer_number"] = _("No customer with this number.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    assert team is not None
    today = clock.today()
    item = create_item(
        actor=actor,
        organisation=scope.organisation,
        kind=URGENT_KIND,
        title=_("Urgent visit: %(concern)s") % {"concern": concern[:150]},
        customer=customer,
        team=team,
        priority=1,
        deadlines=[DeadlineSpec("main", today)],
        note=concern,
    )
    visit = UrgentVisit.objects.create(
        item=item,
        organisation=scope.organisation,
        site_id=Area.objects.filter(pk=team.area_id).values_list("site_id", flat=True).get(),
        team=team,
        recorded_by=actor,
        recorded_on=today,
        concern=concern,
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.urgent_visit_recorded",
        obj=visit,
        new={"item": item.pk, "team": team.pk, "concern": concern},
    )
    return visit


def _officer_team_or_employer_service(
    scope: Scope, employer: Customer | None
) -> tuple[User | None, Team | None]:
    person = employer.contact_person if employer is not None else None
    if person is not None:
        return person, team_of(person.pk, scope.organisation)
    team = (
        Team.objects.filter(organisation=scope.organisation, area__kind=Area.Kind.EMPLOYER_SERVICE)
        .order_by("id")
        .first()
    )
    return None, team


def _employer(scope: Scope, number: str) -> Customer | None:
    if not number.strip():
        return None
    employer = Customer.objects.filter(
        organisation=scope.organisation, customer_number=number.strip(), kind=Customer.Kind.EMPLOYER
    ).first()
    if employer is None:
        raise InvalidInput(
            _("No employer with this customer number."),
            errors={"employer": _("No employer with this customer number.")},
        )
    return employer


@transaction.atomic
def record_employer_call(
    *, actor: User, scope: Scope, at: dt.datetime, taken_by: str | None, employer: str = ""
) -> EmployerCall:
    """QS-03: telephony reports a call to the employer service, taken by a placement officer
    (``taken_by``) or forwarded to the call centre (``None``)."""
    if not (scope.org_wide or scope.has_role(Role.PHONE_AGENT, Role.TEAM_LEAD)):
        raise Forbidden(_("Only telephony, leads and management report employer calls."))
    officer = None
    if taken_by:
        try:
            officer = get_staff_for(scope, taken_by)
        except NotFound:
            message = _("No member of staff with this user name.")
            raise InvalidInput(message, errors={"taken_by": message}) from None
    call = EmployerCall.objects.create(
        organisation=scope.organisation,
        at=at,
        week=monday_of(at.astimezone(clock.BERLIN).date()),
        employer=_employer(scope, employer),
        taken_by=officer,
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.employer_call_recorded",
        obj=call,
        new={"at": at.isoformat(), "taken_by": taken_by, "employer": employer or None},
    )
    return call


@transaction.atomic
def record_call_note(
    *,
    actor: User,
    scope: Scope,
    employer: str,
    text: str,
    called_at: dt.datetime,
    caller: str = "",
    idempotency_key: str = "",
) -> CallCentreNote:
    """QS-03: the external call centre's note of a call no officer took. It becomes a work
    item for the employer's fixed contact person, due the next working day (without one: the
    employer service team, unassigned). The same ``idempotency_key`` again returns the first
    note."""
    if not (scope.org_wide or scope.has_role(Role.PHONE_AGENT, Role.TEAM_LEAD)):
        raise Forbidden(_("Only the call centre, leads and management send call notes."))
    if idempotency_key:
        existing = CallCentreNote.objects.filter(
            idempotency_key=idempotency_key, item__organisation=scope.organisation
        ).first()
        if existing is not None:
            return existing
    text = (text or "").strip()
    if not text:
        raise InvalidInput(
            _("The note needs a text."), errors={"text": _("The note needs a text.")}
        )
    ensure_plain(text=text, caller=caller)
    customer = _employer(scope, employer)
    if customer is None:
        raise InvalidInput(
            _("Give the employer's customer number."),
            errors={"employer": _("Give the employer's customer number.")},
        )
    person, team = _officer_team_or_employer_service(scope, customer)
    day = called_at.astimezone(clock.BERLIN).date()
    site = None
    if team is not None:
        site = Area.objects.get(pk=team.area_id).site
    calendar, _rules = calendar_for(scope.organisation, site=site, on=day)
    due = calendar.next_working_day(day + dt.timedelta(days=1))
    call = EmployerCall.objects.create(
        organisation=scope.organisation,
        at=called_at,
        week=monday_of(day),
        employer=customer,
        taken_by=None,
    )
    item = create_item(
        actor=actor,
        organisation=scope.organisation,
        kind=CALL_NOTE_KIND,
        title=_("Call-centre note: %(employer)s") % {"employer": customer.display_name},
        received_at=called_at,
        customer=customer,
        team=team,
        assignee=person,
        priority=2,
        deadlines=[DeadlineSpec("main", due)],
        note=text,
    )
    try:
        with transaction.atomic():
            note = CallCentreNote.objects.create(
                item=item,
                call=call,
                text=text,
                caller=caller.strip(),
                idempotency_key=idempotency_key,
            )
    except IntegrityError:  # a concurrent request with the same key won
        raise NotFound() from None
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.call_note_received",
        obj=note,
        new={"item": item.pk, "employer": customer.customer_number, "due": due.isoformat()},
    )
    return note


def _hours(value: object, field: str, errors: dict[str, str]) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        errors[field] = _("Enter the hours as a number.")
        return Decimal(0)
    if hours < 0:
        errors[field] = _("Hours cannot be negative.")
    return hours


@transaction.atomic
def book_hours(
    *,
    actor: User,
    scope: Scope,
    week: dt.date,
    employer_hours: object,
    other_hours: object,
    user: User | None = None,
) -> HourBooking:
    """QS-06: book a week's hours in two buckets (again: the booking is replaced). More than
    60 hours a week or negative hours are refused. Placement officers book for themselves;
    their team lead or management may correct a booking."""
    person = user or actor
    if person.pk != actor.pk and not scope.leads_person(person):
        raise Forbidden(_("You may book only your own hours."))
    if not Membership.objects.filter(
        user=person, organisation=scope.organisation, role__in=BOOKING_ROLES
    ).exists():
        raise Forbidden(_("Only placement officers book employer-service hours."))
    errors: dict[str, str] = {}
    employer = _hours(employer_hours, "employer_hours", errors)
    other = _hours(other_hours, "other_hours", errors)
    if not errors and employer + other > MAX_WEEK_HOURS:
        errors["other_hours"] = _("At most 60 hours a week can be booked.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    monday = monday_of(week)
    booking = (
        HourBooking.objects.select_for_update()
        .filter(organisation=scope.organisation, user=person, week=monday)
        .first()
    )
    old = None
    if booking is None:
        booking = HourBooking(organisation=scope.organisation, user=person, week=monday)
    else:
        old = {
            "employer_hours": str(booking.employer_hours),
            "other_hours": str(booking.other_hours),
        }
    booking.employer_hours, booking.other_hours = employer, other
    booking.save()
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.hours_booked",
        obj=booking,
        old=old,
        new={
            "user": person.username,
            "week": monday.isoformat(),
            "employer_hours": str(employer),
            "other_hours": str(other),
        },
    )
    return booking


@transaction.atomic
def set_reachability(
    *,
    actor: User,
    scope: Scope,
    valid_from: dt.date,
    weekdays: list[int],
    opens: dt.time,
    closes: dt.time,
) -> EmployerReachability:
    """QS-03 rule data: a new version of the employer service's phone hours (management and
    administrators). The version of the same day is replaced."""
    if not (scope.is_superuser or scope.has_role(Role.MANAGEMENT, Role.ADMIN)):
        raise Forbidden(_("Only the management changes the employer service's phone hours."))
    errors: dict[str, str] = {}
    if not weekdays or any(d not in range(7) for d in weekdays):
        errors["weekdays"] = _("Choose weekdays from 0 (Monday) to 6 (Sunday).")
    if closes <= opens:
        errors["closes"] = _("The closing time must lie after the opening time.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    row, _created = EmployerReachability.objects.update_or_create(
        organisation=scope.organisation,
        valid_from=valid_from,
        defaults={"weekdays": sorted(set(weekdays)), "opens": opens, "closes": closes},
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.reachability_set",
        obj=row,
        new={
            "valid_from": valid_from.isoformat(),
            "weekdays": row.weekdays,
            "opens": f"{opens:%H:%M}",
            "closes": f"{closes:%H:%M}",
        },
    )
    return row
