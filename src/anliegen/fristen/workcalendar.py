"""The working-day calendar of a site (FND-06).

Working days are Monday to Friday, except the public holidays of the site's Bundesland (from
the maintained ``holidays`` package, optionally with municipal holidays) and the organisation's
own closing days (recurring ``MM-DD`` or specific dates).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Final, NamedTuple

import holidays

from .states import MUNICIPAL_OPTIONS, STATES

CLOSING_DAY_NAME: Final = "Schließtag"
"""What :meth:`WorkCalendar.holiday_name` returns for a closing day that is no public holiday."""

_MM_DD: Final = re.compile(r"(\d{2})-(\d{2})")
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATORS: Final = re.compile(r"[\s,;]+")
_ONE_DAY: Final = dt.timedelta(days=1)
_SATURDAY: Final = 5


def parse_closing_days(text: str) -> tuple[str, ...]:
    """Split a closing-day list such as ``"12-24, 12-31"`` (commas, semicolons or blanks).

    The parts are not validated here; :class:`WorkCalendar` does that.
    """
    return tuple(part for part in _SEPARATORS.split(text.strip()) if part)


def require_date(value: object) -> dt.date:
    """Return ``value`` if it is a calendar date; reject datetimes and other types."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(
            f"Erwartet wird ein Kalenderdatum (datetime.date), nicht {type(value).__name__}."
        )
    return value


def _normalise_state(state: object) -> str:
    if not isinstance(state, str) or (code := state.strip().upper()) not in STATES:
        raise ValueError(f"Unbekanntes Bundesland „{state}“. Erlaubt sind: {', '.join(STATES)}.")
    return code


def _normalise_municipal(options: Iterable[str] | str) -> frozenset[str]:
    items = parse_closing_days(options) if isinstance(options, str) else tuple(options)
    result: set[str] = set()
    for item in items:
        if not isinstance(item, str) or (key := item.strip().lower()) not in MUNICIPAL_OPTIONS:
            allowed = ", ".join(sorted(MUNICIPAL_OPTIONS))
            raise ValueError(
                f"Unbekannte Option für kommunale Feiertage „{item}“. Erlaubt sind: {allowed}."
            )
        result.add(key)
    return frozenset(result)


def _invalid_closing_day(item: object) -> ValueError:
    return ValueError(
        f"Ungültiger Schließtag „{item}“: erwartet wird „MM-TT“ für einen jährlichen "
        "Schließtag (z. B. „12-24“) oder ein Datum „JJJJ-MM-TT“."
    )


def _normalise_closing_days(
    items: Iterable[str | dt.date] | str,
) -> tuple[frozenset[tuple[int, int]], frozenset[dt.date]]:
    if isinstance(items, str):
        items = parse_closing_days(items)
    recurring: set[tuple[int, int]] = set()
    dates: set[dt.date] = set()
    for item in items:
        if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
            dates.add(item)
            continue
        if not isinstance(item, str):
            raise _invalid_closing_day(item)
        text = item.strip()
        if match := _MM_DD.fullmatch(text):
            month, day = int(match[1]), int(match[2])
            try:
                dt.date(2000, month, day)  # a leap year, so 02-29 is allowed
            except ValueError:
                raise _invalid_closing_day(item) from None
            recurring.add((month, day))
        elif _ISO_DATE.fullmatch(text):
            try:
                dates.add(dt.date.fromisoformat(text))
            except ValueError:
                raise _invalid_closing_day(item) from None
        else:
            raise _invalid_closing_day(item)
    if len(recurring) >= 366:
        raise ValueError("Die Schließtage dürfen nicht jeden Tag des Jahres umfassen.")
    return frozenset(recurring), frozenset(dates)


@lru_cache(maxsize=2048)
def _public_holidays(state: str, municipal: frozenset[str], year: int) -> Mapping[dt.date, str]:
    """Public holidays of ``state`` in ``year`` with German names, cached per year."""
    categories = ("public", "catholic") if "catholic" in municipal else ("public",)
    result = dict(
        holidays.country_holidays(
            "DE", subdiv=state, years=year, language="de", categories=categories
        )
    )
    if "augsburg" in municipal and state == "BY":
        # The package's "Augsburg" subdivision is Bavaria plus the Friedensfest plus
        # Mariä Himmelfahrt; only what is not already a (catholic) Bavarian holiday is added,
        # so Mariä Himmelfahrt stays governed by the "catholic" option.
        bavaria = holidays.country_holidays(
            "DE", subdiv="BY", years=year, categories=("public", "catholic")
        )
        augsburg = holidays.country_holidays("DE", subdiv="Augsburg", years=year, language="de")
        for day, name in augsburg.items():
            if day not in bavaria:
                result[day] = name
    return MappingProxyType(result)


