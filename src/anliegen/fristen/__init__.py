"""Deadline engine (*Fristen*, FND-06, KON-02): pure Python, no Django import.

Working-day calendars per Bundesland (public holidays from the ``holidays`` package, municipal
holidays, closing days), deadlines in working days, calendar days, weeks and months
(§§187, 188, 193 BGB, §26 SGB X), traffic lights, and a numpy batch path.

Invalid input raises :class:`ValueError` with a German message that may be shown to users.
"""

from .batch import due_in_calendar_days_batch, due_in_working_days_batch
from .deadlines import (
    MAX_DAYS,
    MAX_MONTHS,
    MAX_WEEKS,
    add_months,
    add_weeks,
    due_in_calendar_days,
    due_in_months,
    due_in_working_days,
)
from .states import MUNICIPAL_OPTIONS, STATE_NAMES, STATES, municipal_options_for
from .traffic_light import DEFAULT_AMBER_SHARE, TrafficLight, amber_date, traffic_light
from .workcalendar import CLOSING_DAY_NAME, WorkCalendar, parse_closing_days

__all__ = [
    "CLOSING_DAY_NAME",
    "DEFAULT_AMBER_SHARE",
    "MAX_DAYS",
    "MAX_MONTHS",
    "MAX_WEEKS",
    "MUNICIPAL_OPTIONS",
    "STATES",
    "STATE_NAMES",
    "TrafficLight",
    "WorkCalendar",
    "add_months",
    "add_weeks",
    "amber_date",
    "due_in_calendar_days",
    "due_in_calendar_days_batch",
    "due_in_months",
    "due_in_working_days",
    "due_in_working_days_batch",
    "municipal_options_for",
    "parse_closing_days",
    "traffic_light",
]
