"""Deadline arithmetic (FND-06, KON-02): working days, calendar days, weeks and months.

- The day of receipt is not counted (§187(1) BGB): a deadline of *n* days ends *n* days later.
- A calendar-day or month deadline ending on a Saturday, Sunday, holiday or closing day ends on
  the next working day (§193 BGB, §26(3) SGB X), unless ``roll_forward=False`` (e.g. contact
  intervals, KON-02, and appointments set by the office, §26(5) SGB X).
- Month deadlines end on the day with the same number, or on the last day of a shorter month
  (§188(2),(3) BGB).
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
from typing import Final

from .workcalendar import WorkCalendar, require_date

MAX_DAYS: Final = 36_525
"""Upper limit for day counts (about 100 years): guards the API against absurd input."""
MAX_WEEKS: Final = 5_218
MAX_MONTHS: Final = 600

_OUT_OF_RANGE: Final = "Das Fristende liegt außerhalb des unterstützten Datumsbereichs."
_SATURDAY: Final = 5
_MAX_ORDINAL: Final = dt.date.max.toordinal()


def _count(value: int, *, minimum: int, maximum: int, unit: str) -> int:
    """Validate an integer count; ``unit`` is the German plural ("Tage", "Monate")."""
    try:
        number = operator.index(value)
    except TypeError:
        raise ValueError(f"Die Anzahl der {unit} muss eine ganze Zahl sein.") from None
    if number < minimum:
        raise ValueError(f"Die Anzahl der {unit} muss mindestens {minimum} sein.")
    if number > maximum:
        raise ValueError(f"Die Anzahl der {unit} darf höchstens {maximum} sein.")
    return number


def check_day_count(n: int) -> int:
    """Validate the number of (working or calendar) days of a deadline: 1 … ``MAX_DAYS``."""
    return _count(n, minimum=1, maximum=MAX_DAYS, unit="Tage")


def _add_weekdays(ordinal: int, n: int) -> int:
    """The n-th Monday–Friday after the day ``ordinal`` (n ≥ 1), ignoring holidays."""
    weekday = (ordinal + 6) % 7  # ordinal 1 (0001-01-01) is a Monday
    if weekday >= _SATURDAY:  # the weekdays after a weekend day are those after its Friday
        ordinal -= weekday - 4
        weekday = 4
    weeks, rest = divmod(n, 5)
    return ordinal + 7 * weeks + rest + (2 if weekday + rest >= _SATURDAY else 0)


def due_in_working_days(received: dt.date, n: int, cal: WorkCalendar) -> dt.date:
    """The n-th working day after ``received`` (§187(1) BGB: the day of receipt is not counted).

    Jumps over whole weeks, then makes up for the non-working weekdays in between (a few
    bisections per year spanned) instead of stepping day by day.
    """
    require_date(received)
    n = check_day_count(n)
    previous = received.toordinal()
    missing = n
    while missing:
        due = _add_weekdays(previous, missing)
        if due > _MAX_ORDINAL:
            raise ValueError(_OUT_OF_RANGE)
        # the weekdays in (previous, due] that are no working days still have to be made up
        missing = cal.count_blocked_ordinals(previous, due)
        previous = due
    return dt.date.fromordinal(due)


def due_in_calendar_days(
    received: dt.date, n: int, cal: WorkCalendar, *, roll_forward: bool = True
) -> dt.date:
    """``received`` + n days; moved to the next working day if it is none and ``roll_forward``
    (§193 BGB, §26(3) SGB X)."""
    require_date(received)
    n = check_day_count(n)
    try:
        due = received + dt.timedelta(days=n)
        return cal.next_working_day(due) if roll_forward else due
    except OverflowError:
        raise ValueError(_OUT_OF_RANGE) from None


def add_weeks(start: dt.date, n: int) -> dt.date:
    """``start`` + n weeks: the same weekday n weeks later (§188(2) BGB). n: 0 … ``MAX_WEEKS``."""
    require_date(start)
    n = _count(n, minimum=0, maximum=MAX_WEEKS, unit="Wochen")
    try:
        return start + dt.timedelta(weeks=n)
    except OverflowError:
        raise ValueError(_OUT_OF_RANGE) from None


def add_months(start: dt.date, n: int) -> dt.date:
    """The same day number n months later, or the last day of a shorter month
    (§188(2),(3) BGB): 31.01. + 1 month = 28./29.02. n: 0 … ``MAX_MONTHS``."""
    require_date(start)
    n = _count(n, minimum=0, maximum=MAX_MONTHS, unit="Monate")
    years, month_index = divmod(start.month - 1 + n, 12)
    year, month = start.year + years, month_index + 1
    if year > dt.MAXYEAR:
        raise ValueError(_OUT_OF_RANGE)
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def due_in_months(
    received: dt.date, n: int, cal: WorkCalendar, *, roll_forward: bool = True
) -> dt.date:
    """A deadline of n months (1 … ``MAX_MONTHS``) from ``received`` (§188(2),(3) BGB),
    moved to the next working day if it is none and ``roll_forward`` (§193 BGB)."""
    require_date(received)
    n = _count(n, minimum=1, maximum=MAX_MONTHS, unit="Monate")
    due = add_months(received, n)
    try:
        return cal.next_working_day(due) if roll_forward else due
    except OverflowError:
        raise ValueError(_OUT_OF_RANGE) from None
