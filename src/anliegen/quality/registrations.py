"""What the quality procedure plugs into the core and the services (called from ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from anliegen.appointments.hours_checks import register_opening_hours_check
    from anliegen.letters.kinds import register_letter_kind
    from anliegen.quality import access
    from anliegen.quality.checks import hours_warnings
    from anliegen.quality.invitations import INVITATION_LETTER
    from anliegen.web.navigation import NavEntry, register_nav_entry

    register_opening_hours_check("quality.qs01", hours_warnings)
    register_letter_kind(INVITATION_LETTER)
    register_nav_entry(
        NavEntry(
            code="qualitaet",
            label=_("Quality standards"),
            url_name="quality:overview",
            visible=access.may_view,
            order=60,
        )
    )
