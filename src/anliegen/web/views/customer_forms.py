"""Creating and editing customer master data (FND-04) through the customer actions."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.customers.actions import CustomerData, create_customer, update_customer
from anliegen.customers.models import Customer
from anliegen.customers.queries import get_customer_for
from anliegen.org.scope import Scope, staff_of
from anliegen.web.forms import CustomerForm
from anliegen.web.views.base import apply_errors, org_view, redirect
from anliegen.web.views.customers import ensure_customers_visible

DATA_FIELDS = [f.name for f in fields(CustomerData)]


def _data(cleaned: dict[str, Any], customer: Customer | None = None) -> CustomerData:
    """The form's values as the actions expect them; what the form does not show is kept."""
    values = {name: cleaned[name] for name in DATA_FIELDS if name in cleaned}
    if customer is not None:
        values["customer_number"] = customer.customer_number
        values["profile_since"] = customer.profile_since
    values["contact_person"] = cleaned.get("contact_person") or None
    for name in ("status", "profile", "care_group"):
        values[name] = values.get(name) or ""
    return CustomerData(**values)


def _initial(customer: Customer) -> dict[str, Any]:
    initial = {name: getattr(customer, name) for name in DATA_FIELDS if name != "contact_person"}
    initial["contact_person"] = customer.contact_person.username if customer.contact_person else ""
    return initial


@org_view
def customer_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    ensure_customers_visible(scope)
    staff = staff_of(scope.organisation)
    form = CustomerForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            customer = create_customer(
                actor=scope.user,
                scope=scope,
                data=_data(form.cleaned_data),
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The customer was created."))
            return redirect(
                request,
                reverse("web:customer", args=[scope.organisation.slug, customer.customer_number]),
            )
    return render(
        request, "web/customers/form.html", {"section": "kunden", "form": form, "customer": None}
    )


@org_view
def customer_edit(request: HttpRequest, scope: Scope, number: str) -> HttpResponse:
    ensure_customers_visible(scope)
    customer = get_customer_for(scope, number, via="web", purpose="edit")
    staff = staff_of(scope.organisation)
    if request.method == "POST":
        form = CustomerForm(request.POST, staff=staff, editing=True)
    else:
        form = CustomerForm(initial=_initial(customer), staff=staff, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            update_customer(
                actor=scope.user,
                scope=scope,
                customer=customer,
                data=_data(form.cleaned_data, customer),
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The master data were saved."))
            return redirect(
                request,
                reverse("web:customer", args=[scope.organisation.slug, customer.customer_number]),
            )
    return render(
        request,
        "web/customers/form.html",
        {"section": "kunden", "form": form, "customer": customer},
    )
