"""Gaps the mutation run found in the deadline engine (issue 14; FND-06): closing days on
29 February, leap years, one-day holiday ranges, counting non-working weekdays, municipal
options as text, and the batch path with plain dates and out-of-range dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from anliegen import fristen
from anliegen.fristen import WorkCalendar, due_in_calendar_days_batch, due_in_working_days_batch
from anliegen.fristen.workcalendar import _is_leap

D = dt.date


@pytest.mark.parametrize("order", [("02-29", "12-24", "12-31"), ("12-31", "12-24", "02-29")])
def test_closing_day_02_29_in_a_common_year_skips_only_itself(order) -> None:
    """FND-06: 29 February is no day of 2027; the other closing days of that year still count
    (``continue``, not ``break``)."""
    cal = WorkCalendar("BE", closing_days=list(order))
    assert not cal.is_working_day(D(2027, 12, 24))  # Friday
    assert not cal.is_working_day(D(2027, 12, 31))  # Friday
    assert cal.is_working_day(D(2027, 3, 1))
    assert cal.holidays_between(D(2027, 12, 20), D(2027, 12, 31)) == [
        D(2027, 12, 24),
        D(2027, 12, 31),
    ]
    # In the leap year 2028, 29 February (a Tuesday) is closed as well.
    assert not cal.is_working_day(D(2028, 2, 29))


@pytest.mark.parametrize(
    ("year", "leap"), [(1900, False), (2000, True), (2024, True), (2026, False), (2100, False)]
)
def test_is_leap_follows_the_gregorian_rule(year, leap) -> None:
    assert _is_leap(year) is leap


@pytest.mark.parametrize("year", [1900, 2100])
def test_closing_day_02_29_in_a_century_year_that_is_no_leap_year(year) -> None:
    """1900 and 2100 have no 29 February (÷100, not ÷400): the calendar builds the year."""
    cal = WorkCalendar("BE", closing_days=["02-29"])
    assert cal.is_working_day(D(year, 3, 1))  # Thursday 1900 / Monday 2100
    assert cal.holidays_between(D(year, 2, 22), D(year, 3, 5)) == []


def test_closing_day_02_29_in_2000_is_closed() -> None:
    cal = WorkCalendar("BE", closing_days=["02-29"])
    assert not cal.is_working_day(D(2000, 2, 29))  # a Tuesday
    assert cal.holidays_between(D(2000, 2, 29), D(2000, 2, 29)) == [D(2000, 2, 29)]


def test_holidays_between_on_a_one_day_range() -> None:
    cal = WorkCalendar("BE")
    assert cal.holidays_between(D(2027, 3, 8), D(2027, 3, 8)) == [D(2027, 3, 8)]  # Frauentag
    assert cal.holidays_between(D(2027, 3, 9), D(2027, 3, 9)) == []
    assert cal.holidays_between(D(2027, 3, 9), D(2027, 3, 8)) == []


@pytest.mark.parametrize(
    ("after", "up_to", "count"),
    [
        (D(2027, 3, 5), D(2027, 3, 8), 1),  # (Fri, Mon Frauentag]
        (D(2027, 3, 7), D(2027, 3, 8), 1),
        (D(2027, 3, 8), D(2027, 3, 8), 0),  # empty: ``after`` is excluded
        (D(2027, 3, 8), D(2027, 3, 12), 0),
        (D(2027, 3, 9), D(2027, 3, 5), 0),  # reversed
        # Across the turn of the year: 24.12. (closed), 25.12. (holiday), 31.12. (closed),
        # 1.1. (holiday); 26.12. is a Saturday and not counted.
        (D(2026, 12, 23), D(2027, 1, 4), 4),
        (D(2026, 12, 24), D(2027, 1, 1), 3),
        # Over several years: three per year (24.12. Thu, 25.12. Fri, 31.12. Thu in 2026).
        (D(2025, 12, 31), D(2028, 1, 2), None),
    ],
)
def test_count_non_working_weekdays(after, up_to, count) -> None:
    cal = WorkCalendar("BE", closing_days=["12-24", "12-31"])
    expected = (
        count
        if count is not None
        else len(cal.holidays_between(after + dt.timedelta(days=1), up_to))
    )
    assert cal.count_non_working_weekdays(after, up_to) == expected
    assert expected == sum(
        1
        for n in range(1, (up_to - after).days + 1)
        if (day := after + dt.timedelta(days=n)).weekday() < 5 and not cal.is_working_day(day)
    )


def test_count_non_working_weekdays_checks_its_arguments() -> None:
    cal = WorkCalendar("BE")
    with pytest.raises(TypeError):
        cal.count_non_working_weekdays(dt.datetime(2027, 3, 5, tzinfo=dt.UTC), D(2027, 3, 8))


def test_municipal_options_as_text() -> None:
    """Options may be given as ``"catholic, augsburg"`` (as stored in the rules)."""
    text = WorkCalendar("BY", municipal="catholic, augsburg")
    assert text == WorkCalendar("BY", municipal=("catholic", "augsburg"))
    assert text.municipal == frozenset({"catholic", "augsburg"})
    assert not text.is_working_day(D(2028, 8, 15))  # Mariä Himmelfahrt, a Tuesday
    assert not text.is_working_day(D(2028, 8, 8))  # Augsburger Friedensfest, a Tuesday
    plain = WorkCalendar("BY", municipal="")
    assert plain.is_working_day(D(2028, 8, 8))
    assert WorkCalendar("BY", municipal=" CATHOLIC ").municipal == frozenset({"catholic"})
    with pytest.raises(ValueError, match="Unbekannte Option"):
        WorkCalendar("BY", municipal="catholic, lutheran")


def test_batch_with_plain_dates_equals_the_scalar_path() -> None:
    cal = WorkCalendar("BE", closing_days=["12-24", "12-31"])
    days = [D(2027, 3, 5), D(2026, 12, 23), D(2027, 3, 6)]
    working = due_in_working_days_batch(days, 3, cal)
    assert [d.astype(object) for d in working] == [
        fristen.due_in_working_days(day, 3, cal) for day in days
    ]
    calendar = due_in_calendar_days_batch(days, [1, 2, 30], cal)
    assert [d.astype(object) for d in calendar] == [
        fristen.due_in_calendar_days(day, n, cal) for day, n in zip(days, [1, 2, 30], strict=True)
    ]
    as_text = due_in_working_days_batch(["2027-03-05"], [1], cal)
    assert as_text[0].astype(object) == D(2027, 3, 9)


@pytest.mark.parametrize(
    ("received", "n", "message"),
    [
        ([D.max], 1, "außerhalb des unterstützten Datumsbereichs"),
        ([D.max - dt.timedelta(days=3)], 10, "außerhalb des unterstützten Datumsbereichs"),
        (np.array(["10000-01-03"], dtype="datetime64[D]"), 1, "außerhalb des unterstützten"),
        (np.array(["0000-12-31"], dtype="datetime64[D]"), 1, "außerhalb des unterstützten"),
        (np.array(["NaT"], dtype="datetime64[D]"), 1, "Ein Eingangsdatum fehlt"),
        (np.array(["2027-03-05T10"], dtype="datetime64[h]"), 1, "datetime64\\[D\\]"),
        (["kein Datum"], 1, "Kalenderdaten"),
        ([D(2027, 3, 5)], 1.5, "ganze Zahl"),
    ],
)
def test_batch_refuses_dates_outside_the_supported_range(received, n, message) -> None:
    cal = WorkCalendar("BE")
    for batch in (due_in_working_days_batch, due_in_calendar_days_batch):
        with pytest.raises(ValueError, match=message):
            batch(received, n, cal)


def test_batch_of_nothing_is_empty() -> None:
    cal = WorkCalendar("BE")
    assert due_in_working_days_batch([], [], cal).shape == (0,)
    assert due_in_calendar_days_batch([], [], cal).dtype == np.dtype("datetime64[D]")
