"""Reading the service centre: who may do what, the agents of a centre, their qualification
and their queue at a moment, the customer's operative service and its hotline (SOC-01/02/07).

Every check here is the same one the pages, the API and the navigation apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import NotFound
from anliegen.customers.models import Customer
from anliegen.org.models import Absence, Area, Membership, Organisation, Team, User
from anliegen.org.roles import LEAD_ROLES, Role
from anliegen.org.scope import Scope
from anliegen.servicecenter.models import (
    SOC_L_SKILL,
    AgentDay,
    DefaultQueue,
    HotlineDuty,
    OperativeService,
    Qualification,
    Queue,
    QueuePlan,
)

AGENT_ROLES = (Role.PHONE_AGENT,)
SC_STAFF_ROLES = (Role.PHONE_AGENT, Role.PHONE_EXPERT)
SC = Area.Kind.SERVICE_CENTRE
OS = Area.Kind.OPERATIVE_SERVICE


# --- Who may do what ----------------------------------------------------------------------


def _team_ids_in(scope: Scope, kind: str, *, roles: Iterable[str] | None = None) -> set[int]:
    memberships = Membership.objects.filter(
        user=scope.user, organisation=scope.organisation, team__area__kind=kind
    )
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return set(memberships.values_list("team_id", flat=True))


def _area_manager_of(scope: Scope, kind: str) -> bool:
    return bool(scope.area_ids) and Area.objects.filter(id__in=scope.area_ids, kind=kind).exists()


def is_sc_lead(scope: Scope) -> bool:
    """Leads of a service-centre team, SC area management, management of the region."""
    if scope.organisation.kind != Organisation.Kind.SERVICE_CENTRE:
        return False
    if scope.org_wide:
        return True
    key = "soc_sc_lead"
    if key not in scope._cache:
        scope._cache[key] = bool(_team_ids_in(scope, SC, roles=LEAD_ROLES)) or _area_manager_of(
            scope, SC
        )
    return bool(scope._cache[key])


def is_sc_staff(scope: Scope) -> bool:
    """Everyone who takes or records calls: the agents and FiT of a centre, and its leads."""
    if scope.organisation.kind != Organisation.Kind.SERVICE_CENTRE:
        return False
    key = "soc_sc_staff"
    if key not in scope._cache:
        scope._cache[key] = is_sc_lead(scope) or bool(_team_ids_in(scope, SC))
    return bool(scope._cache[key])


def os_team_ids(scope: Scope) -> set[int]:
    """The OS teams whose special inbox the actor sees (members, leads, area management;
    management of the region sees all)."""
    if scope.organisation.kind != Organisation.Kind.SERVICE_CENTRE:
        return set()
    teams = Team.objects.filter(organisation=scope.organisation, area__kind=OS)
    if not scope.org_wide:
        teams = teams.filter(
            Q(memberships__user=scope.user) | Q(area_id__in=scope.area_ids)
        ).distinct()
    return set(teams.values_list("id", flat=True))


def may_see_inbox(scope: Scope) -> bool:
    return bool(os_team_ids(scope))


# --- Agents, qualification, queues ------------------------------------------------------------


def centres(organisation: Organisation) -> QuerySet[Area]:
    return Area.objects.filter(organisation=organisation, kind=SC).order_by("name")


def agents_of(organisation: Organisation, *, centre: Area | None = None) -> QuerySet[User]:
    """The phone agents (TSB) of the region's centres, or of one centre."""
    members = Membership.objects.filter(
        organisation=organisation, role__in=AGENT_ROLES, team__area__kind=SC
    )
    if centre is not None:
        members = members.filter(team__area=centre)
    return User.objects.filter(id__in=members.values("user_id"), is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def call_staff(organisation: Organisation) -> QuerySet[User]:
    """Who takes calls: the agents (TSB) and FiT of the region's centres."""
    members = Membership.objects.filter(
        organisation=organisation, role__in=SC_STAFF_ROLES, team__area__kind=SC
    )
    return User.objects.filter(id__in=members.values("user_id"), is_active=True)


def get_agent(organisation: Organisation, username: str) -> User:
    try:
        return agents_of(organisation).get(username=username)
    except User.DoesNotExist:
        raise NotFound(_("Phone agent not found.")) from None


def qualified_ids(organisation: Organisation, day: dt.date, user_ids: Iterable[int]) -> set[int]:
    """Who holds the SOC-L skill, was trained and has the extra access on ``day`` (SOC-02)."""
    return set(
        Qualification.objects.filter(
            organisation=organisation,
            agent_id__in=list(user_ids),
            trained_on__lte=day,
            access_from__lte=day,
            agent__skills__code=SOC_L_SKILL,
        ).values_list("agent_id", flat=True)
    )


def is_qualified(organisation: Organisation, agent: User, day: dt.date) -> bool:
    return agent.id in qualified_ids(organisation, day, [agent.id])


def absent_ids(organisation: Organisation, day: dt.date, user_ids: Iterable[int]) -> set[int]:
    return set(
        Absence.objects.filter(
            organisation=organisation, user_id__in=list(user_ids), start__lte=day, end__gte=day
        ).values_list("user_id", flat=True)
    )


@dataclass(frozen=True)
class QueueState:
    queue: str
    plan: QueuePlan | None  # None: the agent's default


def queues_at(
    organisation: Organisation, at: dt.datetime, user_ids: Iterable[int]
) -> dict[int, QueueState]:
    """Each agent's queue at ``at``: the plan covering it, else the default, else general."""
    ids = list(user_ids)
    defaults = dict(
        DefaultQueue.objects.filter(organisation=organisation, agent_id__in=ids).values_list(
            "agent_id", "queue"
        )
    )
    states = {uid: QueueState(defaults.get(uid, Queue.GENERAL), None) for uid in ids}
    plans = QueuePlan.objects.filter(
        organisation=organisation, agent_id__in=ids, start__lte=at, end__gt=at
    )
    for plan in plans:
        states[plan.agent_id] = QueueState(plan.queue, plan)
    return states


@dataclass(frozen=True)
class RoutingState:
    """Everything a routing decision reads, in six small indexed queries over the organisation
    (no lists of ids sent to the database, no model instances): agents, absences, defaults,
    plans covering the moment, qualifications, and the calls each agent recorded today."""

    agents: dict[int, str]
    absent: set[int]
    defaults: dict[int, str]
    planned: dict[int, str]
    qualified: set[int]
    calls_today: dict[int, int]

    def queue_of(self, agent_id: int) -> str:
        return self.planned.get(agent_id) or self.defaults.get(agent_id) or Queue.GENERAL


def routing_state(organisation: Organisation, at: dt.datetime) -> RoutingState:
    """The six indexed selects over the organisation (agents of the centres, absences of the
    day, defaults, plans covering ``at``, qualifications, calls today) as one ``UNION ALL``:
    one round trip, rows of (tag, user id, text)."""
    day = clock.local_date(at)
    text: CharField[str, str] = CharField()

    def tagged(queryset: QuerySet[Any], tag: str, user: str, value: Any) -> QuerySet[Any]:
        return (
            queryset.order_by()
            .annotate(t=Value(tag, output_field=text), v=value)
            .values_list("t", user, "v")
        )

    agents_qs = tagged(
        Membership.objects.filter(
            organisation=organisation,
            role__in=AGENT_ROLES,
            team__area__kind=SC,
            user__is_active=True,
        ),
        "a",
        "user_id",
        F("user__username"),
    )
    parts = [
        tagged(
            Absence.objects.filter(organisation=organisation, start__lte=day, end__gte=day),
            "x",
            "user_id",
            Value("", output_field=text),
        ),
        tagged(DefaultQueue.objects.filter(organisation=organisation), "d", "agent_id", F("queue")),
        tagged(
            QueuePlan.objects.filter(organisation=organisation, end__gt=at, start__lte=at),
            "p",
            "agent_id",
            F("queue"),
        ),
        tagged(
            Qualification.objects.filter(
                organisation=organisation,
                trained_on__lte=day,
                access_from__lte=day,
                agent__skills__code=SOC_L_SKILL,
            ),
            "q",
            "agent_id",
            Value("", output_field=text),
        ),
        tagged(
            AgentDay.objects.filter(organisation=organisation, day=day),
            "c",
            "agent_id",
            Cast("calls", output_field=text),
        ),
    ]
    agents: dict[int, str] = {}
    absent: set[int] = set()
    defaults: dict[int, str] = {}
    planned: dict[int, str] = {}
    qualified: set[int] = set()
    calls_today: dict[int, int] = {}
    for tag, user_id, value in agents_qs.union(*parts, all=True):
        if tag == "a":
            agents[user_id] = value
        elif tag == "x":
            absent.add(user_id)
        elif tag == "d":
            defaults[user_id] = value
        elif tag == "p":
            planned[user_id] = value
        elif tag == "q":
            qualified.add(user_id)
        else:
            calls_today[user_id] = int(value)
    return RoutingState(agents, absent, defaults, planned, qualified, calls_today)


def plans_between(
    organisation: Organisation, start: dt.datetime, end: dt.datetime, user_ids: Iterable[int]
) -> dict[int, list[QueuePlan]]:
    result: dict[int, list[QueuePlan]] = {}
    plans = QueuePlan.objects.filter(
        organisation=organisation, agent_id__in=list(user_ids), start__lt=end, end__gt=start
    ).order_by("start")
    for plan in plans:
        result.setdefault(plan.agent_id, []).append(plan)
    return result


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=clock.BERLIN)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=clock.BERLIN)


