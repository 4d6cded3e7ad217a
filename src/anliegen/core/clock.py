"""The one clock of anliegen (DESIGN habit 6).

The database stores UTC; deadlines and display use Europe/Berlin. Code never calls
``datetime.now()`` or ``date.today()`` directly: it asks this module, and tests travel in time
with time-machine.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in Berlin: the day deadlines are counted from."""
    return now().astimezone(BERLIN).date()


def local_date(moment: dt.datetime) -> dt.date:
    """The Berlin calendar date of an aware datetime (e.g. the day of receipt)."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, BERLIN)
    return moment.astimezone(BERLIN).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in Berlin, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=BERLIN)
