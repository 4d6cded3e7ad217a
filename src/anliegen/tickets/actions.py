"""Every change to service-centre tickets (seed 003; TKT-01 … TKT-08)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import log_customer_view, record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.core.text import ensure_plain
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer
from anliegen.customers.queries import get_customer_for
from anliegen.org.models import User
from anliegen.org.roles import CASEWORK_ROLES
from anliegen.org.scope import Scope, team_lead_of
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import TicketRules
from anliegen.tickets.models import (
    Commitment,
    Completion,
    Ticket,
    TicketArea,
    TicketKind,
    Violation,
)
from anliegen.tickets.routing import Route, route_ticket, team_in_area_of
from anliegen.work import actions as work_actions
from anliegen.work.access import ensure_may_act
from anliegen.work.calendars import calendar_for
from anliegen.work.locking import lock_with_item
from anliegen.work.models import Kind, Notification, Status
from anliegen.work.notify import notify

MAX_CONCERN = 10000
CLOCK_SKEW = dt.timedelta(minutes=10)


def _require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, errors={field: _("Required.")})
    ensure_plain(**{field: value})
    if len(value) > MAX_CONCERN:
        raise InvalidInput(
            _("The text is too long (at most 10,000 characters)."), errors={field: _("Too long.")}
        )
    return value


def _title(area: str, kind: str, customer_name: str) -> str:
    return f"{TicketKind(kind).label} ({TicketArea(area).label}): {customer_name}"


def _ensure_open(ticket: Ticket) -> None:
    if ticket.item.status != Status.OPEN:
        raise Conflict(_("This ticket has already been completed."))


def _locked(scope: Scope, ticket: Ticket) -> Ticket:
    """Check the actor may act, then lock the ticket's work item and the ticket (the one lock
    order of :mod:`anliegen.work.locking`)."""
    ensure_may_act(scope, ticket.item)
    return lock_with_item(ticket, related=("customer",))


def _locked_open(scope: Scope, ticket: Ticket) -> Ticket:
    """:func:`_locked`, and the ticket must still be open (409)."""
    locked = _locked(scope, ticket)
    _ensure_open(locked)
    return locked


def create_ticket(
    *,
    actor: User,
    scope: Scope,
    area: str,
    customer_number: str,
    concern: str,
    kind: str = TicketKind.CONCERN,
    received_at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    source: str = "ui",
) -> tuple[Ticket, bool]:
    """Record a ticket of the service centre, or a walk-in (TKT-01, TKT-02, TKT-06, TKT-07).

    Returns the ticket and whether it was created. A repeated idempotency key returns the ticket
    created the first time, also when both requests arrive at the same moment.
    """
    sending = scope.sending_for is not None
    if not sending and not scope.has_role(*CASEWORK_ROLES) and not scope.is_superuser:
        raise Forbidden(_("You may not record tickets."))
    key = (idempotency_key or "").strip()[:100] or None
    fingerprint = request_hash(
        area=area,
        customer_number=customer_number,
        concern=concern,
        kind=kind,
        received_at=received_at,
    )
    if key is not None:
        existing = Ticket.objects.filter(
            organisation=scope.organisation, idempotency_key=key
        ).first()
        if existing is not None:
            return _replayed(existing, fingerprint), False
    try:
        with transaction.atomic():
            ticket = _create_ticket(
                actor=actor,
                scope=scope,
                area=area,
                customer_number=customer_number,
                concern=concern,
                kind=kind,
                received_at=received_at,
                idempotency_key=key,
                idempotency_hash=fingerprint if key else "",
                source=source,
            )
    except IntegrityError:
        if key is None:
            raise
        existing = Ticket.objects.filter(
            organisation=scope.organisation, idempotency_key=key
        ).first()
        if existing is None:
            raise
        return _replayed(existing, fingerprint), False
    return ticket, True


def request_hash(
    *,
    area: str,
    customer_number: str,
    concern: str,
    kind: str,
    received_at: dt.datetime | None,
) -> str:
    """SHA-256 of what a ticket request asks for, stored with its idempotency key (issue 14,
    fault 5). Surrounding blanks do not count; a time of receipt counts as the instant it names,
    whatever offset it was written with."""
    moment = received_at.astimezone(dt.UTC).isoformat() if received_at is not None else None
    canonical = json.dumps(
        [area, (customer_number or "").strip(), (concern or "").strip(), kind, moment],
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replayed(existing: Ticket, fingerprint: str) -> Ticket:
    """The ticket first created with this key, if the request is the same (tickets stored
    before the hash was kept have none and are returned as before)."""
    if existing.idempotency_hash and existing.idempotency_hash != fingerprint:
        message = _(
            "This Idempotency-Key was already used for a different request. "
            "Use a new key for a new ticket."
        )
        raise InvalidInput(message, errors={"idempotency_key": message})
    return existing


def _validate_new(scope: Scope, area: str, kind: str, received_at: dt.datetime) -> None:
    errors: dict[str, str] = {}
    if area not in TicketArea.values:
        errors["area"] = _("The area must be “benefits” or “integration”.")
    if kind not in TicketKind.values:
        errors["kind"] = _("Unknown ticket kind.")
    elif kind == TicketKind.WALK_IN and scope.sending_for is not None:
        errors["kind"] = _("A service centre records no walk-in visits.")
    if received_at > clock.now() + CLOCK_SKEW:
        errors["received_at"] = _("The time of receipt lies in the future.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)


def _create_ticket(
    *,
    actor: User,
    scope: Scope,
    area: str,
    customer_number: str,
    concern: str,
    kind: str,
    received_at: dt.datetime | None,
    idempotency_key: str | None,
    idempotency_hash: str,
    source: str,
) -> Ticket:
    received_at = received_at or clock.now()
    _validate_new(scope, area, kind, received_at)
    concern = _require_text(concern, "concern", _("Please describe the customer's concern."))
    customer = _customer_for_intake(scope, customer_number)

    route = route_ticket(scope.organisation, area, customer)
    if kind == TicketKind.WALK_IN:
        # The case worker records the visit; the TL receives it the same day (TKT-07).
        team = team_in_area_of(actor, scope.organisation, area) or route.team
        route = Route(team=team, assignee=team_lead_of(team))
    received_day = clock.local_date(received_at)
    rules, rule_set = rules_in_force(scope.organisation, TicketRules, on=received_day)
    calendar, _cal_rules = calendar_for(scope.organisation, site=route.team.area.site)
    benefits = area == TicketArea.BENEFITS
    days = rules.benefits_working_days if benefits else rules.integration_working_days
    due = fristen.due_in_working_days(received_day, days, calendar)
    item = work_actions.create_item(
        actor=actor,
        organisation=scope.organisation,
        kind=Kind.TICKET,
        title=_title(area, kind, customer.display_name),
        received_at=received_at,
        customer=customer,
        team=route.team,
        assignee=route.assignee,
        priority=rules.benefits_priority if benefits else rules.integration_priority,
        deadlines=[work_actions.DeadlineSpec("main", due)],
        rule_set=rule_set,
        note=concern,
    )
    ticket = Ticket.objects.create(
        organisation=scope.organisation,
        item=item,
        area=area,
        kind=kind,
        customer=customer,
        concern=concern,
        received_at=received_at,
        rule_due_date=due,
        source=source,
        idempotency_key=idempotency_key or "",
        idempotency_hash=idempotency_hash,
        created_by=actor,
        service_centre=scope.sending_for,
        customer_informed_due=(
            fristen.due_in_working_days(received_day, rules.appointment_info_working_days, calendar)
            if kind == TicketKind.APPOINTMENT
            else None
        ),
    )
    add_history_entry(
        actor=actor,
        customer=customer,
        kind="ticket",
        text=_("%(kind)s (%(area)s): %(concern)s")
        % {"kind": TicketKind(kind).label, "area": TicketArea(area).label, "concern": concern},
        ref=ticket,
        at=received_at,
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="ticket.created",
        obj=ticket,
        new={
            "area": area,
            "kind": kind,
            "customer": customer.id,
            "due_date": due.isoformat(),
            "team": route.team.id,
            "assignee": route.assignee.id if route.assignee else None,
        },
    )
    return ticket


def _customer_for_intake(scope: Scope, customer_number: str) -> Customer:
    """The customer of the receiving organisation. A service-centre agent (sending scope) sees
    no customer records, but finds the customer by number to send the ticket; that lookup is
    logged as a view of the record (FND-10)."""
    unknown = InvalidInput(_("Unknown customer number."), errors={"customer_number": _("Unknown.")})
    if scope.sending_for is None:
        try:
            return get_customer_for(scope, customer_number, via=None)
        except NotFound:
            raise unknown from None
    customer = (
        Customer.objects.filter(organisation=scope.organisation, customer_number=customer_number)
        .select_related("contact_person")
        .first()
    )
    if customer is None:
        raise unknown
    log_customer_view(actor=scope.user, customer=customer, via="sc_ticket", purpose="ticket")
    return customer


def _count_violation(ticket: Ticket, due_date: dt.date) -> None:
    Violation.objects.get_or_create(
        ticket=ticket,
        due_date=due_date,
        defaults={
            "organisation": ticket.organisation,
            "user": ticket.item.assignee,
            "detected_at": clock.now(),
        },
    )


class NonWorkingDay(InvalidInput):
    """A promised date that is no working day of the ticket's team (issue 9, defect 7)."""

    def __init__(self, message: str, *, suggested: dt.date) -> None:
        super().__init__(message, errors={"promised_date": message})
        self.suggested = suggested