@dataclass
class AgentRow:
    agent: User
    team: str
    qualified: bool
    qualification: Qualification | None
    absent: bool
    queue: str
    planned: bool
    plans: list[QueuePlan] = field(default_factory=list)


@dataclass
class CentreBoard:
    centre: Area
    rows: list[AgentRow]
    target: float

    @property
    def qualified(self) -> int:
        return sum(1 for row in self.rows if row.qualified)

    @property
    def share(self) -> float:
        return self.qualified / len(self.rows) if self.rows else 0.0

    @property
    def share_percent(self) -> int:
        return round(self.share * 100)

    @property
    def in_soc_l(self) -> int:
        return sum(1 for row in self.rows if row.queue == Queue.SOC_L and not row.absent)

    @property
    def in_general(self) -> int:
        return sum(1 for row in self.rows if row.queue == Queue.GENERAL and not row.absent)


def board(
    organisation: Organisation, centre: Area, *, at: dt.datetime, target: float
) -> CentreBoard:
    """The team lead's view of one centre (SOC-02): who is in which queue now, today's plan,
    qualification and the share of qualified agents."""
    day = clock.local_date(at)
    agents = list(agents_of(organisation, centre=centre))
    ids = [a.id for a in agents]
    qualified = qualified_ids(organisation, day, ids)
    qualifications = {
        q.agent_id: q
        for q in Qualification.objects.filter(organisation=organisation, agent_id__in=ids)
    }
    absent = absent_ids(organisation, day, ids)
    states = queues_at(organisation, at, ids)
    start, end = day_bounds(day)
    plans = plans_between(organisation, start, end, ids)
    teams = dict(
        Membership.objects.filter(
            organisation=organisation, user_id__in=ids, role__in=AGENT_ROLES, team__area=centre
        ).values_list("user_id", "team__name")
    )
    rows = [
        AgentRow(
            agent=a,
            team=teams.get(a.id, ""),
            qualified=a.id in qualified,
            qualification=qualifications.get(a.id),
            absent=a.id in absent,
            queue=states[a.id].queue,
            planned=states[a.id].plan is not None,
            plans=plans.get(a.id, []),
        )
        for a in agents
    ]
    return CentreBoard(centre=centre, rows=rows, target=target)


