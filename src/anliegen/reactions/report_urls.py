"""URLs of the KRM register and reports (``/o/<org>/reaktionen/register/``, ``…/berichte/``),
namespace ``reaction_reports`` (KRM-09, KRM-10)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from anliegen.reactions import report_views

app_name = "reaction_reports"

org = "o/<slug:org>/reaktionen/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(org + "register/", report_views.register_view, name="register"),
    path(
        org + "register/<int:reaction_id>/eintragen/",
        report_views.register_entry_view,
        name="register_entry",
    ),
    path(org + "berichte/", report_views.reports_view, name="reports"),
]
