"""Slot supply against demand per OS team for the KPIs (SOC-08): minutes the service places
offer and minutes booked in a period, utilisation, and the days until the next free time. The
callback engine (``callback_slots``) computes offer and free times; this module only adds up."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, Sum

from anliegen.core import clock
from anliegen.org.models import Organisation, Team
from anliegen.servicecenter.callbacks import slots as callback_slots
from anliegen.servicecenter.callbacks.models import (
    ACTIVE_STATUSES,
    Callback,
    CallbackStatus,
    Purpose,
    ServicePlace,
)
from anliegen.servicecenter.rules import ServiceCentreRules

if TYPE_CHECKING:
    from anliegen.servicecenter.kpis.computation import Period

#: How far ahead the next free time is looked for.
FREE_HORIZON_DAYS = 60


@dataclass
class Supply:
    team: Team
    places: int
    offered_minutes: int
    booked_minutes: int
    callbacks: int
    next_free_days: int | None

    @property
    def utilisation(self) -> float | None:
        return self.booked_minutes / self.offered_minutes if self.offered_minutes else None


def slot_supply(
    organisation: Organisation, period: Period, rules: ServiceCentreRules
) -> list[Supply]:
    """Per OS team with service places: minutes offered (``callback_slots.offered_minutes``) and
    booked in ``period``, utilisation, and the days from today until the first free time for the
    shortest callback (``callback_slots.free_times``, which starts on the next working day)."""
    places = list(
        ServicePlace.objects.filter(organisation=organisation)
        .select_related("team__area__site", "team__organisation")
        .order_by("team__name", "name")
    )
    if not places:
        return []
    today = clock.today()
    held = Q(status__in=list(ACTIVE_STATUSES)) | Q(status=CallbackStatus.DONE)
    booked = {
        row["team_id"]: row
        for row in Callback.objects.filter(
            held,
            organisation=organisation,
            starts_at__gte=clock.start_of_day(period.start),
            starts_at__lt=clock.start_of_day(period.end + dt.timedelta(days=1)),
        )
        .order_by()
        .values("team_id")
        .annotate(n=Count("id"), length=Sum(F("ends_at") - F("starts_at")))
    }
    shortest = (
        Purpose.OTHER
        if rules.callback_minutes_other <= rules.callback_minutes_benefits_consultation
        else Purpose.BENEFITS_CONSULTATION
    )
    by_team: dict[int, list[ServicePlace]] = defaultdict(list)
    for place in places:
        by_team[place.team_id].append(place)
    result = []
    for team_places in by_team.values():
        team = team_places[0].team
        row = booked.get(team.id)
        free = callback_slots.free_times(
            team, shortest, today, today + dt.timedelta(days=FREE_HORIZON_DAYS)
        )
        result.append(
            Supply(
                team=team,
                places=len(team_places),
                offered_minutes=callback_slots.offered_minutes(
                    team_places, period.start, period.end
                ),
                booked_minutes=int(row["length"].total_seconds() // 60) if row else 0,
                callbacks=row["n"] if row else 0,
                next_free_days=(
                    (free[0].start.astimezone(clock.BERLIN).date() - today).days if free else None
                ),
            )
        )
    return result
