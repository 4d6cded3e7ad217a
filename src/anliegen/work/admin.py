"""Work items, deadlines and notifications in the admin: read-only, because every change to a
work item goes through ``work.actions`` and is audited (FND-07, FND-10)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from anliegen.core.admin import ReadOnlyAdmin
from anliegen.work.models import Deadline, Notification, SavedView, WorkItem, WorkPreference


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0
    can_delete = False
    fields = ("code", "due_date", "amber_from", "met_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "kind", "status", "assignee", "team", "due_date", "priority")
    list_filter = ("kind", "status", "organisation")
    search_fields = ("title", "customer__customer_number")
    date_hierarchy = "received_at"
    list_select_related = ("assignee", "team")
    inlines = [DeadlineInline]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("item", "code", "due_date", "amber_from", "met_at")
    list_filter = ("code",)
    search_fields = ("item__title",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "item", "read_at", "emailed_at")
    list_filter = ("kind", "organisation")
    search_fields = ("user__username",)


@admin.register(WorkPreference)
class WorkPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "digest", "digest_sent_on")


@admin.register(SavedView)
class SavedViewAdmin(ReadOnlyAdmin):
    list_display = ("name", "owner", "team", "organisation")
