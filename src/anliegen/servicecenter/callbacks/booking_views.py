"""Booking a callback on the pages (SOC-05): the block "Rückruf vereinbaren" of the call screen
and the OS calendar (purpose, one of the free times of the customer's OS team, confirm) and its
confirm step. Every write goes through ``servicecenter.callbacks.actions``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.models import Customer
from anliegen.customers.queries import get_customer_for
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import access, checks
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks import slots as callback_slots
from anliegen.servicecenter.callbacks.forms import (
    BookForm,
    parse_start,
)
from anliegen.servicecenter.callbacks.models import (
    Callback,
    Purpose,
    Source,
)
from anliegen.web.views.base import org_view, redirect

#: How many days with free times a booking block shows at once, and how far it looks ahead.
DAYS_SHOWN = 3
LOOKAHEAD_DAYS = 21

# --- Free times as the pages show them -----------------------------------------------------


def purpose_label(purpose: str, organisation: Any = None, on: dt.date | None = None) -> str:
    label = str(Purpose(purpose).label)
    if organisation is None:
        return label
    minutes = callback_slots.callback_minutes(organisation, purpose, on or clock.today())
    return _("%(purpose)s (%(minutes)s min)") % {"purpose": label, "minutes": minutes}


@dataclass
class DayTimes:
    day: dt.date
    times: list[callback_slots.FreeTime]


def days_with_times(
    team: Team, purpose: str, first_day: dt.date, *, days: int = DAYS_SHOWN
) -> list[DayTimes]:
    """The first ``days`` days from ``first_day`` on that have free times, with their times."""
    free = callback_slots.free_times(
        team, purpose, first_day, first_day + dt.timedelta(days=LOOKAHEAD_DAYS)
    )
    grouped: dict[dt.date, list[callback_slots.FreeTime]] = defaultdict(list)
    for time in free:
        grouped[clock.local_date(time.start)].append(time)
    return [DayTimes(day, grouped[day]) for day in sorted(grouped)[:days]]


def when(callback: Callback) -> str:
    """„Di., 08.12.2026, 10:00–10:30 Uhr“."""
    start, end = callback.local_start, callback.local_end
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": formats.date_format(start, "D, d.m.Y"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(clock.BERLIN).isoformat()


def parse_day(value: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


@dataclass
class Booking:
    """The booking block of a page: step 1 purpose, step 2 a free time, step 3 confirm."""

    customer: Customer
    team: Team | None
    origin: str
    base: dict[str, str]
    purposes: list[tuple[str, str, str, bool]] = field(default_factory=list)
    purpose: str = ""
    days: list[tuple[DayTimes, list[tuple[callback_slots.FreeTime, str]]]] = field(
        default_factory=list
    )
    later_url: str = ""
    start: dt.datetime | None = None
    start_label: str = ""
    form: BookForm | None = None
    booked: Callback | None = None


def _url(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v})}#rueckruf"


def booking_block(
    request: HttpRequest,
    scope: Scope,
    *,
    customer: Customer,
    team: Team | None,
    origin: str,
    base: dict[str, str],
    call_ref: str = "",
) -> Booking:
    """The booking block for ``customer`` with ``team``'s free times, driven by the page's GET
    parameters ``cb_purpose``, ``cb_from`` and ``cb_start`` (links, so it works without JS;
    htmx swaps only the block). ``base`` are the host page's own parameters."""
    path = request.path
    block = Booking(customer=customer, team=team, origin=origin, base=base)
    booked_id = request.GET.get("rueckruf", "")
    if booked_id.isdigit():
        block.booked = access.callbacks_visible_to(scope).filter(item_id=int(booked_id)).first()
    if team is None:
        return block
    purpose = request.GET.get("cb_purpose", "")
    block.purpose = purpose if purpose in Purpose.values else ""
    today = clock.today()
    for code in Purpose.values:
        block.purposes.append(
            (
                code,
                purpose_label(code, scope.organisation, today),
                _url(path, {**base, "cb_purpose": code}),
                code == block.purpose,
            )
        )
    if not block.purpose:
        return block
    first = max(parse_day(request.GET.get("cb_from", ""), today), today)
    days = days_with_times(team, block.purpose, first)
    params = {**base, "cb_purpose": block.purpose}
    block.days = [
        (d, [(t, _url(path, {**params, "cb_start": _iso(t.start)})) for t in d.times]) for d in days
    ]
    if days:
        later = days[-1].day + dt.timedelta(days=1)
        block.later_url = _url(path, {**params, "cb_from": later.isoformat()})
    start = parse_start(request.GET.get("cb_start", ""))
    if start is None:
        return block
    block.start = start
    minutes = callback_slots.callback_minutes(scope.organisation, block.purpose, start.date())
    local = start.astimezone(clock.BERLIN)
    block.start_label = _("%(day)s, %(start)s–%(end)s") % {
        "day": formats.date_format(local, "D, d.m.Y"),
        "start": local.strftime("%H:%M"),
        "end": (local + dt.timedelta(minutes=minutes)).strftime("%H:%M"),
    }
    block.form = BookForm(
        initial={
            "customer": customer.customer_number,
            "team": team.id,
            "purpose": block.purpose,
            "start": _iso(start),
            "origin": origin,
            "call_ref": call_ref,
            "idempotency_key": uuid.uuid4().hex,
            "phone": customer.phone,
            "email": customer.email,
        }
    )
    return block


