"""Pages of QS-02 (urgent walk-ins), QS-03/QS-05/QS-06/QS-08 (reports), the hour booking
(QS-06) and the page where the procedure's work items are handled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.web.views.base import apply_errors, org_view, redirect
from anliegen.work.access import ensure_may_act, get_item_for
from anliegen.work.actions import complete_item

from . import access, reports, service_actions
from .forms import HourBookingForm, UrgentVisitForm
from .models import HourBooking
from .service_actions import BOOKING_ROLES, CALL_NOTE_KIND, URGENT_KIND

REPORT_WEEKS = 8


def may_book(scope: Scope) -> bool:
    return scope.has_role(*BOOKING_ROLES)


@org_view
def urgent_visit(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``qualitaet/dringend/``: record an urgent walk-in (QS-02); it is due today."""
    if not scope.may_see_customers:
        raise Http404(_("Page not found."))
    teams = list(Team.objects.filter(organisation=scope.organisation).values_list("id", "name"))
    form = UrgentVisitForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = service_actions.record_urgent_visit(
                actor=scope.user,
                scope=scope,
                concern=data["concern"],
                team_id=int(data["team"]) if data["team"] else None,
                customer_number=data["customer_number"],
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The urgent visit is in the worklist of %(team)s, due today.")
                % {"team": visit.team.name},
            )
            return redirect(request, reverse("quality:urgent", args=[scope.organisation.slug]))
    context: dict[str, Any] = {"section": "qualitaet_dringend", "form": form}
    return render(request, "quality/urgent.html", context, status=422 if form.errors else 200)


@org_view
def hours(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``qualitaet/stunden/``: a placement officer books the week's hours in two buckets."""
    if not may_book(scope):
        raise Http404(_("Page not found."))
    initial = {"week": clock.today()}
    form = HourBookingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service_actions.book_hours(
                actor=scope.user,
                scope=scope,
                week=data["week"],
                employer_hours=data["employer_hours"].replace(",", "."),
                other_hours=data["other_hours"].replace(",", "."),
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your hours were booked."))
            return redirect(request, reverse("quality:hours", args=[scope.organisation.slug]))
    bookings = HourBooking.objects.filter(organisation=scope.organisation, user=scope.user)[:12]
    context: dict[str, Any] = {"section": "qualitaet_stunden", "form": form, "bookings": bookings}
    return render(request, "quality/hours.html", context, status=422 if form.errors else 200)


@org_view
def quality_reports(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``qualitaet/berichte/``: QS-02, QS-03, QS-05, QS-06 and QS-08."""
    if not access.may_view(scope):
        raise Http404(_("Page not found."))
    today = clock.today()
    since = today - dt.timedelta(weeks=REPORT_WEEKS)
    raw_year = request.GET.get("jahr", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else today.year
    context: dict[str, Any] = {
        "section": "qualitaet",
        "since": since,
        "urgent": reports.urgent_visits(scope.organisation, since=since),
        "calls": reports.call_share(scope.organisation, since=since),
        "continuity": reports.continuity(scope.organisation, year=year),
        "share": reports.employer_share(scope, since=since),
        "multipliers": reports.multiplier_teams(scope.organisation),
        "reachability": _reachability_text(reports.reachability(scope.organisation, on=today)),
    }
    return render(request, "quality/reports.html", context)


def _reachability_text(rule: reports.Reachability) -> str:
    from .standard import weekday_name

    days = ", ".join(weekday_name(d) for d in rule.weekdays)
    return f"{days}: {rule.opens:%H:%M}–{rule.closes:%H:%M}"


@org_view
def item(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    """The page where an urgent visit or a call-centre note is handled."""
    work_item = get_item_for(scope, item_id)
    if work_item.kind not in (URGENT_KIND, CALL_NOTE_KIND):
        raise Http404(_("Page not found."))
    try:
        ensure_may_act(scope, work_item)
        may_act = work_item.status == "open"
    except Forbidden:
        may_act = False
    context: dict[str, Any] = {"section": "postkorb", "item": work_item, "may_act": may_act}
    return render(request, "quality/item.html", context)


@require_POST
@org_view
def complete(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    work_item = get_item_for(scope, item_id)
    if work_item.kind not in (URGENT_KIND, CALL_NOTE_KIND):
        raise Http404(_("Page not found."))
    complete_item(
        actor=scope.user, scope=scope, item=work_item, note=request.POST.get("note", "")[:500]
    )
    messages.success(request, _("Done."))
    return redirect(request, reverse("quality:item", args=[scope.organisation.slug, item_id]))
