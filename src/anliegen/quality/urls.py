"""URLs of namespace ``quality``: the overview and deviations (``/o/<org>/qualitaet/…``) and the
public site page (``/portal/<org>/standorte/``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import public_survey, public_views, service_views, survey_views, views

app_name = "quality"

org = "o/<slug:org>/qualitaet/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(org, views.quality_overview, name="overview"),
    path(org + "abweichungen/neu/", views.propose, name="propose"),
    path(org + "abweichungen/<int:deviation_id>/zustimmen/", views.consent, name="consent"),
    path(org + "befragungen/", survey_views.survey_list, name="surveys"),
    path(org + "befragungen/<int:survey_id>/", survey_views.survey_detail, name="survey"),
    path(org + "befragungen/<int:survey_id>/schliessen/", survey_views.close, name="close"),
    path(
        org + "befragungen/<int:survey_id>/einladungen/",
        survey_views.invitation_letters,
        name="invitations",
    ),
    path(org + "dringend/", service_views.urgent_visit, name="urgent"),
    path(org + "stunden/", service_views.hours, name="hours"),
    path(org + "berichte/", service_views.quality_reports, name="reports"),
    path(org + "vorgaenge/<int:item_id>/", service_views.item, name="item"),
    path(org + "vorgaenge/<int:item_id>/erledigen/", service_views.complete, name="complete"),
    path("portal/<slug:org>/standorte/", public_views.public_sites, name="public_sites"),
    path("portal/befragung/<str:token>/", public_survey.answer, name="answer"),
]
