"""Contact-density dashboard (KON-08) with the capacity view (KON-05): reads only.

Managers see compliance per team (organisation view) or per case worker (team view): customers
with contact density, overdue (count and share), due this week, consultations held per week
against the target, no-show rates and the weekly capacity of :func:`planning.weekly_capacity`.

Everything is aggregated in the database with a handful of ``GROUP BY`` queries over the whole
selection (never one query per customer), then summed per case worker and team in Python:

1. schedules per contact person (customers, overdue, due this week) — index
   ``contact_by_person``;
2. customers per contact person and care group (Basis or Aktivteam hours, as
   :func:`queries.works_in_active_team` decides it);
3. no-shows and consultations per contact person over :data:`queries.NO_SHOW_WEEKS` weeks (as
   :func:`queries.no_show_counts`, so the rate equals the one of ``GET contact-plan``);
   and, in the same pass, consultations per completed week over the last :data:`TREND_WEEKS`.

*Decisions:* history entries count for the customer's **current** contact person (as the
no-show rate of the weekly plan does) and in the week of their time (``at``, Berlin). Weekly
targets of past weeks use today's working-time shares and rules (FTE history is not stored).
A team's target and capacity are the sums of its lines; its no-show rate is measured over all
its customers. Plain case workers get 403 (the dashboard is a management view; their own
figures are in the weekly plan); roles without customer access get 404.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from anliegen.appointments.dates import week_label
from anliegen.core import clock
from anliegen.core.errors import Forbidden, NotFound
from anliegen.customers.models import CareGroup, Customer, HistoryEntry
from anliegen.org.models import Membership, Team, User
from anliegen.org.roles import LEAD_ROLES
from anliegen.org.scope import Scope
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ContactRules

from .planning import no_show_rate, weekly_capacity
from .queries import NO_SHOW_WEEKS, contact_person_ids, schedules_visible_to, week_start

TREND_WEEKS = 13
"""Completed weeks shown in the consultation trend (and the longer average)."""
SHORT_WEEKS = 4
"""Completed weeks of the shorter average."""


@dataclass
class PersonFigures:
    """The raw aggregates of one contact person (``None``: customers without one)."""

    customers: int = 0
    overdue: int = 0
    due_this_week: int = 0
    no_shows: int = 0
    shows: int = 0
    weekly: list[int] = field(default_factory=lambda: [0] * TREND_WEEKS)
    care_groups: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Same rule as :func:`queries.works_in_active_team`."""
        counts = dict(self.care_groups)
        active = counts.pop(CareGroup.UE25_ACTIVE, 0)
        return active > max(counts.values(), default=0)


@dataclass
class DashboardLine:
    """One row of the dashboard: a case worker (team view) or a team (organisation view)."""

    key: str
    label: str
    fte: float = 0.0
    customers: int = 0
    overdue: int = 0
    due_this_week: int = 0
    target: float = 0.0
    derived: float = 0.0
    invitations: int = 0
    no_shows: int = 0
    shows: int = 0
    weekly: list[int] = field(default_factory=lambda: [0] * TREND_WEEKS)
    user: User | None = None
    team: Team | None = None
    active: bool | None = None

    @property
    def overdue_share(self) -> float:
        """Overdue / customers (0 without customers), 0…1."""
        return round(self.overdue / self.customers, 4) if self.customers else 0.0

    @property
    def overdue_percent(self) -> float:
        return round(self.overdue_share * 100, 1)

    @property
    def no_show_rate(self) -> float:
        return round(no_show_rate(self.no_shows, self.shows), 4)

    @property
    def no_show_percent(self) -> float:
        return round(self.no_show_rate * 100, 1)

    @property
    def last_week(self) -> int:
        return self.weekly[-1]

    @property
    def average_4(self) -> float:
        return round(sum(self.weekly[-SHORT_WEEKS:]) / SHORT_WEEKS, 2)

    @property
    def average_13(self) -> float:
        return round(sum(self.weekly) / TREND_WEEKS, 2)

    @property
    def target_met_last_week(self) -> bool:
        return self.last_week >= self.target

    def add(self, other: DashboardLine) -> None:
        self.fte = round(self.fte + other.fte, 4)
        self.customers += other.customers
        self.overdue += other.overdue
        self.due_this_week += other.due_this_week
        self.target = round(self.target + other.target, 2)
        self.derived = round(self.derived + other.derived, 2)
        self.invitations += other.invitations
        self.no_shows += other.no_shows
        self.shows += other.shows
        self.weekly = [a + b for a, b in zip(self.weekly, other.weekly, strict=True)]


