"""Customers and their history in the admin: read-only (changes go through the customer actions
and are audited), and every opened record is logged like in the UI (FND-04, FND-05, FND-10)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from anliegen.audit.actions import log_customer_view
from anliegen.core.admin import ReadOnlyAdmin
from anliegen.customers.models import Customer, HistoryEntry


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = (
        "customer_number",
        "last_name",
        "first_name",
        "company_name",
        "organisation",
        "status",
    )
    list_filter = ("organisation", "kind", "status", "care_group")
    search_fields = ("customer_number", "last_name", "first_name", "company_name")
    list_select_related = ("organisation",)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        customer = self.get_object(request, object_id)
        if customer is not None and request.user.is_authenticated:
            log_customer_view(actor=request.user, customer=customer, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "customer", "kind", "author")
    list_filter = ("kind", "organisation")
    search_fields = ("customer__customer_number",)
    date_hierarchy = "at"
    list_select_related = ("customer", "author")

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        entry = self.get_object(request, object_id)
        if entry is not None and request.user.is_authenticated:
            log_customer_view(
                actor=request.user,
                customer=entry.customer,
                via="admin",
                purpose="history",
            )
        return super().change_view(request, object_id, form_url, extra_context)
