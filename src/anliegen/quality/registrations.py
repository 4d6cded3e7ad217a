"""What the quality procedure plugs into the core and the services (called from ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from anliegen.appointments.hours_checks import register_opening_hours_check
    from anliegen.letters.kinds import register_letter_kind
    from anliegen.quality import access, service_views, standards, work_kinds
    from anliegen.quality.checks import hours_warnings
    from anliegen.quality.invitations import INVITATION_LETTER
    from anliegen.web.navigation import NavEntry, register_nav_entry
    from anliegen.work.kinds import register as register_work_kind

    register_opening_hours_check("quality.qs01", hours_warnings)
    register_work_kind(work_kinds.URGENT_VISIT)
    register_work_kind(work_kinds.CALL_NOTE)
    standards.register()
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
    register_nav_entry(
        NavEntry(
            code="qualitaet_dringend",
            label=_("Urgent visit"),
            url_name="quality:urgent",
            visible=access.may_record_urgent,
            order=61,
        )
    )
    register_nav_entry(
        NavEntry(
            code="qualitaet_stunden",
            label=_("Employer hours"),
            url_name="quality:hours",
            visible=service_views.may_book,
            order=62,
        )
    )
