"""API tokens in the admin: visible, never editable (they are issued by ``manage.py api_token``;
only a hash is stored)."""

from __future__ import annotations

from django.contrib import admin

from anliegen.api.models import ApiToken
from anliegen.core.admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "user", "label", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "label", "user__username")
    exclude = ("key_hash",)