@dataclass
class ContactDashboard:
    """KON-08: ``level`` is ``team`` (lines = case workers of ``team``) or ``organisation``
    (lines = teams)."""

    today: dt.date
    level: str
    team: Team | None
    teams: list[Team]
    weeks: list[dt.date]
    lines: list[DashboardLine]
    total: DashboardLine

    @property
    def week_labels(self) -> list[str]:
        """ISO weeks (``2026-W47``), as the API gives them."""
        return [iso_week(monday) for monday in self.weeks]

    @property
    def week_names(self) -> list[str]:
        """The weeks as people read them (``KW 47``, with the year in another year)."""
        return [week_label(monday, today=self.today) for monday in self.weeks]


def iso_week(monday: dt.date) -> str:
    year, number, _day = monday.isocalendar()
    return f"{year}-W{number:02d}"


def _staff_of(teams: Iterable[Team]) -> dict[int, list[tuple[int, str]]]:
    """team id → [(user id, role)] of its memberships."""
    result: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for team_id, user_id, role in Membership.objects.filter(team__in=list(teams)).values_list(
        "team_id", "user_id", "role"
    ):
        result[team_id].append((user_id, role))
    return result


def person_figures(
    scope: Scope, ids: set[int] | None, *, today: dt.date
) -> dict[int | None, PersonFigures]:
    """The aggregates per contact person of ``ids`` (None: the whole organisation)."""
    org_id = scope.organisation.id
    figures: dict[int | None, PersonFigures] = defaultdict(PersonFigures)
    next_monday = week_start(today) + dt.timedelta(weeks=1)

    schedules = schedules_visible_to(scope)
    customers = Customer.objects.filter(organisation_id=org_id)
    history = HistoryEntry.objects.filter(organisation_id=org_id)
    if ids is not None:
        schedules = schedules.filter(contact_person_id__in=ids)
        customers = customers.filter(contact_person_id__in=ids)
        history = history.filter(customer__contact_person_id__in=ids)

    for person, total, overdue, this_week in (
        schedules.values("contact_person_id")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(due_date__lt=today)),
            this_week=Count("id", filter=Q(due_date__gte=today, due_date__lt=next_monday)),
        )
        .order_by()
        .values_list("contact_person_id", "n", "overdue", "this_week")
    ):
        row = figures[person]
        row.customers, row.overdue, row.due_this_week = total, overdue, this_week

    for person, group, n in (
        customers.values("contact_person_id", "care_group")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("contact_person_id", "care_group", "n")
    ):
        figures[person].care_groups[group] = n

    # One pass over the history window: no-shows and consultations over NO_SHOW_WEEKS (as
    # queries.no_show_counts) and consultations per completed week, as conditional counts
    # (plain comparisons, no per-row date function).
    since = clock.now() - dt.timedelta(weeks=NO_SHOW_WEEKS)
    this_monday = week_start(today)
    first_monday = this_monday - dt.timedelta(weeks=TREND_WEEKS)
    bounds = [
        clock.start_of_day(first_monday + dt.timedelta(weeks=i)) for i in range(TREND_WEEKS + 1)
    ]
    consultation = HistoryEntry.Kind.CONSULTATION
    weeks = {
        f"w{i}": Count("id", filter=Q(kind=consultation, at__gte=bounds[i], at__lt=bounds[i + 1]))
        for i in range(TREND_WEEKS)
    }
    rows = (
        history.filter(
            kind__in=(HistoryEntry.Kind.NO_SHOW, consultation), at__gte=min(since, bounds[0])
        )
        .values("customer__contact_person_id")
        .annotate(
            no_shows=Count("id", filter=Q(kind=HistoryEntry.Kind.NO_SHOW, at__gte=since)),
            shows=Count("id", filter=Q(kind=consultation, at__gte=since)),
            **weeks,
        )
        .order_by()
    )
    for entry in rows:
        figures_of = figures[entry["customer__contact_person_id"]]
        figures_of.no_shows = entry["no_shows"]
        figures_of.shows = entry["shows"]
        figures_of.weekly = [entry[f"w{i}"] for i in range(TREND_WEEKS)]
    return figures


def _person_line(
    user: User, figures: PersonFigures | None, rules: ContactRules, *, key: str | None = None
) -> DashboardLine:
    figures = figures or PersonFigures()
    capacity = weekly_capacity(
        rules,
        user.fte,
        active=figures.active,
        no_shows=figures.no_shows,
        shows=figures.shows,
    )
    return DashboardLine(
        key=key or user.username,
        label=user.get_full_name() or user.username,
        fte=float(user.fte),
        customers=figures.customers,
        overdue=figures.overdue,
        due_this_week=figures.due_this_week,
        target=capacity.target,
        derived=capacity.derived,
        invitations=capacity.invitations,
        no_shows=figures.no_shows,
        shows=figures.shows,
        weekly=list(figures.weekly),
        user=user,
        active=figures.active,
    )


