"""How long an appointment lasts (extension point).

The calendar knows no procedure. A procedure that knows better than the default how long its
appointments last (contact density: 1 h in Basis teams, 0.75 h in Aktivteams, KON-05) registers
a function from its ``AppConfig.ready()``; the first one that answers (not ``None``) decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from anliegen.org.models import Organisation, User

DEFAULT_MINUTES = 60
"""The length of an appointment when no procedure says otherwise."""
MINIMUM_MINUTES = 5

LengthPolicy = Callable[[Organisation, User, dt.date], int | None]

_POLICIES: list[LengthPolicy] = []


def register_length_policy(policy: LengthPolicy) -> LengthPolicy:
    """Subscribe ``policy(organisation, case_worker, day) -> minutes | None``. Idempotent."""
    if policy not in _POLICIES:
        _POLICIES.append(policy)
    return policy


def appointment_minutes(organisation: Organisation, case_worker: User, day: dt.date) -> int:
    """The length of the case worker's appointments on ``day``, in minutes."""
    for policy in list(_POLICIES):
        minutes = policy(organisation, case_worker, day)
        if minutes is not None:
            return max(MINIMUM_MINUTES, minutes)
    return DEFAULT_MINUTES
