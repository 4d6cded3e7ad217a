"""``{% customer_appointments customer %}``: the customer's next appointments and the link to
book one, as a small card on the customer page (whose view is already logged)."""

from __future__ import annotations

from typing import Any

from django import template

from anliegen.appointments.models import Appointment
from anliegen.core import clock
from anliegen.customers.models import Customer

register = template.Library()

SHOWN = 5


@register.inclusion_tag("appointments/_customer_card.html", takes_context=True)
def customer_appointments(context: dict[str, Any], customer: Customer) -> dict[str, Any]:
    upcoming = (
        Appointment.objects.filter(
            customer=customer, status=Appointment.Status.BOOKED, ends_at__gt=clock.now()
        )
        .select_related("case_worker")
        .order_by("starts_at")[:SHOWN]
    )
    return {"customer": customer, "upcoming": list(upcoming), "nav_org": context.get("nav_org")}
