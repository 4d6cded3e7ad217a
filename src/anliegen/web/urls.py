"""URLs of the staff web UI.

Login and logout keep Django's plain names ``login``/``logout`` (``settings.LOGIN_URL``); every
other page lives in the ``web`` namespace. Organisation pages are scoped by the slug:
``/o/<org>/…``.
"""

from __future__ import annotations

from django.urls import include, path

from anliegen.web.views import (
    absences,
    auth,
    bulk,
    calculator,
    customer_forms,
    customers,
    items,
    notifications,
    saved_views,
    search,
    team,
    worklist,
)

org = "o/<slug:org>/"

web_patterns = [
    path("", auth.home, name="worklist"),
    path("wechseln/", auth.switch_org, name="switch_org"),
    path(org, auth.org_home, name="org_home"),
    path(org + "postkorb/", worklist.my_worklist, name="postkorb"),
    # issue 9: the generic item page, bulk actions and saved views of the worklists
    path(org + "postkorb/sammelaktion/", bulk.worklist_bulk, name="postkorb_bulk"),
    path(org + "postkorb/ansichten/", saved_views.worklist_view_save, name="postkorb_view_save"),
    path(
        org + "postkorb/ansichten/<int:view_id>/",
        saved_views.worklist_view_open,
        name="postkorb_view",
    ),
    path(
        org + "postkorb/ansichten/<int:view_id>/loeschen/",
        saved_views.worklist_view_delete,
        name="postkorb_view_delete",
    ),
    path(org + "vorgaenge/<int:item_id>/", items.work_item, name="work_item"),
    path(
        org + "vorgaenge/<int:item_id>/<slug:name>/",
        items.work_item_action,
        name="work_item_action",
    ),
    path(org + "team/<int:team_id>/sammelaktion/", bulk.team_bulk, name="team_bulk"),
    path(org + "team/<int:team_id>/ansichten/", saved_views.team_view_save, name="team_view_save"),
    path(
        org + "team/<int:team_id>/ansichten/<int:view_id>/",
        saved_views.team_view_open,
        name="team_view",
    ),
    path(
        org + "team/<int:team_id>/ansichten/<int:view_id>/loeschen/",
        saved_views.team_view_delete,
        name="team_view_delete",
    ),
    path(org + "team/", team.choose_team, name="teams"),
    path(org + "team/<int:team_id>/", team.team_worklist, name="team"),
    path(org + "team/<int:team_id>/zuweisen/", team.reassign, name="team_reassign"),
    path(org + "kunden/", customers.customer_list, name="customers"),
    path(org + "kunden/neu/", customer_forms.customer_create, name="customer_create"),
    path(org + "kunden/<str:number>/", customers.customer_detail, name="customer"),
    path(
        org + "kunden/<str:number>/bearbeiten/", customer_forms.customer_edit, name="customer_edit"
    ),
    path(org + "kunden/<str:number>/vermerk/", customers.customer_note, name="customer_note"),
    path(
        org + "kunden/<str:number>/wiedervorlage/",
        customers.customer_follow_up,
        name="customer_follow_up",
    ),
    path(org + "suche/", search.search, name="search"),
    path(org + "fristenrechner/", calculator.calculator, name="calculator"),
    path(org + "abwesenheiten/", absences.absences, name="absences"),
    path(org + "abwesenheiten/vertretung/", absences.standing_deputy, name="standing_deputy"),
    path(
        org + "abwesenheiten/<int:absence_id>/loeschen/",
        absences.absence_delete,
        name="absence_delete",
    ),
    path(org + "benachrichtigungen/", notifications.notifications, name="notifications"),
    path(
        org + "benachrichtigungen/zusammenfassung/",
        notifications.digest_preference,
        name="digest_preference",
    ),
    path(
        org + "benachrichtigungen/gelesen/",
        notifications.notifications_read,
        name="notifications_read",
    ),
]

urlpatterns = [
    path("anmelden/", auth.LoginView.as_view(), name="login"),
    path("abmelden/", auth.LogoutView.as_view(), name="logout"),
    path("", include((web_patterns, "web"))),
]
