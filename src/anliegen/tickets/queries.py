"""Reading tickets: scoped getters and the TL's controlling figures (TKT-09)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import NotFound
from anliegen.org.models import Membership, Team, User
from anliegen.org.scope import Scope
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import TicketRules
from anliegen.tickets.models import (
    Commitment,
    Completion,
    OverrunFlag,
    SpotCheck,
    Ticket,
    Violation,
)
from anliegen.work.access import items_visible_to
from anliegen.work.models import Light, Status, WorkItem


def tickets_visible_to(scope: Scope) -> QuerySet[Ticket]:
    """Tickets whose work item the actor sees, and those they recorded themselves (an SC agent
    follows up the tickets they sent; acting on them still needs responsibility). A
    service-centre agent in an organisation their region serves sees only what they sent."""
    if scope.sending_for is not None:
        return Ticket.objects.filter(
            organisation=scope.organisation, created_by=scope.user
        ).select_related("item", "customer")
    return Ticket.objects.filter(
        Q(item__in=items_visible_to(scope))
        | Q(organisation=scope.organisation, created_by=scope.user)
    ).select_related("item", "item__assignee", "item__team", "customer")


def sent_tickets(scope: Scope) -> QuerySet[Ticket]:
    """In a service-centre region: the tickets the actor sent to the organisations it serves
    (TKT-01), newest first."""
    return (
        Ticket.objects.filter(service_centre=scope.organisation, created_by=scope.user)
        .select_related("item", "customer", "organisation")
        .order_by("-received_at", "-id")
    )


def get_sent_ticket_for(scope: Scope, ticket_id: int) -> Ticket:
    try:
        return sent_tickets(scope).get(id=ticket_id)
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Ticket not found.")) from None


def get_ticket_for(scope: Scope, ticket_id: int) -> Ticket:
    try:
        return tickets_visible_to(scope).get(id=ticket_id)
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Ticket not found.")) from None


@dataclass
class PersonFigures:
    user: User | None
    open: int = 0
    amber: int = 0
    red: int = 0
    with_commitment: int = 0
    violations: int = 0
    completed_week: int = 0
    completed_month: int = 0
    flag: OverrunFlag | None = None


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def team_controlling(
    team: Team, *, today: dt.date | None = None, area: str | None = None
) -> list[PersonFigures]:
    """Open, amber, red, commitments, completions this week and month, and violations within
    the overrun window of the rules (TKT-09, TKT-11), per person."""
    today = today or clock.today()
    week, month = _week_start(today), today.replace(day=1)
    tickets = WorkItem.objects.filter(team=team, kind="ticket")
    if area:
        tickets = tickets.filter(ticket__area=area)
    open_rows = (
        tickets.filter(status=Status.OPEN)
        .values("assignee_id")
        .annotate(
            open=Count("id"),
            red=Count("id", filter=Q(due_date__lt=today)),
            amber=Count("id", filter=Q(due_date__gte=today, amber_from__lte=today)),
            committed=Count("ticket__commitments__ticket_id", distinct=True),
        )
    )
    done_rows = (
        tickets.filter(status=Status.DONE, completed_at__gte=clock.start_of_day(min(week, month)))
        .values("completed_by_id")
        .annotate(
            week=Count("id", filter=Q(completed_at__gte=clock.start_of_day(week))),
            month=Count("id", filter=Q(completed_at__gte=clock.start_of_day(month))),
        )
    )
    rules, _version = rules_in_force(team.organisation, TicketRules, on=today)
    window_start = today - dt.timedelta(days=rules.violation_window_days)
    stored = Violation.objects.filter(ticket__item__team=team, due_date__gt=window_start)
    if area:
        stored = stored.filter(ticket__area=area)
    violation_rows = list(stored.values("user_id").annotate(n=Count("id")))
    # Overdue today but not yet stored by the periodic job: a violation all the same (TKT-04).
    violation_rows += [
        {"user_id": row["assignee_id"], "n": row["n"]}
        for row in unrecorded_violations(tickets, today=today)
        .filter(due_date__gt=window_start)
        .values("assignee_id")
        .annotate(n=Count("id"))
    ]
    members = User.objects.filter(
        id__in=Membership.objects.filter(team=team).values("user_id")
    ).order_by("last_name", "first_name")
    figures: dict[int | None, PersonFigures] = {m.id: PersonFigures(user=m) for m in members}
    figures[None] = PersonFigures(user=None)
    for row in open_rows:
        person = figures.setdefault(row["assignee_id"], PersonFigures(user=None))
        person.open, person.red, person.amber = row["open"], row["red"], row["amber"]
        person.with_commitment = row["committed"]
    for row in done_rows:
        person = figures.setdefault(row["completed_by_id"], PersonFigures(user=None))
        person.completed_week, person.completed_month = row["week"], row["month"]
    for row in violation_rows:
        figures.setdefault(row["user_id"], PersonFigures(user=None)).violations += row["n"]
    for flag in OverrunFlag.objects.filter(
        user_id__in=[k for k in figures if k is not None], talk_at__isnull=True
    ):
        figures[flag.user_id].flag = flag
    unassigned = figures.pop(None)
    result = [f for f in figures.values() if f.user is not None]
    if unassigned.open:
        result.append(unassigned)
    return result


def unrecorded_violations(
    items: QuerySet[WorkItem], *, today: dt.date | None = None
) -> QuerySet[WorkItem]:
    """Open ticket items past their deadline whose violation is not stored yet (TKT-04, TKT-11).

    A ticket that passes its deadline without a commitment is a violation on that day; the
    periodic job ``tickets.violations`` stores it later as a :class:`Violation`, unique per
    ticket and deadline date. Counting these together with the stored rows makes the figures
    right at once and never counts one twice."""
    today = today or clock.today()
    stored = Violation.objects.filter(ticket__item_id=OuterRef("pk"), due_date=OuterRef("due_date"))
    return items.filter(kind="ticket", status=Status.OPEN, due_date__lt=today).exclude(
        Exists(stored)
    )


def violation_count(ticket: Ticket, *, today: dt.date | None = None) -> int:
    """The ticket's violations: stored ones plus the current deadline if it passed today."""
    pending = unrecorded_violations(WorkItem.objects.filter(id=ticket.item_id), today=today)
    return ticket.violations.count() + pending.count()


