"""API of the service centre's KPIs (SOC-08): ``GET /orgs/{org}/soc-kpis?from=D&to=D`` as the
CONTRACT has it, with the extensions ``level``/``id`` (drill-down), ``weeks`` (per ISO week),
``by`` (the units one level down) and ``supply`` (slot supply per OS). Reads ``kpis.report``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from anliegen.api.context import local, org_scope
from anliegen.api.problems import error_responses
from anliegen.servicecenter.kpis import computation as kpi_period
from anliegen.servicecenter.kpis import report as kpi_report

router = Router(tags=["service centre"])


#: The shares of the CONTRACT ("numbers from 0 to 1"): 0 where nothing stands behind a share, and
#: then its name in ``no_basis`` (the pages show "–").
SHARES = (
    "fcr_flagged",
    "fcr_verified",
    "qualified_share",
    "callbacks_reached_first",
    "orders_on_time",
)


class FiguresOut(Schema):
    alg_calls: int
    fcr_flagged: float = Field(
        description="Share of Alg calls the agent flagged as resolved (0–1; 0 without calls, "
        "see no_basis)"
    )
    fcr_verified: float = Field(
        description="Share of Alg calls with a customer number and no repeat contact on the same "
        "topic within the repeat window on any channel (0–1; 0 without such calls, see no_basis)"
    )
    fcr_unverifiable_calls: int = Field(
        description="Alg calls without a customer number: not in the verified rate"
    )
    qualified_share: float = Field(description="Share of SOC-L qualified agents (0–1)")
    callbacks_booked: int
    callbacks_reached_first: float = Field(
        description="Share of callbacks with an outcome reached at the first attempt (0–1)"
    )
    orders_on_time: float = Field(
        description="Share of processing orders due in the period (completed or overdue) that "
        "were completed by their due day (0–1)"
    )
    no_basis: list[str] = Field(
        description="Extension: the shares with nothing to count in the period (given as 0)"
    )
    provisional: bool = Field(
        description="true while a week's repeat window is still open or its figures are being "
        "recomputed; the verified FCR may still fall"
    )


class KpiWeekOut(FiguresOut):
    week: str = Field(description="ISO week, e.g. 2026-W49")
    start: dt.date
    end: dt.date


class UnitOut(FiguresOut):
    level: str
    id: str
    name: str


class SupplyOut(Schema):
    team: int
    name: str
    places: int
    offered_minutes: int
    booked_minutes: int
    callbacks: int
    utilisation: float | None = Field(description="booked / offered minutes (0–1)")
    next_free_days: int | None = Field(
        description="Days from today until the first free time for the shortest callback; null "
        "if none within 60 days"
    )


class KpisOut(FiguresOut):
    period_from: dt.date = Field(serialization_alias="from")
    period_to: dt.date = Field(serialization_alias="to")
    level: str
    id: str | None
    name: str
    fcr_target: float
    fcr_repeat_days: int
    computed_at: dt.datetime | None
    weeks: list[KpiWeekOut]
    by: list[UnitOut]
    supply: list[SupplyOut]


def _figures(figures: kpi_report.Figures) -> dict[str, Any]:
    shares = {
        "fcr_flagged": figures.fcr_flagged,
        "fcr_verified": figures.fcr_verified,
        "qualified_share": figures.qualified_share,
        "callbacks_reached_first": figures.callbacks_reached_first_share,
        "orders_on_time": figures.orders_on_time_share,
    }
    return {
        "alg_calls": figures.alg_calls,
        "fcr_unverifiable_calls": figures.unverifiable,
        "callbacks_booked": figures.callbacks_booked,
        **{name: value or 0.0 for name, value in shares.items()},
        "no_basis": [name for name in SHARES if shares[name] is None],
        "provisional": figures.provisional,
    }


@router.get(
    "/orgs/{org}/soc-kpis",
    operation_id="anliegen_servicecenter_kpi_api_soc_kpis",
    response={200: KpisOut, **error_responses(401, 403, 404, 422)},
    by_alias=True,
    summary="KPIs of the service centre by ISO week (SOC-08)",
    description=(
        "Query parameters `from` and `to` (YYYY-MM-DD; widened to whole ISO weeks, Europe/Berlin; "
        "default: the running week and the 11 before); extensions `level` (`region`, `centre`, "
        "`team`, `agent`) and `id` (area id, team id, user id or username). SC team leads see "
        "their teams, SC area management their centres, the region's management everything; "
        "a unit outside that is a 404."
    ),
)
def soc_kpis(request: HttpRequest, org: str) -> KpisOut:
    scope = org_scope(request, org)
    kpi_report.structure(scope)
    period = kpi_period.parse_period(request.GET.get("from"), request.GET.get("to"))
    report = kpi_report.build_report(
        scope, period, level=request.GET.get("level"), ident=request.GET.get("id")
    )
    return KpisOut(
        period_from=period.start,
        period_to=period.end,
        level=report.unit.level,
        id=report.unit.id or None,
        name=report.unit.name or scope.organisation.name,
        fcr_target=report.rules.fcr_target,
        fcr_repeat_days=report.rules.fcr_repeat_days,
        computed_at=local(report.computed_at),
        weeks=[
            KpiWeekOut(week=row.label, start=row.week, end=row.end, **_figures(row.figures))
            for row in report.weeks
        ],
        by=[
            UnitOut(
                level=row.unit.level, id=row.unit.id, name=row.unit.name, **_figures(row.figures)
            )
            for row in report.by
        ],
        supply=[
            SupplyOut(
                team=s.team.id,
                name=s.team.name,
                places=s.places,
                offered_minutes=s.offered_minutes,
                booked_minutes=s.booked_minutes,
                callbacks=s.callbacks,
                utilisation=s.utilisation,
                next_free_days=s.next_free_days,
            )
            for s in report.supply
        ],
        **_figures(report.total),
    )
