"""The write path of the SOC KPIs (SOC-08): the weekly aggregate :class:`KpiWeek` is computed
per week (:func:`refresh_week`) on first read, by the periodic job ``servicecenter.kpi_weeks``
until the week is final, and again when a call is recorded into a computed week
(:func:`touch_week`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from anliegen.core import clock
from anliegen.core.periodic import register
from anliegen.org.models import Organisation
from anliegen.servicecenter.kpis.computation import compute_week, monday, week_complete
from anliegen.servicecenter.kpis.models import KpiWeek, KpiWeekState

#: How many weeks back the periodic job makes sure exist.
BACKFILL_WEEKS = 53


@transaction.atomic
def refresh_week(organisation: Organisation, week: dt.date) -> KpiWeekState:
    """Recompute one week (replacing its rows) under a lock on its state row, so that two
    refreshes of the same week run one after the other and never double a row."""
    now = clock.now()
    state, _created = KpiWeekState.objects.get_or_create(
        organisation=organisation, week=week, defaults={"computed_at": now}
    )
    state = KpiWeekState.objects.select_for_update().get(id=state.id)
    figures = compute_week(organisation, week)
    KpiWeek.objects.filter(organisation=organisation, week=week).delete()
    KpiWeek.objects.bulk_create(
        KpiWeek(organisation=organisation, week=week, agent_id=agent, **values)
        for agent, values in figures.items()
    )
    state.computed_at = now
    state.complete = week_complete(organisation, week, now)
    state.dirty = False
    state.save(update_fields=["computed_at", "complete", "dirty"])
    return state


def touch_week(organisation: Organisation, started_at: dt.datetime) -> None:
    """A call was recorded into the week of ``started_at``: if that week is already computed,
    mark it for recomputation (the write path's hook; one indexed UPDATE)."""
    week = monday(clock.local_date(started_at))
    KpiWeekState.objects.filter(organisation=organisation, week=week, dirty=False).update(
        dirty=True
    )


def ensure_weeks(organisation: Organisation, weeks: Iterable[dt.date]) -> dict[dt.date, Any]:
    """The state of each week; weeks never computed (and not in the future) are computed now."""
    weeks = list(weeks)
    states = {
        s.week: s for s in KpiWeekState.objects.filter(organisation=organisation, week__in=weeks)
    }
    this = monday(clock.today())
    for week in weeks:
        if week not in states and week <= this:
            states[week] = refresh_week(organisation, week)
    return states


def refresh_stale(organisation: Organisation, *, limit: int = 60) -> int:
    """Recompute the weeks whose figures may still change (repeat window open, or a call
    recorded since), oldest first; the periodic job's work."""
    stale = KpiWeekState.objects.filter(organisation=organisation).filter(
        Q(complete=False) | Q(dirty=True)
    )
    weeks = list(stale.order_by("week").values_list("week", flat=True)[:limit])
    for week in weeks:
        refresh_week(organisation, week)
    return len(weeks)


@register(
    "servicecenter.kpi_weeks",
    every=dt.timedelta(minutes=10),
    description="Compute the service centre's weekly KPIs of the last year that are missing, "
    "and recompute those still open (SOC-08).",
)
def kpi_weeks_job() -> dict[str, Any]:
    result = {"organisations": 0, "weeks": 0}
    for organisation in Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE):
        result["organisations"] += 1
        # The running week and the year before it exist, so no page of that span computes.
        this = monday(clock.today())
        ensure_weeks(organisation, [this - dt.timedelta(days=7 * i) for i in range(BACKFILL_WEEKS)])
        result["weeks"] += refresh_stale(organisation)
    return result