def commitments_of(ticket: Ticket) -> QuerySet[Commitment]:
    return ticket.commitments.select_related("recorded_by")


def open_spot_checks(scope: Scope) -> QuerySet[SpotCheck]:
    return SpotCheck.objects.filter(
        organisation=scope.organisation, team__in=scope.visible_teams()
    ).select_related("ticket__customer", "ticket__item__completed_by", "team")


def overrun_flags_visible_to(scope: Scope) -> QuerySet[OverrunFlag]:
    """Flags of the members of the teams the actor leads (TKT-11)."""
    members = Membership.objects.filter(team__in=scope.visible_teams()).values("user_id")
    return OverrunFlag.objects.filter(
        organisation=scope.organisation, user_id__in=members
    ).select_related("user")


def open_overrun_flags(scope: Scope) -> QuerySet[OverrunFlag]:
    return overrun_flags_visible_to(scope).filter(talk_at__isnull=True)


def get_overrun_flag_for(scope: Scope, flag_id: int) -> OverrunFlag:
    try:
        return overrun_flags_visible_to(scope).get(id=flag_id)
    except OverrunFlag.DoesNotExist:
        raise NotFound(_("Not found.")) from None


def get_spot_check_for(scope: Scope, check_id: int) -> SpotCheck:
    try:
        return open_spot_checks(scope).get(id=check_id)
    except SpotCheck.DoesNotExist:
        raise NotFound(_("Not found.")) from None


