"""Pages of the service centre (``/o/<org>/servicecenter/…``), namespace ``servicecenter``."""

from __future__ import annotations

from django.urls import path

from anliegen.servicecenter import views
from anliegen.servicecenter.callbacks import booking_views, calendar_views, place_views
from anliegen.servicecenter.callbacks import portal as portal_views
from anliegen.servicecenter.callbacks import views as callback_views
from anliegen.servicecenter.kpis import views as kpi_views
from anliegen.servicecenter.orders import views as order_views
from anliegen.servicecenter.staffing import views as staffing_views

app_name = "servicecenter"

org = "o/<slug:org>/servicecenter/"

urlpatterns = [
    path(org + "gespraech/", views.call_screen, name="call"),
    path(org + "gespraech/anruf/", views.simulate_call, name="simulate"),
    path(org + "warteschlangen/", views.queues, name="queues"),
    path(org + "warteschlangen/umplanen/", views.move_agent, name="move"),
    path(org + "personalbedarf/", staffing_views.staffing_page, name="staffing"),
    path(
        org + "personalbedarf/beispiel.csv", staffing_views.staffing_sample, name="staffing_sample"
    ),
    path(org + "kennzahlen/", kpi_views.kpi_page, name="kpis"),
    path(org + "sonderpostkorb/", order_views.inbox, name="inbox"),
    path(org + "sonderpostkorb/<int:item_id>/", order_views.order_detail, name="order"),
    path(org + "sonderpostkorb/<int:item_id>/zuweisen/", order_views.order_assign, name="assign"),
    path(
        org + "sonderpostkorb/<int:item_id>/erledigen/", order_views.order_complete, name="complete"
    ),
]

urlpatterns += [
    path(org + "rueckrufe/", calendar_views.calendar, name="callbacks"),
    path(org + "rueckrufe/buchen/", booking_views.book, name="callback_book"),
    path(org + "rueckrufe/<int:item_id>/", callback_views.detail, name="callback"),
    path(org + "rueckrufe/<int:item_id>/versuch/", callback_views.attempt, name="callback_attempt"),
    path(
        org + "rueckrufe/<int:item_id>/verlegen/",
        callback_views.reschedule,
        name="callback_reschedule",
    ),
    path(org + "rueckrufe/<int:item_id>/absagen/", callback_views.cancel, name="callback_cancel"),
    path(org + "rueckrufe/<int:item_id>/termin.ics", callback_views.ics, name="callback_ics"),
    path(org + "serviceplaetze/", place_views.places, name="places"),
    path(org + "serviceplaetze/neu/", place_views.place_new, name="place_new"),
    path(org + "serviceplaetze/<int:place_id>/", place_views.place_edit, name="place"),
    path(
        org + "serviceplaetze/<int:place_id>/zeitfenster/",
        place_views.place_windows,
        name="place_windows",
    ),
    path(
        org + "serviceplaetze/<int:place_id>/ausnahmen/",
        place_views.place_exception,
        name="place_exception",
    ),
    path(
        org + "serviceplaetze/<int:place_id>/ausnahmen/<int:exception_id>/loeschen/",
        place_views.place_exception_delete,
        name="place_exception_delete",
    ),
    path("portal/<slug:org>/rueckruf/", portal_views.portal, name="portal"),
    path("portal/<slug:org>/rueckruf/danke/", portal_views.thanks, name="portal_thanks"),
    path("portal/<slug:org>/rueckruf/termin.ics", portal_views.portal_ics, name="portal_ics"),
]
