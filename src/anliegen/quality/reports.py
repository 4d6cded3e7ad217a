"""Reports of QS-02, QS-03, QS-05, QS-06 and QS-08 (read only).

* QS-02: urgent walk-ins per site and week, and how many were seen the same day (the work
  item completed on the day it was recorded, Berlin time).
* QS-03: employer calls per week, taken by placement officers against forwarded.
* QS-05: changes of contact person per customer in a year (from the audit log of the customer
  actions), by team of the current contact person; customers with two or more changes and
  customers without a contact person.
* QS-06: planned (50 %) against recorded employer share per placement officer and team.
* QS-08: multiplier teams, the sites without a member, the meetings with participants.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from anliegen.audit.models import AuditEntry
from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.models import Membership, Organisation, Site, Team, User
from anliegen.org.scope import Scope

from .models import EmployerCall, HourBooking, MultiplierTeam, UrgentVisit
from .service_actions import BOOKING_ROLES, PLANNED_EMPLOYER_SHARE, monday_of


@dataclass(frozen=True)
class UrgentLine:
    site: str
    week: dt.date
    recorded: int
    same_day: int


def urgent_visits(organisation: Organisation, *, since: dt.date) -> list[UrgentLine]:
    lines: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    rows = UrgentVisit.objects.filter(
        organisation=organisation, recorded_on__gte=since
    ).values_list("site__name", "recorded_on", "item__completed_at")
    for site, day, completed in rows:
        line = lines[(site, monday_of(day))]
        line[0] += 1
        if completed is not None and completed.astimezone(clock.BERLIN).date() == day:
            line[1] += 1
    return [
        UrgentLine(site, week, n, same)
        for (site, week), (n, same) in sorted(lines.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


@dataclass(frozen=True)
class CallWeek:
    week: dt.date
    taken: int
    forwarded: int

    @property
    def share_taken(self) -> float | None:
        total = self.taken + self.forwarded
        return round(self.taken / total, 3) if total else None


def call_share(organisation: Organisation, *, since: dt.date) -> list[CallWeek]:
    rows = (
        EmployerCall.objects.filter(organisation=organisation, week__gte=monday_of(since))
        .values("week")
        .annotate(
            taken=Count("id", filter=Q(taken_by__isnull=False)),
            forwarded=Count("id", filter=Q(taken_by__isnull=True)),
        )
        .order_by("week")
    )
    return [CallWeek(r["week"], r["taken"], r["forwarded"]) for r in rows]


@dataclass
class ContinuityTeam:
    team: str
    customers: int = 0
    changes: int = 0
    changed_twice: list[tuple[Customer, int]] = field(default_factory=list)


@dataclass
class Continuity:
    year: int
    teams: list[ContinuityTeam]
    without_contact: list[Customer]


def continuity(organisation: Organisation, *, year: int) -> Continuity:
    """QS-05 from the audit of the customer actions: a change is an update whose old and new
    contact person differ."""
    changes: Counter[int] = Counter()
    entries = AuditEntry.objects.filter(
        organisation=organisation,
        action="customer.updated",
        object_type="customers.customer",
        at__year=year,
    ).values_list("object_id", "old", "new")
    for object_id, old, new in entries:
        if "contact_person" in (new or {}) and (old or {}).get("contact_person") != new.get(
            "contact_person"
        ):
            changes[int(object_id)] += 1
    teams: dict[int | None, str] = {}
    team_of_person: dict[int, int] = {}
    for user_id, team_id, team_name in (
        Membership.objects.filter(organisation=organisation, team__isnull=False)
        .values_list("user_id", "team_id", "team__name")
        .order_by("id")
    ):
        team_of_person.setdefault(user_id, team_id)
        teams[team_id] = team_name
    by_team: dict[int | None, ContinuityTeam] = {}
    without: list[Customer] = []
    customers = Customer.objects.filter(organisation=organisation).order_by("customer_number")
    for customer in customers.only(
        "id",
        "customer_number",
        "kind",
        "contact_person_id",
        "first_name",
        "last_name",
        "company_name",
    ):
        if customer.contact_person_id is None:
            without.append(customer)
            continue
        key: int | None = team_of_person.get(customer.contact_person_id)
        line = by_team.setdefault(key, ContinuityTeam(teams.get(key, "–")))
        line.customers += 1
        n = changes.get(customer.pk, 0)
        line.changes += n
        if n >= 2:
            line.changed_twice.append((customer, n))
    return Continuity(
        year=year,
        teams=sorted(by_team.values(), key=lambda t: t.team),
        without_contact=without,
    )


@dataclass
class ShareLine:
    name: str
    employer_hours: Decimal
    total_hours: Decimal
    planned: Decimal = PLANNED_EMPLOYER_SHARE

    @property
    def recorded(self) -> float | None:
        return round(float(self.employer_hours / self.total_hours), 3) if self.total_hours else None


@dataclass
class ShareReport:
    since: dt.date
    teams: list[tuple[ShareLine, list[ShareLine]]]


def employer_share(scope: Scope, *, since: dt.date) -> ShareReport:
    """Per team the actor may lead, its placement officers' recorded share since ``since``."""
    teams = list(scope.visible_teams().order_by("name"))
    officers = Membership.objects.filter(
        organisation=scope.organisation, team__in=teams, role__in=BOOKING_ROLES
    ).values_list("team_id", "user_id")
    by_team: dict[int, list[int]] = defaultdict(list)
    for team_id, user_id in officers:
        by_team[team_id].append(user_id)
    sums = {
        row["user_id"]: row
        for row in HourBooking.objects.filter(
            organisation=scope.organisation, week__gte=monday_of(since)
        )
        .values("user_id")
        .annotate(employer=Sum("employer_hours"), other=Sum("other_hours"))
    }
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[u for _t, u in officers])}
    report = []
    for team in teams:
        lines = []
        for user_id in by_team.get(team.pk, []):
            row = sums.get(user_id, {"employer": Decimal(0), "other": Decimal(0)})
            employer = row["employer"] or Decimal(0)
            lines.append(ShareLine(names[user_id], employer, employer + (row["other"] or 0)))
        if not lines:
            continue
        total = ShareLine(
            team.name,
            sum((line.employer_hours for line in lines), Decimal(0)),
            sum((line.total_hours for line in lines), Decimal(0)),
        )
        report.append((total, lines))
    return ShareReport(since=since, teams=report)


