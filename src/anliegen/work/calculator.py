"""The deadline calculator (Fristenrechner, FND-06): one function behind the UI form and the
``GET /api/v1/deadlines`` endpoint, so both parse, validate and explain the same way."""

from __future__ import annotations

import datetime as dt
import re
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
    unit: str  # "working_days", "calendar_days" or "months"
    n: int
    state: str
    closing_days: tuple[str, ...]
    skipped: list[SkippedDay] = field(default_factory=list)
    rolled_from: dt.date | None = None

    @property
    def closing_days_german(self) -> tuple[str, ...]:
        return tuple(german_closing_day(spec) for spec in self.closing_days)


# --- Closing days in German notation (issue 9 defect 7): "24.12." every year, "24.12.2026" once.

_GERMAN_YEARLY = re.compile(r"(\d{1,2})\.(\d{1,2})\.?")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_MM_DD = re.compile(r"(\d{2})-(\d{2})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _invalid_closing_day(item: str) -> InvalidInput:
    message = _(
        "Invalid closing day “%(value)s”: expected DD.MM. for a closing day every year (e.g. "
        "24.12.) or a date DD.MM.YYYY (e.g. 31.12.2026)."
    ) % {"value": item}
    return InvalidInput(message, errors={"closing_days": message})


def parse_closing_days(text: str | None) -> tuple[str, ...]:
    """Closing days as typed in the web form, in German notation (``24.12.``, ``31.12.2026``)
    or as the rules store them (``12-24``, ``2026-12-31``), returned in the stored notation;
    InvalidInput (on ``closing_days``) otherwise."""
    specs = []
    for item in fristen.parse_closing_days(text or ""):
        if match := _GERMAN_DATE.fullmatch(item):
            day, month, year = (int(g) for g in match.groups())
            spec = f"{year:04d}-{month:02d}-{day:02d}"
        elif match := _GERMAN_YEARLY.fullmatch(item):
            day, month = int(match[1]), int(match[2])
            spec = f"{month:02d}-{day:02d}"
        elif _MM_DD.fullmatch(item) or _ISO.fullmatch(item):
            spec = item
        else:
            raise _invalid_closing_day(item)
        try:
            fristen.WorkCalendar("BE", closing_days=(spec,))
        except ValueError:
            raise _invalid_closing_day(item) from None
        specs.append(spec)
    return tuple(dict.fromkeys(specs))


def german_closing_day(spec: str) -> str:
    """``12-24`` → ``24.12.``, ``2026-12-31`` → ``31.12.2026`` (anything else unchanged)."""
    if match := _MM_DD.fullmatch(spec):
        return f"{match[2]}.{match[1]}."
    if _ISO.fullmatch(spec):
        return dt.date.fromisoformat(spec).strftime("%d.%m.%Y")
    return spec


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
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("“%(value)s” is not a whole number.") % {"value": value},
            errors={name: _("Not a whole number.")},
        ) from None
    if number == 0:
        # A deadline of 0 days does not exist: the day of receipt is not counted (§ 187 BGB).
        message = _(
            "A deadline of 0 days or months does not exist: the day of receipt is not counted "
            "(§ 187 BGB), the deadline starts on the following day. Please enter at least 1."
        )
        raise InvalidInput(message, errors={name: message})
    return number


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
    months: str | int | None = None,
    state: str | None,
    closing_days: str | None = None,
    municipal: tuple[str, ...] = (),
) -> DeadlineResult:
    """Parse and validate the calculator's input and compute the due date; InvalidInput on error.

    Months follow §188(2),(3) BGB (31.01. + 1 month = 28./29.02.) and, like calendar days, move
    to the next working day (§193 BGB, §26(3) SGB X). Closing days come in German notation
    through the web form (:func:`parse_closing_days`); the API keeps ``MM-DD``/ISO."""
    day = _parse_date(received, "received")
    wd = _parse_count(working_days, "working_days")
    cd = _parse_count(calendar_days, "calendar_days")
    mo = _parse_count(months, "months")
    if [wd, cd, mo].count(None) != 2:
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
        elif mo is not None:
            due = fristen.due_in_months(day, mo, cal)
            unit, n = "months", mo
            plain = fristen.add_months(day, mo)
            rolled = plain if plain != due else None
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
