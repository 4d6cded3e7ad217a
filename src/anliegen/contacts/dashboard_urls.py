"""URLs of namespace ``contact_dashboard`` (filled in by the feature that owns it)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "contact_dashboard"

urlpatterns: list[URLPattern | URLResolver] = []
