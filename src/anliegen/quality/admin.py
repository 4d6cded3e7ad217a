"""Administration of the quality data that has no page of its own: multiplier teams with their
members per site and their meetings (QS-08), and the employer-service phone hours (QS-03)."""

from __future__ import annotations

from django.contrib import admin

from .models import EmployerReachability, MultiplierMember, MultiplierTeam, PracticeMeeting


class MemberInline(admin.TabularInline):
    model = MultiplierMember
    extra = 1


@admin.register(MultiplierTeam)
class MultiplierTeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    inlines = [MemberInline]


@admin.register(PracticeMeeting)
class PracticeMeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "topic", "team")
    list_filter = ("team__organisation",)
    filter_horizontal = ("participants",)


@admin.register(EmployerReachability)
class EmployerReachabilityAdmin(admin.ModelAdmin):
    list_display = ("organisation", "valid_from", "opens", "closes")
