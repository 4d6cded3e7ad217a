"""FND-06: properties of the deadline engine over random calendars, dates and counts.

A day-by-day reference (the definition of §187(1) BGB) checks the fast scalar path, and the
scalar path checks the numpy batch path.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from anliegen.fristen import (
    MUNICIPAL_OPTIONS,
    STATES,
    WorkCalendar,
    add_months,
    amber_date,
    due_in_calendar_days,
    due_in_calendar_days_batch,
    due_in_working_days,
    due_in_working_days_batch,
)

ONE_DAY = dt.timedelta(days=1)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

recurring_closing_days = st.dates(dt.date(2028, 1, 1), dt.date(2028, 12, 31)).map(
    lambda day: day.strftime("%m-%d")
)
dated_closing_days = st.dates(dt.date(2024, 1, 1), dt.date(2031, 12, 31))
calendars = st.builds(
    lambda state, municipal, closing: WorkCalendar(
        state, municipal=municipal, closing_days=closing
    ),
    st.sampled_from(STATES),
    st.frozensets(st.sampled_from(sorted(MUNICIPAL_OPTIONS))),
    st.lists(recurring_closing_days | dated_closing_days, max_size=6),
)
dates = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))
counts = st.integers(min_value=1, max_value=300)


def reference_working_days(received: dt.date, n: int, cal: WorkCalendar) -> dt.date:
    """The naive definition: step day by day and count working days."""
    day, count = received, 0
    while count < n:
        day += ONE_DAY
        if cal.is_working_day(day):
            count += 1
    return day


@PROPERTY_SETTINGS
@given(cal=calendars, received=dates, n=counts)
def test_fnd06_working_day_due_is_a_working_day_after_receipt(
    cal: WorkCalendar, received: dt.date, n: int
) -> None:
    """FND-06: the due date is a working day strictly after the day of receipt."""
    due = due_in_working_days(received, n, cal)
    assert due > received
    assert cal.is_working_day(due)


@PROPERTY_SETTINGS
@given(cal=calendars, received=dates, n=counts)
def test_fnd06_exactly_n_working_days_until_due(
    cal: WorkCalendar, received: dt.date, n: int
) -> None:
    """FND-06: exactly n working days lie in (received, due] (§187(1) BGB)."""
    due = due_in_working_days(received, n, cal)
    span = (due - received).days
    working = sum(cal.is_working_day(received + k * ONE_DAY) for k in range(1, span + 1))
    assert working == n
    assert due == reference_working_days(received, n, cal)


@PROPERTY_SETTINGS
@given(cal=calendars, received=dates, n=st.integers(1, 299))
def test_fnd06_working_day_due_is_strictly_monotonic_in_n(
    cal: WorkCalendar, received: dt.date, n: int
) -> None:
    """FND-06: one more working day always gives a later due date."""
    assert due_in_working_days(received, n, cal) < due_in_working_days(received, n + 1, cal)


@PROPERTY_SETTINGS
@given(cal=calendars, first=dates, later_by=st.integers(0, 60), n=counts)
def test_fnd06_working_day_due_is_monotonic_in_receipt(
    cal: WorkCalendar, first: dt.date, later_by: int, n: int
) -> None:
    """FND-06: a later receipt never gives an earlier due date."""
    second = first + later_by * ONE_DAY
    assert due_in_working_days(first, n, cal) <= due_in_working_days(second, n, cal)


@PROPERTY_SETTINGS
@given(cal=calendars, received=dates, n=counts, roll_forward=st.booleans())
def test_fnd06_calendar_day_due(
    cal: WorkCalendar, received: dt.date, n: int, roll_forward: bool
) -> None:
    """FND-06: the calendar-day due date is at least received + n; with rolling it is the first
    working day from there (§193 BGB), without rolling exactly received + n."""
    end = received + n * ONE_DAY
    due = due_in_calendar_days(received, n, cal, roll_forward=roll_forward)
    assert due >= end
    if roll_forward:
        assert cal.is_working_day(due)
        assert not any(cal.is_working_day(end + k * ONE_DAY) for k in range((due - end).days))
    else:
        assert due == end


@PROPERTY_SETTINGS
@given(
    start=dates,
    length=st.integers(0, 400),
    share=st.floats(min_value=0.0, max_value=1.0, exclude_min=True),
)
def test_fnd06_amber_date_lies_within_the_deadline(
    start: dt.date, length: int, share: float
) -> None:
    """FND-07: the amber date lies in [start, due] and is the due date for share 1."""
    due = start + length * ONE_DAY
    amber = amber_date(start, due, share)
    assert start <= amber <= due
    assert amber_date(start, due, 1.0) == due


@PROPERTY_SETTINGS
@given(start=st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), n=st.integers(0, 600))
def test_kon02_add_months_keeps_day_or_ends_month(start: dt.date, n: int) -> None:
    """KON-02: n months later is in the right month, on the same day or the month's last day."""
    result = add_months(start, n)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    if result.day != start.day:
        assert result.day < start.day
        assert (result + ONE_DAY).month != result.month


@PROPERTY_SETTINGS
@given(
    cal=calendars,
    items=st.lists(st.tuples(dates, counts), min_size=1, max_size=40),
    roll_forward=st.booleans(),
)
def test_fnd06_batch_equals_scalar(
    cal: WorkCalendar, items: list[tuple[dt.date, int]], roll_forward: bool
) -> None:
    """FND-06: the numpy batch path gives exactly the scalar results."""
    received = np.array([day for day, _ in items], dtype="datetime64[D]")
    n = np.array([count for _, count in items])

    working = due_in_working_days_batch(received, n, cal)
    calendar = due_in_calendar_days_batch(received, n, cal, roll_forward=roll_forward)

    assert [day.item() for day in working] == [
        due_in_working_days(day, count, cal) for day, count in items
    ]
    assert [day.item() for day in calendar] == [
        due_in_calendar_days(day, count, cal, roll_forward=roll_forward) for day, count in items
    ]
