"""Vectorised deadlines for many items at once (FND-06), e.g. recomputing worklists.

``np.busday_offset(received, n, roll="backward")`` with Mon–Fri and the calendar's non-working
weekdays is exactly "the n-th working day after ``received``": rolling a non-working receipt day
back to the previous working day does not change which working days follow it. The results are
identical to :func:`~anliegen.fristen.due_in_working_days` and
:func:`~anliegen.fristen.due_in_calendar_days`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from .deadlines import check_day_count
from .workcalendar import WorkCalendar

DateArray = npt.NDArray[np.datetime64]

_WEEKMASK: Final = "1111100"
_DAY: Final = np.timedelta64(1, "D")
_MARGIN_DAYS: Final = 62
_FIRST: Final = np.datetime64(dt.date.min, "D")
_LAST: Final = np.datetime64(dt.date.max, "D")
_OUT_OF_RANGE: Final = "Das Fristende liegt außerhalb des unterstützten Datumsbereichs."


@lru_cache(maxsize=256)
def _busdaycalendar(cal: WorkCalendar, first_year: int, last_year: int) -> np.busdaycalendar:
    """Mon–Fri minus the calendar's non-working weekdays, for whole years (cacheable)."""
    days = cal.holidays_between(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    return np.busdaycalendar(weekmask=_WEEKMASK, holidays=np.array(days, dtype="datetime64[D]"))


def _year(day: np.datetime64) -> int:
    date = day.item()
    assert isinstance(date, dt.date)  # within _FIRST … _LAST
    return date.year


def _prepare(received: npt.ArrayLike, n: npt.ArrayLike) -> tuple[DateArray, npt.NDArray[np.int64]]:
    dates = np.asarray(received)
    if dates.dtype.kind == "M":
        if np.datetime_data(dates.dtype)[0] != "D":
            raise ValueError("Die Eingangsdaten müssen Kalenderdaten (datetime64[D]) sein.")
    else:
        try:
            dates = dates.astype("datetime64[D]")
        except (TypeError, ValueError):
            raise ValueError("Die Eingangsdaten müssen Kalenderdaten sein.") from None
    counts = np.asarray(n)
    if counts.size == 0:  # np.asarray([]) is float64
        counts = counts.astype(np.int64)
    if not np.issubdtype(counts.dtype, np.integer):
        raise ValueError("Die Anzahl der Tage muss eine ganze Zahl sein.")
    dates, counts = np.broadcast_arrays(dates, counts.astype(np.int64))
    if dates.size:
        if np.isnat(dates).any():
            raise ValueError("Ein Eingangsdatum fehlt.")
        if dates.min() < _FIRST or dates.max() > _LAST:
            raise ValueError("Ein Eingangsdatum liegt außerhalb des unterstützten Bereichs.")
        check_day_count(int(counts.min()))
        check_day_count(int(counts.max()))
    return dates, counts


def _with_holidays(
    cal: WorkCalendar,
    first: np.datetime64,
    last: np.datetime64,
    compute: Callable[[np.busdaycalendar], DateArray],
) -> DateArray:
    """Run ``compute`` with the holidays from ``first`` to at least the latest result.

    Results up to ``last`` are exact when all holidays up to ``last`` are known; if a result
    lies beyond, the holiday range is extended and everything recomputed (rare: only when the
    initial estimate was too short).
    """
    first_year = _year(first)
    while True:
        last = min(last, _LAST)
        result = compute(_busdaycalendar(cal, first_year, _year(last)))
        top = result.max()
        if top <= last:
            return result
        if last >= _LAST:
            raise ValueError(_OUT_OF_RANGE)
        last = top + _MARGIN_DAYS * _DAY


def due_in_working_days_batch(
    received: npt.ArrayLike, n: npt.ArrayLike, cal: WorkCalendar
) -> DateArray:
    """Vectorised :func:`~anliegen.fristen.due_in_working_days` (arrays broadcast)."""
    dates, counts = _prepare(received, n)
    if dates.size == 0:
        return np.empty(dates.shape, dtype="datetime64[D]")
    span = int(counts.max())
    estimate = dates.max() + (span * 7 // 5 + _MARGIN_DAYS) * _DAY

    def compute(busdaycal: np.busdaycalendar) -> DateArray:
        return np.busday_offset(dates, counts, roll="backward", busdaycal=busdaycal)

    # No holidays before the receipt days are needed: whichever day the roll back lands on, no
    # working day lies between it and the receipt day, so the n-th working day after it is the
    # n-th after the receipt day.
    return _with_holidays(cal, dates.min(), estimate, compute)


def due_in_calendar_days_batch(
    received: npt.ArrayLike, n: npt.ArrayLike, cal: WorkCalendar, roll_forward: bool = True
) -> DateArray:
    """Vectorised :func:`~anliegen.fristen.due_in_calendar_days` (arrays broadcast)."""
    dates, counts = _prepare(received, n)
    if dates.size == 0:
        return np.empty(dates.shape, dtype="datetime64[D]")
    due: DateArray = dates + counts.astype("timedelta64[D]")
    if due.max() > _LAST:
        raise ValueError(_OUT_OF_RANGE)
    if not roll_forward:
        return due

    def compute(busdaycal: np.busdaycalendar) -> DateArray:
        rolled: DateArray = np.busday_offset(due, 0, roll="forward", busdaycal=busdaycal)
        return rolled

    return _with_holidays(cal, due.min(), due.max() + _MARGIN_DAYS * _DAY, compute)