def _back_params(form: BookForm) -> dict[str, str]:
    data = form.data
    params = {"customer": str(data.get("customer", ""))}
    if data.get("origin") == "calendar":
        params["team"] = str(data.get("team", ""))
    if data.get("call_ref"):
        params["call"] = str(data.get("call_ref"))
    if data.get("topic"):
        params["topic"] = str(data.get("topic"))
    return params


def _host(scope: Scope, origin: str) -> str:
    name = "servicecenter:call" if origin == "call" else "servicecenter:callbacks"
    return reverse(name, args=[scope.organisation.slug])


@org_view
@require_POST
def book(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Step 3, confirm: books through ``callbacks.actions.book_callback``; on a refusal back to the
    times with the German message (nothing was booked)."""
    if not access.may_book_any(scope):
        raise Forbidden(_("Only the service centre and the operative services book callbacks."))
    form = BookForm(request.POST)
    origin = "calendar" if request.POST.get("origin") == "calendar" else "call"
    back = _back_params(form)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(
            request,
            _url(_host(scope, origin), {**back, "cb_purpose": str(form.data.get("purpose", ""))}),
        )
    data = form.cleaned_data
    customer = get_customer_for(scope, data["customer"], via=None)
    team = queries.os_teams(scope.organisation).filter(id=data["team"]).first()
    if team is None or (origin == "calendar" and team.id not in queries.os_team_ids(scope)):
        raise NotFound(_("Team not found."))
    try:
        callback = callbacks.book_callback(
            organisation=scope.organisation,
            team=team,
            purpose=data["purpose"],
            start=data["start"],
            customer=customer,
            phone=data["phone"],
            email=data["email"],
            note=data["note"],
            call_ref=data["call_ref"],
            source=Source.AGENT if origin == "call" else Source.OS,
            actor=scope.user,
            scope=scope,
            idempotency_key=data["idempotency_key"],
            request_hash=checks.request_hash(
                team=team.id,
                purpose=data["purpose"],
                start=data["start"],
                customer_number=customer.customer_number,
                phone=data["phone"],
                call_ref=data["call_ref"],
            ),
        )
    except (InvalidInput, Conflict) as exc:
        messages.error(request, exc.message)
        return redirect(
            request, _url(_host(scope, origin), {**back, "cb_purpose": data["purpose"]})
        )
    messages.success(request, _("Callback booked for %(when)s.") % {"when": when(callback)})
    if origin == "call":
        return redirect(
            request, _url(_host(scope, origin), {**back, "rueckruf": str(callback.item_id)})
        )
    return redirect(request, detail_url(scope, callback))


def detail_url(scope: Scope, callback: Callback) -> str:
    return reverse("servicecenter:callback", args=[scope.organisation.slug, callback.item_id])
