"""The customer's next appointments and the link to book one, as a customer-page panel (the
record view is already logged)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.scope import Scope
from anliegen.web.panels import CustomerPanel

from .models import Appointment

SHOWN = 5


def upcoming_context(
    request: HttpRequest, scope: Scope, customer: Customer
) -> Mapping[str, Any] | None:
    """The customer's next booked appointments; nothing for roles without customer access."""
    if not scope.may_see_customers:
        return None
    upcoming = (
        Appointment.objects.filter(
            customer=customer, status=Appointment.Status.BOOKED, ends_at__gt=clock.now()
        )
        .select_related("case_worker")
        .order_by("starts_at")[:SHOWN]
    )
    return {"customer": customer, "upcoming": list(upcoming)}


APPOINTMENTS_PANEL = CustomerPanel(
    code="appointments",
    template="appointments/_customer_card.html",
    context=upcoming_context,
    order=10,
)
