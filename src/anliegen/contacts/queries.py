"""Reading contact schedules (KON-02, KON-04): scoped like every other read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.appointments.dates import week_start
from anliegen.core import clock
from anliegen.core.errors import NotFound
from anliegen.customers.models import CareGroup, Customer, HistoryEntry
from anliegen.customers.queries import customers_visible_to, get_customer_for
from anliegen.org.models import Membership, Team, User
from anliegen.org.scope import Scope
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ContactRules
from anliegen.work.access import responsible_ids

from .models import ContactSchedule
from .planning import Capacity, weekly_capacity

PAGE_SIZE: int = settings.ANLIEGEN_PAGE_SIZE
"""Rows per page of the contact worklist (like every other list)."""
NO_SHOW_WEEKS = 26
"""How far back the no-show rate of a case worker's customers is measured (KON-05)."""


@dataclass
class ContactWorklist:
    """KON-04: whom to invite — overdue first (most overdue first), then due this week, then
    next week (weeks run Monday to Sunday)."""

    today: dt.date
    overdue: list[ContactSchedule] = field(default_factory=list)
    this_week: list[ContactSchedule] = field(default_factory=list)
    next_week: list[ContactSchedule] = field(default_factory=list)


def schedules_visible_to(scope: Scope) -> QuerySet[ContactSchedule]:
    """Schedules of the organisation's customers; none for roles without customer access."""
    if not scope.may_see_customers:
        return ContactSchedule.objects.none()
    return ContactSchedule.objects.filter(organisation=scope.organisation)


def _team_member_ids(teams: QuerySet[Team] | list[Team]) -> set[int]:
    return set(
        Membership.objects.filter(team__in=teams).values_list("user_id", flat=True).distinct()
    )


def contact_person_ids(
    scope: Scope, *, case_worker: User | None = None, team: Team | None = None
) -> set[int] | None:
    """Whose customers the actor's contact worklist covers (None: the whole organisation).

    Case workers: their own customers and those of absent colleagues they deputise for; leads:
    their teams' members (and their own); management: the organisation. ``case_worker`` or
    ``team`` narrow it down; one outside the actor's view is NotFound.
    """
    mine = responsible_ids(scope)
    if case_worker is not None:
        visible = (
            scope.org_wide
            or case_worker.id in mine
            or case_worker.id in _team_member_ids(list(scope.visible_teams()))
        )
        if not visible:
            raise NotFound(_("Member of staff not found."))
        return {case_worker.id}
    if team is not None:
        if team.organisation_id != scope.organisation.id or not (
            scope.org_wide or scope.visible_teams().filter(id=team.id).exists()
        ):
            raise NotFound(_("Team not found."))
        return _team_member_ids([team])
    if scope.org_wide:
        return None
    if scope.is_lead:
        return mine | _team_member_ids(list(scope.visible_teams()))
    return mine


SECTION_KEYS = ("overdue", "this_week", "next_week")
"""The sections of the contact worklist, in the order they are listed (KON-04)."""


@dataclass(frozen=True)
class _Window:
    """The rows of one contact worklist and where its sections begin."""

    schedules: QuerySet[ContactSchedule]
    today: dt.date
    next_monday: dt.date
    per_person: bool
    """Narrowed to some people's customers (not the whole organisation)."""

    def section_of(self, schedule: ContactSchedule) -> str:
        if schedule.due_date < self.today:
            return "overdue"
        return "this_week" if schedule.due_date < self.next_monday else "next_week"


def _window(
    scope: Scope, *, case_worker: User | None, team: Team | None, today: dt.date | None
) -> _Window:
    today = today or clock.today()
    ids = contact_person_ids(scope, case_worker=case_worker, team=team)
    next_monday = week_start(today) + dt.timedelta(weeks=1)
    schedules = schedules_visible_to(scope).filter(due_date__lt=next_monday + dt.timedelta(weeks=1))
    if ids is not None:
        schedules = schedules.filter(contact_person_id__in=ids)
    return _Window(schedules, today, next_monday, ids is not None)


_ORDER = ("due_date", "customer__last_name", "customer_id")


def _ordered(schedules: QuerySet[ContactSchedule]) -> QuerySet[ContactSchedule]:
    """Most overdue first (then by name): the sections follow each other in this order."""
    return schedules.select_related("customer", "contact_person").order_by(*_ORDER)