def _team_people(
    members: list[tuple[int, str]], figures: dict[int | None, PersonFigures]
) -> list[int]:
    """The case workers of a team: members in a non-lead role, and leads with customers."""
    people: list[int] = []
    for user_id, role in members:
        if user_id in people:
            continue
        has_customers = user_id in figures and figures[user_id].customers > 0
        if role not in LEAD_ROLES or has_customers:
            people.append(user_id)
    return people


def dashboard_for(
    scope: Scope, *, team: Team | None = None, today: dt.date | None = None
) -> ContactDashboard:
    """KON-08 for the actor: team leads their teams, area management its area, management the
    organisation; ``team`` narrows it to one team (NotFound outside the actor's view). A lead
    of a single team sees that team's case workers by default."""
    if not scope.may_see_customers:
        raise NotFound(_("Page not found."))
    if not scope.is_lead:
        raise Forbidden(_("The contact dashboard is for team leads and management."))
    today = today or clock.today()
    teams = list(scope.visible_teams().order_by("name", "id"))
    if team is None and not scope.org_wide and len(teams) == 1:
        team = teams[0]
    if team is not None:
        contact_person_ids(scope, team=team)  # NotFound outside the actor's view
        shown = [team]
    else:
        shown = teams
    staff = _staff_of(shown)
    member_ids = {user_id for members in staff.values() for user_id, _role in members}
    org_level = team is None
    ids = None if (org_level and scope.org_wide) else member_ids
    figures = person_figures(scope, ids, today=today)
    rules, _version = rules_in_force(scope.organisation, ContactRules, on=today)
    users = {u.id: u for u in User.objects.filter(id__in=member_ids)}
    this_monday = week_start(today)
    weeks = [this_monday - dt.timedelta(weeks=TREND_WEEKS - i) for i in range(TREND_WEEKS)]

    lines: list[DashboardLine] = []
    total = DashboardLine(key="total", label=_("Total"))
    counted: set[int | None] = set()
    if not org_level:
        assert team is not None
        for user_id in _team_people(staff.get(team.id, []), figures):
            line = _person_line(users[user_id], figures.get(user_id), rules)
            lines.append(line)
            total.add(line)
    else:
        for shown_team in shown:
            team_line = DashboardLine(
                key=str(shown_team.id), label=shown_team.name, team=shown_team
            )
            people = [
                _person_line(users[user_id], figures.get(user_id), rules)
                for user_id in _team_people(staff.get(shown_team.id, []), figures)
            ]
            if not any(p.customers or p.shows or p.no_shows or any(p.weekly) for p in people):
                # A team without contact-density casework (benefits, employer service) has no
                # consultation target; listing it would only inflate the organisation's target.
                continue
            for person in people:
                team_line.add(person)
                assert person.user is not None
                if person.user.id not in counted:
                    counted.add(person.user.id)
                    total.add(person)
            lines.append(team_line)
        if scope.org_wide:
            rest = DashboardLine(key="other", label=_("Without team"))
            for person_id, person_figures_ in figures.items():
                if person_id in counted:
                    continue
                rest.customers += person_figures_.customers
                rest.overdue += person_figures_.overdue
                rest.due_this_week += person_figures_.due_this_week
                rest.no_shows += person_figures_.no_shows
                rest.shows += person_figures_.shows
                rest.weekly = [
                    a + b for a, b in zip(rest.weekly, person_figures_.weekly, strict=True)
                ]
            if rest.customers or rest.shows or rest.no_shows or any(rest.weekly):
                lines.append(rest)
                total.add(rest)
    return ContactDashboard(
        today=today,
        level="organisation" if org_level else "team",
        team=team,
        teams=teams,
        weeks=weeks,
        lines=lines,
        total=total,
    )


SORT_KEYS = (
    "label",
    "customers",
    "overdue",
    "overdue_share",
    "due_this_week",
    "last_week",
    "average_4",
    "average_13",
    "target",
    "derived",
    "no_show_rate",
    "invitations",
)


def sort_lines(lines: list[DashboardLine], key: str, *, descending: bool) -> list[DashboardLine]:
    """The lines sorted by one of :data:`SORT_KEYS` (unknown keys: by label)."""
    if key not in SORT_KEYS:
        key = "label"
    if key == "label":
        return sorted(lines, key=lambda line: line.label.casefold(), reverse=descending)
    return sorted(
        lines,
        key=lambda line: (getattr(line, key), line.label.casefold()),
        reverse=descending,
    )
