"""Traffic lights of work items (FND-07): green, amber from a share of the time used, red when
overdue. The deadline itself (``due``) still counts as in time: red starts the day after."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Final, Literal

from .workcalendar import require_date

TrafficLight = Literal["green", "amber", "red"]

DEFAULT_AMBER_SHARE: Final = 0.8
"""[decision] Amber from 80 % of the time used (FND-07); configurable per rule."""


def amber_date(start: dt.date, due: dt.date, share: float = DEFAULT_AMBER_SHARE) -> dt.date:
    """The first day on which an item running from ``start`` to ``due`` counts as amber:
    ``start + ceil(share · (due − start))`` days, within ``[start, due]``.

    ``share`` is taken as the decimal the user entered (0.7 means exactly 7/10), so binary
    rounding never moves the day.
    """
    require_date(start)
    require_date(due)
    if isinstance(share, bool) or not isinstance(share, int | float):
        raise ValueError("Der Anteil für Gelb muss eine Zahl sein.")
    if not (math.isfinite(share) and 0 < share <= 1):
        raise ValueError("Der Anteil für Gelb muss größer als 0 und höchstens 1 sein.")
    if due < start:
        raise ValueError("Das Fristende darf nicht vor dem Fristbeginn liegen.")
    # 0 < share <= 1 (read as the decimal entered), so 0 <= offset <= span: within [start, due].
    offset = math.ceil(Fraction(str(share)) * (due - start).days)
    return start + dt.timedelta(days=offset)


def traffic_light(today: dt.date, due: dt.date, amber_from: dt.date) -> TrafficLight:
    """``"red"`` after the due day, ``"amber"`` from ``amber_from`` on, else ``"green"``."""
    require_date(today)
    require_date(due)
    require_date(amber_from)
    if today > due:
        return "red"
    if today >= amber_from:
        return "amber"
    return "green"
