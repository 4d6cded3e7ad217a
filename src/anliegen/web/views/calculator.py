"""Fristenrechner: the deadline calculator of FND-06, on the same function as the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope
from anliegen.web.forms import CalculatorForm
from anliegen.web.views.base import apply_errors, is_htmx, org_view
from anliegen.work.calculator import DeadlineResult, compute_deadline, german_closing_day
from anliegen.work.calendars import calendar_for, main_site


@org_view
def calculator(request: HttpRequest, scope: Scope) -> HttpResponse:
    site = main_site(scope.organisation)
    result: DeadlineResult | None = None
    if "received" in request.GET:
        form = CalculatorForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            unit = data["unit"]
            try:
                result = compute_deadline(
                    received=data["received"],
                    working_days=data["n"] if unit == "working_days" else None,
                    calendar_days=data["n"] if unit == "calendar_days" else None,
                    months=data["n"] if unit == "months" else None,
                    state=data["state"],
                    closing_days=data["closing_days"],
                    # The site's municipal holidays count where its state is asked for.
                    municipal=tuple(site.municipal_holidays) if data["state"] == site.state else (),
                )
            except InvalidInput as exc:
                apply_errors(
                    form,
                    exc,
                    field_map={"working_days": "n", "calendar_days": "n", "months": "n"},
                )
    else:
        calendar, _rules = calendar_for(scope.organisation, site=site)
        form = CalculatorForm(
            initial={
                "received": clock.today(),
                "unit": "working_days",
                "state": site.state,
                # Shown in German notation (24.12., 31.12.2026), as the form accepts them.
                "closing_days": ", ".join(german_closing_day(d) for d in calendar.closing_days),
            }
        )
    context = {"section": "fristenrechner", "form": form, "result": result}
    if is_htmx(request):
        return render(request, "web/calculator/_result.html", context)
    return render(request, "web/calculator/index.html", context)
