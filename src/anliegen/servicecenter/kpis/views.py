"""The KPI page of the service centre (SOC-08): ``…/servicecenter/kennzahlen/?from=&to=&level=&id=``
— weeks as table and line charts, the units one level down as links, the slot supply per OS,
CSV/XLSX export of the weekly table at the current level. Reads ``kpis.report`` only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope
from anliegen.servicecenter.kpis import computation as kpi_period
from anliegen.servicecenter.kpis import report as kpi_report
from anliegen.web.charts import Series, line_chart
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.views.base import apply_errors, org_view


class KpiPeriodForm(forms.Form):
    """From–to; both snap to whole ISO weeks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (("from", gettext_lazy("From")), ("to", gettext_lazy("Until"))):
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )


def percent(value: float | None) -> float | None:
    """A share as a percentage with one decimal (None stays None)."""
    return None if value is None else round(value * 100, 1)


def columns() -> list[Column]:
    """The weekly table's columns (page, CSV and XLSX alike)."""
    return [
        Column(_("Week"), lambda r: r.short, 12),
        Column(_("Monday"), lambda r: r.week, 12),
        Column(_("Alg calls"), lambda r: r.figures.alg_calls),
        Column(_("FCR by the agent's flag (%)"), lambda r: percent(r.figures.fcr_flagged), 22),
        Column(_("FCR verified (%)"), lambda r: percent(r.figures.fcr_verified), 18),
        Column(_("Calls without customer number"), lambda r: r.figures.unverifiable, 22),
        Column(_("Qualified agents (%)"), lambda r: percent(r.figures.qualified_share), 18),
        Column(_("Callbacks booked"), lambda r: r.figures.callbacks_booked),
        Column(
            _("Callbacks reached at the first attempt (%)"),
            lambda r: percent(r.figures.callbacks_reached_first_share),
            24,
        ),
        Column(
            _("Processing orders on time (%)"),
            lambda r: percent(r.figures.orders_on_time_share),
            22,
        ),
        Column(_("Provisional"), lambda r: r.figures.provisional, 12),
    ]


def _charts(report: kpi_report.Report) -> dict[str, Any]:
    # "KW 49" on the axis (the year is in the table beside the chart).
    weeks = [row.short.split("/")[0] for row in report.weeks]
    target = report.rules.fcr_target * 100
    fcr = line_chart(
        weeks,
        [
            Series(
                _("FCR by the agent's flag"), [percent(r.figures.fcr_flagged) for r in report.weeks]
            ),
            Series(_("FCR verified"), [percent(r.figures.fcr_verified) for r in report.weeks]),
        ],
        title=_("First-contact resolution of Alg calls per week"),
        description=_(
            "Share of Alg calls resolved in the first contact, by the agent's flag and verified "
            "(no repeat contact within %(days)s days), against the target of %(target)s %%. "
            "The figures are in the table below."
        )
        % {"days": report.rules.fcr_repeat_days, "target": f"{target:g}"},
        unit=" %",
        target=target,
        target_label=_("Target %(target)s %%") % {"target": f"{target:g}"},
        maximum=100,
    )
    calls = line_chart(
        weeks,
        [Series(_("Alg calls"), [r.figures.alg_calls for r in report.weeks])],
        title=_("Alg calls per week"),
        description=_("Number of recorded Alg calls per week; the figures are in the table below."),
    )
    shares = line_chart(
        weeks,
        [
            Series(
                _("Qualified agents"), [percent(r.figures.qualified_share) for r in report.weeks]
            ),
            Series(
                _("Callbacks reached at the first attempt"),
                [percent(r.figures.callbacks_reached_first_share) for r in report.weeks],
            ),
            Series(
                _("Processing orders on time"),
                [percent(r.figures.orders_on_time_share) for r in report.weeks],
            ),
        ],
        title=_("Qualified agents, callbacks and processing orders per week"),
        description=_("Shares per week in percent; the figures are in the table below."),
        unit=" %",
        maximum=100,
    )
    return {"fcr": fcr, "calls": calls, "shares": shares}


def unit_url(scope: Scope, unit: kpi_report.Unit, period: kpi_period.Period) -> str:
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if unit.level != "region":
        params.update(level=unit.level, id=unit.id)
    url = reverse("servicecenter:kpis", args=[scope.organisation.slug])
    return f"{url}?{urlencode(params)}"


def summary(figures: kpi_report.Figures) -> dict[str, Any]:
    """The figures of a unit or the whole period for the page (shares in percent)."""
    return {
        "alg_calls": figures.alg_calls,
        "fcr_flagged": percent(figures.fcr_flagged),
        "fcr_verified": percent(figures.fcr_verified),
        "unverifiable": figures.unverifiable,
        "qualified": percent(figures.qualified_share),
        "callbacks_booked": figures.callbacks_booked,
        "reached_first": percent(figures.callbacks_reached_first_share),
        "orders_on_time": percent(figures.orders_on_time_share),
        "provisional": figures.provisional,
    }


def _unit_name(unit: kpi_report.Unit, scope: Scope) -> str:
    return unit.name or scope.organisation.name


@org_view
def kpi_page(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The KPIs of the region, a centre, a team or an agent by ISO week."""
    kpi_report.structure(scope)  # 403 before anything else for those without access
    form = KpiPeriodForm(request.GET or None)
    try:
        period = kpi_period.parse_period(request.GET.get("from"), request.GET.get("to"))
    except InvalidInput as exc:
        form.is_valid()
        apply_errors(form, exc)
        period = kpi_period.default_period()
    if not request.GET.get("from") and not request.GET.get("to"):
        form = KpiPeriodForm(
            initial={"from": period.start.isoformat(), "to": period.end.isoformat()}
        )
    fmt = request.GET.get("export")
    report = kpi_report.build_report(
        scope,
        period,
        level=request.GET.get("level"),
        ident=request.GET.get("id"),
        with_supply=fmt not in FORMATS,
    )
    name = _unit_name(report.unit, scope)
    if fmt in FORMATS:
        slug = (
            "region" if report.unit.level == "region" else f"{report.unit.level}-{report.unit.id}"
        )
        return export_response(
            report.weeks,
            columns(),
            fmt=str(fmt),
            name=f"soc-kennzahlen-{slug}-{period.start.isoformat()}-{period.end.isoformat()}",
            title=_("KPIs %(unit)s") % {"unit": name},
        )
    cols = columns()
    context = {
        "section": "soc_kpis",
        "form": form,
        "report": report,
        "unit_name": name,
        "period": period,
        "headers": [c.header for c in cols],
        "rows": [[c.value(row) for c in cols] for row in report.weeks],
        "total": summary(report.total),
        "target_percent": f"{report.rules.fcr_target * 100:g}",
        "path": [(_unit_name(u, scope), unit_url(scope, u, period)) for u in report.path],
        "children": [
            {
                "name": row.unit.name,
                "url": unit_url(scope, row.unit, period),
                **summary(row.figures),
            }
            for row in report.by
        ],
        "child_level": {
            "region": _("Centre"),
            "centre": _("Team"),
            "team": _("Agent"),
        }.get(report.unit.level, ""),
        "supply": [
            {
                "name": s.team.name,
                "places": s.places,
                "offered_hours": round(s.offered_minutes / 60, 1),
                "booked_hours": round(s.booked_minutes / 60, 1),
                "callbacks": s.callbacks,
                "utilisation": percent(s.utilisation),
                "next_free_days": s.next_free_days,
            }
            for s in report.supply
        ],
        "charts": _charts(report),
    }
    return render(request, "servicecenter/kpis/page.html", context)
