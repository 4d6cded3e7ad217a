"""Admin of the core app, and the read-only base used for records that only actions may write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from anliegen.core.models import PeriodicRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through an action (with its audit row), or never: the admin may
    look at them but not add, change or delete them (FND-10, one write path)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_started_at", "last_finished_at")
    ordering = ("name",)