@dataclass
class MultiplierLine:
    team: MultiplierTeam
    members: list[tuple[Site, User | None]]
    missing: list[Site]
    meetings: list[tuple[dt.date, str, list[str]]]


def multiplier_teams(organisation: Organisation) -> list[MultiplierLine]:
    sites = list(Site.objects.filter(organisation=organisation))
    lines = []
    teams = (
        MultiplierTeam.objects.filter(organisation=organisation)
        .prefetch_related("members__user", "meetings__participants")
        .order_by("name")
    )
    for team in teams:
        member_of = {m.site_id: m.user for m in team.members.all()}
        lines.append(
            MultiplierLine(
                team=team,
                members=[(site, member_of.get(site.pk)) for site in sites],
                missing=[site for site in sites if site.pk not in member_of],
                meetings=[
                    (m.date, m.topic, sorted(str(p) for p in m.participants.all()))
                    for m in team.meetings.all()
                ],
            )
        )
    return lines


def teams_at_sites(organisation: Organisation) -> dict[int, list[int]]:
    """site id → its team ids."""
    result: dict[int, list[int]] = defaultdict(list)
    for team_id, site_id in Team.objects.filter(organisation=organisation).values_list(
        "id", "area__site_id"
    ):
        result[site_id].append(team_id)
    return result


@dataclass(frozen=True)
class Reachability:
    weekdays: tuple[int, ...]
    opens: dt.time
    closes: dt.time


DEFAULT_REACHABILITY = Reachability((0, 1, 2, 3, 4), dt.time(8, 0), dt.time(17, 0))


def reachability(organisation: Organisation, *, on: dt.date | None = None) -> Reachability:
    """QS-03 rule data: the employer service's phone hours in force (default Mon–Fri 8–17)."""
    from .models import EmployerReachability

    row = (
        EmployerReachability.objects.filter(
            organisation=organisation, valid_from__lte=on or clock.today()
        )
        .order_by("-valid_from")
        .first()
    )
    if row is None:
        return DEFAULT_REACHABILITY
    return Reachability(tuple(row.weekdays or (0, 1, 2, 3, 4)), row.opens, row.closes)
