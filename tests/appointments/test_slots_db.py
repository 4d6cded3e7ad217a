"""KON-06: bookable slots — opening hours of the site, working days of the site calendar,
absences of the case worker, existing appointments, consultation length from the rules."""

import datetime as dt

from anliegen.appointments.models import Appointment, OpeningHours
from anliegen.appointments.slots import DEFAULT_OPENING_HOURS, free_slots
from anliegen.core.clock import BERLIN
from anliegen.org.models import Absence, ClosingDay
from tests.appointments.conftest import MONDAY
from tests.factories import make_customer


def _local(slot):
    return slot.starts_at.astimezone(BERLIN).strftime("%a %H:%M")


def test_default_hours_meet_the_standard():
    """QS-01 standard: at least 21.5 h, every morning Mon–Fri, one afternoon until 18:00."""
    hours = sum(
        (dt.datetime.combine(dt.date.min, c) - dt.datetime.combine(dt.date.min, o)).seconds
        for day in DEFAULT_OPENING_HOURS.values()
        for o, c in day
    )
    assert hours / 3600 == 26.5
    assert sorted(DEFAULT_OPENING_HOURS) == [0, 1, 2, 3, 4]
    assert any(c >= dt.time(18) for o, c in DEFAULT_OPENING_HOURS[3])


def test_default_slots_of_a_basis_case_worker(world, now):
    """KON-05: one hour per consultation in Basis teams; 4 morning slots a day, 4 more on
    Thursday afternoon."""
    slots = free_slots(world.worker, world.org, MONDAY)
    assert len(slots) == 5 * 4 + 4
    assert _local(slots[0]) == "Mon 08:00"
    assert _local(slots[3]) == "Mon 11:00"  # 12:00–13:00 would run past 12:30
    thursday = [_local(s) for s in slots if s.starts_at.astimezone(BERLIN).weekday() == 3]
    assert thursday[-4:] == ["Thu 14:00", "Thu 15:00", "Thu 16:00", "Thu 17:00"]
    assert all(s.ends_at - s.starts_at == dt.timedelta(hours=1) for s in slots)


def test_active_team_slots_last_45_minutes(world, now):
    make_customer(world, contact_person=world.worker, care_group="ue25_active")
    slots = free_slots(world.worker, world.org, MONDAY)
    assert slots[1].starts_at - slots[0].starts_at == dt.timedelta(minutes=45)
    assert len([s for s in slots if s.starts_at.astimezone(BERLIN).weekday() == 0]) == 6


def test_site_opening_hours_replace_the_default(world, now):
    OpeningHours.objects.create(site=world.site, weekday=1, opens=dt.time(9), closes=dt.time(11))
    OpeningHours.objects.create(
        site=world.site, weekday=1, opens=dt.time(13), closes=dt.time(14, 30)
    )
    slots = free_slots(world.worker, world.org, MONDAY)
    assert [_local(s) for s in slots] == ["Tue 09:00", "Tue 10:00", "Tue 13:00"]


def test_holidays_closing_days_and_absences_have_no_slots(world, travel):
    """Week 52 of 2026: 24.12. is Thursday (closing day here), 25.12. Friday a holiday; the
    case worker is absent on Monday."""
    travel("2026-12-01 10:00")
    monday = dt.date(2026, 12, 21)
    ClosingDay.objects.create(organisation=world.org, date=dt.date(2026, 12, 24))
    Absence.objects.create(user=world.worker, organisation=world.org, start=monday, end=monday)
    days = {
        s.starts_at.astimezone(BERLIN).date() for s in free_slots(world.worker, world.org, monday)
    }
    assert days == {dt.date(2026, 12, 22), dt.date(2026, 12, 23)}


def test_past_and_booked_slots_are_not_free(world, travel):
    travel("2026-11-30 09:30")
    customer = make_customer(world, contact_person=world.worker)
    start = dt.datetime(2026, 11, 30, 11, 0, tzinfo=BERLIN)
    Appointment.objects.create(
        organisation=world.org,
        site=world.site,
        case_worker=world.worker,
        customer=customer,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
    )
    monday = [
        _local(s)
        for s in free_slots(world.worker, world.org, MONDAY)
        if s.starts_at.astimezone(BERLIN).weekday() == 0
    ]
    assert monday == ["Mon 10:00"]
