"""The deadline calculator (Fristenrechner, FND-06): one function behind the UI form and the
``GET /api/v1/deadlines`` endpoint, so both parse, validate and explain the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.core.errors import InvalidInput


@dataclass(frozen=True)
class SkippedDay:
    day: dt.date
    reason: str


@dataclass(frozen=True)
class DeadlineResult:
    received: dt.date
    due_date: dt.date
    unit: str  # "working_days" or "calendar_days"
    n: int
    state: str
    closing_days: tuple[str, ...]
    skipped: list[SkippedDay] = field(default_factory=list)
    rolled_from: dt.date | None = None


def _parse_date(value: str | dt.date | None, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not value:
        raise InvalidInput(_("Please enter the day of receipt."), errors={name: _("Required.")})
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value},
            errors={name: _("Not a date.")},
        ) from None


def _parse_count(value: str | int | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("“%(value)s” is not a whole number.") % {"value": value},
            errors={name: _("Not a whole number.")},
        ) from None


def _explain(cal: fristen.WorkCalendar, start: dt.date, end: dt.date) -> list[SkippedDay]:
    skipped: list[SkippedDay] = []
    day = start + dt.timedelta(days=1)
    while day <= end and len(skipped) < 60:
        name = cal.holiday_name(day)
        if name is not None:
            skipped.append(SkippedDay(day, name))
        day += dt.timedelta(days=1)
    return skipped


def compute_deadline(
    *,
    received: str | dt.date | None,
    working_days: str | int | None = None,
    calendar_days: str | int | None = None,
    state: str | None,
    closing_days: str | None = None,
    municipal: tuple[str, ...] = (),
) -> DeadlineResult:
    """Parse and validate the calculator's input and compute the due date; InvalidInput on error."""
    day = _parse_date(received, "received")
    wd = _parse_count(working_days, "working_days")
    cd = _parse_count(calendar_days, "calendar_days")
    if (wd is None) == (cd is None):
        raise InvalidInput(
            _("Give either a number of working days or a number of calendar days."),
            errors={"working_days": _("Exactly one of the two.")},
        )
    closing = fristen.parse_closing_days(closing_days or "")
    try:
        cal = fristen.WorkCalendar(state or "", municipal=municipal, closing_days=closing)
        if wd is not None:
            due = fristen.due_in_working_days(day, wd, cal)
            unit, n, rolled = "working_days", wd, None
        else:
            assert cd is not None
            due = fristen.due_in_calendar_days(day, cd, cal)
            unit, n = "calendar_days", cd
            plain = day + dt.timedelta(days=cd)
            rolled = plain if plain != due else None
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return DeadlineResult(
        received=day,
        due_date=due,
        unit=unit,
        n=n,
        state=cal.state if hasattr(cal, "state") else str(state),
        closing_days=closing,
        skipped=_explain(cal, day, due),
        rolled_from=rolled,
    )
