"""The SOC KPI report (SOC-08): who sees which units (region, centre, team, agent), the
drill-down between them, and the figures per week and per unit read from the weekly aggregate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.models import Area, Membership, Organisation, Team, User
from anliegen.org.roles import LEAD_ROLES
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.kpis.actions import ensure_weeks
from anliegen.servicecenter.kpis.computation import FIGURES, Period, week_label, week_short
from anliegen.servicecenter.kpis.models import KpiWeek
from anliegen.servicecenter.kpis.supply import Supply, slot_supply
from anliegen.servicecenter.models import SOC_L_SKILL, Qualification
from anliegen.servicecenter.rules import ServiceCentreRules, rules_in_force

LEVELS = ("region", "centre", "team", "agent")


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
