"""URLs of namespace ``contact_dashboard``: the contact-density overview (KON-08)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from anliegen.contacts import dashboard_views

app_name = "contact_dashboard"

urlpatterns: list[URLPattern | URLResolver] = [
    path("o/<slug:org>/kontakte/uebersicht/", dashboard_views.contact_dashboard, name="overview"),
]