def contact_worklist(
    scope: Scope,
    *,
    case_worker: User | None = None,
    team: Team | None = None,
    today: dt.date | None = None,
) -> ContactWorklist:
    """KON-04, complete: one indexed query on ``ContactSchedule`` ((organisation,
    contact_person, due_date) or (organisation, due_date)), split into overdue / this week /
    next week. Lists page through :func:`contact_worklist_page`."""
    window = _window(scope, case_worker=case_worker, team=team, today=today)
    result = ContactWorklist(today=window.today)
    for schedule in _ordered(window.schedules):
        getattr(result, window.section_of(schedule)).append(schedule)
    return result


@dataclass(frozen=True)
class WorklistCounts:
    """How many customers each section of the contact worklist holds (KON-04)."""

    overdue: int = 0
    this_week: int = 0
    next_week: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.this_week + self.next_week

    def of(self, key: str) -> int:
        return int(getattr(self, key))


@dataclass
class ContactWorklistPage:
    """One page of the contact worklist (KON-04): its rows by section, the counts of the whole
    list per section and where each section begins."""

    today: dt.date
    counts: WorklistCounts
    page: Page[Any]
    """The page (``object_list``: its schedules) and its paginator."""
    sections: dict[str, list[ContactSchedule]]
    first_pages: dict[str, int]
    """The page on which each non-empty section begins."""


def contact_worklist_page(
    scope: Scope,
    *,
    page: int | str | None = 1,
    page_size: int | None = None,
    case_worker: User | None = None,
    team: Team | None = None,
    today: dt.date | None = None,
) -> ContactWorklistPage:
    """KON-04, paged (out-of-range pages show the last page): one aggregate query counts the
    sections, one query reads the page's rows (``LIMIT``/``OFFSET`` on the worklist order)."""
    page_size = page_size or PAGE_SIZE
    window = _window(scope, case_worker=case_worker, team=team, today=today)
    before_monday = Q(due_date__gte=window.today, due_date__lt=window.next_monday)
    counted = window.schedules.aggregate(
        overdue=Count("id", filter=Q(due_date__lt=window.today)),
        this_week=Count("id", filter=before_monday),
        next_week=Count("id", filter=Q(due_date__gte=window.next_monday)),
    )
    counts = WorklistCounts(**{key: counted[key] or 0 for key in SECTION_KEYS})
    current = _page_of(window, page, page_size, counts.total)
    sections: dict[str, list[ContactSchedule]] = {key: [] for key in SECTION_KEYS}
    for schedule in current.object_list:
        sections[window.section_of(schedule)].append(schedule)
    first_pages: dict[str, int] = {}
    before = 0
    for key in SECTION_KEYS:
        if counts.of(key):
            first_pages[key] = before // page_size + 1
        before += counts.of(key)
    return ContactWorklistPage(window.today, counts, current, sections, first_pages)


def _page_of(window: _Window, page: int | str | None, page_size: int, total: int) -> Page[Any]:
    """The page's schedules. The whole organisation: ``LIMIT``/``OFFSET`` on the worklist
    order (``contact_by_org`` delivers it presorted). Some people's customers (a team: about a
    thousand rows): first the ids in order (``contact_by_person``, no model instances), then
    the page's rows by id. *Decision:* PostgreSQL otherwise walks the organisation's index
    past every other team's rows to reach a late page (measured: 80 ms for the last page of a
    team of 100,000 customers, ~15 ms this way; benchmark KON)."""
    if not window.per_person:
        paginator: Paginator[Any] = Paginator(_ordered(window.schedules), page_size)
        paginator.count = total  # known already: no COUNT query
        return paginator.get_page(page)
    ids: list[Any] = list(window.schedules.order_by(*_ORDER).values_list("id", flat=True))
    current = Paginator(ids, page_size).get_page(page)
    position = {pk: i for i, pk in enumerate(current.object_list)}
    rows = _ordered(ContactSchedule.objects.filter(id__in=list(position)))
    current.object_list = sorted(rows, key=lambda schedule: position[schedule.id])
    return current


