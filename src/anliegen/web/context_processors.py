"""Template context shared by every page: the user's organisations, the current organisation and
what its navigation shows, and the number of unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from anliegen.appointments.opening_hours import may_manage_sites
    from anliegen.letters.letter_templates import may_manage_templates
    from anliegen.org.scope import organisations_for
    from anliegen.reactions.reports import may_see_reports
    from anliegen.web.navigation import nav_links
    from anliegen.work.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    context: dict[str, Any] = {
        "nav_organisations": list(organisations_for(user)[:20]),
        "nav_is_staff": user.is_staff,
    }
    scope = getattr(request, "scope", None)
    if scope is not None:
        unread = unread.filter(organisation=scope.organisation)
        context.update(
            nav_org=scope.organisation,
            nav_is_lead=scope.is_lead,
            nav_may_see_customers=scope.may_see_customers,
            # Each domain states who may use its pages; the navigation only asks.
            nav_may_see_krm_reports=may_see_reports(scope),
            nav_may_manage_templates=may_manage_templates(scope),
            nav_may_manage_sites=may_manage_sites(scope),
            # Entries the procedures registered (web/navigation.py), each with its own check.
            nav_links=nav_links(scope),
        )
    context["nav_unread"] = unread.count()
    return context
