"""What the quality procedure plugs into the core and the services (called from ``ready()``)."""

from __future__ import annotations


def register_all() -> None:
    from anliegen.appointments.hours_checks import register_opening_hours_check
    from anliegen.quality.checks import hours_warnings

    register_opening_hours_check("quality.qs01", hours_warnings)
