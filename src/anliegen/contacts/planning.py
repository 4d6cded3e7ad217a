"""Weekly contact capacity (KON-05) — pure arithmetic, no database.

- *Target*: ``consultations_per_week_fte`` × the case worker's working-time share (pro rata).
- *Derived*: ``weekly_hours_fte`` × share × ``presence_share`` × ``consultation_share`` / hours
  per consultation (``consultation_hours_basis`` in Basis teams, ``consultation_hours_active``
  in Aktivteams). It is shown beside the target; the plan uses the target.
- *Invitations*: customers do not always show up, so ``ceil(target / (1 − no-show rate))`` are
  invited. The rate is measured (see :func:`anliegen.contacts.queries.plan_for`); it is capped
  at :data:`MAX_NO_SHOW_RATE` so that a case worker whose customers never came still gets a
  finite plan.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.rules.schemas import ContactRules

_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")

MAX_NO_SHOW_RATE = 0.9
"""The highest no-show rate used for planning (the measured rate is reported unchanged)."""


@dataclass(frozen=True)
class Capacity:
    """KON-05 for one case worker and one week."""

    target: float
    derived: float
    no_show_rate: float
    invitations: int


def no_show_rate(no_shows: int, shows: int) -> float:
    """no-shows / (no-shows + consultations); 0 without data."""
    total = no_shows + shows
    return no_shows / total if total else 0.0


def weekly_capacity(
    rules: ContactRules,
    fte: Decimal | float,
    *,
    active: bool = False,
    no_shows: int = 0,
    shows: int = 0,
) -> Capacity:
    """Target, derived capacity and number of invitations (KON-05)."""
    share = float(fte)
    target = rules.consultations_per_week_fte * share
    hours = rules.consultation_hours_active if active else rules.consultation_hours_basis
    derived = (
        rules.weekly_hours_fte * share * rules.presence_share * rules.consultation_share / hours
    )
    rate = no_show_rate(no_shows, shows)
    # round() first: float noise must not add an invitation (12.5 / 1.0 is 13, not 14).
    invitations = math.ceil(round(target / (1 - min(rate, MAX_NO_SHOW_RATE)), 6))
    return Capacity(
        target=round(target, 2),
        derived=round(derived, 2),
        no_show_rate=round(rate, 4),
        invitations=invitations,
    )


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
