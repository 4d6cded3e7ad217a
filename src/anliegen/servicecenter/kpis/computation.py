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
set-based query per figure (:func:`refresh_week`): on first read, then by the periodic job
``servicecenter.kpi_weeks`` until the week's repeat window has passed (then it is final) or
when ``calls.record_call`` stored a call into an already computed week (``touch_week``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.core.periodic import register
from anliegen.org.models import Area, Membership, Organisation, Team, User
from anliegen.org.roles import LEAD_ROLES
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks.models import (
    Callback,
    CallbackStatus,
    Outcome,
    Purpose,
)
from anliegen.servicecenter.kpis.models import KpiWeek, KpiWeekState
from anliegen.servicecenter.kpis.supply import Supply, slot_supply
from anliegen.servicecenter.models import SOC_L_SKILL, CallRecord, ProcessingOrder, Qualification
from anliegen.servicecenter.rules import ServiceCentreRules, rules_in_force
from anliegen.work.models import Kind, Status, WorkItem

DEFAULT_WEEKS = 12
MAX_WEEKS = 157  # three years
#: How far ahead "days until the next free time" looks.
LEVELS = ("region", "centre", "team", "agent")
#: The periodic job computes every week of the last year that was never computed.
BACKFILL_WEEKS = 53


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


@transaction.atomic
def refresh_week(organisation: Organisation, week: dt.date) -> KpiWeekState:
    """Recompute one week (replacing its rows) under a lock on its state row, so that two
    refreshes of the same week run one after the other and never double a row."""
    now = clock.now()
    state, _created = KpiWeekState.objects.get_or_create(
        organisation=organisation, week=week, defaults={"computed_at": now}
    )
    state = KpiWeekState.objects.select_for_update().get(id=state.id)
    figures = compute_week(organisation, week)
    KpiWeek.objects.filter(organisation=organisation, week=week).delete()
    KpiWeek.objects.bulk_create(
        KpiWeek(organisation=organisation, week=week, agent_id=agent, **values)
        for agent, values in figures.items()
    )
    state.computed_at = now
    state.complete = week_complete(organisation, week, now)
    state.dirty = False
    state.save(update_fields=["computed_at", "complete", "dirty"])
    return state


def touch_week(organisation: Organisation, started_at: dt.datetime) -> None:
    """A call was recorded into the week of ``started_at``: if that week is already computed,
    mark it for recomputation (the write path's hook; one indexed UPDATE)."""
    week = monday(clock.local_date(started_at))
    KpiWeekState.objects.filter(organisation=organisation, week=week, dirty=False).update(
        dirty=True
    )


def ensure_weeks(organisation: Organisation, weeks: Iterable[dt.date]) -> dict[dt.date, Any]:
    """The state of each week; weeks never computed (and not in the future) are computed now."""
    weeks = list(weeks)
    states = {
        s.week: s for s in KpiWeekState.objects.filter(organisation=organisation, week__in=weeks)
    }
    this = monday(clock.today())
    for week in weeks:
        if week not in states and week <= this:
            states[week] = refresh_week(organisation, week)
    return states


def refresh_stale(organisation: Organisation, *, limit: int = 60) -> int:
    """Recompute the weeks whose figures may still change (repeat window open, or a call
    recorded since), oldest first; the periodic job's work."""
    stale = KpiWeekState.objects.filter(organisation=organisation).filter(
        Q(complete=False) | Q(dirty=True)
    )
    weeks = list(stale.order_by("week").values_list("week", flat=True)[:limit])
    for week in weeks:
        refresh_week(organisation, week)
    return len(weeks)


@register(
    "servicecenter.kpi_weeks",
    every=dt.timedelta(minutes=10),
    description="Compute the service centre's weekly KPIs of the last year that are missing, "
    "and recompute those still open (SOC-08).",
)
def kpi_weeks_job() -> dict[str, Any]:
    result = {"organisations": 0, "weeks": 0}
    for organisation in Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE):
        result["organisations"] += 1
        # The running week and the year before it exist, so no page of that span computes.
        this = monday(clock.today())
        ensure_weeks(organisation, [this - dt.timedelta(days=7 * i) for i in range(BACKFILL_WEEKS)])
        result["weeks"] += refresh_stale(organisation)
    return result


# --- Who sees what; the units of the drill-down ------------------------------------------------


@dataclass(frozen=True)
class Unit:
    level: str
    id: str
    name: str


