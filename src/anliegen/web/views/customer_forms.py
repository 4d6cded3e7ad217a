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
from anliegen.customers.actions import (
    CustomerData,
    create_customer,
    eligible_contact_persons,
    update_customer,
    validate_customer,
)
from anliegen.customers.models import Customer
from anliegen.customers.queries import get_customer_for
from anliegen.org.scope import Scope
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


def _all_errors(form: CustomerForm, scope: Scope, customer: Customer | None = None) -> None:
    """Issue 9, defect 7: the form's own errors (a date it cannot read, an e-mail address)
    and the action's (required fields, phone, postcode, contact person …) in one round. The
    action's check runs on what the form could read; a field the form already refused keeps
    the form's message."""
    cleaned = dict(getattr(form, "cleaned_data", {}) or {})
    if customer is None and "customer_number" not in cleaned:
        cleaned["customer_number"] = form.data.get("customer_number", "")
    errors = validate_customer(scope, _data(cleaned, customer), customer=customer)
    for name, message in errors.items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, message)


def _initial(customer: Customer) -> dict[str, Any]:
    initial = {name: getattr(customer, name) for name in DATA_FIELDS if name != "contact_person"}
    initial["contact_person"] = customer.contact_person.username if customer.contact_person else ""
    return initial


@org_view
def customer_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    ensure_customers_visible(scope)
    staff = eligible_contact_persons(scope)
    form = CustomerForm(request.POST or None, staff=staff)
    if request.method == "POST" and not form.is_valid():
        _all_errors(form, scope)
    elif request.method == "POST":
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
    staff = eligible_contact_persons(scope)
    if request.method == "POST":
        form = CustomerForm(request.POST, staff=staff, editing=True)
    else:
        form = CustomerForm(initial=_initial(customer), staff=staff, editing=True)
    if request.method == "POST" and not form.is_valid():
        _all_errors(form, scope, customer)
    elif request.method == "POST":
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