class _YearIndex(NamedTuple):
    """Ordinals of the weekdays (Mon–Fri) of one year that are not working days."""

    members: frozenset[int]
    ordered: tuple[int, ...]
    last: int  # ordinal of 31 December


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True, init=False, repr=False, slots=True)
class WorkCalendar:
    """Working days of one site: Mon–Fri minus public holidays and closing days (FND-06).

    Immutable and hashable. Public holidays are cached at module level per (state, municipal
    options, year), so constructing a calendar per request is cheap; each instance keeps a small
    per-year index of its non-working weekdays (holidays plus closing days) for fast lookups.

    >>> cal = WorkCalendar("BE", closing_days=["12-24", "12-31"])
    >>> cal.is_working_day(dt.date(2027, 3, 8))  # Frauentag in Berlin
    False
    """

    state: str
    municipal: frozenset[str]
    closing_recurring: frozenset[tuple[int, int]]
    closing_dates: frozenset[dt.date]
    _hash: int = field(compare=False, repr=False)
    _years: dict[int, _YearIndex] = field(compare=False, repr=False)

    def __init__(
        self,
        state: str,
        *,
        municipal: Iterable[str] | str = (),
        closing_days: Iterable[str | dt.date] | str = (),
    ) -> None:
        code = _normalise_state(state)
        options = _normalise_municipal(municipal)
        recurring, dates = _normalise_closing_days(closing_days)
        object.__setattr__(self, "state", code)
        object.__setattr__(self, "municipal", options)
        object.__setattr__(self, "closing_recurring", recurring)
        object.__setattr__(self, "closing_dates", dates)
        object.__setattr__(self, "_hash", hash((code, options, recurring, dates)))
        object.__setattr__(self, "_years", {})

    def __hash__(self) -> int:
        return self._hash

    def _year(self, year: int) -> _YearIndex:
        """The non-working weekdays of ``year``, built on first use (a benign race at worst
        builds it twice)."""
        index = self._years.get(year)
        if index is None:
            index = self._years[year] = self._build_year(year)
        return index

    def _build_year(self, year: int) -> _YearIndex:
        blocked = {
            day.toordinal()
            for day in _public_holidays(self.state, self.municipal, year)
            if day.weekday() < _SATURDAY
        }
        for month, day in self.closing_recurring:
            if month == 2 and day == 29 and not _is_leap(year):
                continue
            closing = dt.date(year, month, day)
            if closing.weekday() < _SATURDAY:
                blocked.add(closing.toordinal())
        blocked.update(
            day.toordinal()
            for day in self.closing_dates
            if day.year == year and day.weekday() < _SATURDAY
        )
        last = dt.date(year, 12, 31).toordinal()
        return _YearIndex(frozenset(blocked), tuple(sorted(blocked)), last)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar({self.state!r}, municipal={tuple(sorted(self.municipal))!r}, "
            f"closing_days={self.closing_days!r})"
        )

    @property
    def closing_days(self) -> tuple[str, ...]:
        """The closing days as strings: recurring ``MM-DD`` first, then ``YYYY-MM-DD``."""
        recurring = [f"{month:02d}-{day:02d}" for month, day in sorted(self.closing_recurring)]
        dates = [day.isoformat() for day in sorted(self.closing_dates)]
        return (*recurring, *dates)

    def is_closing_day(self, day: dt.date) -> bool:
        """True if ``day`` is one of the organisation's closing days (any weekday)."""
        require_date(day)
        return (day.month, day.day) in self.closing_recurring or day in self.closing_dates

    def is_working_day(self, day: dt.date) -> bool:
        """Mon–Fri, not a public holiday of the state and not a closing day."""
        require_date(day)
        if day.weekday() >= _SATURDAY:
            return False
        return day.toordinal() not in self._year(day.year).members

    def holiday_name(self, day: dt.date) -> str | None:
        """German name of the public holiday on ``day``, ``"Schließtag"`` for a closing day,
        otherwise ``None``. Weekends are not holidays unless a holiday falls on them."""
        require_date(day)
        name = _public_holidays(self.state, self.municipal, day.year).get(day)
        if name is not None:
            return name
        if self.is_closing_day(day):
            return CLOSING_DAY_NAME
        return None

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next working day after it."""
        require_date(day)
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def holidays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Weekdays in ``[start, end]`` that are not working days (holidays, closing days),
        in ascending order. Weekends are not listed."""
        require_date(start)
        require_date(end)
        if end < start:
            return []
        first, last = start.toordinal(), end.toordinal()
        result: list[dt.date] = []
        for year in range(start.year, end.year + 1):
            ordered = self._year(year).ordered
            lo, hi = bisect_left(ordered, first), bisect_right(ordered, last)
            result.extend(dt.date.fromordinal(ordinal) for ordinal in ordered[lo:hi])
        return result

    def count_non_working_weekdays(self, after: dt.date, up_to: dt.date) -> int:
        """How many weekdays in ``(after, up_to]`` are not working days."""
        require_date(after)
        require_date(up_to)
        return self.count_blocked_ordinals(after.toordinal(), up_to.toordinal())

    def count_blocked_ordinals(self, after: int, up_to: int) -> int:
        """:meth:`count_non_working_weekdays` on proleptic ordinals (the scalar fast path)."""
        if up_to <= after:
            return 0
        year = dt.date.fromordinal(after).year
        count = 0
        while True:
            index = self._year(year)
            count += bisect_right(index.ordered, up_to) - bisect_right(index.ordered, after)
            if up_to <= index.last:
                return count
            year += 1
