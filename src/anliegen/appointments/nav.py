"""Navigation entry of the sites' opening hours (issue 9 defect 4, issue 10); ``visible`` is
``opening_hours.may_manage_sites``, the check of the page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anliegen.org.scope import Scope
from anliegen.web.navigation import NavEntry, register_nav_entry


def _may_manage_sites(scope: Scope) -> bool:
    from anliegen.appointments.opening_hours import may_manage_sites

    return may_manage_sites(scope)


def register() -> None:
    register_nav_entry(
        NavEntry("standorte", _("Sites"), "appointments:sites", _may_manage_sites, order=80)
    )
