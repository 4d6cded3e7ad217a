"""Confirming the weekly plan (KON-06): the chosen customers are booked into the case worker's
calendar through the appointments service, which writes the invitation entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from anliegen.appointments import actions as calendar
from anliegen.appointments.access import ensure_may_plan
from anliegen.appointments.actions import WeekBooking
from anliegen.core.errors import InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.models import User
from anliegen.org.scope import Scope

PlanResult = WeekBooking
"""What confirming a weekly plan did: ``booked``, ``not_booked`` (no free slot left),
``already_booked`` (an appointment in that week exists: skipped)."""


def _customers_of(scope: Scope, case_worker: User, numbers: Sequence[str]) -> list[Customer]:
    """The plan's customers in the given order: each must be the case worker's. Every bad
    number is named in one message."""
    if not numbers:
        message = _("Choose at least one customer.")
        raise InvalidInput(message, errors={"customers": message})
    found = {
        c.customer_number: c
        for c in Customer.objects.filter(
            organisation=scope.organisation, customer_number__in=list(numbers)
        )
    }
    customers: list[Customer] = []
    problems: list[str] = []
    for number in dict.fromkeys(numbers):
        customer = found.get(number)
        if customer is None:
            problems.append(_("Unknown customer number: %(number)s.") % {"number": number})
        elif customer.contact_person_id != case_worker.id:
            problems.append(
                _("Customer %(number)s is not a customer of this case worker.") % {"number": number}
            )
        else:
            customers.append(customer)
    if problems:
        message = " ".join(problems)
        raise InvalidInput(message, errors={"customers": message})
    return customers


def confirm_plan(
    *, actor: User, scope: Scope, case_worker: User, monday: dt.date, numbers: Sequence[str]
) -> PlanResult:
    """KON-06: book the chosen customers (in the given order) into the earliest free slots of
    the week (their consultation length, KON-05), write an invitation entry per customer, and
    report who could not be booked. Customers who already have an appointment in that week
    are skipped. Bad input changes nothing."""
    ensure_may_plan(scope, case_worker)
    calendar.ensure_week_open(monday)
    customers = _customers_of(scope, case_worker, numbers)
    return calendar.book_in_week(
        actor=actor,
        scope=scope,
        case_worker=case_worker,
        monday=monday,
        customers=customers,
    )
