"""The staffing page (SOC-09, ``…/servicecenter/personalbedarf/``): a centre's need of
qualified agents per 30-minute interval against the queue plans, a chart, the queue-move table,
the export and the sample forecast. The same functions as ``POST …/staffing/plan``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.rules import ServiceCentreRules, rules_in_force
from anliegen.servicecenter.staffing import forecast, forecast_csv
from anliegen.servicecenter.staffing.erlang import Performance
from anliegen.servicecenter.staffing.forms import StaffingForm
from anliegen.web.charts import Series, line_chart
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.views.base import apply_errors, org_view
from anliegen.work.calendars import calendar_for


def percent(share: float | None) -> str:
    """German notation with one decimal: 0.8883 → "88,8 %"."""
    if share is None:
        return "–"
    return f"{share * 100:.1f}".replace(".", ",") + " %"


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}".replace(".", ",")
    return text[: -digits - 1] if text.endswith("," + "0" * digits) else text


EXPORT_COLUMNS = (
    Column(gettext_lazy("Interval"), lambda i: i.row.time.strftime("%H:%M"), 10),
    Column(gettext_lazy("Alg calls"), lambda i: round(i.row.calls, 2)),
    Column(gettext_lazy("Handling time (s)"), lambda i: round(i.aht_seconds, 1)),
    Column(gettext_lazy("Agents needed on the phone"), lambda i: i.need.raw_agents),
    Column(gettext_lazy("Agents needed with shrinkage"), lambda i: i.need.agents),
    Column(
        gettext_lazy("Service level at need"), lambda i: round(i.need.performance.service_level, 4)
    ),
    Column(gettext_lazy("Occupancy at need"), lambda i: round(i.need.performance.occupancy, 4)),
    Column(gettext_lazy("Qualified agents planned in SOC-L"), lambda i: i.planned.soc_l_qualified),
    Column(
        gettext_lazy("Service level as planned"), lambda i: round(i.with_planned.service_level, 4)
    ),
    Column(gettext_lazy("Other calls"), lambda i: round(i.row.other_calls, 2)),
    Column(gettext_lazy("Agents needed, general queue"), lambda i: i.general_need.agents),
    Column(gettext_lazy("Agents planned, general queue"), lambda i: i.planned.general),
    Column(
        gettext_lazy("Service level general queue as planned"),
        lambda i: round(i.general_with_planned.service_level, 4),
    ),
)


@dataclass(frozen=True)
class MoveRow:
    k: int
    label: str
    possible: bool
    soc_l_agents: int
    general_agents: int
    soc_l: str
    general: str


def _move_label(k: int) -> str:
    if k == 0:
        return _("as planned")
    if k > 0:
        return _("%(n)s from general to SOC-L") % {"n": k}
    return _("%(n)s from SOC-L to general") % {"n": -k}


def _level(value: Performance | None) -> str:
    return percent(value.service_level) if value else "–"


def _initial(
    rules: ServiceCentreRules, centres: list[tuple[int, str]], next_working_day: dt.date
) -> dict[str, Any]:
    return {
        "centre": str(centres[0][0]) if centres else "",
        "day": next_working_day.isoformat(),
        "source": "history",
        "weeks": "4",
        "aht_seconds": "180",
        "model": "erlang_c",
        "service_level": number(rules.staffing_service_level * 100).replace(",", "."),
        "target_seconds": str(rules.staffing_target_seconds),
        "shrinkage": number(rules.staffing_shrinkage * 100).replace(",", "."),
        "max_occupancy": number(rules.staffing_max_occupancy * 100).replace(",", "."),
        "patience_seconds": str(rules.staffing_patience_seconds),
        "what_if": "",
    }


@org_view
def staffing_page(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Need per interval for one centre and day; export with ``export=csv|xlsx``."""
    forecast.ensure_may_plan(scope)
    rules, _version = rules_in_force(scope.organisation)
    centres = [(c.id, c.name) for c in queries.centres(scope.organisation)]
    source = request.POST if request.method == "POST" else request.GET
    if "centre" in source:
        data: Any = source
    else:
        # The next working day (not a Sunday, on which the centre takes no calls).
        calendar, _calendar_rules = calendar_for(scope.organisation)
        tomorrow = calendar.next_working_day(clock.today() + dt.timedelta(days=1))
        data = _initial(rules, centres, tomorrow)
    form = StaffingForm(data, request.FILES or None, centres=centres)
    context: dict[str, Any] = {"section": "soc_staffing", "form": form, "centres": centres}
    result = None
    if centres and form.is_valid():
        values = form.cleaned_data
        day = values["day"]
        rules_day, _version = rules_in_force(scope.organisation, on=day)
        params = forecast.params_from(
            rules_day,
            model=values["model"],
            service_level=values["service_level"] / 100,
            target_seconds=values["target_seconds"],
            shrinkage=values["shrinkage"] / 100,
            max_occupancy=values["max_occupancy"] / 100,
            patience_seconds=values["patience_seconds"],
        )
        upload = values.get("file")
        try:
            centre = forecast.get_centre(scope, values["centre"])
            rows = forecast.forecast_rows(
                scope,
                centre,
                day,
                rules=rules_day,
                source=values["source"],
                csv_data=upload.read() if upload else values["csv_text"] or None,
                weeks=values["weeks"],
            )
            result = forecast.plan(
                scope.organisation, centre, day, rows, params, aht_seconds=values["aht_seconds"]
            )
            chosen = result.interval(values.get("what_if"))
            if chosen is None:
                message = _("The forecast has no interval at this time.")
                raise InvalidInput(message, errors={"what_if": message})
        except InvalidInput as exc:
            apply_errors(form, exc)
            result = None
        else:
            export = source.get("export", "")
            if export in FORMATS:
                return export_response(
                    result.intervals,
                    EXPORT_COLUMNS,
                    fmt=export,
                    name=f"personalbedarf-{centre.name}-{day.isoformat()}".replace(" ", "-"),
                    title=_("Staffing"),
                )
            context.update(_result_context(result, chosen, params, centre.name))
            if upload:
                upload.seek(0)
                context["csv_text"] = forecast_csv.decode(upload.read())
            else:
                context["csv_text"] = values["csv_text"]
    context["result"] = result
    context["sample_columns"] = forecast_csv.SAMPLE_CSV.splitlines()[0]
    return render(request, "servicecenter/staffing/page.html", context)


