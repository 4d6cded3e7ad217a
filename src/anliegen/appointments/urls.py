"""URLs of namespace ``appointments`` (filled in by the feature that owns it)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "appointments"

urlpatterns: list[URLPattern | URLResolver] = []
