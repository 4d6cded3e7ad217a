"""The next-contact card on the customer page (KON-02, KON-04), registered as a customer panel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from anliegen.contacts.actions import recompute_for, schedulable
from anliegen.contacts.models import ContactSchedule
from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.scope import Scope
from anliegen.web.panels import CustomerPanel


def next_contact_context(
    request: HttpRequest, scope: Scope, customer: Customer
) -> Mapping[str, Any] | None:
    """The customer's next contact by customer id — the record view is already logged, so not
    through ``get_schedule_for``; computed now if it was never stored."""
    if not schedulable(customer):
        return None
    schedule = ContactSchedule.objects.filter(customer_id=customer.id).first()
    schedule = schedule or recompute_for(customer)
    if schedule is None:
        return None
    return {"schedule": schedule, "today": clock.today(), "customer": customer}


NEXT_CONTACT_PANEL = CustomerPanel(
    code="next_contact",
    template="contacts/_customer_panel.html",
    context=next_contact_context,
    order=20,
)
