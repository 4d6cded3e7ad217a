"""Benachrichtigungen: the user's in-app notifications in this organisation (FND-11)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anliegen.org.scope import Scope
from anliegen.web.views.base import org_view, paginate, redirect
from anliegen.web.work_forms import DigestForm
from anliegen.work import kinds
from anliegen.work.actions import mark_read
from anliegen.work.messages import notification_text
from anliegen.work.models import Notification
from anliegen.work.preferences import set_digest, wants_digest


def _mine(scope: Scope) -> QuerySet[Notification]:
    return Notification.objects.filter(user=scope.user, organisation=scope.organisation)


@org_view
def notifications(request: HttpRequest, scope: Scope) -> HttpResponse:
    related = ["item__customer", *(f"item__{path}" for path in kinds.related_paths())]
    page = paginate(request, _mine(scope).select_related(*related))
    slug = scope.organisation.slug
    rows = [
        {
            "notification": n,
            "text": notification_text(n),
            # the item's page from the kind registry (issue 9), if the viewer may still see it
            "url": kinds.url_for(n.item, slug) if n.item is not None else "",
        }
        for n in page.object_list
    ]
    context = {
        "section": "benachrichtigungen",
        "page": page,
        "rows": rows,
        "unread": _mine(scope).filter(read_at__isnull=True).count(),
        "digest_form": DigestForm(initial={"digest": wants_digest(scope.user)}),
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


@org_view
def digest_preference(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Opt in or out of the daily digest e-mail (issue 9)."""
    url = reverse("web:notifications", args=[scope.organisation.slug])
    if request.method == "POST":
        form = DigestForm(request.POST)
        enabled = bool(form.is_valid() and form.cleaned_data["digest"])
        set_digest(actor=scope.user, scope=scope, enabled=enabled)
        messages.success(
            request,
            _("You will receive the daily digest.")
            if enabled
            else _("You will no longer receive the daily digest."),
        )
    return redirect(request, url)
