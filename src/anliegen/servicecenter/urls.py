"""Pages of the service centre (``/o/<org>/servicecenter/…``), namespace ``servicecenter``."""

from __future__ import annotations

from django.urls import path

from anliegen.servicecenter import kpi_views, order_views, views

app_name = "servicecenter"

org = "o/<slug:org>/servicecenter/"

urlpatterns = [
    path(org + "gespraech/", views.call_screen, name="call"),
    path(org + "gespraech/anruf/", views.simulate_call, name="simulate"),
    path(org + "warteschlangen/", views.queues, name="queues"),
    path(org + "warteschlangen/umplanen/", views.move_agent, name="move"),
    path(org + "kennzahlen/", kpi_views.kpi_page, name="kpis"),
    path(org + "sonderpostkorb/", order_views.inbox, name="inbox"),
    path(org + "sonderpostkorb/<int:item_id>/", order_views.order_detail, name="order"),
    path(org + "sonderpostkorb/<int:item_id>/zuweisen/", order_views.order_assign, name="assign"),
    path(
        org + "sonderpostkorb/<int:item_id>/erledigen/", order_views.order_complete, name="complete"
    ),
]
