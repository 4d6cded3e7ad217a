"""SOC-05: free callback times from the OS teams' service places — windows, grid, 30/20 minutes
packing, next working day, holidays of the site's Bundesland, exceptions, absences, validity,
booked callbacks, ranking of places, a fixed number of queries, and the supply for the KPIs."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.org.models import Absence, ClosingDay
from anliegen.servicecenter.callbacks.models import PlaceException
from anliegen.servicecenter.callbacks.slots import (
    callback_minutes,
    free_times,
    offered_minutes,
)
from anliegen.servicecenter.rules import create_rule_version, preset
from tests.servicecenter.callback_helpers import add_place, at, book

WED = dt.date(2026, 12, 2)


def starts(free):
    return [f"{f.start:%H:%M}" for f in free]


def test_callback_minutes_from_the_rules(sc):
    assert callback_minutes(sc.org, "benefits_consultation", WED) == 30
    assert callback_minutes(sc.org, "other", WED) == 20


def test_a_window_offers_grid_starts_that_fit(sc):
    add_place(sc.os_potsdam, "P1")
    free = free_times(sc.os_potsdam, "benefits_consultation", WED, WED)
    assert starts(free) == [f"{h:02d}:{m:02d}" for h in (8, 9) for m in range(0, 60, 10)][:10]
    assert starts(free)[-1] == "09:30"
    assert all(f.end - f.start == dt.timedelta(minutes=30) for f in free)
    other = free_times(sc.os_potsdam, "other", WED, WED)
    assert starts(other)[-1] == "09:40"
    assert len(other) == 11
    assert free[0].start.tzinfo is not None
    assert free[0].start == at("2026-12-02", "08:00")


def test_starts_are_rounded_up_to_the_grid(sc):
    add_place(sc.os_potsdam, "P1", windows=((dt.time(8, 5), dt.time(9)),))
    assert starts(free_times(sc.os_potsdam, "other", WED, WED)) == [
        "08:10",
        "08:20",
        "08:30",
        "08:40",
    ]


def test_nothing_before_the_next_working_day(sc, travel):
    add_place(sc.os_potsdam, "P1")
    # Tuesday 10:00: nothing today, not even later today.
    free = free_times(sc.os_potsdam, "other", dt.date(2026, 11, 30), dt.date(2026, 12, 2))
    assert {f.start.date() for f in free} == {WED}
    # Friday: next working day is Monday.
    travel("2026-12-04 07:00")
    free = free_times(sc.os_potsdam, "other", dt.date(2026, 12, 4), dt.date(2026, 12, 7))
    assert {f.start.date() for f in free} == {dt.date(2026, 12, 7)}


def test_weekly_windows_per_weekday(sc):
    add_place(sc.os_potsdam, "P1", weekdays=[1, 3])  # Tue and Thu
    free = free_times(sc.os_potsdam, "other", WED, dt.date(2026, 12, 8))
    assert sorted({f.start.date() for f in free}) == [dt.date(2026, 12, 3), dt.date(2026, 12, 8)]


def test_holidays_of_the_sites_bundesland(sc, travel):
    """6 January is a holiday in Saxony-Anhalt (Magdeburg) but not in Brandenburg (Potsdam)."""
    travel("2027-01-04 09:00")
    add_place(sc.os_potsdam, "P1")
    add_place(sc.os_magdeburg, "M1")
    epiphany = dt.date(2027, 1, 6)
    assert free_times(sc.os_potsdam, "other", epiphany, epiphany)
    assert free_times(sc.os_magdeburg, "other", epiphany, epiphany) == []
    # Christmas: closed everywhere.
    travel("2026-12-22 09:00")
    days = {
        f.start.date()
        for f in free_times(sc.os_potsdam, "other", dt.date(2026, 12, 23), dt.date(2026, 12, 28))
    }
    assert dt.date(2026, 12, 25) not in days
    assert dt.date(2026, 12, 28) in days


def test_closing_days_of_the_organisation(sc):
    add_place(sc.os_potsdam, "P1")
    ClosingDay.objects.create(organisation=sc.org, date=WED, label="Betriebsausflug")
    assert free_times(sc.os_potsdam, "other", WED, WED) == []


def test_exceptions_close_a_day_or_replace_its_windows(sc):
    place = add_place(sc.os_potsdam, "P1")
    PlaceException.objects.create(place=place, day=WED, note="Schulung")
    thu = dt.date(2026, 12, 3)
    PlaceException.objects.create(place=place, day=thu, start=dt.time(14), end=dt.time(14, 30))
    assert free_times(sc.os_potsdam, "other", WED, WED) == []
    assert starts(free_times(sc.os_potsdam, "other", thu, thu)) == ["14:00", "14:10"]
    # A Saturday exception opens a day the weekly pattern does not have — but not a non-working day.
    sat = dt.date(2026, 12, 5)
    PlaceException.objects.create(place=place, day=sat, start=dt.time(9), end=dt.time(10))
    assert free_times(sc.os_potsdam, "other", sat, sat) == []


def test_absence_of_the_person_behind_a_place(sc):
    add_place(sc.os_potsdam, "P1", person=sc.os1)
    add_place(sc.os_potsdam, "P2")
    Absence.objects.create(user=sc.os1, organisation=sc.org, start=WED, end=WED)
    free = free_times(sc.os_potsdam, "other", WED, dt.date(2026, 12, 3))
    wednesday = [f for f in free if f.start.date() == WED]
    thursday = [f for f in free if f.start.date() != WED]
    p1 = sc.os_potsdam.service_places.get(name="P1").id
    assert all(p1 not in f.places for f in wednesday)
    assert all(p1 in f.places for f in thursday)


def test_validity_of_a_place(sc):
    add_place(sc.os_potsdam, "P1", valid_from=dt.date(2026, 12, 3))
    add_place(sc.os_potsdam, "P2", valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2026, 12, 2))
    free = free_times(sc.os_potsdam, "other", WED, dt.date(2026, 12, 4))
    p1 = sc.os_potsdam.service_places.get(name="P1").id
    p2 = sc.os_potsdam.service_places.get(name="P2").id
    assert {f.places for f in free if f.start.date() == WED} == {(p2,)}
    assert {f.places for f in free if f.start.date() > WED} == {(p1,)}


def test_booked_callbacks_are_not_free_and_short_ones_pack(sc):
    add_place(sc.os_potsdam, "P1")
    book(sc, at("2026-12-02", "09:00"))  # 30 minutes: 09:00–09:30
    free = starts(free_times(sc.os_potsdam, "benefits_consultation", WED, WED))
    assert free == ["08:00", "08:10", "08:20", "08:30", "09:30"]
    from tests.servicecenter.callback_helpers import make_customer

    book(sc, at("2026-12-02", "08:00"), purpose="other", customer=make_customer(sc, "900-1"))
    # 08:00–08:20 taken: a 30-minute callback fits from 08:20 to 08:50, right behind it.
    free = starts(free_times(sc.os_potsdam, "benefits_consultation", WED, WED))
    assert free == ["08:20", "08:30", "09:30"]


def test_places_best_first_least_busy(sc):
    p1 = add_place(sc.os_potsdam, "P1")
    p2 = add_place(sc.os_potsdam, "P2")
    first = free_times(sc.os_potsdam, "other", WED, WED)[0]
    assert first.places == (p1.id, p2.id)
    booked = book(sc, at("2026-12-02", "09:00"))
    assert booked.place_id == p1.id
    free = {f"{f.start:%H:%M}": f.places for f in free_times(sc.os_potsdam, "other", WED, WED)}
    assert free["08:00"] == (p2.id, p1.id)
    assert free["09:00"] == (p2.id,)


def test_rules_change_the_length_and_grid(sc):
    add_place(sc.os_potsdam, "P1")
    create_rule_version(
        actor=None,
        scope=None,
        organisation=sc.org,
        data={
            **preset().model_dump(mode="json"),
            "region": "Ost",
            "callback_minutes_other": 45,
            "callback_grid_minutes": 15,
        },
        valid_from=dt.date(2026, 12, 1),
    )
    assert starts(free_times(sc.os_potsdam, "other", WED, WED)) == [
        "08:00",
        "08:15",
        "08:30",
        "08:45",
        "09:00",
        "09:15",
    ]


def test_a_fixed_number_of_queries_for_a_range(sc, django_assert_max_num_queries):
    for name in ("P1", "P2", "P3"):
        add_place(
            sc.os_potsdam, name, windows=((dt.time(8), dt.time(12)), (dt.time(13), dt.time(15)))
        )
    book(sc, at("2026-12-02", "09:00"))
    with django_assert_max_num_queries(11):
        one = free_times(sc.os_potsdam, "other", WED, WED)
    with django_assert_max_num_queries(11):
        many = free_times(sc.os_potsdam, "other", WED, dt.date(2027, 1, 31))
    assert len(many) > 30 * len(one) // 2


def test_unknown_purpose_is_refused(sc):
    from anliegen.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        free_times(sc.os_potsdam, "lunch", WED, WED)


def test_offered_minutes(sc):
    place = add_place(sc.os_potsdam, "P1", person=sc.os1)  # 120 minutes a working day
    add_place(sc.os_potsdam, "P2", windows=((dt.time(13), dt.time(14)),), weekdays=[1, 3])
    PlaceException.objects.create(place=place, day=dt.date(2026, 12, 3))  # closed Thursday
    Absence.objects.create(
        user=sc.os1, organisation=sc.org, start=dt.date(2026, 12, 4), end=dt.date(2026, 12, 4)
    )
    # Mon 30.11.–Fri 4.12.: P1 Mon, Tue, Wed = 360; P2 Tue, Thu = 120. Past days count.
    assert offered_minutes(sc.os_potsdam, dt.date(2026, 11, 30), dt.date(2026, 12, 4)) == 480
    assert offered_minutes([place], dt.date(2026, 11, 30), dt.date(2026, 12, 4)) == 360
