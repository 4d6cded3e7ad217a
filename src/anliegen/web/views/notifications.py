"""Benachrichtigungen: the user's in-app notifications in this organisation (FND-11)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext

from anliegen.org.scope import Scope
from anliegen.web.views.base import org_view, paginate, redirect
from anliegen.work.actions import mark_read
from anliegen.work.messages import notification_text
from anliegen.work.models import Notification


def _mine(scope: Scope) -> QuerySet[Notification]:
    return Notification.objects.filter(user=scope.user, organisation=scope.organisation)


@org_view
def notifications(request: HttpRequest, scope: Scope) -> HttpResponse:
    page = paginate(request, _mine(scope).select_related("item__customer"))
    rows = [{"notification": n, "text": notification_text(n)} for n in page.object_list]
    context = {
        "section": "benachrichtigungen",
        "page": page,
        "rows": rows,
        "unread": _mine(scope).filter(read_at__isnull=True).count(),
    }
    return render(request, "web/notifications.html", context)


@org_view
def notifications_read(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Mark one notification (``notification``) or all of them (``all``) as read."""
    url = reverse("web:notifications", args=[scope.organisation.slug])
    if request.method != "POST":
        return redirect(request, url)
    if request.POST.get("all"):
        selected = _mine(scope)
    else:
        ids = [int(v) for v in request.POST.getlist("notification") if v.isdigit()]
        selected = _mine(scope).filter(id__in=ids)
    count = mark_read(actor=scope.user, notifications=selected)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    page = request.POST.get("page", "")
    return redirect(request, url + (f"?page={page}" if page.isdigit() else ""))
