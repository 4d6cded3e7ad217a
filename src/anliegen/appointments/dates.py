"""Dates of the calendar: ISO weeks (parsed, named as ``KW 50``) and German dates and times."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import InvalidInput

_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def parse_week(value: str) -> dt.date:
    """The Monday of the ISO week ``YYYY-Www``; InvalidInput (field ``week``) otherwise."""
    match = _WEEK.fullmatch(value.strip())
    if match:
        try:
            return dt.date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
        except ValueError:
            pass
    message = _("Give the week as YYYY-Www, for example 2026-W49.")
    raise InvalidInput(message, errors={"week": message})


def iso_week(monday: dt.date) -> str:
    """``2026-W50``: the week as URLs and the API give it."""
    year, number, _day = monday.isocalendar()
    return f"{year}-W{number:02d}"


def week_label(monday: dt.date, *, today: dt.date | None = None) -> str:
    """``KW 50`` as people read it; with the year (``KW 1/2027``) when the week's ISO year is
    not the current one."""
    year, number, _day = monday.isocalendar()
    current = (today or clock.today()).isocalendar()[0]
    return f"KW {number}" if year == current else f"KW {number}/{year}"


def german_date(day: dt.date) -> str:
    """``Dienstag, 01.12.2026``."""
    with translation.override("de"):
        return f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def german_time(moment: dt.datetime) -> str:
    return f"{moment.astimezone(clock.BERLIN):%H:%M}"