def non_working_day(ticket: Ticket, day: dt.date) -> NonWorkingDay | None:
    """If ``day`` is a Saturday, Sunday, public holiday or closing day at the ticket team's
    site: the warning with the next working day to suggest; else None."""
    site = ticket.item.team.area.site if ticket.item.team_id and ticket.item.team else None
    calendar, _rules = calendar_for(ticket.organisation, site=site)
    if calendar.is_working_day(day):
        return None
    following = calendar.next_working_day(day)
    reason = calendar.holiday_name(day) or date_format(day, "l")
    message = _(
        "%(date)s is not a working day (%(reason)s). Next working day: %(next)s. "
        "Choose it, or confirm the day you chose."
    ) % {
        "date": date_format(day, "d.m.Y"),
        "reason": reason,
        "next": date_format(following, "l, d.m.Y"),
    }
    return NonWorkingDay(message, suggested=following)


@transaction.atomic
def record_commitment(
    *,
    actor: User,
    scope: Scope,
    ticket: Ticket,
    promised_date: dt.date,
    note: str,
    confirm_non_working_day: bool = False,
) -> Commitment:
    """The case worker phoned the customer and promised a date (TKT-04). A date that is no
    working day is refused with the next working day as suggestion (:class:`NonWorkingDay`),
    unless ``confirm_non_working_day``."""
    ticket = _locked_open(scope, ticket)
    note = _require_text(note, "note", _("Please note what was promised to the customer."))
    today = clock.today()
    if promised_date < today:
        raise InvalidInput(
            _("The promised date must not lie in the past."),
            errors={"promised_date": _("In the past.")},
        )
    if promised_date > today + dt.timedelta(days=366):
        raise InvalidInput(
            _("The promised date lies more than a year ahead."),
            errors={"promised_date": _("Too far.")},
        )
    if not confirm_non_working_day:
        warning = non_working_day(ticket, promised_date)
        if warning is not None:
            raise warning
    deadline_before = ticket.item.due_date or ticket.rule_due_date
    late = today > deadline_before
    if late:
        # A commitment recorded after the deadline does not undo the violation.
        _count_violation(ticket, deadline_before)
    commitment = Commitment.objects.create(
        ticket=ticket,
        promised_date=promised_date,
        note=note,
        recorded_at=clock.now(),
        recorded_by=actor,
        deadline_before=deadline_before,
        late=late,
    )
    work_actions.move_deadline(
        actor=actor, scope=scope, item=ticket.item, code="main", due_date=promised_date
    )
    add_history_entry(
        actor=actor,
        customer=ticket.customer,
        kind="commitment",
        text=_("Commitment to the customer: done by %(date)s. %(note)s")
        % {"date": promised_date.strftime("%d.%m.%Y"), "note": note},
        ref=ticket,
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="ticket.commitment_recorded",
        obj=ticket,
        old={"due_date": deadline_before.isoformat()},
        new={"due_date": promised_date.isoformat(), "late": late},
    )
    return commitment


