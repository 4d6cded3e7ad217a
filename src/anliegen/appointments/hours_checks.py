"""Checks that run whenever a site's opening hours are saved (QS-01: "save with a warning,
never silently").

The appointments service stores opening hours but does not know the standards they are held
against; a procedure registers a check from its ``AppConfig.ready()``. A check takes the site
whose hours were just saved and returns German warnings (empty when all is well). The opening-
hours page shows them after saving and the API returns them with the saved hours. A check
never blocks the save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anliegen.org.models import Site

OpeningHoursCheck = Callable[["Site"], list[str]]

_CHECKS: dict[str, OpeningHoursCheck] = {}


def register_opening_hours_check(code: str, check: OpeningHoursCheck) -> OpeningHoursCheck:
    existing = _CHECKS.get(code)
    if existing is not None and existing is not check:
        raise ValueError(f"opening-hours check {code!r} is already registered")
    _CHECKS[code] = check
    return check


def warnings_for(site: Site) -> list[str]:
    """Every registered check's warnings for ``site``, in registration order."""
    return [warning for check in _CHECKS.values() for warning in check(site)]
