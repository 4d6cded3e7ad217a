"""The callback page (SOC-05): outcome of an attempt, reschedule, cancel, ``.ics``, messages sent.

Who sees what: the OS teams see and work their team's callbacks (members, leads, area
management; management of the region all); the service centre's staff book and may open,
reschedule and cancel callbacks (a customer calls back to move one), but record no attempts.
Who may is decided in ``callbacks.access``; every write goes through ``callbacks.actions`` — the
same functions the API calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from anliegen.audit.actions import log_customer_view
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.org.scope import Scope
from anliegen.servicecenter.callbacks import access
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks import messages as callback_messages
from anliegen.servicecenter.callbacks.booking_views import (
    DayTimes,
    days_with_times,
    detail_url,
    parse_day,
    purpose_label,
    when,
)
from anliegen.servicecenter.callbacks.forms import (
    AttemptForm,
    CancelForm,
    RescheduleForm,
)
from anliegen.servicecenter.callbacks.models import (
    ACTIVE_STATUSES,
    Callback,
)
from anliegen.web.views.base import apply_errors, org_view, redirect

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# --- The callback page --------------------------------------------------------------------

EVENT_LABELS: dict[str, StrOrPromise] = {
    callback_messages.Event.BOOKED: gettext_lazy("Confirmation of the appointment"),
    callback_messages.Event.RESCHEDULED: gettext_lazy("New time"),
    callback_messages.Event.CANCELLED: gettext_lazy("Cancellation"),
    callback_messages.Event.NOT_REACHED: gettext_lazy("Not reached"),
}


def _page(
    request: HttpRequest,
    scope: Scope,
    callback: Callback,
    *,
    attempt_form: AttemptForm | None = None,
    reschedule_form: RescheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    log_customer_view(actor=scope.user, customer=callback.customer, via="web", purpose="callback")
    active = callback.status in ACTIVE_STATUSES
    attempts = list(callback.attempts.select_related("by").order_by("number"))
    may_reschedule = active and not attempts and access.may_book(scope, callback.team)
    times: list[DayTimes] = []
    moving = request.GET.get("verlegen") == "1" or reschedule_form is not None
    if may_reschedule and moving:
        first = max(parse_day(request.GET.get("ab", ""), clock.today()), clock.today())
        times = days_with_times(callback.team, callback.purpose, first, days=5)
    return render(
        request,
        "servicecenter/callbacks/detail.html",
        {
            "section": "soc_callbacks",
            "callback": callback,
            "when": when(callback),
            "purpose": purpose_label(callback.purpose),
            "active": active,
            "attempts": attempts,
            "may_reschedule": may_reschedule,
            "sent": [
                (m, EVENT_LABELS.get(m.event, m.event))
                for m in callback.messages.order_by("created_at", "id")
            ],
            "may_work": active and access.may_record(scope, callback),
            "may_move": active and access.may_book(scope, callback.team),
            "may_calendar": access.may_see_calendar(scope),
            "moving": moving,
            "times": times,
            "attempt_form": attempt_form or AttemptForm(),
            "reschedule_form": reschedule_form or RescheduleForm(),
            "calendar_url": reverse("servicecenter:callbacks", args=[scope.organisation.slug])
            + "?"
            + urlencode(
                {
                    "team": str(callback.team_id),
                    "day": clock.local_date(callback.starts_at).isoformat(),
                }
            ),
        },
        status=status,
    )


@org_view
def detail(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    return _page(request, scope, access.get_callback_of_item(scope, item_id))


@org_view
@require_POST
def attempt(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    callback = access.get_callback_of_item(scope, item_id)
    if not access.may_record(scope, callback):
        raise Forbidden(_("Only the callback's operative service records attempts."))
    form = AttemptForm(request.POST)
    if form.is_valid():
        try:
            callbacks.record_attempt(
                callback,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
                actor=scope.user,
                scope=scope,
            )
        except (InvalidInput, Conflict) as exc:
            if isinstance(exc, InvalidInput):
                apply_errors(form, exc)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("The attempt has been recorded."))
            return redirect(request, detail_url(scope, callback))
    return _page(request, scope, callback, attempt_form=form, status=422)


@org_view
@require_POST
def reschedule(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    callback = access.get_callback_of_item(scope, item_id)
    if not access.may_book(scope, callback.team):
        raise Forbidden(_("Only the operative service and the service centre move callbacks."))
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            callback = callbacks.reschedule_callback(
                callback, start=form.cleaned_data["start"], actor=scope.user, scope=scope
            )
        except (InvalidInput, Conflict) as exc:
            form.add_error("start", exc.message)
        else:
            messages.success(
                request, _("The callback has been moved to %(when)s.") % {"when": when(callback)}
            )
            return redirect(request, detail_url(scope, callback))
    callback = access.get_callback_of_item(scope, item_id)
    return _page(request, scope, callback, reschedule_form=form, status=422)


@org_view
def cancel(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    """GET asks for confirmation, POST cancels."""
    callback = access.get_callback_of_item(scope, item_id)
    if not access.may_book(scope, callback.team) or callback.status not in ACTIVE_STATUSES:
        raise Forbidden(_("This callback cannot be cancelled (any more)."))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            callbacks.cancel_callback(
                callback, actor=scope.user, scope=scope, reason=form.cleaned_data["reason"]
            )
        except (InvalidInput, Conflict) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The callback has been cancelled."))
            return redirect(request, detail_url(scope, callback))
    return render(
        request,
        "servicecenter/callbacks/cancel.html",
        {"section": "soc_callbacks", "callback": callback, "when": when(callback), "form": form},
        status=422 if form.errors else 200,
    )


def ics_response(callback: Callback) -> HttpResponse:
    response = HttpResponse(
        callback_messages.ics_file(callback), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="rueckruf-{callback.item_id}.ics"'
    return response


@org_view
def ics(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    return ics_response(access.get_callback_of_item(scope, item_id))
