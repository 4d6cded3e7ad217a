"""KPIs of the service centre (SOC-08): by ISO week (Europe/Berlin), for the region, a centre, a
team or an agent.

* **Alg calls** and **FCR two ways**: the agent's flag (``CallRecord.resolved``) and a verified
  rate. An Alg call counts as verified resolved when the same customer had no repeat contact on
  the same topic within ``fcr_repeat_days`` (7) after the call's start — the boundary included —
  on any channel: another call on the Alg topic, a callback for a benefits consultation (not
  cancelled), a processing order, or a ticket of that customer (a ``work.WorkItem`` of kind
  ``ticket``; tickets and processing orders carry no topic and all count). [decision] A contact
  that the call itself caused (the callback it booked, the order it sent) is a repeat contact:
  the customer's concern was not settled in the first one. Calls without a customer number
  cannot be verified: they are left out of the verified rate and shown as a count of their own.
* **Share of qualified agents** as routing counts it (skill ``soc_l``, training and access
  dates come) on the week's last day (today for the running week), over today's agents.
* **Callbacks** booked in the week and reached at the first attempt (of those with an outcome,
  by start); **processing orders** due in the week and completed on time (of those completed
  or overdue). Below the region they count what the unit's agents booked or sent.
* **Slot supply per OS** over the period: minutes offered by the service places' windows (site
  calendar, exceptions, absences of the person behind a place), minutes booked, utilisation,
  and days until the next free time for the shortest callback.

The call figures come from the weekly aggregate :class:`KpiWeek`, computed per week by one
set-based query per figure (:func:`compute_week`; stored by ``kpis.actions.refresh_week``): on
first read, then by the periodic job ``servicecenter.kpi_weeks`` until the week's repeat window
has passed (then it is final) or when ``calls.record_call`` stored a call into an already
computed week (``kpis.actions.touch_week``). The report over the units is ``kpis.report``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.models import Organisation
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks.models import (
    Callback,
    CallbackStatus,
    Outcome,
    Purpose,
)
from anliegen.servicecenter.models import CallRecord, ProcessingOrder
from anliegen.servicecenter.rules import ServiceCentreRules, rules_in_force
from anliegen.work.models import Kind, Status, WorkItem

DEFAULT_WEEKS = 12
MAX_WEEKS = 157  # three years


# --- Weeks and periods ------------------------------------------------------------------------


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_label(week: dt.date) -> str:
    """ISO notation, e.g. ``2026-W49``."""
    year, number, _day = week.isocalendar()
    return f"{year}-W{number:02d}"


def week_short(week: dt.date) -> str:
    """The German short form, e.g. ``KW 49/2026``."""
    year, number, _day = week.isocalendar()
    return f"KW {number}/{year}"


def week_bounds(week: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 until the next Monday 00:00, Berlin wall time (half-open)."""
    return clock.start_of_day(week), clock.start_of_day(week + dt.timedelta(days=7))


@dataclass(frozen=True)
class Period:
    """Whole ISO weeks: ``start`` is a Monday, ``end`` a Sunday."""

    start: dt.date
    end: dt.date

    @property
    def weeks(self) -> list[dt.date]:
        count = (self.end - self.start).days // 7 + 1
        return [self.start + dt.timedelta(days=7 * i) for i in range(count)]


def default_period(today: dt.date | None = None) -> Period:
    """The running week and the eleven before it."""
    this = monday(today or clock.today())
    return Period(this - dt.timedelta(days=7 * (DEFAULT_WEEKS - 1)), this + dt.timedelta(days=6))