@dataclass
class Structure:
    """The centres, teams and agents the viewer may see, and which agent belongs where."""

    centres: dict[int, Area]
    teams: dict[int, Team]
    agents: dict[int, User]
    team_of: dict[int, int]  # agent → team (their first SC team)
    phone_agents: set[int]  # agents counted in the qualified share (TSB, not FiT)
    whole_region: bool

    def agent_ids(self, unit: Unit) -> set[int]:
        if unit.level == "region":
            return set(self.agents)
        if unit.level == "centre":
            return {a for a, t in self.team_of.items() if self.teams[t].area_id == int(unit.id)}
        if unit.level == "team":
            return {a for a, t in self.team_of.items() if t == int(unit.id)}
        return {int(unit.id)}


def may_see_kpis(scope: Scope) -> bool:
    """SC leads (their teams), SC area management (their centres), management of the region."""
    return queries.is_sc_lead(scope)


def structure(scope: Scope) -> Structure:
    if not may_see_kpis(scope):
        raise Forbidden(_("Only the service centre's leads and the region's management see KPIs."))
    organisation = scope.organisation
    centres = {c.id: c for c in queries.centres(organisation)}
    teams_qs = Team.objects.filter(organisation=organisation, area__kind=queries.SC)
    whole = scope.org_wide
    if not whole:
        led = Membership.objects.filter(
            user=scope.user, organisation=organisation, role__in=list(LEAD_ROLES)
        ).values("team_id")
        teams_qs = teams_qs.filter(Q(area_id__in=scope.area_ids) | Q(id__in=led))
    teams = {t.id: t for t in teams_qs.order_by("name")}
    centres = {i: c for i, c in centres.items() if any(t.area_id == i for t in teams.values())}
    members = (
        Membership.objects.filter(
            organisation=organisation,
            team_id__in=list(teams),
            role__in=list(queries.SC_STAFF_ROLES),
            user__is_active=True,
        )
        .order_by("team_id")
        .values_list("user_id", "team_id", "role")
    )
    team_of: dict[int, int] = {}
    phone: set[int] = set()
    for user_id, team_id, role in members:
        team_of.setdefault(user_id, team_id)
        if role in queries.AGENT_ROLES:
            phone.add(user_id)
    agents = {
        u.id: u
        for u in User.objects.filter(id__in=list(team_of)).order_by(
            "last_name", "first_name", "username"
        )
    }
    return Structure(centres, teams, agents, team_of, phone, whole)


def resolve_unit(structure: Structure, level: str | None, ident: str | None) -> Unit:
    """The unit of the drill-down; one the viewer may not see is not found (404)."""
    level = level or "region"
    if level not in LEVELS:
        message = _("Unknown level: region, centre, team or agent.")
        raise InvalidInput(message, errors={"level": message})
    if level == "region":
        return Unit("region", "", "")
    try:
        key = int(ident or "")
    except ValueError:
        key = -1
    if level == "centre" and key in structure.centres:
        return Unit(level, str(key), structure.centres[key].name)
    if level == "team" and key in structure.teams:
        return Unit(level, str(key), structure.teams[key].name)
    if level == "agent":
        agent = structure.agents.get(key) or next(
            (a for a in structure.agents.values() if a.username == ident), None
        )
        if agent is not None:
            return Unit(level, str(agent.id), agent.get_full_name() or agent.username)
    raise NotFound(_("This unit does not exist or is not yours to see."))


def children(structure: Structure, unit: Unit) -> list[Unit]:
    if unit.level == "region":
        return [Unit("centre", str(i), c.name) for i, c in structure.centres.items()]
    if unit.level == "centre":
        return [
            Unit("team", str(i), t.name)
            for i, t in structure.teams.items()
            if t.area_id == int(unit.id)
        ]
    if unit.level == "team":
        ids = structure.agent_ids(unit)
        return [
            Unit("agent", str(i), a.get_full_name() or a.username)
            for i, a in structure.agents.items()
            if i in ids
        ]
    return []


def parents(structure: Structure, unit: Unit) -> list[Unit]:
    """The path above ``unit`` (region first), as far as the viewer may see it."""
    path: list[Unit] = []
    if unit.level == "agent":
        team = structure.teams[structure.team_of[int(unit.id)]]
        path.insert(0, Unit("team", str(team.id), team.name))
        unit = path[0]
    if unit.level == "team":
        area = structure.teams[int(unit.id)].area_id
        if area in structure.centres:
            path.insert(0, Unit("centre", str(area), structure.centres[area].name))
    if unit.level != "region":
        path.insert(0, Unit("region", "", ""))
    return path


