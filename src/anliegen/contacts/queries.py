"""Reading contact schedules (KON-02, KON-04): scoped like every other read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import NotFound
from anliegen.customers.queries import customers_visible_to, get_customer_for
from anliegen.org.models import Membership, Team, User
from anliegen.org.scope import Scope
from anliegen.work.access import responsible_ids

from .models import ContactSchedule


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


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def contact_worklist(
    scope: Scope,
    *,
    case_worker: User | None = None,
    team: Team | None = None,
    today: dt.date | None = None,
) -> ContactWorklist:
    """KON-04: one indexed query on ``ContactSchedule`` ((organisation, contact_person,
    due_date) or (organisation, due_date)), split into overdue / this week / next week."""
    today = today or clock.today()
    result = ContactWorklist(today=today)
    ids = contact_person_ids(scope, case_worker=case_worker, team=team)
    this_monday = week_start(today)
    next_monday = this_monday + dt.timedelta(weeks=1)
    end = next_monday + dt.timedelta(weeks=1)
    schedules = schedules_visible_to(scope).filter(due_date__lt=end)
    if ids is not None:
        schedules = schedules.filter(contact_person_id__in=ids)
    for schedule in schedules.select_related("customer", "contact_person").order_by(
        "due_date", "customer__last_name", "customer_id"
    ):
        if schedule.due_date < today:
            result.overdue.append(schedule)
        elif schedule.due_date < next_monday:
            result.this_week.append(schedule)
        else:
            result.next_week.append(schedule)
    return result


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
    "ContactWorklist",
    "contact_worklist",
    "customers_visible_to",
    "get_schedule_for",
    "schedules_visible_to",
]