@transaction.atomic
def complete_ticket(*, actor: User, scope: Scope, ticket: Ticket, resolution: str) -> Completion:
    """Done means done: completion needs a resolution; the TL is informed (TKT-03, TKT-08)."""
    resolution = _require_text(
        resolution, "resolution", _("Please describe how the concern was resolved.")
    )
    ticket = _locked(scope, ticket)  # complete_item answers an item already completed (409)
    item = work_actions.complete_item(actor=actor, scope=scope, item=ticket.item, note=resolution)
    today = clock.today()
    due = item.due_date or ticket.rule_due_date
    on_time = today <= due
    if not on_time:
        _count_violation(ticket, due)
    completion = Completion.objects.create(
        ticket=ticket,
        organisation=scope.organisation,
        area=ticket.area,
        resolution=resolution,
        completed_at=item.completed_at or clock.now(),
        completed_by=actor,
        on_time=on_time,
    )
    add_history_entry(
        actor=actor,
        customer=ticket.customer,
        kind="ticket",
        text=_("Ticket completed: %(resolution)s") % {"resolution": resolution},
        ref=ticket,
    )
    rules, _version = rules_in_force(scope.organisation, TicketRules)
    lead = team_lead_of(item.team) if item.team else None
    if rules.notify_lead_on_completion and lead is not None and lead.id != actor.id:
        notify(
            user=lead,
            organisation=scope.organisation,
            kind=Notification.Kind.ITEM_COMPLETED,
            item=item,
            params={"title": item.title, "by": str(actor), "on_time": on_time},
            include_deputy=False,
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="ticket.completed",
        obj=ticket,
        new={"on_time": on_time},
    )
    return completion