def contact_worklist_rows(
    scope: Scope,
    *,
    case_worker: User | None = None,
    team: Team | None = None,
    today: dt.date | None = None,
) -> Iterator[tuple[str, ContactSchedule]]:
    """KON-04, complete and read in chunks (exports): ``(section, schedule)`` in list order."""
    window = _window(scope, case_worker=case_worker, team=team, today=today)
    for schedule in _ordered(window.schedules).iterator(chunk_size=2000):
        yield window.section_of(schedule), schedule


@dataclass
class ContactPlan:
    """KON-06: the proposal for one case worker and one ISO week (nothing is booked)."""

    case_worker: User
    week_monday: dt.date
    capacity: Capacity
    schedules: list[ContactSchedule]

    @property
    def week_sunday(self) -> dt.date:
        return self.week_monday + dt.timedelta(days=6)


def works_in_active_team(organisation_id: int, case_worker: User) -> bool:
    """Whether ``consultation_hours_active`` applies: the dominant care group of the case
    worker's customers is Ü25 Aktivteam (strictly more than any other group; a tie or no
    customers means Basis). Teams carry no type, so the customers decide."""
    counts = dict(
        Customer.objects.filter(organisation_id=organisation_id, contact_person=case_worker)
        .values_list("care_group")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("care_group", "n")
    )
    active = counts.pop(CareGroup.UE25_ACTIVE, 0)
    return active > max(counts.values(), default=0)


def no_show_counts(organisation_id: int, case_worker: User) -> tuple[int, int]:
    """(no-shows, consultations) documented for the case worker's current customers in the
    last :data:`NO_SHOW_WEEKS` weeks."""
    since = clock.now() - dt.timedelta(weeks=NO_SHOW_WEEKS)
    kinds = (HistoryEntry.Kind.NO_SHOW, HistoryEntry.Kind.CONSULTATION)
    counts = dict(
        HistoryEntry.objects.filter(
            organisation_id=organisation_id,
            customer__contact_person=case_worker,
            kind__in=kinds,
            at__gte=since,
        )
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("kind", "n")
    )
    return counts.get(HistoryEntry.Kind.NO_SHOW, 0), counts.get(HistoryEntry.Kind.CONSULTATION, 0)


def plan_for(scope: Scope, case_worker: User, week_monday: dt.date) -> ContactPlan:
    """KON-05/06: capacity and the customers to invite in the week starting ``week_monday`` —
    the case worker's schedules due on or before that Sunday, most overdue first, at most
    ``invitations`` of them. Visible like the contact worklist (the case worker, their
    deputies, leads and management); others get NotFound."""
    if not scope.may_see_customers:
        raise NotFound(_("Member of staff not found."))
    contact_person_ids(scope, case_worker=case_worker)
    org_id = scope.organisation.id
    rules, _version = rules_in_force(scope.organisation, ContactRules, on=week_monday)
    no_shows, shows = no_show_counts(org_id, case_worker)
    capacity = weekly_capacity(
        rules,
        case_worker.fte,
        active=works_in_active_team(org_id, case_worker),
        no_shows=no_shows,
        shows=shows,
    )
    sunday = week_monday + dt.timedelta(days=6)
    schedules = list(
        schedules_visible_to(scope)
        .filter(contact_person=case_worker, due_date__lte=sunday)
        .select_related("customer")
        .order_by("due_date", "customer__last_name", "customer_id")[: capacity.invitations]
    )
    return ContactPlan(
        case_worker=case_worker, week_monday=week_monday, capacity=capacity, schedules=schedules
    )


def get_schedule_for(scope: Scope, number: str, *, via: str | None = None) -> ContactSchedule:
    """KON-02: the stored next contact of the customer ``number`` (computed now if it was never
    stored); NotFound for customers outside the scope or without contact density."""
    from .actions import recompute_for

    customer = get_customer_for(scope, number, via=via, purpose="contacts")
    schedule = (
        ContactSchedule.objects.select_related("customer", "contact_person", "rule_set")
        .filter(customer=customer)
        .first()
    )
    if schedule is None:
        schedule = recompute_for(customer)
    if schedule is None:
        raise NotFound(_("Contact density does not apply to this customer."))
    return schedule


__all__ = [
    "ContactPlan",
    "ContactWorklist",
    "ContactWorklistPage",
    "WorklistCounts",
    "contact_worklist",
    "contact_worklist_page",
    "contact_worklist_rows",
    "customers_visible_to",
    "get_schedule_for",
    "plan_for",
    "schedules_visible_to",
    "week_start",
]