def _result_context(
    result: forecast.Plan,
    chosen: forecast.IntervalPlan,
    params: Any,
    centre_name: str,
) -> dict[str, Any]:
    times = [i.row.time.strftime("%H:%M") for i in result.intervals]
    chart = line_chart(
        times,
        [
            Series(
                _("qualified agents needed (with shrinkage)"),
                [i.need.agents for i in result.intervals],
            ),
            Series(
                _("qualified agents planned in SOC-L"),
                [i.planned.soc_l_qualified for i in result.intervals],
            ),
        ],
        title=_("Need and plan of qualified agents, %(centre)s, %(day)s")
        % {"centre": centre_name, "day": result.day.strftime("%d.%m.%Y")},
        description=_(
            "Per 30-minute interval: qualified agents needed in the SOC-L call group and "
            "qualified agents planned there. The figures are in the table below."
        ),
    )
    rows = [
        {
            "interval": i,
            "time": i.row.time.strftime("%H:%M"),
            "calls": number(i.row.calls),
            "aht": number(i.aht_seconds, 0),
            "need_sl": percent(i.need.performance.service_level),
            "need_occupancy": percent(i.need.performance.occupancy),
            "planned_sl": percent(i.with_planned.service_level),
            "abandonment": percent(i.with_planned.abandonment),
            "other_calls": number(i.row.other_calls),
            "general_sl": percent(i.general_with_planned.service_level),
            "short": i.gap > 0,
        }
        for i in result.intervals
    ]
    moves = [
        MoveRow(
            k=m.k,
            label=_move_label(m.k),
            possible=m.possible,
            soc_l_agents=m.soc_l_agents,
            general_agents=m.general_agents,
            soc_l=_level(m.soc_l),
            general=_level(m.general),
        )
        for m in forecast.what_if(chosen, params)
    ]
    return {
        "chart": chart,
        "rows": rows,
        "moves": moves,
        "chosen": chosen,
        "chosen_time": chosen.row.time.strftime("%H:%M"),
        "params": params,
        "target_percent": percent(params.service_level),
        "total_calls": number(result.total_calls),
        "erlang_a": params.model == "erlang_a",
    }


@org_view
def staffing_sample(request: HttpRequest, scope: Scope) -> HttpResponse:
    """A sample forecast to fill in (the format the page describes)."""
    forecast.ensure_may_plan(scope)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="prognose-beispiel.csv"'
    response.write(forecast_csv.SAMPLE_CSV)
    return response
