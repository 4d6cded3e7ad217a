"""API of contact density (KON-01, KON-02, KON-04). Handlers parse, call actions or queries,
and serialise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, codes, local, org_scope, username
from anliegen.api.inputs import ISO_WEEK_PATTERN, documented
from anliegen.api.problems import error_responses
from anliegen.appointments.dates import parse_week
from anliegen.appointments.queries import plan_target
from anliegen.contacts import actions, queries
from anliegen.contacts.models import ContactSchedule, IntervalUnit, Reason
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.customers.queries import get_customer_for
from anliegen.org.scope import get_staff_for, get_team_for

if TYPE_CHECKING:
    UnitCode = str
    ReasonCode = str
else:
    UnitCode = codes(IntervalUnit)
    ReasonCode = codes(Reason)

router = Router(tags=["contacts"])


class IntervalOut(Schema):
    unit: UnitCode
    count: int


class NextContactOut(Schema):
    customer_number: str
    due_date: dt.date = Field(description="When the invitation falls due (not moved off weekends)")
    rule: str = Field(description="German label of the rule row applied")
    reason: ReasonCode
    last_contact: dt.date | None = Field(description="Last documented contact (KON-07)")
    interval: IntervalOut | None = Field(
        description="The interval due_date was computed with; null when never contacted or "
        "for a measure"
    )
    individual_interval: IntervalOut | None = Field(
        description="The interval set by the case worker (KON-01), if any"
    )
    recompute_on: dt.date | None = Field(
        description="When the result changes without a data change (birthday, measure end)"
    )
    review_date: dt.date | None = Field(description="Review of profile Z (KON-03)")
    contact_person: str | None = Field(description="username")
    rule_version: int | None = Field(description="contacts rule version; null = preset")


class IntervalIn(Schema):
    """Set the individual interval; send `unit` and `count` as null to clear it."""

    model_config = ConfigDict(extra="forbid")

    unit: UnitCode | None
    count: int | None = Field(ge=1, le=1000)


class WorklistEntryOut(Schema):
    customer_number: str
    name: str
    due_date: dt.date
    days_overdue: int
    rule: str
    reason: ReasonCode
    last_contact: dt.date | None
    contact_person: str | None


class WorklistCountsOut(Schema):
    overdue: int
    this_week: int
    next_week: int


class ContactWorklistOut(Schema):
    today: dt.date
    count: int = Field(description="Customers in the whole worklist (all pages)")
    counts: WorklistCountsOut = Field(description="Customers per section (all pages)")
    page: int = Field(description="The page returned (out-of-range pages return the last)")
    page_size: int
    pages: int
    overdue: list[WorklistEntryOut] = Field(description="This page's overdue customers")
    this_week: list[WorklistEntryOut] = Field(description="This page's customers due this week")
    next_week: list[WorklistEntryOut] = Field(description="This page's customers due next week")


class PlanEntryOut(Schema):
    customer_number: str
    name: str
    due_date: dt.date
    rule: str = Field(description="German label of the rule row applied")
    overdue_days: int = Field(description="Days overdue on the Monday of the planned week")


class ContactPlanOut(Schema):
    case_worker: str = Field(description="username")
    week: str = Field(description="ISO week, YYYY-Www")
    capacity: float = Field(description="Target: consultations per week per FTE × FTE (KON-05)")
    derived_capacity: float = Field(
        description="Weekly hours × FTE × presence × consultation share / hours per consultation"
    )
    no_show_rate: float = Field(
        description="No-shows / (no-shows + consultations) of the case worker's customers, "
        "last 26 weeks"
    )
    invitations: int = Field(description="ceil(capacity / (1 − no-show rate))")
    proposed: int = Field(
        description="How many of `customers` the plan ticks in advance (KON-06): no more than "
        "the capacity allows, floor(min(capacity, derived_capacity))"
    )
    customers: list[PlanEntryOut] = Field(
        description="Proposal (KON-06): due by the week's Sunday, most overdue first, at most "
        "`invitations`; nothing is booked"
    )


def _interval(unit: str, count: int | None) -> IntervalOut | None:
    if not unit or count is None:
        return None
    return IntervalOut(unit=unit, count=count)


def next_contact_out(schedule: ContactSchedule) -> NextContactOut:
    return NextContactOut(
        customer_number=schedule.customer.customer_number,
        due_date=schedule.due_date,
        rule=schedule.rule_label,
        reason=schedule.reason,
        last_contact=schedule.last_contact,
        interval=_interval(schedule.interval_unit, schedule.interval_count),
        individual_interval=_interval(
            schedule.individual_interval_unit, schedule.individual_interval_count
        ),
        recompute_on=schedule.recompute_on,
        review_date=schedule.review_date,
        contact_person=username(schedule.contact_person),
        rule_version=schedule.rule_set.version if schedule.rule_set else None,
    )


def _entry(schedule: ContactSchedule, today: dt.date) -> WorklistEntryOut:
    return WorklistEntryOut(
        customer_number=schedule.customer.customer_number,
        name=schedule.customer.display_name,
        due_date=schedule.due_date,
        days_overdue=max(0, (today - schedule.due_date).days),
        rule=schedule.rule_label,
        reason=schedule.reason,
        last_contact=schedule.last_contact,
        contact_person=username(schedule.contact_person),
    )


@router.get(
    "/orgs/{org}/customers/{number}/next-contact",
    response={200: NextContactOut, **error_responses(401, 404)},
    summary="The customer's next contact (KON-02)",
    description="The view of the customer record is logged (FND-10).",
)
def next_contact(request: HttpRequest, org: str, number: str) -> NextContactOut:
    return next_contact_out(queries.get_schedule_for(org_scope(request, org), number, via="api"))


@router.put(
    "/orgs/{org}/customers/{number}/contact-interval",
    response={200: NextContactOut, **error_responses(401, 403, 404, 422)},
    summary="Set the individual contact interval (KON-01)",
    description=(
        "At least 1 week, at most 24 months; for seeking customers (Ü25 Basis, except retraining "
        "and profile I) at most 6 months. Returns the recomputed next contact."
    ),
)
def contact_interval(
    request: HttpRequest, org: str, number: str, payload: IntervalIn
) -> NextContactOut:
    scope = org_scope(request, org)
    customer = get_customer_for(scope, number, via=None)
    actions.set_individual_interval(
        actor=actor(request),
        scope=scope,
        customer=customer,
        unit=payload.unit,
        count=payload.count,
    )
    return next_contact_out(queries.get_schedule_for(scope, number))


@router.get(
    "/orgs/{org}/contact-worklist",
    response={200: ContactWorklistOut, **error_responses(401, 404, 422)},
    summary="Whom to invite: overdue, due this week, due next week (KON-04), paged",
    description=(
        "Without parameters: the caller's customers (and those of absent colleagues they "
        "deputise for); team leads: their teams; management: the organisation. One list, most "
        "overdue first, paged (`page`, `page_size`); each page's rows are split into the three "
        "sections, `counts` gives the size of each section over all pages."
    ),
)
def contact_worklist(
    request: HttpRequest,
    org: str,
    case_worker: str | None = Query(None, max_length=150, description="username"),
    team: int | None = Query(None, description="team id"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=200),
) -> ContactWorklistOut:
    scope = org_scope(request, org)
    worker = get_staff_for(scope, case_worker) if case_worker else None
    team_obj = get_team_for(scope, team) if team is not None else None
    worklist = queries.contact_worklist_page(
        scope, page=page, page_size=page_size, case_worker=worker, team=team_obj
    )
    today = worklist.today
    counts = worklist.counts
    return ContactWorklistOut(
        today=today,
        count=counts.total,
        counts=WorklistCountsOut(
            overdue=counts.overdue, this_week=counts.this_week, next_week=counts.next_week
        ),
        page=worklist.page.number,
        page_size=page_size,
        pages=worklist.page.paginator.num_pages,
        overdue=[_entry(s, today) for s in worklist.sections["overdue"]],
        this_week=[_entry(s, today) for s in worklist.sections["this_week"]],
        next_week=[_entry(s, today) for s in worklist.sections["next_week"]],
    )


@router.get(
    "/orgs/{org}/contact-plan",
    response={200: ContactPlanOut, **error_responses(401, 404, 422)},
    summary="Capacity and proposed invitations of a case worker for one week (KON-05/06)",
    description=(
        "Read-only: proposes whom to invite, books nothing and writes no letters. A case worker "
        "sees their own plan; deputies, team leads and management those of their staff."
    ),
)
def contact_plan(
    request: HttpRequest,
    org: str,
    case_worker: str = Query(..., max_length=150, description="username"),
    week: str = documented(
        Query(..., max_length=20, description="ISO week, e.g. 2026-W49"),
        pattern=ISO_WEEK_PATTERN,
    ),
) -> ContactPlanOut:
    scope = org_scope(request, org)
    errors: dict[str, str] = {}
    monday = None
    try:
        monday = parse_week(week)
    except InvalidInput as exc:
        errors.update(exc.errors)
    try:
        worker = get_staff_for(scope, case_worker)
    except NotFound:
        errors["case_worker"] = _("No member of staff has this username.")
    if errors or monday is None:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    plan = queries.plan_for(scope, worker, monday)
    year, number, _day = monday.isocalendar()
    return ContactPlanOut(
        case_worker=worker.username,
        week=f"{year}-W{number:02d}",
        capacity=plan.capacity.target,
        derived_capacity=plan.capacity.derived,
        no_show_rate=plan.capacity.no_show_rate,
        invitations=plan.capacity.invitations,
        proposed=plan.capacity.proposed,
        customers=[
            PlanEntryOut(
                customer_number=s.customer.customer_number,
                name=s.customer.display_name,
                due_date=s.due_date,
                rule=s.rule_label,
                overdue_days=max(0, (monday - s.due_date).days),
            )
            for s in plan.schedules
        ],
    )


class ConfirmIn(Schema):
    model_config = ConfigDict(extra="forbid")

    case_worker: str = Field(max_length=150, description="username")
    week: str = Field(
        max_length=20,
        description="ISO week, e.g. 2026-W49",
        json_schema_extra={"pattern": ISO_WEEK_PATTERN},  # checked by parse_week
    )
    customers: list[str] = Field(
        max_length=500, description="customer numbers, in the order they are booked"
    )


class BookedOut(Schema):
    id: int
    customer_number: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class NotBookedOut(Schema):
    customer_number: str
    reason: str = Field(description="`no_free_slot` or `already_booked` (then `appointment_id`)")
    appointment_id: int | None = None


class ConfirmOut(Schema):
    booked: list[BookedOut]
    not_booked: list[NotBookedOut]


@router.post(
    "/orgs/{org}/contact-plan/confirm",
    response={201: ConfirmOut, **error_responses(401, 404, 422)},
    summary="Confirm the weekly invitation plan: book the appointments (KON-06)",
    description=(
        "Books the customers, in the order given, into the earliest free slots of the case "
        "worker's week (opening hours of the site, working days, not during absences) and "
        "writes an invitation entry per customer; the invitation letters are then available "
        "per appointment. Customers who already have an appointment in that week are skipped; "
        "those for whom no slot is left are listed in `not_booked`. Unknown customers, customers "
        "of another case worker, a malformed or past week: 422, nothing is booked."
    ),
)
def confirm_plan(request: HttpRequest, org: str, payload: ConfirmIn) -> Status[ConfirmOut]:
    scope = org_scope(request, org)
    worker, monday = plan_target(scope, payload.case_worker, payload.week)
    result = actions.confirm_plan(
        actor=actor(request),
        scope=scope,
        case_worker=worker,
        monday=monday,
        numbers=payload.customers,
    )
    return Status(
        201,
        ConfirmOut(
            booked=[
                BookedOut(
                    id=a.pk,
                    customer_number=a.customer.customer_number,
                    starts_at=local(a.starts_at),
                    ends_at=local(a.ends_at),
                )
                for a in result.booked
            ],
            not_booked=[
                NotBookedOut(customer_number=c.customer_number, reason="no_free_slot")
                for c in result.not_booked
            ]
            + [
                NotBookedOut(
                    customer_number=a.customer.customer_number,
                    reason="already_booked",
                    appointment_id=a.pk,
                )
                for a in result.already_booked
            ],
        ),
    )
