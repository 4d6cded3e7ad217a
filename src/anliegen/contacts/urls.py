"""URLs of the contact pages (``/o/<org>/kontakte/…``), namespace ``contacts``."""

from __future__ import annotations

from django.urls import path

from anliegen.contacts import views

app_name = "contacts"

org = "o/<slug:org>/kontakte/"

urlpatterns = [
    path(org, views.contact_list, name="list"),
    path(org + "<str:number>/intervall/", views.contact_interval, name="interval"),
]
