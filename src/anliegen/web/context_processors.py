"""Template context shared by every page: the organisations of the user, unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from anliegen.org.scope import organisations_for

    return {
        "nav_organisations": list(organisations_for(user)[:20]),
        "nav_unread": user.notifications.filter(read_at__isnull=True).count(),  # type: ignore[attr-defined]
    }
