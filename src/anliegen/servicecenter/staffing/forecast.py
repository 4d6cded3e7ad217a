"""The call forecast of a centre per 30-minute interval and the staffing plan built on it
(SOC-09).

A forecast comes from an uploaded CSV (``staffing.forecast_csv.parse_csv``, German errors with line numbers) or
from the calls recorded in the past weeks (:func:`from_history`: the same weekday in each of
the last N weeks, calls per interval averaged, handling time from the call durations). Alg
calls (the region's ``alg_topic``) go to the SOC-L queue, all others to the general queue.
:func:`plan` compares the need per interval (``staffing.erlang``) with the
qualified agents the queue plans put into the SOC-L call group at that time, counted as
routing counts them (qualified on the day, not absent, queue = plan covering the moment, else
default, else general), and :func:`what_if` moves k agents between the two queues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractHour, ExtractMinute
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.models import Area, Membership, Organisation
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.models import CallRecord, DefaultQueue, Queue
from anliegen.servicecenter.rules import ServiceCentreRules
from anliegen.servicecenter.staffing import erlang as staffing
from anliegen.servicecenter.staffing.erlang import Need, Params, Performance
from anliegen.servicecenter.staffing.forecast_csv import (
    INTERVAL_MINUTES,
    INTERVALS,
    ForecastRow,
    parse_csv,
)

MAX_WEEKS = 26
WHAT_IF_MOVES = tuple(range(-3, 4))


# --- From the recorded calls ----------------------------------------------------------------


def centre_members(organisation: Organisation, centre: Area) -> list[int]:
    """Everyone who takes calls in the centre (agents and FiT)."""
    return list(
        Membership.objects.filter(
            organisation=organisation, team__area=centre, role__in=queries.SC_STAFF_ROLES
        ).values_list("user_id", flat=True)
    )


def from_history(
    organisation: Organisation, centre: Area, day: dt.date, *, weeks: int, alg_topic: str
) -> list[ForecastRow]:
    """Calls per interval on the same weekday as ``day`` in each of the ``weeks`` weeks before
    it, averaged (a day without calls counts as 0), with the mean handling time per interval
    and queue from the call durations (the queue's mean over all intervals where an interval
    has no call). Empty when the centre recorded no call in that time."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(
            _("Choose 1 to %(max)s weeks.") % {"max": MAX_WEEKS},
            errors={"weeks": _("Choose 1 to %(max)s weeks.") % {"max": MAX_WEEKS}},
        )
    days = [day - dt.timedelta(weeks=k) for k in range(1, weeks + 1)]
    within = Q()
    for past in days:
        start, end = queries.day_bounds(past)
        within |= Q(started_at__gte=start, started_at__lt=end)
    half = Case(When(minute__lt=30, then=Value(0)), default=Value(30), output_field=IntegerField())
    duration = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    grouped = (
        CallRecord.objects.filter(within, organisation=organisation)
        .filter(agent_id__in=centre_members(organisation, centre))
        .annotate(
            hour=ExtractHour("started_at", tzinfo=clock.BERLIN),
            minute=ExtractMinute("started_at", tzinfo=clock.BERLIN),
        )
        .annotate(
            half=half,
            alg=Case(
                When(topic=alg_topic, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .values("hour", "half", "alg")
        .annotate(n=Count("id"), seconds=Sum(duration))
        .order_by()
    )
    counts: dict[tuple[dt.time, int], tuple[int, float]] = {}
    for entry in grouped:
        total = entry["seconds"]
        seconds = total.total_seconds() if isinstance(total, dt.timedelta) else float(total or 0)
        counts[dt.time(entry["hour"], entry["half"]), entry["alg"]] = (entry["n"], seconds)
    if not counts:
        return []

    def mean_aht(alg: int) -> float | None:
        n = sum(c for (_t, a), (c, _s) in counts.items() if a == alg)
        seconds = sum(s for (_t, a), (_c, s) in counts.items() if a == alg)
        return max(seconds / n, 1.0) if n else None

    overall = {1: mean_aht(1), 0: mean_aht(0)}

    def aht(moment: dt.time, alg: int) -> float | None:
        n, seconds = counts.get((moment, alg), (0, 0.0))
        return max(seconds / n, 1.0) if n else overall[alg]

    times = sorted({moment for moment, _alg in counts})
    return [
        ForecastRow(
            time=moment,
            calls=counts.get((moment, 1), (0, 0.0))[0] / weeks,
            aht_seconds=aht(moment, 1),
            other_calls=counts.get((moment, 0), (0, 0.0))[0] / weeks,
            other_aht_seconds=aht(moment, 0),
        )
        for moment in times
    ]


# --- Agents planned per interval -----------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """Agents of the centre at the start of an interval, as routing counts them."""

    soc_l_qualified: int  # qualified, present, in the SOC-L call group
    general: int  # present, in the general queue
    general_qualified: int  # of them qualified (could move into the SOC-L call group)


def planned_agents(
    organisation: Organisation, centre: Area, day: dt.date, times: Iterable[dt.time]
) -> dict[dt.time, Planned]:
    """Per interval start on ``day``: the queue plans covering it, else the default queue,
    else general; only agents present that day; SOC-L only with the qualification (SOC-02)."""
    agents = list(queries.agents_of(organisation, centre=centre).values_list("id", flat=True))
    qualified = queries.qualified_ids(organisation, day, agents)
    absent = queries.absent_ids(organisation, day, agents)
    present = [a for a in agents if a not in absent]
    defaults = dict(
        DefaultQueue.objects.filter(organisation=organisation, agent_id__in=present).values_list(
            "agent_id", "queue"
        )
    )
    start, end = queries.day_bounds(day)
    plans = queries.plans_between(organisation, start, end, present)
    result: dict[dt.time, Planned] = {}
    for moment in times:
        at = dt.datetime.combine(day, moment, tzinfo=clock.BERLIN)
        soc_l = general = general_qualified = 0
        for agent in present:
            queue = next(
                (p.queue for p in plans.get(agent, []) if p.start <= at < p.end),
                defaults.get(agent, Queue.GENERAL),
            )
            if queue == Queue.SOC_L:
                soc_l += agent in qualified
            else:
                general += 1
                general_qualified += agent in qualified
        result[moment] = Planned(soc_l, general, general_qualified)
    return result


# --- The plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntervalPlan:
    row: ForecastRow
    aht_seconds: float
    other_aht_seconds: float
    need: Need  # SOC-L queue
    planned: Planned
    with_planned: Performance  # SOC-L queue with the planned qualified agents
    general_need: Need
    general_with_planned: Performance

    @property
    def gap(self) -> int:
        """Rostered qualified agents missing (negative: more than needed)."""
        return self.need.agents - self.planned.soc_l_qualified


@dataclass(frozen=True)
class WhatIf:
    """Moving ``k`` agents from the general queue into the SOC-L call group (k < 0: back)."""

    k: int
    soc_l_agents: int
    general_agents: int
    possible: bool
    soc_l: Performance | None
    general: Performance | None


@dataclass
class Plan:
    day: dt.date
    params: Params
    intervals: list[IntervalPlan] = field(default_factory=list)

    @property
    def peak(self) -> IntervalPlan | None:
        return max(self.intervals, key=lambda i: i.row.calls, default=None)

    @property
    def total_calls(self) -> float:
        return sum(i.row.calls for i in self.intervals)

    @property
    def max_need(self) -> int:
        return max((i.need.agents for i in self.intervals), default=0)

    @property
    def short_intervals(self) -> int:
        return sum(1 for i in self.intervals if i.gap > 0)

    def interval(self, moment: dt.time | None) -> IntervalPlan | None:
        if moment is None:
            return self.peak
        return next((i for i in self.intervals if i.row.time == moment), None)


def plan(
    organisation: Organisation,
    centre: Area,
    day: dt.date,
    rows: Sequence[ForecastRow],
    params: Params,
    *,
    aht_seconds: float,
) -> Plan:
    """Need per interval for both queues and the agents planned then (``aht_seconds`` for rows
    without their own handling time)."""
    if not rows:
        raise InvalidInput(
            _("The forecast holds no intervals."), errors={"file": _("No intervals.")}
        )
    staffing.validate(
        calls=0, interval_minutes=INTERVAL_MINUTES, aht_seconds=aht_seconds, params=params
    )
    planned = planned_agents(organisation, centre, day, [r.time for r in rows])
    result = Plan(day=day, params=params)
    for row in rows:
        aht = row.aht_seconds or aht_seconds
        other_aht = row.other_aht_seconds or aht
        need = staffing.required(
            calls=row.calls, interval_minutes=INTERVAL_MINUTES, aht_seconds=aht, params=params
        )
        general_need = staffing.required(
            calls=row.other_calls,
            interval_minutes=INTERVAL_MINUTES,
            aht_seconds=other_aht,
            params=params,
        )
        here = planned[row.time]
        result.intervals.append(
            IntervalPlan(
                row=row,
                aht_seconds=aht,
                other_aht_seconds=other_aht,
                need=need,
                planned=here,
                with_planned=staffing.performance_rostered(
                    calls=row.calls,
                    interval_minutes=INTERVAL_MINUTES,
                    aht_seconds=aht,
                    agents=here.soc_l_qualified,
                    params=params,
                ),
                general_need=general_need,
                general_with_planned=staffing.performance_rostered(
                    calls=row.other_calls,
                    interval_minutes=INTERVAL_MINUTES,
                    aht_seconds=other_aht,
                    agents=here.general,
                    params=params,
                ),
            )
        )
    return result


def what_if(interval: IntervalPlan, params: Params) -> list[WhatIf]:
    """Both queues' figures in ``interval`` when k = −3 … +3 agents move from the general queue
    into the SOC-L call group: only qualified agents may move in (SOC-02), and no queue can
    give more agents than it has."""
    planned = interval.planned
    result = []
    for k in WHAT_IF_MOVES:
        soc_l = planned.soc_l_qualified + k
        general = planned.general - k
        possible = soc_l >= 0 and general >= 0 and (k <= 0 or k <= planned.general_qualified)
        if not possible:
            result.append(WhatIf(k, soc_l, general, False, None, None))
            continue
        result.append(
            WhatIf(
                k,
                soc_l,
                general,
                True,
                staffing.performance_rostered(
                    calls=interval.row.calls,
                    interval_minutes=INTERVAL_MINUTES,
                    aht_seconds=interval.aht_seconds,
                    agents=soc_l,
                    params=params,
                ),
                staffing.performance_rostered(
                    calls=interval.row.other_calls,
                    interval_minutes=INTERVAL_MINUTES,
                    aht_seconds=interval.other_aht_seconds,
                    agents=general,
                    params=params,
                ),
            )
        )
    return result


# --- One entry for the page and the API ----------------------------------------------------


def ensure_may_plan(scope: Scope) -> None:
    """Staffing is for the centres' leads and the region's management (SOC-09)."""
    if not queries.is_sc_lead(scope):
        raise Forbidden(_("Only the service centre's team leads and management plan staffing."))


def get_centre(scope: Scope, centre_id: int | None) -> Area:
    """A centre of the region (the first one when none is given)."""
    centres = queries.centres(scope.organisation)
    centre = centres.filter(id=centre_id).first() if centre_id else centres.first()
    if centre is None:
        raise NotFound(_("Service centre not found."))
    return centre


def params_from(
    rules: ServiceCentreRules,
    *,
    model: str | None = None,
    service_level: float | None = None,
    target_seconds: float | None = None,
    shrinkage: float | None = None,
    max_occupancy: float | None = None,
    patience_seconds: float | None = None,
) -> Params:
    """The parameters given, the region's rules for the rest."""

    def pick(value: float | None, default: float) -> float:
        return default if value is None else value

    return Params(
        service_level=pick(service_level, rules.staffing_service_level),
        target_seconds=pick(target_seconds, rules.staffing_target_seconds),
        shrinkage=pick(shrinkage, rules.staffing_shrinkage),
        max_occupancy=pick(max_occupancy, rules.staffing_max_occupancy),
        model=model or "erlang_c",  # type: ignore[arg-type]  # validated by staffing.validate
        patience_seconds=pick(patience_seconds, rules.staffing_patience_seconds),
    )


def forecast_rows(
    scope: Scope,
    centre: Area,
    day: dt.date,
    *,
    rules: ServiceCentreRules,
    source: str,
    csv_data: bytes | str | None = None,
    rows: Sequence[ForecastRow] | None = None,
    weeks: int = 4,
) -> list[ForecastRow]:
    """The day's forecast from the given rows, an uploaded CSV or the recorded calls."""
    if source == "csv":
        if not csv_data:
            raise InvalidInput(
                _("Choose a forecast file (CSV)."), errors={"file": _("Choose a CSV file.")}
            )
        return parse_csv(csv_data).for_day(day)
    if source == "intervals":
        times = [r.time for r in rows or []]
        if len(set(times)) != len(times):
            raise InvalidInput(
                _("An interval appears twice."),
                errors={"intervals": _("An interval appears twice.")},
            )
        if any(t not in INTERVALS for t in times):
            message = _("Intervals start on the full or half hour (e.g. 08:00, 08:30).")
            raise InvalidInput(message, errors={"intervals": message})
        return sorted(rows or [], key=lambda r: r.time)
    if source == "history":
        found = from_history(
            scope.organisation, centre, day, weeks=weeks, alg_topic=rules.alg_topic
        )
        if not found:
            message = _(
                "%(centre)s recorded no calls on this weekday in the last %(weeks)s weeks."
            ) % {"centre": centre.name, "weeks": weeks}
            raise InvalidInput(message, errors={"weeks": message})
        return found
    raise InvalidInput(
        _("Unknown source of the forecast."), errors={"source": _("Unknown source.")}
    )
