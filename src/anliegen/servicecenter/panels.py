"""The service-centre card on the customer page (SOC-04, SOC-06, SOC-07), registered as a
customer panel: the customer's operative service and its hotline, the last calls, and the open
processing orders; SC staff get a link to the call screen for this customer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from anliegen.customers.models import Customer
from anliegen.org.models import Organisation
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.models import CallRecord, ProcessingOrder
from anliegen.web.panels import CustomerPanel
from anliegen.work.models import Status

RECENT_CALLS = 5


def service_centre_context(
    request: HttpRequest, scope: Scope, customer: Customer
) -> Mapping[str, Any] | None:
    if scope.organisation.kind != Organisation.Kind.SERVICE_CENTRE:
        return None
    calls = list(
        CallRecord.objects.filter(customer=customer)
        .select_related("agent")
        .order_by("-started_at", "-id")[:RECENT_CALLS]
    )
    orders = list(
        ProcessingOrder.objects.filter(customer=customer, item__status=Status.OPEN)
        .select_related("item", "team")
        .order_by("item__due_date")
    )
    service = queries.service_of_customer(customer)
    return {
        "customer": customer,
        "service": service,
        "calls": calls,
        "orders": orders,
        "may_call": queries.is_sc_staff(scope),
    }


SERVICE_CENTRE_PANEL = CustomerPanel(
    code="service_centre",
    template="servicecenter/_customer_panel.html",
    context=service_centre_context,
    order=30,
)
