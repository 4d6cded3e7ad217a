"""URLs of the contact pages (``/o/<org>/kontakte/…``), namespace ``contacts``."""

from __future__ import annotations

from django.urls import path

from anliegen.contacts import plan_views, views

app_name = "contacts"

org = "o/<slug:org>/kontakte/"

urlpatterns = [
    path(org, views.contact_list, name="list"),
    path(org + "wochenplan/", plan_views.weekly_plan, name="plan"),
    path(org + "wochenplan/bestaetigen/", plan_views.confirm_plan, name="plan_confirm"),
    path(org + "wochenplan/einladungen.pdf", plan_views.plan_pdf, name="plan_pdf"),
    path(org + "wochenplan/einladungen.zip", plan_views.plan_zip, name="plan_zip"),
    path(org + "wochenkalender/", plan_views.week_calendar, name="calendar"),
    path(
        org + "termine/<int:appointment_id>/einladung.docx",
        plan_views.appointment_letter,
        name="appointment_letter",
    ),
    path(
        org + "termine/<int:appointment_id>/termin.ics",
        plan_views.appointment_ics,
        name="appointment_ics",
    ),
    path(
        org + "termine/<int:appointment_id>/ergebnis/",
        plan_views.appointment_outcome,
        name="appointment_outcome",
    ),
    path(
        org + "termine/<int:appointment_id>/absagen/",
        plan_views.appointment_cancel,
        name="appointment_cancel",
    ),
    path(org + "<str:number>/intervall/", views.contact_interval, name="interval"),
]
