"""Free callback times of an OS team (SOC-05), derived from its service places.

A place offers its weekly windows (or, on a day with exceptions, the exceptions' windows; a
closed exception closes the day) between ``valid_from`` and ``valid_until``, on the working days
of the OS site's calendar (weekends, the Bundesland's holidays, municipal holidays, closing
days), and not while the person behind it is absent. Starts lie on the rules' grid (10 minutes)
counted from midnight, so 20- and 30-minute callbacks pack a window; a start is free at a place
when the whole callback fits into one window and overlaps no active callback of that place.
Nothing is offered before the next working day.

Everything for a range of days is read with a fixed number of queries (places, windows,
exceptions, absences, callbacks, rules, calendar), whatever the number of days or slots.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.models import Absence, Organisation, Team
from anliegen.servicecenter.callbacks.models import (
    ACTIVE_STATUSES,
    Callback,
    PlaceException,
    PlaceWindow,
    Purpose,
    ServicePlace,
)
from anliegen.servicecenter.models import RuleVersion
from anliegen.servicecenter.rules import ServiceCentreRules, preset, rules_in_force
from anliegen.work.calendars import calendar_for

#: At most this many days are derived at once (the API's and the pages' range).
MAX_DAYS = 62


@dataclass(frozen=True)
class FreeTime:
    """A free start: from ``start`` to ``end`` (aware), at the ``places`` (ids, best first)."""

    start: dt.datetime
    end: dt.datetime
    places: tuple[int, ...]


@dataclass(frozen=True)
class Opening:
    """One stretch of time a place offers on one day (aware datetimes)."""

    place_id: int
    day: dt.date
    start: dt.datetime
    end: dt.datetime


def purpose_or_error(purpose: object) -> str:
    """The purpose code, or a German 422 for anything else."""
    if isinstance(purpose, str) and purpose in Purpose.values:
        return purpose
    message = _("Unknown purpose: choose benefits consultation or other concern.")
    raise InvalidInput(message, errors={"purpose": message})


def callback_minutes(organisation: Organisation, purpose: str, on: dt.date) -> int:
    """How long a callback of ``purpose`` takes on ``on`` (the region's rules: 30 / 20)."""
    rules, _version = rules_in_force(organisation, on=on)
    return _minutes(rules, purpose_or_error(purpose))


def _minutes(rules: ServiceCentreRules, purpose: str) -> int:
    if purpose == Purpose.BENEFITS_CONSULTATION:
        return rules.callback_minutes_benefits_consultation
    return rules.callback_minutes_other


class _RulesByDay:
    """The rules in force on each day of a range, from one query over the versions."""

    def __init__(self, organisation: Organisation, last_day: dt.date) -> None:
        self._versions = list(
            RuleVersion.objects.filter(organisation=organisation, valid_from__lte=last_day)
            .order_by("valid_from", "version")
            .values_list("valid_from", "data")
        )
        self._parsed: dict[int, ServiceCentreRules] = {}

    def on(self, day: dt.date) -> ServiceCentreRules:
        index = -1
        for position, (valid_from, _data) in enumerate(self._versions):
            if valid_from <= day:
                index = position
        if index < 0:
            return preset()
        if index not in self._parsed:
            self._parsed[index] = ServiceCentreRules.model_validate(self._versions[index][1])
        return self._parsed[index]


def earliest_day(calendar: fristen.WorkCalendar, now: dt.datetime | None = None) -> dt.date:
    """The first day a callback may take place: the next working day after today."""
    today = clock.local_date(now or clock.now())
    return calendar.next_working_day(today + dt.timedelta(days=1))


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


@dataclass
class _Supply:
    """Everything the derivation reads for a set of places and a range of days."""

    places: list[ServicePlace]
    calendar: fristen.WorkCalendar
    windows: dict[int, list[PlaceWindow]] = field(default_factory=dict)
    exceptions: dict[tuple[int, dt.date], list[PlaceException]] = field(default_factory=dict)
    absent: dict[int, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)


def _team_places(team: Team, first: dt.date, last: dt.date) -> list[ServicePlace]:
    return list(
        ServicePlace.objects.filter(team=team, valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
        .order_by("name", "id")
    )


def _supply(
    places: list[ServicePlace], calendar: fristen.WorkCalendar, first: dt.date, last: dt.date
) -> _Supply:
    supply = _Supply(places=places, calendar=calendar)
    ids = [place.id for place in places]
    if not ids:
        return supply
    for window in PlaceWindow.objects.filter(place_id__in=ids).order_by("start"):
        supply.windows.setdefault(window.place_id, []).append(window)
    for exception in PlaceException.objects.filter(
        place_id__in=ids, day__gte=first, day__lte=last
    ).order_by("start"):
        supply.exceptions.setdefault((exception.place_id, exception.day), []).append(exception)
    persons = {place.person_id for place in places if place.person_id is not None}
    if persons:
        for user_id, start, end in Absence.objects.filter(
            user_id__in=persons, start__lte=last, end__gte=first
        ).values_list("user_id", "start", "end"):
            supply.absent.setdefault(user_id, []).append((start, end))
    return supply


def _openings(supply: _Supply, first: dt.date, last: dt.date) -> Iterator[Opening]:
    """The stretches every place offers on the working days from ``first`` to ``last``."""
    for day in _days(first, last):
        if not supply.calendar.is_working_day(day):
            continue
        for place in supply.places:
            if place.valid_from > day or (place.valid_until and place.valid_until < day):
                continue
            if place.person_id is not None and any(
                start <= day <= end for start, end in supply.absent.get(place.person_id, [])
            ):
                continue
            exceptions = supply.exceptions.get((place.id, day))
            if exceptions is not None:
                if any(exception.closed for exception in exceptions):
                    continue
                spans = [(e.start, e.end) for e in exceptions if e.start and e.end]
            else:
                spans = [
                    (w.start, w.end)
                    for w in supply.windows.get(place.id, [])
                    if w.weekday == day.weekday()
                ]
            for start, end in spans:
                yield Opening(
                    place_id=place.id,
                    day=day,
                    start=dt.datetime.combine(day, start, tzinfo=clock.BERLIN),
                    end=dt.datetime.combine(day, end, tzinfo=clock.BERLIN),
                )


def _grid_starts(opening: Opening, minutes: int, grid: int) -> Iterator[dt.datetime]:
    """The grid starts at which a callback of ``minutes`` fits into the opening."""
    midnight = dt.datetime.combine(opening.day, dt.time.min, tzinfo=clock.BERLIN)
    offset = (opening.start - midnight).total_seconds() / 60
    first = int(-(-offset // grid)) * grid  # round up to the grid
    start = midnight + dt.timedelta(minutes=first)
    length = dt.timedelta(minutes=minutes)
    while start + length <= opening.end:
        yield start
        start += dt.timedelta(minutes=grid)


def on_grid(moment: dt.datetime, grid: int) -> bool:
    local = moment.astimezone(clock.BERLIN)
    return (
        local.second == 0
        and local.microsecond == 0
        and (local.hour * 60 + local.minute) % grid == 0
    )


def _booked(
    place_ids: Iterable[int],
    first: dt.date,
    last: dt.date,
    *,
    exclude: int | None = None,
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """The active callbacks of the places in the range, per place (one query)."""
    callbacks = Callback.objects.filter(
        place_id__in=list(place_ids),
        status__in=ACTIVE_STATUSES,
        starts_at__lt=clock.start_of_day(last + dt.timedelta(days=1)),
        ends_at__gt=clock.start_of_day(first),
    )
    if exclude is not None:
        callbacks = callbacks.exclude(id=exclude)
    booked: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for place_id, start, end in callbacks.values_list("place_id", "starts_at", "ends_at"):
        booked[place_id].append((start, end))
    return booked


@dataclass(frozen=True)
class Derivation:
    """Free times with the facts behind them (used by the booking checks)."""

    free: list[FreeTime]
    #: Every grid start that fits into some window, booked or not (→ "outside every window").
    offered: frozenset[dt.datetime]
    earliest: dt.date
    grid: int


def derive(
    team: Team,
    purpose: str,
    first_day: dt.date,
    last_day: dt.date,
    *,
    now: dt.datetime | None = None,
    exclude: int | None = None,
) -> Derivation:
    """Free times of ``team`` for ``purpose`` from ``first_day`` to ``last_day`` (inclusive).
    ``exclude``: a callback whose own time counts as free (the one being rescheduled)."""
    purpose = purpose_or_error(purpose)
    organisation = team.organisation
    calendar, _rules = calendar_for(organisation, site=team.area.site, on=first_day)
    earliest = earliest_day(calendar, now)
    rules_by_day = _RulesByDay(organisation, last_day)
    grid = rules_by_day.on(max(first_day, earliest)).callback_grid_minutes
    first = max(first_day, earliest)
    if last_day < first:
        return Derivation(free=[], offered=frozenset(), earliest=earliest, grid=grid)
    places = _team_places(team, first, last_day)
    supply = _supply(places, calendar, first, last_day)
    booked = _booked([p.id for p in places], first, last_day, exclude=exclude)
    # Load per place on each day: fewer bookings first, so callbacks spread over the places.
    load: dict[tuple[int, dt.date], int] = defaultdict(int)
    for place_id, spans in booked.items():
        for start, _end in spans:
            load[(place_id, clock.local_date(start))] += 1
    names = {place.id: (place.name, place.id) for place in places}
    by_start: dict[dt.datetime, list[int]] = defaultdict(list)
    offered: set[dt.datetime] = set()
    lengths: dict[dt.date, dt.timedelta] = {}
    for opening in _openings(supply, first, last_day):
        day_rules = rules_by_day.on(opening.day)
        minutes = _minutes(day_rules, purpose)
        lengths[opening.day] = dt.timedelta(minutes=minutes)
        for start in _grid_starts(opening, minutes, day_rules.callback_grid_minutes):
            offered.add(start)
            end = start + dt.timedelta(minutes=minutes)
            if any(s < end and start < e for s, e in booked.get(opening.place_id, [])):
                continue
            if opening.place_id not in by_start[start]:
                by_start[start].append(opening.place_id)
    free = []
    for start in sorted(by_start):
        place_ids = by_start[start]
        if not place_ids:
            continue
        day = start.date()
        ranked = sorted(place_ids, key=lambda pid: (load[(pid, day)], names[pid]))
        free.append(FreeTime(start=start, end=start + lengths[day], places=tuple(ranked)))
    return Derivation(free=free, offered=frozenset(offered), earliest=earliest, grid=grid)


def free_times(
    team: Team,
    purpose: str,
    first_day: dt.date,
    last_day: dt.date,
    *,
    now: dt.datetime | None = None,
) -> list[FreeTime]:
    """The free callback starts of ``team`` for ``purpose`` (see the module's docstring)."""
    return derive(team, purpose, first_day, last_day, now=now).free


def offered_minutes(
    team_or_places: Team | Iterable[ServicePlace], first_day: dt.date, last_day: dt.date
) -> int:
    """Supply for the KPIs: the minutes the places offer from ``first_day`` to ``last_day``
    (working days, windows and exceptions, absences of the person behind a place), whether
    booked or not. Past days count too. Places of several teams are counted on the calendar of
    each team's site."""
    if isinstance(team_or_places, Team):
        groups = {
            team_or_places.id: (team_or_places, _team_places(team_or_places, first_day, last_day))
        }
    else:
        groups = {}
        for place in team_or_places:
            team = place.team
            groups.setdefault(team.id, (team, []))[1].append(place)
    total = 0
    for team, places in groups.values():
        if not places:
            continue
        calendar, _rules = calendar_for(team.organisation, site=team.area.site, on=first_day)
        supply = _supply(places, calendar, first_day, last_day)
        for opening in _openings(supply, first_day, last_day):
            total += int((opening.end - opening.start).total_seconds() // 60)
    return total
