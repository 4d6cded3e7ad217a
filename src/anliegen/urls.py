from django.contrib import admin
from django.urls import include, path

from anliegen.api_urls import api

admin.site.site_header = "anliegen – Verwaltung"
admin.site.site_title = "anliegen"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("anliegen.tickets.urls")),
    path("", include("anliegen.contacts.urls")),
    path("", include("anliegen.contacts.dashboard_urls")),
    path("", include("anliegen.appointments.urls")),
    path("", include("anliegen.quality.urls")),
    path("", include("anliegen.reactions.urls")),
    path("", include("anliegen.reactions.report_urls")),
    path("", include("anliegen.letters.urls")),
    path("", include("anliegen.servicecenter.urls")),
    path("", include("anliegen.web.urls")),
]
