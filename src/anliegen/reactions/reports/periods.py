"""Reporting periods and calendar quarters (KRM-10): the default (current quarter and the three
before) and parsing ``from``/``to`` with German messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Q,
)
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.reactions.reports.access import DEFAULT_QUARTERS, MAX_PERIOD_DAYS

# --- Periods and quarters -------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026-Q4`` (also ``2026-4``, ``Q4/2026``) → Quarter; ValueError otherwise."""
        value = text.strip().upper().replace("Q", "")
        if "/" in value:
            number, year = value.split("/", 1)
        else:
            year, number = value.split("-", 1)
        quarter = cls(int(year), int(number))
        if not (1 <= quarter.number <= 4 and 1900 <= quarter.year <= 2999):
            raise ValueError(text)
        return quarter

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number}/{self.year}"

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (Berlin calendar days of receipt)."""

    start: dt.date
    end: dt.date

    @property
    def quarters(self) -> list[Quarter]:
        quarters, quarter = [], Quarter.of(self.start)
        while quarter <= Quarter.of(self.end):
            quarters.append(quarter)
            quarter = quarter.next()
        return quarters

    def q(self, prefix: str = "") -> Q:
        """Received within the period (``prefix`` e.g. ``"reaction__"``)."""
        return Q(
            **{
                f"{prefix}received_at__gte": clock.start_of_day(self.start),
                f"{prefix}received_at__lt": clock.start_of_day(self.end + dt.timedelta(days=1)),
            }
        )


def default_period(today: dt.date | None = None) -> Period:
    """The current quarter and the three before it."""
    current = Quarter.of(today or clock.today())
    first = current
    for _i in range(DEFAULT_QUARTERS - 1):
        first = first.previous()
    return Period(first.start, current.end)


def _date(value: object, field_name: str, errors: dict[str, str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar day)
        except ValueError:
            continue
    errors[field_name] = _("Please enter a date as YYYY-MM-DD or DD.MM.YYYY.")
    return None


def parse_period(
    start: object, end: object, *, quarter: object = None, default: Period | None = None
) -> Period | None:
    """The period of ``from``/``to`` (or a quarter like ``2026-Q4``); ``default`` for missing
    bounds. Bad input raises InvalidInput with a German message per field."""
    errors: dict[str, str] = {}
    if quarter not in (None, ""):
        try:
            q = Quarter.parse(str(quarter))
        except ValueError:
            raise InvalidInput(
                _("Please choose a quarter like 2026-Q4."),
                errors={"quarter": _("Unknown quarter.")},
            ) from None
        return Period(q.start, q.end)
    first = _date(start, "from", errors)
    last = _date(end, "to", errors)
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    if first is None and last is None:
        return default
    if first is None:
        first = default.start if default else dt.date(1900, 1, 1)
    if last is None:
        last = default.end if default and default.end >= first else clock.today()
    if last < first:
        raise InvalidInput(
            _("The end of the period lies before its start."),
            errors={"to": _("Before the start.")},
        )
    if default is not None and (last - first).days > MAX_PERIOD_DAYS:
        raise InvalidInput(
            _("A report covers at most ten years."), errors={"from": _("Period too long.")}
        )
    return Period(first, last)