# --- Lists of the web UI (tickets.views) --------------------------------------------------------

TICKET_STATUSES = ("open", "completed", "all")


def with_ticket_light(tickets: QuerySet[Ticket], today: dt.date | None = None) -> QuerySet[Ticket]:
    """Annotate each ticket with the traffic light of its work item on ``today`` (as
    :func:`anliegen.work.queries.with_light`) and whether a commitment was recorded (TKT-04)."""
    today = today or clock.today()
    return tickets.annotate(
        light=Case(
            When(item__due_date__lt=today, then=Value(Light.RED)),
            When(item__amber_from__lte=today, then=Value(Light.AMBER)),
            default=Value(Light.GREEN),
            output_field=CharField(),
        ),
        has_commitment=Exists(Commitment.objects.filter(ticket=OuterRef("pk"))),
    )


def filter_tickets(
    tickets: QuerySet[Ticket],
    *,
    today: dt.date | None = None,
    status: str = "open",
    area: str | None = None,
    kind: str | None = None,
    light: str | None = None,
    assignee_id: int | None = None,
    unassigned: bool = False,
    search: str | None = None,
) -> QuerySet[Ticket]:
    """The tickets of a list page: filtered, light-annotated, most urgent first (open) or newest
    first (completed, all). ``light`` only applies to open tickets."""
    today = today or clock.today()
    if status == "open":
        tickets = tickets.filter(item__status=Status.OPEN)
    elif status == "completed":
        tickets = tickets.filter(item__status=Status.DONE)
    if area:
        tickets = tickets.filter(area=area)
    if kind:
        tickets = tickets.filter(kind=kind)
    if assignee_id:
        tickets = tickets.filter(item__assignee_id=assignee_id)
    if unassigned:
        tickets = tickets.filter(item__assignee__isnull=True)
    if search:
        tickets = tickets.filter(
            Q(customer__customer_number__iexact=search)
            | Q(customer__last_name__icontains=search)
            | Q(customer__company_name__icontains=search)
        )
    if light == Light.RED:
        tickets = tickets.filter(item__status=Status.OPEN, item__due_date__lt=today)
    elif light == Light.AMBER:
        tickets = tickets.filter(
            item__status=Status.OPEN, item__due_date__gte=today, item__amber_from__lte=today
        )
    elif light == Light.GREEN:
        tickets = tickets.filter(item__status=Status.OPEN).filter(
            Q(item__due_date__isnull=True)
            | Q(item__due_date__gte=today, item__amber_from__gt=today)
        )
    order: tuple[str, ...]
    if status == "open":
        order = ("item__priority", "item__due_date", "id")
    elif status == "completed":
        order = ("-item__completed_at", "-id")
    else:
        order = ("-received_at", "-id")
    return (
        with_ticket_light(tickets, today)
        .select_related("item__completed_by", "created_by")
        .order_by(*order)
    )


def team_tickets(scope: Scope, team: Team) -> QuerySet[Ticket]:
    """The tickets of a team the actor leads (the caller checked that with get_led_team_for)."""
    return tickets_visible_to(scope).filter(item__team=team)


def completions_of_team(team: Team, *, since: dt.date) -> QuerySet[Completion]:
    """The completion information of the team's tickets since ``since`` (TKT-08, TKT-10)."""
    return (
        Completion.objects.filter(
            ticket__item__team=team, completed_at__gte=clock.start_of_day(since)
        )
        .select_related("ticket__customer", "completed_by")
        .order_by("-completed_at", "-id")
    )


def with_commitment_flag(items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Work items annotated with ``has_commitment`` (a ticket with a recorded commitment), so a
    worklist can remind of the commitment an amber ticket needs (TKT-04)."""
    return items.annotate(
        has_commitment=Exists(Commitment.objects.filter(ticket__item_id=OuterRef("pk")))
    )
