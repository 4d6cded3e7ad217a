"""API of staffing (SOC-09): the public Erlang C calculator ``GET /staffing`` (no token, like
the deadline calculator) and the plan of a centre per 30-minute interval for its leads.
Handlers parse, call ``staffing.forecast`` and ``staffing.forecast_csv``, and serialise."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from anliegen.api.context import org_scope
from anliegen.api.problems import error_responses
from anliegen.core.errors import InvalidInput
from anliegen.servicecenter.rules import preset, rules_in_force
from anliegen.servicecenter.staffing import erlang as staffing
from anliegen.servicecenter.staffing import forecast, forecast_csv

public = Router(tags=["staffing"])
router = Router(tags=["service centre"])


# --- The calculator (public) ----------------------------------------------------------------


class StaffingOut(Schema):
    agents: int = Field(description="Agents to roster (with shrinkage; without it = raw_agents)")
    service_level: float = Field(description="Share of calls answered within the target, 0–1")
    occupancy: float = Field(description="Share of the agents' time on calls, 0–1")
    waiting_probability: float = Field(description="Share of callers who wait at all, 0–1")
    raw_agents: int = Field(description="Extension: agents on the phone")
    asa_seconds: float | None = Field(description="Extension: average speed of answer")
    offered_load: float = Field(description="Extension: offered load in Erlang")


@public.get(
    "/staffing",
    operation_id="anliegen_servicecenter_staffing_api_staffing_calculator",
    auth=None,
    response={200: StaffingOut, **error_responses(422)},
    summary="Agents needed for a service level, Erlang C (SOC-09)",
    description=(
        "Erlang C (M/M/n): the fewest agents for `calls` calls in "
        "`interval_minutes` with a mean handling time of `aht_seconds` so that the share "
        "`service_level` (0–1; default 0.8) is answered within `target_seconds` (default 20). "
        "Extensions: `shrinkage` (0–0.9, share of rostered time off the phone) and "
        "`max_occupancy` (0–1). Public, no token. Out of range → 422."
    ),
)
def staffing_calculator(
    request: HttpRequest,
    calls: float = Query(..., description="calls in the interval"),
    aht_seconds: float = Query(..., description="mean handling time in seconds"),
    interval_minutes: float = Query(30, description="length of the interval in minutes"),
    target_seconds: float | None = Query(None, description="answered within (default 20 s)"),
    service_level: float | None = Query(None, description="share to answer in time (0.8)"),
    shrinkage: float = Query(0.0, description="share of rostered time off the phone"),
    max_occupancy: float = Query(1.0, description="occupancy cap"),
) -> StaffingOut:
    rules = preset()
    params = forecast.params_from(
        rules,
        service_level=service_level,
        target_seconds=target_seconds,
        shrinkage=shrinkage,
        max_occupancy=max_occupancy,
    )
    need = staffing.required(
        calls=calls, interval_minutes=interval_minutes, aht_seconds=aht_seconds, params=params
    )
    figures = need.performance
    return StaffingOut(
        agents=need.agents,
        service_level=round(figures.service_level, 6),
        occupancy=round(figures.occupancy, 6),
        waiting_probability=round(figures.waiting_probability, 6),
        raw_agents=need.raw_agents,
        asa_seconds=None if figures.asa_seconds is None else round(figures.asa_seconds, 3),
        offered_load=round(staffing.offered_load(calls, interval_minutes, aht_seconds), 6),
    )


# --- The plan of a centre ---------------------------------------------------------------------


class ForecastIntervalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    time: dt.time = Field(description="start of the 30-minute interval, HH:MM")
    calls: float = Field(ge=0, le=staffing.MAX_CALLS, description="Alg calls (SOC-L queue)")
    aht_seconds: float | None = Field(None, gt=0, le=staffing.MAX_AHT_SECONDS)
    other_calls: float = Field(0, ge=0, le=staffing.MAX_CALLS, description="general queue")
    other_aht_seconds: float | None = Field(None, gt=0, le=staffing.MAX_AHT_SECONDS)


class PlanIn(Schema):
    model_config = ConfigDict(extra="forbid")

    centre: int | None = Field(None, description="area id of the centre (default: the first)")
    day: dt.date
    source: Literal["intervals", "csv", "history"] = "intervals"
    intervals: list[ForecastIntervalIn] = Field(default_factory=list, max_length=48)
    csv: str | None = Field(
        None, max_length=forecast_csv.MAX_CSV_BYTES, description="the forecast as CSV text"
    )
    weeks: int = Field(4, description="history: weeks back")
    model: Literal["erlang_c", "erlang_a"] = "erlang_c"
    service_level: float | None = None
    target_seconds: float | None = None
    shrinkage: float | None = None
    max_occupancy: float | None = None
    patience_seconds: float | None = Field(None, description="Erlang A: mean patience")
    aht_seconds: float = Field(180, description="handling time of rows without their own")
    what_if_time: dt.time | None = Field(
        None, description="interval of the queue-move table (default: most Alg calls)"
    )


class PerformanceOut(Schema):
    agents: int = Field(description="agents on the phone")
    service_level: float
    occupancy: float
    waiting_probability: float
    asa_seconds: float | None
    abandonment: float


class StaffingIntervalOut(Schema):
    time: str
    calls: float
    aht_seconds: float
    raw_agents: int = Field(description="SOC-L queue: agents needed on the phone")
    agents: int = Field(description="SOC-L queue: qualified agents to roster (with shrinkage)")
    needed: PerformanceOut
    planned_qualified: int = Field(description="qualified agents planned in the SOC-L group")
    planned: PerformanceOut
    other_calls: float
    general_agents: int = Field(description="general queue: agents to roster")
    general_planned: int
    general: PerformanceOut


class WhatIfOut(Schema):
    k: int = Field(description="agents moved from the general queue into SOC-L (< 0: back)")
    soc_l_agents: int
    general_agents: int
    possible: bool
    soc_l_service_level: float | None
    general_service_level: float | None


class PlanOut(Schema):
    centre: int
    day: dt.date
    model: str
    service_level: float
    target_seconds: float
    shrinkage: float
    max_occupancy: float
    intervals: list[StaffingIntervalOut]
    what_if_time: str | None
    what_if: list[WhatIfOut]


def _figures(value: staffing.Performance) -> PerformanceOut:
    return PerformanceOut(
        agents=value.agents,
        service_level=round(value.service_level, 6),
        occupancy=round(value.occupancy, 6),
        waiting_probability=round(value.waiting_probability, 6),
        asa_seconds=None if value.asa_seconds is None else round(value.asa_seconds, 3),
        abandonment=round(value.abandonment, 6),
    )


@router.post(
    "/orgs/{org}/staffing/plan",
    operation_id="anliegen_servicecenter_staffing_api_staffing_plan",
    response={200: PlanOut, **error_responses(401, 403, 404, 422)},
    summary="Staffing need of a centre per 30-minute interval (SOC-09)",
    description=(
        "The forecast comes as `intervals`, as `csv` text (the format of the page) or from "
        "the calls recorded on the same weekday in the last `weeks` weeks (`history`). Per "
        "interval: agents needed in the SOC-L queue (Alg calls) raw and with shrinkage, their "
        "service level and occupancy, the qualified agents planned then and how the queue "
        "does with them, the same for the general queue; and for one interval what moving "
        "k = −3 … +3 agents between the queues does. Erlang C or Erlang A (`patience_seconds`)."
        " SC team leads and the region's management; nothing is stored."
    ),
)
def staffing_plan(request: HttpRequest, org: str, payload: PlanIn) -> PlanOut:
    scope = org_scope(request, org)
    forecast.ensure_may_plan(scope)
    centre = forecast.get_centre(scope, payload.centre)
    rules, _version = rules_in_force(scope.organisation, on=payload.day)
    params = forecast.params_from(
        rules,
        model=payload.model,
        service_level=payload.service_level,
        target_seconds=payload.target_seconds,
        shrinkage=payload.shrinkage,
        max_occupancy=payload.max_occupancy,
        patience_seconds=payload.patience_seconds,
    )
    rows = forecast.forecast_rows(
        scope,
        centre,
        payload.day,
        rules=rules,
        source=payload.source,
        csv_data=payload.csv,
        rows=[forecast_csv.ForecastRow(**row.model_dump()) for row in payload.intervals],
        weeks=payload.weeks,
    )
    result = forecast.plan(
        scope.organisation, centre, payload.day, rows, params, aht_seconds=payload.aht_seconds
    )
    chosen = result.interval(payload.what_if_time)
    if chosen is None:
        message = _("The forecast has no interval at this time.")
        raise InvalidInput(message, errors={"what_if_time": message})
    moves = forecast.what_if(chosen, params)
    return PlanOut(
        centre=centre.id,
        day=payload.day,
        model=params.model,
        service_level=params.service_level,
        target_seconds=params.target_seconds,
        shrinkage=params.shrinkage,
        max_occupancy=params.max_occupancy,
        intervals=[
            StaffingIntervalOut(
                time=i.row.time.strftime("%H:%M"),
                calls=i.row.calls,
                aht_seconds=round(i.aht_seconds, 3),
                raw_agents=i.need.raw_agents,
                agents=i.need.agents,
                needed=_figures(i.need.performance),
                planned_qualified=i.planned.soc_l_qualified,
                planned=_figures(i.with_planned),
                other_calls=i.row.other_calls,
                general_agents=i.general_need.agents,
                general_planned=i.planned.general,
                general=_figures(i.general_with_planned),
            )
            for i in result.intervals
        ],
        what_if_time=chosen.row.time.strftime("%H:%M"),
        what_if=[
            WhatIfOut(
                k=m.k,
                soc_l_agents=m.soc_l_agents,
                general_agents=m.general_agents,
                possible=m.possible,
                soc_l_service_level=round(m.soc_l.service_level, 6) if m.soc_l else None,
                general_service_level=round(m.general.service_level, 6) if m.general else None,
            )
            for m in moves
        ],
    )
