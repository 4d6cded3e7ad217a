"""Weekly contact capacity (KON-05) — pure arithmetic, no database.

- *Target*: ``consultations_per_week_fte`` × the case worker's working-time share (pro rata).
- *Derived*: ``weekly_hours_fte`` × share × ``presence_share`` × ``consultation_share`` / hours
  per consultation (``consultation_hours_basis`` in Basis teams, ``consultation_hours_active``
  in Aktivteams). It is shown beside the target; the plan uses the target.
- *Invitations*: customers do not always show up, so ``ceil(target / (1 − no-show rate))`` are
  invited. The rate is measured (see :func:`anliegen.contacts.queries.plan_for`); it is capped
  at :data:`MAX_NO_SHOW_RATE` so that a case worker whose customers never came still gets a
  finite plan.
- *Proposed* (KON-06): how many of them the weekly plan ticks in advance — no more than the
  capacity allows, the smaller of target and derived capacity, rounded down (*decision*: with a
  target of 25 and a derived capacity of 18.72, 18 are ticked; the case worker may tick more,
  up to the invitations, knowing that some will not come).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from anliegen.appointments.dates import parse_week
from anliegen.rules.schemas import ContactRules

MAX_NO_SHOW_RATE = 0.9
"""The highest no-show rate used for planning (the measured rate is reported unchanged)."""


@dataclass(frozen=True)
class Capacity:
    """KON-05 for one case worker and one week."""

    target: float
    derived: float
    no_show_rate: float
    invitations: int
    proposed: int = 0
    """How many customers the weekly plan ticks in advance (KON-06): within the capacity."""


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
    # round() first: 18.72 allows 18, and float noise must not take one away (12.0 is 12).
    proposed = min(invitations, math.floor(round(min(target, derived), 6)))
    return Capacity(
        target=round(target, 2),
        derived=round(derived, 2),
        no_show_rate=round(rate, 4),
        invitations=invitations,
        proposed=proposed,
    )


__all__ = ["MAX_NO_SHOW_RATE", "Capacity", "no_show_rate", "parse_week", "weekly_capacity"]
