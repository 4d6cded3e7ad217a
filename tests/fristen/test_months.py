"""FND-06, KON-02: month and week deadlines (§188(2),(3) BGB)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.fristen import MAX_MONTHS, WorkCalendar, add_months, add_weeks, due_in_months

D = dt.date


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2026, 3, 15), 1, D(2026, 4, 15), id="same-day-number"),
        pytest.param(D(2028, 1, 31), 1, D(2028, 2, 29), id="leap-year-feb-29"),
        pytest.param(D(2027, 1, 31), 1, D(2027, 2, 28), id="common-year-feb-28"),
        pytest.param(D(2100, 1, 31), 1, D(2100, 2, 28), id="century-not-leap"),
        pytest.param(D(2000, 1, 31), 1, D(2000, 2, 29), id="400-year-leap"),
        pytest.param(D(2026, 3, 31), 1, D(2026, 4, 30), id="31-to-30"),
        pytest.param(D(2026, 8, 31), 6, D(2027, 2, 28), id="year-wrap-to-short-month"),
        pytest.param(D(2026, 12, 15), 1, D(2027, 1, 15), id="december-to-january"),
        pytest.param(D(2026, 11, 30), 3, D(2027, 2, 28), id="november-plus-three"),
        pytest.param(D(2026, 5, 31), 12, D(2027, 5, 31), id="one-year"),
        pytest.param(D(2028, 2, 29), 12, D(2029, 2, 28), id="leap-day-plus-year"),
        pytest.param(D(2028, 2, 29), 48, D(2032, 2, 29), id="leap-day-plus-four-years"),
        pytest.param(D(2026, 2, 28), 1, D(2026, 3, 28), id="end-of-feb-is-not-end-of-month"),
        pytest.param(D(2026, 7, 10), 0, D(2026, 7, 10), id="zero-months"),
        pytest.param(D(2026, 1, 31), 600, D(2076, 1, 31), id="max-months"),
    ],
)
def test_fnd06_kon02_add_months(start: dt.date, n: int, expected: dt.date) -> None:
    """FND-06, KON-02: given a start date, when adding n months, then the same day number
    results, or the last day of a shorter month (31.01. + 1 month = 28./29.02.)."""
    assert add_months(start, n) == expected


def test_kon02_contact_intervals_do_not_roll_off_weekends() -> None:
    """KON-02 [decision]: the next contact date is not moved off a weekend."""
    # given: last contact on 2026-12-31, interval 6 months → 2027-06-30 (Wednesday)
    # and one on 2026-11-28 → 2027-02-28 (Sunday)
    cal = WorkCalendar("BE")
    # when / then
    assert due_in_months(D(2026, 11, 28), 3, cal, roll_forward=False) == D(2027, 2, 28)
    assert add_months(D(2026, 11, 28), 3) == D(2027, 2, 28)


def test_fnd06_month_deadline_rolls_to_next_working_day() -> None:
    """FND-06: a month deadline ending on a weekend or holiday moves to the next working day
    (§193 BGB) when rolling is on, as it is by default."""
    cal = WorkCalendar("BE")
    # 2027-01-31 + 2 months = 2027-03-31 (Wednesday): stays
    assert due_in_months(D(2027, 1, 31), 2, cal) == D(2027, 3, 31)
    # 2026-11-28 + 3 months = 2027-02-28 (Sunday) → Monday 2027-03-01
    assert due_in_months(D(2026, 11, 28), 3, cal) == D(2027, 3, 1)
    # 2027-02-08 + 1 month = 2027-03-08 (Frauentag in Berlin, Monday) → Tuesday
    assert due_in_months(D(2027, 2, 8), 1, cal) == D(2027, 3, 9)
    assert due_in_months(D(2027, 2, 8), 1, WorkCalendar("BB")) == D(2027, 3, 8)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 12, 28), 1, D(2027, 1, 4)),
        (D(2026, 1, 1), 4, D(2026, 1, 29)),
        (D(2026, 1, 1), 0, D(2026, 1, 1)),
        (D(2026, 12, 3), 6, D(2027, 1, 14)),
    ],
)
def test_kon02_add_weeks(start: dt.date, n: int, expected: dt.date) -> None:
    """KON-02: contact intervals of n weeks land on the same weekday n weeks later."""
    assert add_weeks(start, n) == expected


@pytest.mark.parametrize("n", [-1, MAX_MONTHS + 1])
def test_fnd06_month_count_out_of_range_is_rejected_in_german(n: int) -> None:
    """FND-06: month counts outside 0 … 600 raise a German ValueError."""
    with pytest.raises(ValueError, match="Die Anzahl der Monate"):
        add_months(D(2026, 1, 1), n)


def test_fnd06_month_deadline_needs_at_least_one_month() -> None:
    """FND-06: a month deadline of 0 months is no deadline."""
    with pytest.raises(ValueError, match=r"Die Anzahl der Monate muss mindestens 1 sein\."):
        due_in_months(D(2026, 1, 1), 0, WorkCalendar("BE"))


def test_fnd06_week_count_must_not_be_negative() -> None:
    """FND-06: negative week counts raise a German ValueError."""
    with pytest.raises(ValueError, match=r"Die Anzahl der Wochen muss mindestens 0 sein\."):
        add_weeks(D(2026, 1, 1), -1)


def test_fnd06_month_beyond_year_9999_is_rejected_in_german() -> None:
    """FND-06: results beyond the supported date range raise a German ValueError."""
    with pytest.raises(ValueError, match="außerhalb des unterstützten Datumsbereichs"):
        add_months(D(9999, 6, 1), 12)
