"""Template context shared by every page: the user's organisations, the current organisation and
what its navigation shows, and the number of unread notifications.

The navigation comes from the registry in :mod:`anliegen.web.navigation`: each procedure and
service registers its entries with the check its own page applies, so this module knows none of
them by name (issue 10) and no role sees a link it cannot open (issue 9, defect 4).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

PORTAL_PREFIX = "/portal/"


def is_portal(request: HttpRequest) -> bool:
    """A public page: the complaint form, its thanks page and everything else under /portal/."""
    return request.path.startswith(PORTAL_PREFIX)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if is_portal(request):
        # Public pages (and their error pages) show citizens no staff links (issue 9, defect 3).
        return {"is_portal": True}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from anliegen.org.scope import organisations_for
    from anliegen.web.navigation import nav_links
    from anliegen.web.search import search_available
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
            nav_links=nav_links(scope),
            nav_search=search_available(scope),
        )
    context["nav_unread"] = unread.count()
    return context
