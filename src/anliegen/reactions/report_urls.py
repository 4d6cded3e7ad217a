"""URLs of namespace ``reaction_reports`` (filled in by the feature that owns it)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "reaction_reports"

urlpatterns: list[URLPattern | URLResolver] = []
