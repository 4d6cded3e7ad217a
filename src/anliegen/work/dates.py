"""Dates people choose for work items: a follow-up lands on a working day (defect 7, FND-08)."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.models import Organisation, Team
from anliegen.work.calendars import calendar_for, site_of_team


def non_working_day_warning(
    organisation: Organisation, team: Team | None, on: dt.date
) -> tuple[str, dt.date] | None:
    """A German warning when ``on`` is a Saturday, Sunday, holiday or closing day at the team's
    site, with the next working day as a suggestion; ``None`` on a working day (defect 7)."""
    calendar, _rules = calendar_for(organisation, site=site_of_team(team, organisation), on=on)
    if calendar.is_working_day(on):
        return None
    suggestion = calendar.next_working_day(on)
    reason = calendar.holiday_name(on) or date_format(on, "l")
    message = _("%(date)s is not a working day (%(reason)s). The next working day is %(next)s.") % {
        "date": on.strftime("%d.%m.%Y"),
        "reason": reason,
        "next": date_format(suggestion, "l, d.m.Y"),
    }
    return message, suggestion


def check_follow_up_date(
    organisation: Organisation, team: Team | None, on: dt.date, *, allow_non_working_day: bool
) -> None:
    """Reject a date in the past, and a non-working day unless the caller confirmed it."""
    if on < clock.today():
        raise InvalidInput(
            _("The follow-up date must not lie in the past."), errors={"on": _("In the past.")}
        )
    if allow_non_working_day:
        return
    warning = non_working_day_warning(organisation, team, on)
    if warning is not None:
        raise InvalidInput(warning[0], errors={"on": warning[0]})
