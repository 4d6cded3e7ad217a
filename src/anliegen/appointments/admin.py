from django.contrib import admin

from .models import Appointment, OpeningHours


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ("site", "weekday", "opens", "closes")
    list_filter = ("site__organisation", "site", "weekday")


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "case_worker", "customer", "status", "source")
    list_filter = ("organisation", "status", "source")
    raw_id_fields = ("customer", "case_worker", "created_by")
    date_hierarchy = "starts_at"
