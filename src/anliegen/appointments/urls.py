"""URLs of namespace ``appointments``: booking one appointment by hand, the consultation note
after a held appointment (``/o/<org>/termine/…``) and the opening hours of the sites
(``/o/<org>/standorte/…``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import site_views, views

app_name = "appointments"

org = "o/<slug:org>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(org + "termine/vereinbaren/", views.book_appointment, name="book"),
    path(org + "termine/<int:appointment_id>/gebucht/", views.booked, name="booked"),
    path(org + "termine/<int:appointment_id>/termin.ics", views.appointment_ics, name="ics"),
    path(
        org + "termine/<int:appointment_id>/beratungsvermerk/",
        views.consultation_note,
        name="consultation_note",
    ),
    path(org + "standorte/", site_views.site_list, name="sites"),
    path(
        org + "standorte/<int:site_id>/oeffnungszeiten/",
        site_views.site_opening_hours,
        name="opening_hours",
    ),
    path(
        org + "standorte/<int:site_id>/oeffnungszeiten/<int:interval_id>/loeschen/",
        site_views.delete_opening_interval,
        name="opening_interval_delete",
    ),
]
