"""FND-06: working-day and calendar-day deadlines (§§187(1), 193 BGB, §26(3) SGB X)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from anliegen.fristen import (
    MAX_DAYS,
    WorkCalendar,
    due_in_calendar_days,
    due_in_calendar_days_batch,
    due_in_working_days,
    due_in_working_days_batch,
)

D = dt.date
BE = WorkCalendar("BE")


def test_fnd06_day_of_receipt_is_not_counted() -> None:
    """FND-06: given receipt on Monday, when the deadline is 1 working day, then it is
    Tuesday (§187(1) BGB)."""
    assert due_in_working_days(D(2027, 2, 1), 1, BE) == D(2027, 2, 2)
    assert due_in_calendar_days(D(2027, 2, 1), 1, BE) == D(2027, 2, 2)


def test_fnd06_receipt_on_a_weekend_or_holiday() -> None:
    """FND-06: given receipt on a Saturday, the first working day is Monday."""
    assert due_in_working_days(D(2027, 2, 6), 1, BE) == D(2027, 2, 8)
    assert due_in_working_days(D(2027, 2, 6), 5, BE) == D(2027, 2, 12)
    # receipt on Good Friday 2027: Easter Monday is a holiday too
    assert due_in_working_days(D(2027, 3, 26), 1, BE) == D(2027, 3, 30)


def test_fnd06_long_working_day_deadline_skips_all_holidays() -> None:
    """FND-06: 250 working days across Christmas, New Year and Easter in Berlin."""
    received, n = D(2026, 6, 1), 250
    due = due_in_working_days(received, n, BE)
    day, count = received, 0
    while count < n:
        day += dt.timedelta(days=1)
        count += BE.is_working_day(day)
    assert due == day


def test_fnd06_calendar_days_without_rolling() -> None:
    """FND-06 [decision]: rolling to the next working day can be switched off per rule."""
    # 2026-12-12 + 14 = 2026-12-26 (Saturday, Second Christmas Day)
    assert due_in_calendar_days(D(2026, 12, 12), 14, BE) == D(2026, 12, 28)
    assert due_in_calendar_days(D(2026, 12, 12), 14, BE, roll_forward=False) == D(2026, 12, 26)
    batch = due_in_calendar_days_batch(
        np.array(["2026-12-12"], dtype="datetime64[D]"), np.array([14]), BE, roll_forward=False
    )
    assert batch[0].item() == D(2026, 12, 26)


def test_fnd06_calendar_days_roll_over_closing_days() -> None:
    """FND-06: a deadline ending on a closing day ends on the next working day."""
    cal = WorkCalendar("BB", closing_days=["12-24", "12-31"])
    # 2026-12-17 + 14 = 2026-12-31 (closing day) → 2027-01-01 holiday → 2027-01-04
    assert due_in_calendar_days(D(2026, 12, 17), 14, cal) == D(2027, 1, 4)


@pytest.mark.parametrize("n", [0, -5, MAX_DAYS + 1])
def test_fnd06_day_count_out_of_range_is_rejected_in_german(n: int) -> None:
    """FND-06: day counts outside 1 … MAX_DAYS raise a German ValueError."""
    with pytest.raises(ValueError, match="Die Anzahl der Tage"):
        due_in_working_days(D(2026, 1, 1), n, BE)
    with pytest.raises(ValueError, match="Die Anzahl der Tage"):
        due_in_calendar_days(D(2026, 1, 1), n, BE)
    with pytest.raises(ValueError, match="Die Anzahl der Tage"):
        due_in_working_days_batch(np.array(["2026-01-01"], dtype="datetime64[D]"), [n], BE)


def test_fnd06_zero_days_message() -> None:
    """FND-06: the message for n = 0 is the documented German text."""
    with pytest.raises(ValueError, match=r"^Die Anzahl der Tage muss mindestens 1 sein\.$"):
        due_in_working_days(D(2026, 1, 1), 0, BE)


def test_fnd06_fractional_day_count_is_rejected_in_german() -> None:
    """FND-06: a fractional day count raises a German ValueError."""
    with pytest.raises(ValueError, match="ganze Zahl"):
        due_in_working_days(D(2026, 1, 1), 2.5, BE)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ganze Zahl"):
        due_in_working_days_batch(np.array(["2026-01-01"], dtype="datetime64[D]"), [2.5], BE)


def test_fnd06_deadline_beyond_year_9999_is_rejected_in_german() -> None:
    """FND-06: results beyond the supported date range raise a German ValueError."""
    with pytest.raises(ValueError, match="außerhalb des unterstützten Datumsbereichs"):
        due_in_working_days(D(9999, 12, 20), 30, BE)
    with pytest.raises(ValueError, match="außerhalb des unterstützten Datumsbereichs"):
        due_in_calendar_days(D(9999, 12, 20), 30, BE)


def test_fnd06_batch_broadcasts_and_accepts_empty_input() -> None:
    """FND-06: the batch path broadcasts a single n and returns empty for empty input."""
    received = np.array(["2027-03-05", "2027-03-26"], dtype="datetime64[D]")
    due = due_in_working_days_batch(received, 2, BE)
    assert [day.item() for day in due] == [D(2027, 3, 10), D(2027, 3, 31)]
    empty = due_in_working_days_batch(np.array([], dtype="datetime64[D]"), [], BE)
    assert empty.shape == (0,)
    assert empty.dtype == np.dtype("datetime64[D]")


def test_fnd06_batch_rejects_missing_dates_in_german() -> None:
    """FND-06: NaT (a missing receipt date) raises a German ValueError."""
    with pytest.raises(ValueError, match="Eingangsdatum fehlt"):
        due_in_working_days_batch(np.array(["NaT"], dtype="datetime64[D]"), [1], BE)


def test_fnd06_batch_rejects_timestamps() -> None:
    """FND-06: datetime64 with a time unit is rejected (the day would depend on UTC)."""
    with pytest.raises(ValueError, match="datetime64\\[D\\]"):
        due_in_working_days_batch(np.array(["2026-01-01T23:00"], dtype="datetime64[m]"), [1], BE)


def test_fnd06_batch_range_grows_with_many_closing_days() -> None:
    """FND-06: given far more closing days than the batch estimate allows for, the batch path
    still matches the scalar path (the holiday range is extended as needed)."""
    closing = [f"{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 26)]
    cal = WorkCalendar("BE", closing_days=closing)
    received = D(2026, 1, 1)
    scalar = due_in_working_days(received, 40, cal)
    batch = due_in_working_days_batch(np.array([received], dtype="datetime64[D]"), [40], cal)
    assert batch[0].item() == scalar
    assert scalar > D(2026, 6, 1)  # well beyond the initial estimate of the batch path
