"""The OS calendar of callbacks (SOC-05): day and week of one OS team, places × times, a list at
narrow widths, CSV/XLSX export; OS staff book from here too."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.core import clock
from anliegen.core.errors import Forbidden, NotFound
from anliegen.customers.queries import get_customer_for
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import access, place_views
from anliegen.servicecenter.callbacks.booking_views import (
    Booking,
    booking_block,
    parse_day,
)
from anliegen.servicecenter.callbacks.models import (
    Callback,
    CallbackStatus,
    ServicePlace,
)
from anliegen.web.export import Column, export_response
from anliegen.web.views.base import org_view

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


@dataclass(frozen=True)
class Span:
    """The days the calendar shows: ``view`` "day" or "week" around ``day``."""

    view: str
    day: dt.date
    first: dt.date
    last: dt.date
    step: dt.timedelta


def _span(request: HttpRequest) -> Span:
    view = "week" if request.GET.get("view") == "week" else "day"
    today = clock.today()
    # On a weekend the calendar opens on Monday: callbacks are booked for working days only.
    default = today + dt.timedelta(days=max(0, 7 - today.weekday()) if today.weekday() >= 5 else 0)
    day = parse_day(request.GET.get("day", ""), default)
    if view == "week":
        first = day - dt.timedelta(days=day.weekday())
        return Span(view, day, first, first + dt.timedelta(days=6), dt.timedelta(days=7))
    return Span(view, day, day, day, dt.timedelta(days=1))


def _callbacks_in(scope: Scope, team: Team, span: Span, *, show_cancelled: bool) -> list[Callback]:
    start, _end = queries.day_bounds(span.first)
    _start, end = queries.day_bounds(span.last)
    found = access.callbacks_visible_to(scope).filter(
        team=team, starts_at__gte=start, starts_at__lt=end
    )
    if not show_cancelled:
        found = found.exclude(status=CallbackStatus.CANCELLED)
    return list(found.order_by("starts_at", "place__name"))


def _booking(
    request: HttpRequest, scope: Scope, team: Team, base: dict[str, str], number: str
) -> Booking | None:
    """The booking block for the customer number typed into the calendar, if any."""
    if not number:
        return None
    try:
        customer = get_customer_for(scope, number, via="web", purpose="callback_booking")
    except NotFound:
        messages.error(request, _("No customer with this number."))
        return None
    return booking_block(request, scope, customer=customer, team=team, origin="calendar", base=base)


@org_view
def calendar(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Day or week of one OS team's callbacks per place; OS staff book from here too."""
    if not access.may_see_calendar(scope):
        raise Forbidden(_("Only the operative services have a callback calendar."))
    teams = list(queries.os_teams(scope.organisation).filter(id__in=queries.os_team_ids(scope)))
    chosen = request.GET.get("team", "")
    team = next((t for t in teams if str(t.id) == chosen), teams[0])
    span = _span(request)
    show_cancelled = request.GET.get("cancelled") == "1"
    items = _callbacks_in(scope, team, span, show_cancelled=show_cancelled)
    export = request.GET.get("export", "")
    if export:
        return export_response(
            items,
            EXPORT_COLUMNS,
            fmt=export,
            name=f"rueckrufe-{span.first.isoformat()}",
            title=_("Callbacks"),
        )
    places = places_on(team, span.first, span.last)
    week_days = [span.first + dt.timedelta(days=i) for i in range(7)]
    if span.view == "week":
        used = {clock.local_date(c.starts_at) for c in items}
        week_days = [d for d in week_days if d.weekday() < 5 or d in used]
    base = {"team": str(team.id), "view": span.view}
    if show_cancelled:
        base["cancelled"] = "1"
    day, today = span.day, clock.today()

    def nav(target: dt.date, **extra: str) -> str:
        return f"?{urlencode({**base, 'day': target.isoformat(), **extra})}"

    number = request.GET.get("customer", "").strip()
    booking = _booking(
        request, scope, team, {**base, "day": day.isoformat(), "customer": number}, number
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
            "view": span.view,
            "day": day,
            "first": span.first,
            "last": span.last,
            "today": today,
            "places": places,
            "items": items,
            "by_day": sorted(by_day.items()),
            "rows": day_grid(places, items, day) if span.view == "day" else [],
            "week": week_grid(places, items, week_days) if span.view == "week" else [],
            "week_days": week_days,
            "prev_url": nav(day - span.step),
            "next_url": nav(day + span.step),
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
