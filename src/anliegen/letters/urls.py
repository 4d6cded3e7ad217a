"""URLs of namespace ``letters`` (filled in by the feature that owns it)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "letters"

urlpatterns: list[URLPattern | URLResolver] = []