# --- Customers, operative services, hotlines ------------------------------------------------


def os_teams(organisation: Organisation) -> QuerySet[Team]:
    """The teams of the region's operative services (the special inboxes, SOC-06)."""
    return (
        Team.objects.filter(organisation=organisation, area__kind=OS)
        .select_related("area")
        .order_by("area__name", "name")
    )


def service_of_customer(customer: Customer) -> OperativeService | None:
    """The OS that serves the customer: the longest matching postcode prefix."""
    best: tuple[int, OperativeService] | None = None
    postcode = (customer.postcode or "").strip()
    services = OperativeService.objects.filter(organisation_id=customer.organisation_id)
    for service in services.select_related("area", "inbox_team"):
        for prefix in service.postcode_prefixes:
            if postcode.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), service)
    return best[1] if best else None


@dataclass(frozen=True)
class HotlineNow:
    service: OperativeService
    open_now: bool
    hours: list[tuple[int, dt.time, dt.time]]
    on_duty: list[User]


def hotline_now(service: OperativeService, *, at: dt.datetime | None = None) -> HotlineNow:
    """The OS hotline as the call screen shows it: number, hours, open now, on duty today."""
    at = (at or clock.now()).astimezone(clock.BERLIN)
    hours = [(h.weekday, h.opens, h.closes) for h in service.hours.all()]
    open_now = any(
        weekday == at.weekday() and opens <= at.time() < closes for weekday, opens, closes in hours
    )
    duty = HotlineDuty.objects.filter(service=service, day=at.date()).select_related("person")
    return HotlineNow(service, open_now, hours, [d.person for d in duty])
