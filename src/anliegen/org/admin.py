"""Organisations, sites, teams and staff in the admin (FND-01, FND-02).

Absences are shown read-only: they are recorded on the Abwesenheiten page through
``org.actions``, which audits them (FND-03).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from anliegen.core.admin import ReadOnlyAdmin
from anliegen.org.models import (
    Absence,
    Area,
    ClosingDay,
    Membership,
    Organisation,
    ServiceRelation,
    Site,
    Skill,
    Team,
    User,
)


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ("name", "state", "is_main", "municipal_holidays", "tandem_main")
    fk_name = "organisation"


class ClosingDayInline(admin.TabularInline):
    model = ClosingDay
    extra = 0
    fields = ("every_year", "date", "label")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [SiteInline, ClosingDayInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "state", "is_main")
    list_filter = ("organisation", "state")
    search_fields = ("name",)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kind", "site")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "area")
    list_filter = ("organisation", "area__kind")
    search_fields = ("name",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("organisation", "role", "team", "area")


@admin.register(User)
class StaffAdmin(UserAdmin):
    """Django's user admin plus working-time share, skills, standing deputy and roles."""

    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Work"), {"fields": ("fte", "skills", "deputy")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Work"), {"fields": ("first_name", "last_name", "email", "fte")}),
    )
    filter_horizontal = ("groups", "user_permissions", "skills")
    autocomplete_fields = ("deputy",)
    list_display = ("username", "first_name", "last_name", "email", "fte", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "memberships__organisation")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "team", "area")
    list_filter = ("organisation", "role")
    search_fields = ("user__username", "user__last_name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "organisation", "team", "area")


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ("organisation", "every_year", "date", "label")
    list_filter = ("organisation",)


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "start", "end", "deputy", "organisation")
    list_filter = ("organisation",)
    search_fields = ("user__username", "user__last_name")
    date_hierarchy = "start"


@admin.register(ServiceRelation)
class ServiceRelationAdmin(ReadOnlyAdmin):
    """Which organisations a service-centre region serves (TKT-01); changed through
    ``org.actions.add_served_organisation``, which audits it."""

    list_display = ("service_centre", "served", "created_at")
    list_filter = ("service_centre",)
