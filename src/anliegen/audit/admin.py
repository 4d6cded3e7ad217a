"""Audit and access log in the admin: read-only, they cannot be edited or deleted (FND-10)."""

from __future__ import annotations

from django.contrib import admin

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "object_type", "object_id", "actor", "organisation")
    list_filter = ("action", "object_type", "organisation")
    search_fields = ("object_id", "action", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor", "organisation")


@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "customer", "via", "purpose", "organisation")
    list_filter = ("via", "purpose", "organisation")
    search_fields = ("customer__customer_number", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor", "customer", "organisation")
