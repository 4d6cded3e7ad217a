"""The callback pages (SOC-05): booking on the call screen and in the OS calendar (purpose, one of
the free times of the customer's OS team, confirm), the OS calendar (day and week, places ×
times, a list at narrow widths), the callback page (outcome of an attempt, reschedule, cancel,
``.ics``, messages sent).

Who sees what: the OS teams see and work their team's callbacks (members, leads, area
management; management of the region all); the service centre's staff book and may open,
reschedule and cancel callbacks (a customer calls back to move one), but record no attempts.
Every write goes through ``servicecenter.callbacks`` — the same functions the API calls.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from anliegen.audit.actions import log_customer_view
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.models import Customer
from anliegen.customers.queries import get_customer_for
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks import messages as callback_messages
from anliegen.servicecenter.callbacks import place_views
from anliegen.servicecenter.callbacks import slots as callback_slots
from anliegen.servicecenter.callbacks.forms import (
    AttemptForm,
    BookForm,
    CancelForm,
    RescheduleForm,
    parse_start,
)
from anliegen.servicecenter.callbacks.models import (
    ACTIVE_STATUSES,
    Callback,
    CallbackStatus,
    Purpose,
    ServicePlace,
    Source,
)
from anliegen.web.export import Column, export_response
from anliegen.web.views.base import apply_errors, org_view, redirect

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: How many days with free times a booking block shows at once, and how far it looks ahead.
DAYS_SHOWN = 3
LOOKAHEAD_DAYS = 21


# --- Who may do what ------------------------------------------------------------------------


def get_callback_for(scope: Scope, item_id: int) -> Callback:
    """The callback of work item ``item_id`` if the actor sees it (the work kind's page)."""
    try:
        return callbacks.callbacks_visible_to(scope).get(item_id=item_id)
    except (Callback.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Callback not found.")) from None


def may_see_calendar(scope: Scope) -> bool:
    """The OS calendar: the OS teams (the same check as their special inbox)."""
    return queries.may_see_inbox(scope)


def may_book(scope: Scope) -> bool:
    return queries.is_sc_staff(scope) or may_see_calendar(scope)


def may_move(scope: Scope, callback: Callback) -> bool:
    """Rescheduling and cancelling: the OS team and the service centre's staff (the action
    checks the same); an attempted callback is not moved but booked anew."""
    return callbacks.may_book(scope, callback.team)


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


def _parse_day(value: str, default: dt.date) -> dt.date:
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
        block.booked = callbacks.callbacks_visible_to(scope).filter(item_id=int(booked_id)).first()
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
    first = max(_parse_day(request.GET.get("cb_from", ""), today), today)
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
    """Step 3, confirm: books through ``callbacks.book_callback``; on a refusal back to the
    times with the German message (nothing was booked)."""
    if not may_book(scope):
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
            by=scope.user,
            scope=scope,
            idempotency_key=data["idempotency_key"],
            request_hash=callbacks.request_hash(
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


# --- The OS calendar ------------------------------------------------------------------------


def places_on(team: Team, first: dt.date, last: dt.date) -> list[ServicePlace]:
    return list(
        ServicePlace.objects.filter(team=team, valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
        .select_related("person")
        .prefetch_related("windows", "exceptions")
        .order_by("name")
    )


@dataclass
class Cell:
    callbacks: list[Callback] = field(default_factory=list)
    open: bool = False


@dataclass
class Row:
    label: str
    start: dt.time
    cells: list[Cell]


def _window_spans(place: ServicePlace, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    exceptions = [e for e in place.exceptions.all() if e.day == day]
    if exceptions:
        return [(e.start, e.end) for e in exceptions if e.start and e.end]
    return [(w.start, w.end) for w in place.windows.all() if w.weekday == day.weekday()]


def day_grid(
    places: list[ServicePlace], items: list[Callback], day: dt.date, *, step: int = 30
) -> list[Row]:
    """Rows of ``step`` minutes from the earliest window or callback to the latest; a cell per
    place with the callbacks starting in it and whether the place is open then."""
    spans = {p.id: _window_spans(p, day) for p in places}
    times = [t for s in spans.values() for pair in s for t in pair]
    times += [c.local_start.time() for c in items] + [c.local_end.time() for c in items]
    if not times:
        return []
    first = dt.datetime.combine(day, min(times))
    first = first.replace(minute=first.minute - first.minute % step)
    last = dt.datetime.combine(day, max(times))
    rows: list[Row] = []
    index = {p.id: i for i, p in enumerate(places)}
    moment = first
    while moment < last:
        upto = moment + dt.timedelta(minutes=step)
        cells = [Cell(open=any(a <= moment.time() < b for a, b in spans[p.id])) for p in places]
        for c in items:
            start = c.local_start.replace(tzinfo=None)
            if moment <= start < upto and c.place_id in index:
                cells[index[c.place_id]].callbacks.append(c)
        rows.append(Row(moment.strftime("%H:%M"), moment.time(), cells))
        moment = upto
    return rows


def week_grid(
    places: list[ServicePlace], items: list[Callback], days: list[dt.date]
) -> list[tuple[ServicePlace, list[list[Callback]]]]:
    """A row per place, a cell per day with its callbacks."""
    cells: dict[tuple[int, dt.date], list[Callback]] = defaultdict(list)
    for c in items:
        cells[(c.place_id, clock.local_date(c.starts_at))].append(c)
    return [(p, [cells[(p.id, d)] for d in days]) for p in places]


@org_view
def calendar(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Day or week of one OS team's callbacks per place; OS staff book from here too."""
    if not may_see_calendar(scope):
        raise Forbidden(_("Only the operative services have a callback calendar."))
    teams = list(queries.os_teams(scope.organisation).filter(id__in=queries.os_team_ids(scope)))
    chosen = request.GET.get("team", "")
    team = next((t for t in teams if str(t.id) == chosen), teams[0])
    view = "week" if request.GET.get("view") == "week" else "day"
    today = clock.today()
    # On a weekend the calendar opens on Monday: callbacks are booked for working days only.
    default = today + dt.timedelta(days=max(0, 7 - today.weekday()) if today.weekday() >= 5 else 0)
    day = _parse_day(request.GET.get("day", ""), default)
    if view == "week":
        first = day - dt.timedelta(days=day.weekday())
        last = first + dt.timedelta(days=6)
        step = dt.timedelta(days=7)
    else:
        first = last = day
        step = dt.timedelta(days=1)
    show_cancelled = request.GET.get("cancelled") == "1"
    start, _end = queries.day_bounds(first)
    _start, end = queries.day_bounds(last)
    found = callbacks.callbacks_visible_to(scope).filter(
        team=team, starts_at__gte=start, starts_at__lt=end
    )
    if not show_cancelled:
        found = found.exclude(status=CallbackStatus.CANCELLED)
    items = list(found.order_by("starts_at", "place__name"))
    export = request.GET.get("export", "")
    if export:
        return export_response(
            items,
            EXPORT_COLUMNS,
            fmt=export,
            name=f"rueckrufe-{first.isoformat()}",
            title=_("Callbacks"),
        )
    places = places_on(team, first, last)
    week_days = [first + dt.timedelta(days=i) for i in range(7)]
    if view == "week":
        used = {clock.local_date(c.starts_at) for c in items}
        week_days = [d for d in week_days if d.weekday() < 5 or d in used]
    base = {"team": str(team.id), "view": view}
    if show_cancelled:
        base["cancelled"] = "1"

    def nav(target: dt.date, **extra: str) -> str:
        return f"?{urlencode({**base, 'day': target.isoformat(), **extra})}"

    number = request.GET.get("customer", "").strip()
    customer = None
    booking = None
    if number:
        try:
            customer = get_customer_for(scope, number, via="web", purpose="callback_booking")
        except NotFound:
            messages.error(request, _("No customer with this number."))
        else:
            booking = booking_block(
                request,
                scope,
                customer=customer,
                team=team,
                origin="calendar",
                base={**base, "day": day.isoformat(), "customer": number},
            )
    by_day: dict[dt.date, list[Callback]] = defaultdict(list)
    for c in items:
        by_day[clock.local_date(c.starts_at)].append(c)
    return render(
        request,
        "servicecenter/callbacks/calendar.html",
        {
            "section": "soc_callbacks",
            "teams": teams,
            "team": team,
            "view": view,
            "day": day,
            "first": first,
            "last": last,
            "today": today,
            "places": places,
            "items": items,
            "by_day": sorted(by_day.items()),
            "rows": day_grid(places, items, day) if view == "day" else [],
            "week": week_grid(places, items, week_days) if view == "week" else [],
            "week_days": week_days,
            "prev_url": nav(day - step),
            "next_url": nav(day + step),
            "today_url": nav(today),
            "day_url": f"?{urlencode({**base, 'view': 'day', 'day': day.isoformat()})}",
            "week_url": f"?{urlencode({**base, 'view': 'week', 'day': day.isoformat()})}",
            "show_cancelled": show_cancelled,
            "customer_number": number,
            "booking": booking,
            "may_manage": bool(place_views.managed_teams(scope)),
        },
    )


EXPORT_COLUMNS = (
    Column(gettext_lazy("Start"), lambda c: c.starts_at, 18),
    Column(gettext_lazy("End"), lambda c: c.ends_at, 18),
    Column(gettext_lazy("Service place"), lambda c: c.place.name, 18),
    Column(gettext_lazy("Customer number"), lambda c: c.customer.customer_number),
    Column(gettext_lazy("Customer"), lambda c: c.customer.display_name, 24),
    Column(gettext_lazy("Purpose"), lambda c: c.get_purpose_display(), 20),
    Column(gettext_lazy("Phone"), lambda c: c.phone),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
    Column(gettext_lazy("Outcome"), lambda c: c.get_outcome_display()),
    Column(gettext_lazy("Booked by"), lambda c: c.get_source_display()),
)


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
    may_reschedule = active and not attempts and may_move(scope, callback)
    times: list[DayTimes] = []
    moving = request.GET.get("verlegen") == "1" or reschedule_form is not None
    if may_reschedule and moving:
        first = max(_parse_day(request.GET.get("ab", ""), clock.today()), clock.today())
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
            "may_work": active and callbacks.may_record(scope, callback),
            "may_move": active and may_move(scope, callback),
            "may_calendar": may_see_calendar(scope),
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
    return _page(request, scope, get_callback_for(scope, item_id))


@org_view
@require_POST
def attempt(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    callback = get_callback_for(scope, item_id)
    if not callbacks.may_record(scope, callback):
        raise Forbidden(_("Only the callback's operative service records attempts."))
    form = AttemptForm(request.POST)
    if form.is_valid():
        try:
            callbacks.record_attempt(
                callback,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
                by=scope.user,
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
    callback = get_callback_for(scope, item_id)
    if not may_move(scope, callback):
        raise Forbidden(_("Only the operative service and the service centre move callbacks."))
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            callback = callbacks.reschedule_callback(
                callback, start=form.cleaned_data["start"], by=scope.user, scope=scope
            )
        except (InvalidInput, Conflict) as exc:
            form.add_error("start", exc.message)
        else:
            messages.success(
                request, _("The callback has been moved to %(when)s.") % {"when": when(callback)}
            )
            return redirect(request, detail_url(scope, callback))
    callback = get_callback_for(scope, item_id)
    return _page(request, scope, callback, reschedule_form=form, status=422)


@org_view
def cancel(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    """GET asks for confirmation, POST cancels."""
    callback = get_callback_for(scope, item_id)
    if not may_move(scope, callback) or callback.status not in ACTIVE_STATUSES:
        raise Forbidden(_("This callback cannot be cancelled (any more)."))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            callbacks.cancel_callback(
                callback, by=scope.user, scope=scope, reason=form.cleaned_data["reason"]
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
    return ics_response(get_callback_for(scope, item_id))
