"""Kontakte: the invitation worklist (KON-04) and the individual contact interval (KON-01).

Views parse input, call :mod:`anliegen.contacts.queries` and :mod:`anliegen.contacts.actions`,
and render; scope and domain errors are handled by :func:`anliegen.web.views.base.org_view`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.appointments.access import ensure_casework
from anliegen.appointments.access import staff_of_teams as _staff_of_teams
from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope, get_team_for
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.views.base import apply_errors, org_view, redirect

from . import actions, queries
from .forms import ContactFilterForm, IntervalForm
from .models import ContactSchedule

SECTIONS = {
    "overdue": gettext_lazy("Overdue"),
    "this_week": gettext_lazy("Due this week"),
    "next_week": gettext_lazy("Due next week"),
}

CONTACT_COLUMNS = [
    Column(gettext_lazy("Section"), lambda r: SECTIONS[r[0]], 18),
    Column(gettext_lazy("Customer number"), lambda r: r[1].customer.customer_number, 16),
    Column(gettext_lazy("Customer"), lambda r: r[1].customer.display_name, 28),
    Column(gettext_lazy("Next contact due"), lambda r: r[1].due_date, 14),
    Column(gettext_lazy("Rule"), lambda r: r[1].rule_label, 40),
    Column(gettext_lazy("Last contact"), lambda r: r[1].last_contact, 14),
    Column(gettext_lazy("Care group"), lambda r: r[1].customer.get_care_group_display(), 22),
    Column(gettext_lazy("Profile"), lambda r: r[1].customer.get_profile_display(), 22),
    Column(gettext_lazy("Contact person"), lambda r: r[1].contact_person or "", 24),
]


@org_view
def contact_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``kontakte/``: whom to invite — overdue, due this week, due next week (KON-04); 50 rows
    a page, the headings count the whole list, exports hold every row."""
    ensure_casework(scope)
    form: ContactFilterForm | None = None
    team = worker = None
    if scope.is_lead:
        staff = _staff_of_teams(scope)
        form = ContactFilterForm(
            request.GET, teams=scope.visible_teams().order_by("name"), staff=staff
        )
        team_id, worker_id = form.selected()
        if team_id is not None:
            team = get_team_for(scope, team_id)
        if worker_id is not None:
            worker = next(user for user in staff if user.pk == worker_id)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        rows = queries.contact_worklist_rows(scope, case_worker=worker, team=team)
        return export_response(
            rows, CONTACT_COLUMNS, fmt=str(fmt), name="einladungen", title=_("Invitations")
        )
    worklist = queries.contact_worklist_page(
        scope, page=request.GET.get("page"), case_worker=worker, team=team
    )
    sections = [
        (
            key,
            SECTIONS[key],
            worklist.sections[key],
            worklist.counts.of(key),
            worklist.first_pages.get(key),
        )
        for key in queries.SECTION_KEYS
    ]
    context: dict[str, Any] = {
        "section": "kontakte",
        "form": form,
        "worklist": worklist,
        "page": worklist.page,
        "sections": sections,
        "total": worklist.counts.total,
        "filtered": team is not None or worker is not None,
        "team": team,
        "case_worker": worker,
    }
    return render(request, "contacts/list.html", context)


@org_view
def contact_interval(request: HttpRequest, scope: Scope, number: str) -> HttpResponse:
    """``kontakte/<number>/intervall/``: set or clear the individual interval (KON-01)."""
    ensure_casework(scope)
    schedule: ContactSchedule = queries.get_schedule_for(scope, number, via="web")
    customer = schedule.customer
    detail_url = reverse("web:customer", args=[scope.organisation.slug, customer.customer_number])
    if request.method == "POST":
        form = IntervalForm(request.POST)
        if form.is_valid():
            unit, count = form.interval()
            try:
                actions.set_individual_interval(
                    actor=scope.user, scope=scope, customer=customer, unit=unit, count=count
                )
            except InvalidInput as exc:
                apply_errors(form, exc, field_map={"individual_interval": "count"})
            else:
                if unit is None:
                    messages.success(request, _("The individual contact interval was removed."))
                else:
                    messages.success(request, _("The individual contact interval was saved."))
                return redirect(request, detail_url + "#naechster-kontakt")
    else:
        form = IntervalForm(
            initial={
                "unit": schedule.individual_interval_unit,
                "count": schedule.individual_interval_count,
            }
        )
    context = {
        "section": "kunden",
        "customer": customer,
        "schedule": schedule,
        "form": form,
        "detail_url": detail_url,
    }
    return render(request, "contacts/interval.html", context)
