"""Reading customers: every read of a customer record goes through here and is logged (FND-10)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import log_customer_view
from anliegen.core.errors import NotFound
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.scope import Scope


def customers_visible_to(scope: Scope) -> QuerySet[Customer]:
    if not scope.may_see_customers:
        return Customer.objects.none()
    return Customer.objects.filter(organisation=scope.organisation)


def get_customer_for(
    scope: Scope, number: str, *, via: str | None, purpose: str = "record"
) -> Customer:
    """The customer with this number; the view is logged unless ``via`` is None (internal use)."""
    try:
        customer = (
            customers_visible_to(scope).select_related("contact_person").get(customer_number=number)
        )
    except Customer.DoesNotExist:
        raise NotFound(_("Customer not found.")) from None
    if via is not None:
        log_customer_view(actor=scope.user, customer=customer, via=via, purpose=purpose)
    return customer


def search_customers(scope: Scope, query: str = "") -> QuerySet[Customer]:
    customers = customers_visible_to(scope).select_related("contact_person")
    query = query.strip()
    if not query:
        return customers
    if query.replace("-", "").isdigit() or (
        query.upper().startswith(("K", "A")) and any(c.isdigit() for c in query)
    ):
        by_number = customers.filter(customer_number__istartswith=query)
        if by_number.exists():
            return by_number
    terms = query.split()
    condition = Q()
    for term in terms:
        condition &= (
            Q(last_name__icontains=term)
            | Q(first_name__icontains=term)
            | Q(company_name__icontains=term)
            | Q(customer_number__icontains=term)
        )
    return customers.filter(condition)


def history_of(customer: Customer) -> QuerySet[HistoryEntry]:
    """The timeline, newest first (FND-05)."""
    return customer.history.select_related("author", "corrects").order_by("-at", "-id")