@transaction.atomic
def record_callback(*, actor: User, scope: Scope, ticket: Ticket, note: str) -> Ticket:
    """The case worker called the customer back (TKT-06)."""
    ticket = _locked_open(scope, ticket)
    note = _require_text(note, "note", _("Please note the result of the callback."))
    ticket.callback_at = clock.now()
    ticket.callback_note = note
    ticket.save(update_fields=["callback_at", "callback_note"])
    add_history_entry(
        actor=actor,
        customer=ticket.customer,
        kind="callback",
        text=_("Called back: %(note)s") % {"note": note},
        ref=ticket,
    )
    record(actor=actor, organisation=scope.organisation, action="ticket.callback", obj=ticket)
    return ticket


@transaction.atomic
def record_appointment(
    *, actor: User, scope: Scope, ticket: Ticket, appointment_at: dt.datetime, place: str
) -> Ticket:
    """The customer was told the exact appointment (TKT-06)."""
    ticket = _locked_open(scope, ticket)
    if ticket.kind != TicketKind.APPOINTMENT:
        raise InvalidInput(_("Only appointment tickets take an appointment."))
    place = _require_text(place, "place", _("Please give the place or phone number."))
    if appointment_at < clock.now():
        raise InvalidInput(
            _("The appointment must not lie in the past."),
            errors={"appointment_at": _("In the past.")},
        )
    ticket.appointment_at = appointment_at
    ticket.appointment_place = place[:200]
    ticket.customer_informed_at = clock.now()
    ticket.save(update_fields=["appointment_at", "appointment_place", "customer_informed_at"])
    local = appointment_at.astimezone(clock.BERLIN)
    add_history_entry(
        actor=actor,
        customer=ticket.customer,
        kind="letter",
        text=_("Customer informed of the appointment on %(when)s, %(place)s")
        % {"when": local.strftime("%d.%m.%Y %H:%M"), "place": place},
        ref=ticket,
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="ticket.appointment",
        obj=ticket,
        new={"appointment_at": appointment_at.isoformat(), "place": place},
    )
    return ticket
