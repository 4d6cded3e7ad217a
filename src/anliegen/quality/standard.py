"""The opening-hours standard (QS-01) as pure functions: no database, no Django models.

A site's week is a mapping weekday (0 = Monday … 6 = Sunday) → opening intervals. The check
returns the weekly hours and every rule the week breaks, each with a German explanation; the
rule codes are those of the interface (CONTRACT.md): ``weekly_hours``, ``every_weekday``,
``every_morning``, ``afternoon``, ``tandem_mornings``, ``tandem_cover``.

Decisions (REQUIREMENTS QS-01):

* A morning counts when the site is open at least 2 hours before 13:00 that day (intervals are
  clipped at 13:00 and added up).
* An afternoon reaches working customers when the site is open until at least 18:00 on a day
  from Monday to Friday.
* The smaller site of a tandem is checked against the tandem rules instead: at least three
  mornings (``tandem_mornings``), and on each weekday Monday–Friday it is closed its main site
  must be open (``tandem_cover``); it is exempt from the weekly minimum, the every-weekday,
  every-morning and afternoon rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Hours = Mapping[int, Sequence[tuple[dt.time, dt.time]]]

WEEKLY_HOURS = "weekly_hours"
EVERY_WEEKDAY = "every_weekday"
EVERY_MORNING = "every_morning"
AFTERNOON = "afternoon"
TANDEM_MORNINGS = "tandem_mornings"
TANDEM_COVER = "tandem_cover"

RULES: tuple[str, ...] = (
    WEEKLY_HOURS,
    EVERY_WEEKDAY,
    EVERY_MORNING,
    AFTERNOON,
    TANDEM_MORNINGS,
    TANDEM_COVER,
)
RULE_LABELS = {
    WEEKLY_HOURS: gettext_lazy("At least 21.5 hours a week"),
    EVERY_WEEKDAY: gettext_lazy("Open every day Monday to Friday"),
    EVERY_MORNING: gettext_lazy("Open every morning"),
    AFTERNOON: gettext_lazy("One afternoon until at least 18:00"),
    TANDEM_MORNINGS: gettext_lazy("Tandem site: at least three mornings"),
    TANDEM_COVER: gettext_lazy("Tandem site: main site open on its closed days"),
}
#: Rules a site is checked against, by kind of site.
SITE_RULES = (WEEKLY_HOURS, EVERY_WEEKDAY, EVERY_MORNING, AFTERNOON)
TANDEM_RULES = (TANDEM_MORNINGS, TANDEM_COVER)

MINIMUM_MINUTES = 21 * 60 + 30
MORNING_END = dt.time(13, 0)
MORNING_MINUTES = 120
AFTERNOON_UNTIL = dt.time(18, 0)
TANDEM_MORNINGS_NEEDED = 3
WORKDAYS = range(5)


def weekday_name(day: int) -> str:
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[day]


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def day_minutes(hours: Hours, day: int) -> int:
    return sum(max(0, _minutes(c) - _minutes(o)) for o, c in hours.get(day, ()))


def morning_minutes(hours: Hours, day: int) -> int:
    """Minutes open before 13:00 on ``day``."""
    end = _minutes(MORNING_END)
    return sum(
        max(0, min(_minutes(c), end) - _minutes(o))
        for o, c in hours.get(day, ())
        if o < MORNING_END
    )


def weekly_minutes(hours: Hours) -> int:
    return sum(day_minutes(hours, day) for day in range(7))


def is_open(hours: Hours, day: int) -> bool:
    return day_minutes(hours, day) > 0


def has_morning(hours: Hours, day: int) -> bool:
    return morning_minutes(hours, day) >= MORNING_MINUTES


def late_days(hours: Hours) -> list[int]:
    """Workdays open until at least 18:00."""
    return [d for d in WORKDAYS if any(c >= AFTERNOON_UNTIL for _o, c in hours.get(d, ()))]


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str


@dataclass(frozen=True)
class HoursCheck:
    weekly_hours: Decimal
    rules: tuple[str, ...]
    violations: tuple[Violation, ...]

    @property
    def compliant(self) -> bool:
        return not self.violations


def _days(days: Sequence[int]) -> str:
    return ", ".join(weekday_name(d) for d in days)


def decimal_text(value: Decimal) -> str:
    """German notation without trailing zeros: 21,5 · 24 · 21,42."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _hours_text(minutes: int) -> str:
    return decimal_text(Decimal(minutes) / 60)


def check_site(hours: Hours) -> list[Violation]:
    """The rules of a site that is not the smaller site of a tandem."""
    violations: list[Violation] = []
    total = weekly_minutes(hours)
    if total < MINIMUM_MINUTES:
        violations.append(
            Violation(
                WEEKLY_HOURS,
                _("Open %(hours)s hours a week; the standard asks for at least 21,5 hours.")
                % {"hours": _hours_text(total)},
            )
        )
    closed = [d for d in WORKDAYS if not is_open(hours, d)]
    if closed:
        violations.append(
            Violation(
                EVERY_WEEKDAY,
                _("Closed on %(days)s; the standard asks for opening every day Monday to Friday.")
                % {"days": _days(closed)},
            )
        )
    no_morning = [d for d in WORKDAYS if not has_morning(hours, d)]
    if no_morning:
        violations.append(
            Violation(
                EVERY_MORNING,
                _(
                    "No morning opening of at least 2 hours before 13:00 on %(days)s; the "
                    "standard asks for opening every morning."
                )
                % {"days": _days(no_morning)},
            )
        )
    if not late_days(hours):
        violations.append(
            Violation(
                AFTERNOON,
                _(
                    "No afternoon open until at least 18:00 from Monday to Friday; working "
                    "customers need at least one."
                ),
            )
        )
    return violations


def check_tandem(hours: Hours, main_hours: Hours) -> list[Violation]:
    """The rules of the smaller site of a tandem, given its main site's hours."""
    violations: list[Violation] = []
    mornings = [d for d in WORKDAYS if has_morning(hours, d)]
    if len(mornings) < TANDEM_MORNINGS_NEEDED:
        violations.append(
            Violation(
                TANDEM_MORNINGS,
                _(
                    "Open on %(count)s mornings (at least 2 hours before 13:00); a tandem site "
                    "needs at least three."
                )
                % {"count": len(mornings)},
            )
        )
    uncovered = [d for d in WORKDAYS if not is_open(hours, d) and not is_open(main_hours, d)]
    if uncovered:
        violations.append(
            Violation(
                TANDEM_COVER,
                _(
                    "Closed on %(days)s, and the main site is closed then too; customers must "
                    "reach the main site on every day this site is closed."
                )
                % {"days": _days(uncovered)},
            )
        )
    return violations


def check_hours(hours: Hours, *, main_hours: Hours | None = None) -> HoursCheck:
    """Check a week: the tandem rules when ``main_hours`` (the main site's week) is given,
    else the site rules."""
    if main_hours is None:
        rules: tuple[str, ...] = SITE_RULES
        violations = check_site(hours)
    else:
        rules = TANDEM_RULES
        violations = check_tandem(hours, main_hours)
    weekly = (Decimal(weekly_minutes(hours)) / 60).quantize(Decimal("0.01"))
    return HoursCheck(weekly_hours=weekly, rules=rules, violations=tuple(violations))


def closed_weekdays(hours: Hours) -> list[int]:
    """Workdays without any opening (for the tandem pointer on the public page)."""
    return [d for d in WORKDAYS if not is_open(hours, d)]
