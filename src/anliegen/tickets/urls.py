"""URLs of the ticket pages (``/o/<org>/tickets/…``), namespace ``tickets``."""

from __future__ import annotations

from django.urls import path

from anliegen.tickets.views import controlling, detail, intake, listing, sending

app_name = "tickets"

org = "o/<slug:org>/tickets/"
team = org + "controlling/<int:team_id>/"

urlpatterns = [
    path(org, listing.ticket_list, name="list"),
    path(org + "neu/", intake.ticket_create, name="create"),
    path(org + "vorsprache/", intake.walk_in, name="walk_in"),
    path(org + "vorgang/<int:item_id>/", listing.item_ticket, name="item"),
    path(org + "gesendet/", sending.sent_list, name="sent"),
    path(org + "gesendet/<int:ticket_id>/", sending.sent_detail, name="sent_detail"),
    path(org + "<int:ticket_id>/", detail.ticket_detail, name="detail"),
    path(org + "<int:ticket_id>/zusage/", detail.ticket_commitment, name="commitment"),
    path(org + "<int:ticket_id>/erledigen/", detail.ticket_complete, name="complete"),
    path(org + "<int:ticket_id>/rueckruf/", detail.ticket_callback, name="callback"),
    path(org + "<int:ticket_id>/termin/", detail.ticket_appointment, name="appointment"),
    path(org + "<int:ticket_id>/termin.ics", detail.ticket_appointment_ics, name="appointment_ics"),
    path(org + "<int:ticket_id>/zuweisen/", detail.ticket_reassign, name="reassign"),
    path(org + "<int:ticket_id>/notiz/", detail.ticket_note, name="note"),
    path(org + "<int:ticket_id>/anhaenge/", detail.ticket_attachments, name="attachments"),
    path(
        org + "<int:ticket_id>/anhaenge/<int:attachment_id>/",
        detail.ticket_attachment,
        name="attachment",
    ),
    path(org + "controlling/", controlling.choose_team, name="controlling"),
    path(team, controlling.team_page, name="controlling_team"),
    path(team + "zuweisen/", controlling.reassign, name="controlling_reassign"),
    path(team + "gespraech/<int:flag_id>/", controlling.overrun_talk, name="overrun_talk"),
    path(team + "stichprobe/<int:check_id>/", controlling.spot_check, name="spot_check"),
]
