"""Periodic jobs of the ticket procedure (TKT-04, TKT-10, TKT-11, TKT-12)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from anliegen.core import clock
from anliegen.core.periodic import register
from anliegen.tickets import controlling

logger = logging.getLogger("anliegen.tickets")


@register(
    "tickets.violations",
    every=dt.timedelta(minutes=30),
    description="Count missed ticket deadlines and flag repeated overruns to the team lead.",
)
def violations() -> dict[str, Any]:
    return {
        "violations": controlling.detect_violations(),
        "flags": controlling.raise_overrun_flags(),
    }


@register(
    "tickets.retention",
    every=dt.timedelta(hours=12),
    description="Delete ticket completion records older than the retention period (TKT-10).",
)
def retention() -> dict[str, Any]:
    deleted = controlling.purge_completions()
    logger.info("ticket completion records deleted: %s", deleted)
    return {"deleted": deleted}


@register(
    "tickets.spot_checks",
    every=dt.timedelta(hours=12),
    description="Draw last month's Integration spot checks for the team leads (TKT-12).",
)
def spot_checks() -> dict[str, Any]:
    last_month = clock.today().replace(day=1) - dt.timedelta(days=1)
    return {"drawn": controlling.draw_spot_checks(month=last_month)}