# --- Figures ---------------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Figures:
    """Counts of a week or a period and the shares derived from them (None: nothing to count)."""

    alg_calls: int = 0
    flagged: int = 0
    verifiable: int = 0
    verified: int = 0
    callbacks_booked: int = 0
    callbacks_with_outcome: int = 0
    callbacks_reached_first: int = 0
    orders_due: int = 0
    orders_on_time: int = 0
    agents: int = 0
    qualified: int = 0
    provisional: bool = False

    def add(self, values: dict[str, Any]) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + (values.get(name) or 0))

    @property
    def unverifiable(self) -> int:
        return self.alg_calls - self.verifiable

    @property
    def fcr_flagged(self) -> float | None:
        return _share(self.flagged, self.alg_calls)

    @property
    def fcr_verified(self) -> float | None:
        return _share(self.verified, self.verifiable)

    @property
    def qualified_share(self) -> float | None:
        return _share(self.qualified, self.agents)

    @property
    def callbacks_reached_first_share(self) -> float | None:
        return _share(self.callbacks_reached_first, self.callbacks_with_outcome)

    @property
    def orders_on_time_share(self) -> float | None:
        return _share(self.orders_on_time, self.orders_due)


@dataclass
class WeekRow:
    week: dt.date
    figures: Figures

    @property
    def label(self) -> str:
        return week_label(self.week)

    @property
    def short(self) -> str:
        return week_short(self.week)

    @property
    def end(self) -> dt.date:
        return self.week + dt.timedelta(days=6)


@dataclass
class UnitRow:
    unit: Unit
    figures: Figures


@dataclass
class Report:
    period: Period
    unit: Unit
    total: Figures
    weeks: list[WeekRow]
    by: list[UnitRow]
    supply: list[Supply]
    rules: ServiceCentreRules
    computed_at: dt.datetime | None
    path: list[Unit] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            row.figures.alg_calls or row.figures.callbacks_booked or row.figures.orders_due
            for row in self.weeks
        )


def _qualification_days(organisation: Organisation) -> dict[int, dt.date]:
    """Per agent with the SOC-L skill: the first day routing counts them as qualified."""
    return {
        agent: max(trained, access)
        for agent, trained, access in Qualification.objects.filter(
            organisation=organisation, agent__skills__code=SOC_L_SKILL
        ).values_list("agent_id", "trained_on", "access_from")
    }


def build_report(
    scope: Scope,
    period: Period,
    *,
    level: str | None = None,
    ident: str | None = None,
    with_supply: bool = True,
) -> Report:
    """The KPI report of one unit over ``period``: per week, per unit below it, and (for the
    region) the slot supply per OS."""
    organisation = scope.organisation
    struct = structure(scope)
    unit = resolve_unit(struct, level, ident)
    rules, _version = rules_in_force(organisation, on=period.end)
    states = ensure_weeks(organisation, period.weeks)
    below = children(struct, unit)
    agent_ids = struct.agent_ids(unit)
    include_others = unit.level == "region" and struct.whole_region
    rows = KpiWeek.objects.filter(organisation=organisation, week__in=period.weeks).order_by()
    if not include_others:
        # The whole region takes every row, also those of agents no longer in a team and the
        # others; below it, only the unit's agents.
        rows = rows.filter(agent_id__in=list(agent_ids))
    sums = {name: Sum(name) for name in FIGURES}
    per_week: dict[dt.date, Figures] = {w: Figures() for w in period.weeks}
    total = Figures()
    for row in rows.values("week").annotate(**sums):
        per_week[row["week"]].add(row)
        total.add(row)
    per_child: dict[str, Figures] = {u.id: Figures() for u in below}
    if below:
        child_of = {agent: child.id for child in below for agent in struct.agent_ids(child)}
        for row in rows.values("agent_id").annotate(**sums):
            key = child_of.get(row["agent_id"])
            if key is not None:
                per_child[key].add(row)
    today = clock.today()
    qualified_from = _qualification_days(organisation)
    phone = {a for a in agent_ids if a in struct.phone_agents}

    def count_qualified(target: Figures, agents: set[int], day: dt.date) -> None:
        target.agents = len(agents)
        target.qualified = sum(
            1 for a in agents if a in qualified_from and qualified_from[a] <= day
        )

    for week, figures in per_week.items():
        count_qualified(figures, phone, min(week + dt.timedelta(days=6), today))
        state = states.get(week)
        figures.provisional = state is None or not state.complete or state.dirty
    last_day = min(period.end, today)
    count_qualified(total, phone, last_day)
    total.provisional = any(f.provisional for f in per_week.values())
    for child in below:
        count_qualified(
            per_child[child.id], struct.agent_ids(child) & struct.phone_agents, last_day
        )
    computed = [s.computed_at for s in states.values()]
    return Report(
        period=period,
        unit=unit,
        total=total,
        weeks=[WeekRow(w, per_week[w]) for w in period.weeks],
        by=[UnitRow(u, per_child[u.id]) for u in below],
        supply=slot_supply(organisation, period, rules)
        if with_supply and unit.level == "region"
        else [],
        rules=rules,
        computed_at=min(computed) if computed else None,
        path=parents(struct, unit),
    )
