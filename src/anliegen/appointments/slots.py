"""Bookable slots of a case worker in one week.

A slot lies within the opening hours of the case worker's site, on a working day of the site
calendar (no holidays, no closing days), outside the case worker's absences, in the future, and
does not overlap an appointment that is not cancelled. Its length is given by the caller, else
by :func:`anliegen.appointments.lengths.appointment_minutes` (procedures may register how long
their appointments last).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.clock import BERLIN
from anliegen.org.models import Absence, Organisation, Site, User
from anliegen.org.scope import team_of
from anliegen.work.calendars import calendar_for, site_of_team

from .lengths import appointment_minutes
from .models import Appointment, OpeningHours

Interval = tuple[dt.time, dt.time]

DEFAULT_OPENING_HOURS: dict[int, list[Interval]] = {
    day: [(dt.time(8, 0), dt.time(12, 30))] for day in range(5)
}
"""Used for sites without opening hours: every morning Monday to Friday and Thursday
afternoon until 18:00 for working customers — 26.5 hours, which meets the quality standard
(QS-01: at least 21.5 h, every morning, one afternoon until at least 18:00)."""
DEFAULT_OPENING_HOURS[3] = [(dt.time(8, 0), dt.time(12, 30)), (dt.time(14, 0), dt.time(18, 0))]


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


def opening_hours(site: Site) -> dict[int, list[Interval]]:
    """The site's opening intervals per weekday (0 = Monday); the default without any."""
    rows = list(OpeningHours.objects.filter(site=site).order_by("weekday", "opens"))
    if not rows:
        return DEFAULT_OPENING_HOURS
    hours: dict[int, list[Interval]] = {}
    for row in rows:
        hours.setdefault(row.weekday, []).append((row.opens, row.closes))
    return hours


def site_of(case_worker: User, organisation: Organisation) -> Site:
    """The site of the case worker's team (the main site without a team)."""
    return site_of_team(team_of(case_worker.id, organisation), organisation)


def consultation_minutes(organisation: Organisation, case_worker: User, day: dt.date) -> int:
    """The length of the case worker's appointments on ``day`` (see :mod:`.lengths`)."""
    return appointment_minutes(organisation, case_worker, day)


def absent_days(
    case_worker: User, organisation: Organisation, first: dt.date, last: dt.date
) -> set[dt.date]:
    days: set[dt.date] = set()
    for absence in Absence.objects.filter(
        user=case_worker, organisation=organisation, start__lte=last, end__gte=first
    ):
        day = max(absence.start, first)
        while day <= min(absence.end, last):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def candidate_slots(
    hours: dict[int, list[Interval]], days: Iterable[dt.date], minutes: int
) -> list[Slot]:
    """Back-to-back slots of ``minutes`` inside each opening interval of each day."""
    length = dt.timedelta(minutes=minutes)
    slots: list[Slot] = []
    for day in days:
        for opens, closes in hours.get(day.weekday(), []):
            start = dt.datetime.combine(day, opens, tzinfo=BERLIN)
            end_of_interval = dt.datetime.combine(day, closes, tzinfo=BERLIN)
            while start + length <= end_of_interval:
                slots.append(Slot(start, start + length))
                start += length
    return slots


def free_slots(
    case_worker: User, organisation: Organisation, monday: dt.date, *, minutes: int | None = None
) -> list[Slot]:
    """The case worker's free slots in the week starting ``monday``, earliest first."""
    return free_slots_between(
        case_worker, organisation, monday, monday + dt.timedelta(days=6), minutes=minutes
    )


def free_slots_between(
    case_worker: User,
    organisation: Organisation,
    first: dt.date,
    last: dt.date,
    *,
    minutes: int | None = None,
) -> list[Slot]:
    """The case worker's free slots from ``first`` to ``last`` (both included), earliest
    first, ``minutes`` long (default: the appointment length on ``first``). The calendar is
    the one in force on ``first``."""
    site = site_of(case_worker, organisation)
    calendar, _rules = calendar_for(organisation, site=site, on=first)
    away = absent_days(case_worker, organisation, first, last)
    days = [
        day
        for day in (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        if calendar.is_working_day(day) and day not in away
    ]
    minutes = minutes or consultation_minutes(organisation, case_worker, first)
    now = clock.now()
    taken = [
        (a.starts_at, a.ends_at)
        for a in Appointment.objects.filter(
            case_worker=case_worker,
            starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, BERLIN),
            ends_at__gt=dt.datetime.combine(first, dt.time.min, BERLIN),
        ).exclude(status=Appointment.Status.CANCELLED)
    ]
    return [
        slot
        for slot in candidate_slots(opening_hours(site), days, minutes)
        if slot.starts_at > now and not any(slot.overlaps(s, e) for s, e in taken)
    ]


NEXT_WORKING_DAYS = 10
"""How far ahead a manual booking offers free slots."""


def next_free_slots(
    case_worker: User, organisation: Organisation, *, first: dt.date | None = None, days: int = 0
) -> list[Slot]:
    """The free slots of the next ``days`` working days of the case worker's site, from
    ``first`` (today by default) on."""
    first = first or clock.today()
    days = days or NEXT_WORKING_DAYS
    calendar, _rules = calendar_for(organisation, site=site_of(case_worker, organisation), on=first)
    last, counted = first, 0
    while True:
        if calendar.is_working_day(last):
            counted += 1
            if counted >= days:
                break
        last += dt.timedelta(days=1)
    return free_slots_between(case_worker, organisation, first, last)


def slot_problem(
    case_worker: User,
    organisation: Organisation,
    start: dt.datetime,
    end: dt.datetime,
    *,
    outside_opening_hours: bool = False,
) -> str | None:
    """Why the case worker cannot see a customer from ``start`` to ``end`` (a German message
    for the form), or ``None``. Absences always count; closed days and the opening hours only
    unless booking outside the opening hours is wanted (QS-02)."""
    start, end = start.astimezone(BERLIN), end.astimezone(BERLIN)
    day = start.date()
    if end.date() != day and end.time() != dt.time.min:
        return _("An appointment must begin and end on the same day.")
    if absent_days(case_worker, organisation, day, day):
        return _("The case worker is absent on that day.")
    if outside_opening_hours:
        return None
    site = site_of(case_worker, organisation)
    calendar, _rules = calendar_for(organisation, site=site, on=day)
    if not calendar.is_working_day(day):
        return _("The site is closed on that day (weekend, holiday or closing day).")
    for opens, closes in opening_hours(site).get(day.weekday(), []):
        if opens <= start.time() and end.time() <= closes and end.date() == day:
            return None
    return _("The appointment lies outside the opening hours of the site.")
