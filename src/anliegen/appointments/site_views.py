"""Standorte: the sites of the organisation and their opening hours (QS-01), for management,
area management and administrators. Writes go through :mod:`anliegen.appointments.opening_hours`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.org.models import Site
from anliegen.org.scope import Scope
from anliegen.web.views.base import apply_errors, org_view, redirect

from . import hours_checks, opening_hours
from .forms import OpeningIntervalForm
from .models import WEEKDAYS, OpeningHours
from .slots import DEFAULT_OPENING_HOURS


def _ensure_may_manage(scope: Scope) -> None:
    if not opening_hours.may_manage_sites(scope):
        raise Http404(_("Site not found."))


@org_view
def site_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``standorte/``: the sites whose opening hours the actor may change."""
    _ensure_may_manage(scope)
    sites = list(opening_hours.sites_managed_by(scope).prefetch_related("opening_hours"))
    context: dict[str, Any] = {"section": "standorte", "sites": sites}
    return render(request, "appointments/sites.html", context)


def _warn(request: HttpRequest, site: Site) -> None:
    """Saved, never silently: the registered checks' warnings (QS-01)."""
    for warning in hours_checks.warnings_for(site):
        messages.warning(request, warning)


def _hours_url(scope: Scope, site: Site) -> str:
    return reverse("appointments:opening_hours", args=[scope.organisation.slug, site.pk])


def _days(rows: list[OpeningHours]) -> list[tuple[str, list[OpeningHours]]]:
    return [(str(name), [r for r in rows if r.weekday == day]) for day, name in WEEKDAYS]


def _default_days() -> list[tuple[str, str]]:
    return [
        (
            str(name),
            ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in DEFAULT_OPENING_HOURS.get(day, [])),
        )
        for day, name in WEEKDAYS
    ]


@org_view
def site_opening_hours(request: HttpRequest, scope: Scope, site_id: int) -> HttpResponse:
    """``standorte/<id>/oeffnungszeiten/``: list the intervals per weekday, add one (POST)."""
    _ensure_may_manage(scope)
    site = opening_hours.get_site_for(scope, site_id)
    form = OpeningIntervalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            opening_hours.add_interval(
                actor=scope.user, scope=scope, site=site, **form.cleaned_data
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The opening interval was added."))
            _warn(request, site)
            return redirect(request, _hours_url(scope, site))
    rows = opening_hours.intervals_of(site)
    context: dict[str, Any] = {
        "section": "standorte",
        "site": site,
        "days": _days(rows),
        "has_hours": bool(rows),
        "default_days": _default_days(),
        "form": form,
        "weekly_hours": sum(
            (r.closes.hour * 60 + r.closes.minute - r.opens.hour * 60 - r.opens.minute)
            for r in rows
        )
        / 60,
    }
    return render(request, "appointments/opening_hours.html", context)


@org_view
def delete_opening_interval(
    request: HttpRequest, scope: Scope, site_id: int, interval_id: int
) -> HttpResponse:
    """Ask for confirmation (GET), then delete the interval (POST)."""
    _ensure_may_manage(scope)
    site = opening_hours.get_site_for(scope, site_id)
    row = OpeningHours.objects.filter(site=site, pk=interval_id).first()
    if row is None:
        raise Http404(_("Opening interval not found."))
    if request.method == "POST":
        opening_hours.delete_interval(actor=scope.user, scope=scope, site=site, interval_id=row.pk)
        messages.success(request, _("The opening interval was deleted."))
        _warn(request, site)
        return redirect(request, _hours_url(scope, site))
    context: dict[str, Any] = {
        "section": "standorte",
        "site": site,
        "interval": row,
        "back_url": _hours_url(scope, site),
    }
    return render(request, "appointments/opening_hours_delete.html", context)
