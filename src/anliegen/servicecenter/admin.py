from django.contrib import admin
from django.http import HttpRequest

from anliegen.servicecenter.models import (
    DefaultQueue,
    HotlineDuty,
    HotlineHours,
    OperativeService,
    Qualification,
    QueuePlan,
    RuleVersion,
)


class HoursInline(admin.TabularInline):
    model = HotlineHours
    extra = 0


@admin.register(OperativeService)
class OperativeServiceAdmin(admin.ModelAdmin):
    list_display = ("area", "inbox_team", "hotline_number")
    inlines = [HoursInline]


@admin.register(HotlineDuty)
class HotlineDutyAdmin(admin.ModelAdmin):
    list_display = ("service", "day", "person")
    list_filter = ("service",)


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ("agent", "organisation", "trained_on", "access_from")


@admin.register(QueuePlan)
class QueuePlanAdmin(admin.ModelAdmin):
    list_display = ("agent", "queue", "start", "end")


@admin.register(DefaultQueue)
class DefaultQueueAdmin(admin.ModelAdmin):
    list_display = ("agent", "queue")


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ("organisation", "version", "valid_from", "note")
    readonly_fields = ("organisation", "version", "valid_from", "data", "note", "created_by")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # new versions go through rules.create_rule_version