def _date(value: str | dt.date | None, field_name: str, errors: dict[str, str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field_name] = _("Enter a date as YYYY-MM-DD.")
        return None


def parse_period(start: str | dt.date | None, end: str | dt.date | None) -> Period:
    """The ISO weeks from the week of ``start`` to the week of ``end`` (default: the last 12)."""
    errors: dict[str, str] = {}
    first = _date(start, "from", errors)
    last = _date(end, "to", errors)
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    default = default_period()
    if first is None and last is None:
        return default
    if last is None:
        last = max(default.end, first + dt.timedelta(days=6)) if first else default.end
    if first is None:
        first = monday(last) - dt.timedelta(days=7 * (DEFAULT_WEEKS - 1))
    if first > last:
        raise InvalidInput(
            _("The period ends before it starts."),
            errors={"to": _("The period ends before it starts.")},
        )
    period = Period(monday(first), monday(last) + dt.timedelta(days=6))
    if len(period.weeks) > MAX_WEEKS:
        message = _("Choose at most three years (157 weeks).")
        raise InvalidInput(message, errors={"from": message})
    if period.start.year < 2000 or period.end.year > 2100:
        message = _("Choose a period between 2000 and 2100.")
        raise InvalidInput(message, errors={"from": message})
    return period


# --- The weekly aggregate ---------------------------------------------------------------------


def _repeat_contact(rules: ServiceCentreRules) -> Q:
    """The condition "the call's customer had a repeat contact on its topic within the window"
    as EXISTS subqueries, correlated on the call (index ``soc_call_by_customer`` and friends)."""
    after = OuterRef("started_at")
    until = OuterRef("started_at") + dt.timedelta(days=rules.fcr_repeat_days)
    customer = OuterRef("customer_id")
    call = CallRecord.objects.filter(
        customer_id=customer, topic=OuterRef("topic"), started_at__gt=after, started_at__lte=until
    )
    callback = Callback.objects.filter(
        customer_id=customer,
        purpose=Purpose.BENEFITS_CONSULTATION,
        created_at__gt=after,
        created_at__lte=until,
    ).exclude(status=CallbackStatus.CANCELLED)
    order = ProcessingOrder.objects.filter(
        customer_id=customer, item__received_at__gt=after, item__received_at__lte=until
    )
    ticket = WorkItem.objects.filter(
        customer_id=customer, kind=Kind.TICKET, received_at__gt=after, received_at__lte=until
    )
    return Q(Exists(call)) | Q(Exists(callback)) | Q(Exists(order)) | Q(Exists(ticket))


def compute_week(organisation: Organisation, week: dt.date) -> dict[int | None, dict[str, int]]:
    """The week's figures per agent (``None``: not started by an agent of the centres)."""
    rules, _version = rules_in_force(organisation, on=week + dt.timedelta(days=6))
    start, end = week_bounds(week)
    rows: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    calls = CallRecord.objects.filter(
        organisation=organisation, topic=rules.alg_topic, started_at__gte=start, started_at__lt=end
    ).order_by()
    with_customer = Q(customer__isnull=False)
    for row in calls.values("agent_id").annotate(
        alg_calls=Count("id"),
        flagged=Count("id", filter=Q(resolved=True)),
        verifiable=Count("id", filter=with_customer),
        verified=Count("id", filter=with_customer & ~_repeat_contact(rules)),
    ):
        rows[row.pop("agent_id")].update(row)
    staff = set(queries.call_staff(organisation).values_list("id", flat=True))

    def who(user_id: int | None) -> int | None:
        return user_id if user_id in staff else None

    booked = Callback.objects.filter(
        organisation=organisation, created_at__gte=start, created_at__lt=end
    ).order_by()
    for row in booked.values("created_by_id").annotate(n=Count("id")):
        rows[who(row["created_by_id"])]["callbacks_booked"] += row["n"]
    held = Callback.objects.filter(
        organisation=organisation, starts_at__gte=start, starts_at__lt=end
    ).exclude(outcome="")
    for row in (
        held.order_by()
        .values("created_by_id")
        .annotate(n=Count("id"), first=Count("id", filter=Q(outcome=Outcome.REACHED_FIRST)))
    ):
        target = rows[who(row["created_by_id"])]
        target["callbacks_with_outcome"] += row["n"]
        target["callbacks_reached_first"] += row["first"]
    today = clock.today()
    orders = ProcessingOrder.objects.filter(
        organisation=organisation,
        item__due_date__gte=week,
        item__due_date__lte=week + dt.timedelta(days=6),
    ).filter(Q(item__status=Status.DONE) | Q(item__due_date__lt=today))
    orders = orders.exclude(item__status=Status.CANCELLED)
    for row in orders.order_by().values("item__created_by_id").annotate(n=Count("id")):
        rows[who(row["item__created_by_id"])]["orders_due"] += row["n"]
    # On time: completed on or before the due day (its local date in Berlin).
    for created_by, due, completed in orders.filter(item__status=Status.DONE).values_list(
        "item__created_by_id", "item__due_date", "item__completed_at"
    ):
        if completed is not None and due is not None and clock.local_date(completed) <= due:
            rows[who(created_by)]["orders_on_time"] += 1
    return {agent: dict(figures) for agent, figures in rows.items()}


def week_complete(organisation: Organisation, week: dt.date, at: dt.datetime) -> bool:
    """The week's repeat window has passed: no later contact can change its verified FCR."""
    rules, _version = rules_in_force(organisation, on=week + dt.timedelta(days=6))
    _start, end = week_bounds(week)
    return at >= end + dt.timedelta(days=rules.fcr_repeat_days)


FIGURES = (
    "alg_calls",
    "flagged",
    "verifiable",
    "verified",
    "callbacks_booked",
    "callbacks_with_outcome",
    "callbacks_reached_first",
    "orders_due",
    "orders_on_time",
)
