"""The one write path of appointments: book one, book several into the free slots of a week,
cancel, record the outcome. Called by the HTML views, the API and the procedures that plan
appointments (contact density's weekly plan, KON-06).

No double booking: partial unique constraints (case worker + start, customer + start, for
appointments that are not cancelled) and, inside the transaction, the case worker's user row
is locked with ``select_for_update()`` before overlaps are checked (SQLite serialises writes
anyway), so two people booking the same slot at once get one appointment and one ``Conflict``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.clock import BERLIN
from anliegen.core.errors import Conflict, InvalidInput, NotFound
from anliegen.core.text import ensure_plain
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import User
from anliegen.org.scope import Scope

from .access import ensure_may_plan
from .dates import german_date, german_time
from .models import Appointment
from .slots import Slot, consultation_minutes, free_slots, site_of, slot_problem


@dataclass
class WeekBooking:
    """What booking several customers into one week did."""

    booked: list[Appointment] = field(default_factory=list)
    not_booked: list[Customer] = field(default_factory=list)
    """No free slot was left for them."""
    already_booked: list[Appointment] = field(default_factory=list)
    """Customers with an appointment in that week already: skipped."""


def _lock(case_worker: User) -> None:
    # no key: rows that merely reference the person (audit, history, notifications, another
    # booking made by them) must not wait for this lock (issue 14, fault 1)
    User.objects.select_for_update(no_key=True).filter(pk=case_worker.pk).first()


def _overlapping(
    case_worker: User, customer: Customer, start: dt.datetime, end: dt.datetime
) -> bool:
    open_ = Appointment.objects.exclude(status=Appointment.Status.CANCELLED).filter(
        starts_at__lt=end, ends_at__gt=start
    )
    return (
        open_.filter(case_worker=case_worker).exists() or open_.filter(customer=customer).exists()
    )


def _invitation_text(appointment: Appointment) -> str:
    start = appointment.local_start
    return _("Invitation to a consultation on %(date)s at %(time)s; invitation letter created.") % {
        "date": german_date(start.date()),
        "time": german_time(start),
    }


def _create(
    *,
    actor: User,
    case_worker: User,
    customer: Customer,
    slot: Slot,
    source: str,
    note: str = "",
) -> Appointment:
    if _overlapping(case_worker, customer, slot.starts_at, slot.ends_at):
        raise Conflict(_("This time is already booked. Please choose another slot."))
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                organisation_id=customer.organisation_id,
                site=site_of(case_worker, customer.organisation),
                case_worker=case_worker,
                customer=customer,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                source=source,
                note=note,
                created_by=actor,
            )
    except IntegrityError:
        raise Conflict(_("This time is already booked. Please choose another slot.")) from None
    add_history_entry(
        actor=actor,
        customer=customer,
        kind=HistoryEntry.Kind.INVITATION,
        text=_invitation_text(appointment),
        ref=appointment,
    )
    return appointment


@transaction.atomic
def book(
    *,
    actor: User,
    scope: Scope,
    case_worker: User,
    customer: Customer,
    starts_at: dt.datetime,
    minutes: int | None = None,
    note: str = "",
    outside_opening_hours: bool = False,
) -> Appointment:
    """Book one consultation by hand and write the invitation entry. It must lie in the
    future, not in an absence of the case worker and — unless ``outside_opening_hours`` is
    asked for (QS-02) — on a working day within the opening hours of the site; Conflict if the
    case worker or the customer already has an appointment at that time."""
    ensure_may_plan(scope, case_worker)
    if customer.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer not found."))
    if starts_at <= clock.now():
        message = _("The appointment must lie in the future.")
        raise InvalidInput(message, errors={"starts_at": message})
    if len(note) > 500:
        message = _("The note may be at most 500 characters long.")
        raise InvalidInput(message, errors={"note": message})
    ensure_plain(note=note)
    minutes = minutes or consultation_minutes(scope.organisation, case_worker, starts_at.date())
    slot = Slot(starts_at, starts_at + dt.timedelta(minutes=minutes))
    problem = slot_problem(
        case_worker,
        scope.organisation,
        slot.starts_at,
        slot.ends_at,
        outside_opening_hours=outside_opening_hours,
    )
    if problem:
        raise InvalidInput(problem, errors={"starts_at": problem})
    _lock(case_worker)
    return _create(
        actor=actor,
        case_worker=case_worker,
        customer=customer,
        slot=slot,
        source=Appointment.Source.MANUAL,
        note=note,
    )


def _week_end(monday: dt.date) -> dt.datetime:
    return dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min, BERLIN)


def ensure_week_open(monday: dt.date) -> None:
    """InvalidInput (field ``week``) when the week starting ``monday`` is over."""
    if monday + dt.timedelta(days=6) < clock.today():
        message = _("This week is in the past. Choose the current or a later week.")
        raise InvalidInput(message, errors={"week": message})


def book_in_week(
    *,
    actor: User,
    scope: Scope,
    case_worker: User,
    monday: dt.date,
    customers: Sequence[Customer],
    source: str = Appointment.Source.WEEKLY_PLAN,
    minutes: int | None = None,
) -> WeekBooking:
    """Book ``customers`` (in the given order) into the case worker's earliest free slots of
    the week starting ``monday`` and write an invitation entry per customer. Customers who
    already have an appointment in that week are skipped; those for whom no slot is left are
    reported. All or nothing: one transaction."""
    ensure_may_plan(scope, case_worker)
    ensure_week_open(monday)
    foreign = [c for c in customers if c.organisation_id != scope.organisation.id]
    if foreign:
        raise NotFound(_("Customer not found."))
    result = WeekBooking()
    with transaction.atomic():
        _lock(case_worker)
        start = dt.datetime.combine(monday, dt.time.min, BERLIN)
        existing = {
            a.customer_id: a
            for a in Appointment.objects.filter(
                customer__in=list(customers),
                starts_at__gte=start,
                starts_at__lt=_week_end(monday),
            )
            .exclude(status=Appointment.Status.CANCELLED)
            .select_related("customer")
        }
        slots = iter(free_slots(case_worker, scope.organisation, monday, minutes=minutes))
        for customer in customers:
            if customer.id in existing:
                result.already_booked.append(existing[customer.id])
                continue
            slot = next(slots, None)
            while slot is not None and _overlapping(
                case_worker, customer, slot.starts_at, slot.ends_at
            ):
                slot = next(slots, None)
            if slot is None:
                result.not_booked.append(customer)
                continue
            result.booked.append(
                _create(
                    actor=actor,
                    case_worker=case_worker,
                    customer=customer,
                    slot=slot,
                    source=source,
                )
            )
    return result


def _ensure_may_change(scope: Scope, appointment: Appointment) -> Appointment:
    if appointment.organisation_id != scope.organisation.id:
        raise NotFound(_("Appointment not found."))
    ensure_may_plan(scope, appointment.case_worker)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return (
        # the appointment row only, not the customer and case worker read along (issue 14)
        Appointment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("customer", "case_worker")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def cancel(*, actor: User, scope: Scope, appointment: Appointment, reason: str = "") -> Appointment:
    """Cancel a booked appointment; the slot becomes free again."""
    _ensure_may_change(scope, appointment)
    ensure_plain(reason=reason)
    appointment = _locked(appointment)
    if appointment.status != Appointment.Status.BOOKED:
        raise Conflict(_("Only booked appointments can be cancelled."))
    appointment.status = Appointment.Status.CANCELLED
    appointment.outcome_at = clock.now()
    if reason:
        appointment.note = reason[:500]
    appointment.save(update_fields=["status", "outcome_at", "note"])
    start = appointment.local_start
    add_history_entry(
        actor=actor,
        customer=appointment.customer,
        kind=HistoryEntry.Kind.NOTE,
        text=_("Appointment on %(date)s at %(time)s cancelled.")
        % {"date": german_date(start.date()), "time": german_time(start)},
        ref=appointment,
    )
    return appointment


OUTCOMES = (Appointment.Status.HELD, Appointment.Status.NO_SHOW)


@transaction.atomic
def record_outcome(
    *, actor: User, scope: Scope, appointment: Appointment, outcome: str
) -> Appointment:
    """Held or no-show. A no-show writes a ``no_show`` history entry to the customer's
    timeline (procedures measure no-show rates from it, KON-05); a held appointment is
    documented by whatever note the procedure asks for (KON-07)."""
    _ensure_may_change(scope, appointment)
    if outcome not in OUTCOMES:
        message = _("The outcome must be “held” or “no-show”.")
        raise InvalidInput(message, errors={"outcome": message})
    appointment = _locked(appointment)
    if appointment.status != Appointment.Status.BOOKED:
        raise Conflict(_("The outcome of this appointment has already been recorded."))
    if appointment.starts_at > clock.now():
        message = _("The outcome can be recorded once the appointment has begun.")
        raise InvalidInput(message, errors={"outcome": message})
    appointment.status = outcome
    appointment.outcome_at = clock.now()
    appointment.save(update_fields=["status", "outcome_at"])
    if outcome == Appointment.Status.NO_SHOW:
        start = appointment.local_start
        add_history_entry(
            actor=actor,
            customer=appointment.customer,
            kind=HistoryEntry.Kind.NO_SHOW,
            text=_("Did not attend the appointment on %(date)s at %(time)s.")
            % {"date": german_date(start.date()), "time": german_time(start)},
            ref=appointment,
            at=appointment.starts_at,
        )
    return appointment


__all__ = [
    "OUTCOMES",
    "WeekBooking",
    "book",
    "book_in_week",
    "cancel",
    "ensure_may_plan",
    "ensure_week_open",
    "record_outcome",
]
